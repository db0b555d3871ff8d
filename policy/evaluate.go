package policy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"cel.dev/cel-go/common/types"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
)

// Report is the outcome of [Evaluate].
type Report struct {
	// EvaluatedAt is the clock's time when evaluation started.
	EvaluatedAt time.Time `json:"evaluated_at"`
	// Rules holds one result per rule, in the policy's order.
	Rules []RuleResult `json:"rules"`
	Gate  GateResult   `json:"gate"`
	// Exceptions holds the state of every exception, sorted by id.
	Exceptions []ExceptionState `json:"exceptions"`
	Compliance Compliance       `json:"compliance"`
}

// RuleResult is what one rule found over all issues.
type RuleResult struct {
	Rule     string   `json:"rule"`
	Title    string   `json:"title,omitempty"`
	Severity Severity `json:"severity"`
	Tags     []string `json:"tags,omitempty"`
	// Counts counts the verdicts of the rule by result.
	Counts map[aspm.VerdictResult]int `json:"counts"`
	// Violations are the IDs of the issues that violate the rule (not
	// excepted); Excepted those whose violation an exception accepts.
	Violations []string `json:"violations"`
	Excepted   []string `json:"excepted"`
	// Exceptions are the ids of the exceptions that accepted violations.
	Exceptions []string `json:"exceptions"`
	// Errors are evaluation errors of the rule, one per issue at most 10.
	Errors []string `json:"errors,omitempty"`
}

// GateResult is the CI gate: fail when any rule of severity fail has a
// violation that is not excepted, or when any rule could not be evaluated;
// warn and info never fail it.
type GateResult struct {
	Result aspm.Gate                  `json:"result"`
	Counts map[aspm.VerdictResult]int `json:"counts"`
	// Errors counts rule evaluations that failed.
	Errors int `json:"errors"`
}

// ExceptionStatus is an exception's state at evaluation time.
type ExceptionStatus string

// The exception states.
const (
	ExceptionActive  ExceptionStatus = "active"  // applied to at least one violation
	ExceptionStale   ExceptionStatus = "stale"   // in force but matched no violation
	ExceptionExpired ExceptionStatus = "expired" // past its expiry date: no longer applies
)

// ExceptionState reports one exception.
type ExceptionState struct {
	ID      string          `json:"id"`
	Status  ExceptionStatus `json:"status"`
	Expires time.Time       `json:"expires"`
	By      string          `json:"by"`
	// Issues are the issues whose violations the exception accepted or,
	// when expired, would have accepted.
	Issues []string `json:"issues"`
}

// EvalError is a rule that could not be evaluated on an issue.
type EvalError struct {
	Rule  string
	Issue string
	Err   error
}

func (e *EvalError) Error() string {
	return fmt.Sprintf("policy: rule %s on issue %s: %v", e.Rule, e.Issue, e.Err)
}

func (e *EvalError) Unwrap() error { return e.Err }

// ErrNoPolicy is returned by Evaluate without WithPolicy.
var ErrNoPolicy = errors.New("policy: no policy given (WithPolicy)")

// maxErrors caps the evaluation errors kept in a report and returned.
const maxErrors = 100

// Evaluate applies the policy given with [WithPolicy] to every issue, with
// the graph's context of each, and writes the verdicts onto the issues'
// Policy field (replacing what was there; one verdict per violated rule,
// sorted by rule id). Issues whose lifecycle status is fixed (gone since
// the baseline) are not evaluated and get no verdicts. Exceptions of the policy and of [WithExceptions]
// turn violations into "excepted" while in force ([WithClock]).
//
// Issues are split among [WithWorkers] goroutines, which all end before
// Evaluate returns; the report does not depend on their number. The graph
// view must be safe for concurrent use (graph.View promises it).
//
// If any rule fails to evaluate on any issue (a runtime error, the cost
// limit), the report is still returned, with a failed gate, together with
// the errors joined (the first 100, each an [*EvalError]): a partial
// evaluation never passes. When ctx is cancelled, Evaluate returns its
// error and no report; issues evaluated by then hold their new verdicts.
func Evaluate(ctx context.Context, issues []aspm.Issue, g graph.View, opts ...Option) (*Report, error) {
	c := newConfig(opts)
	if c.policy == nil {
		return nil, ErrNoPolicy
	}
	if g == nil {
		g = graph.Nop()
	}
	for _, e := range c.exceptions {
		if err := e.validate(); err != nil {
			return nil, err
		}
	}
	p := c.policy
	now := c.clock()
	ev := &evaluator{p: p, g: g, now: now, excs: append(slices.Clone(p.exceptions), c.exceptions...),
		scan: ScanInput{Time: now.UTC().Format(time.RFC3339), Unix: now.Unix(), Tools: scanTools(c.scanTools, issues)}}
	ev.active = make([]bool, len(ev.excs))
	for i := range ev.excs {
		ev.active[i] = ev.excs[i].Active(now)
	}

	workers := max(1, min(c.workers, len(issues)/1024))
	parts := make([]*partial, workers)
	chunk := (len(issues) + workers - 1) / workers
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := min(w*chunk, len(issues)), min((w+1)*chunk, len(issues))
		parts[w] = ev.newPartial()
		wg.Go(func() { ev.run(ctx, issues[lo:hi], parts[w]) })
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return ev.report(parts)
}

// evaluator holds what every worker reads; it is not modified while
// workers run.
type evaluator struct {
	p      *Policy
	g      graph.View
	now    time.Time
	excs   []Exception
	active []bool
	scan   ScanInput
}

// partial is one worker's share of the report.
type partial struct {
	rules    []RuleResult
	counts   map[aspm.VerdictResult]int
	errors   int
	errs     []error
	exIssues [][]string
}

func (ev *evaluator) newPartial() *partial {
	pt := &partial{counts: zeroCounts(), exIssues: make([][]string, len(ev.excs)), rules: make([]RuleResult, len(ev.p.rules))}
	for i := range pt.rules {
		pt.rules[i] = RuleResult{Counts: zeroCounts()}
	}
	return pt
}

func (ev *evaluator) run(ctx context.Context, issues []aspm.Issue, pt *partial) {
	act := &activation{}
	for i := range issues {
		if i%256 == 0 && ctx.Err() != nil {
			return
		}
		ev.issue(&issues[i], act, pt)
	}
}

func (ev *evaluator) issue(is *aspm.Issue, act *activation, pt *partial) {
	if is.Status == aspm.LifecycleFixed {
		is.Policy = []aspm.Verdict{}
		return
	}
	act.in = newInput(is, ev.g.IssueContext(is), ev.scan, ev.now)
	in := &act.in
	act.set(ev.p.adapter)
	small := in.withinEstimate()
	verdicts := []aspm.Verdict{}
	for ri, r := range ev.p.rules {
		if r.kinds != nil && !slices.Contains(r.kinds, in.Issue.Kind) {
			continue
		}
		if !r.Scope.IsZero() && !r.Scope.Matches(in) {
			continue
		}
		prg := r.fast
		if !small {
			prg = r.guarded
		}
		out, _, err := prg.Eval(act)
		if err == nil {
			if _, ok := out.(types.Bool); !ok {
				err = fmt.Errorf("result is %s, not a bool", out.Type().TypeName())
			}
		}
		res := &pt.rules[ri]
		if err != nil {
			pt.errors++
			if len(res.Errors) < 10 {
				res.Errors = append(res.Errors, is.ID+": "+err.Error())
			}
			if len(pt.errs) < maxErrors {
				pt.errs = append(pt.errs, &EvalError{Rule: r.ID, Issue: is.ID, Err: err})
			}
			continue
		}
		if out != types.True {
			continue
		}
		v := aspm.Verdict{Rule: r.ID, Title: r.Title, Result: aspm.VerdictResult(r.Severity)}
		for xi := range ev.excs {
			e := &ev.excs[xi]
			if !e.matches(r.ID, is, in) {
				continue
			}
			pt.exIssues[xi] = append(pt.exIssues[xi], is.ID)
			if ev.active[xi] && v.Exception == "" {
				v.Result, v.Exception = aspm.VerdictExcepted, e.ID
				v.Message = exceptionMessage(e)
			}
		}
		if v.Result == aspm.VerdictExcepted {
			res.Excepted = append(res.Excepted, is.ID)
			res.Exceptions = append(res.Exceptions, v.Exception)
		} else {
			res.Violations = append(res.Violations, is.ID)
		}
		res.Counts[v.Result]++
		pt.counts[v.Result]++
		verdicts = append(verdicts, v)
	}
	slices.SortFunc(verdicts, func(a, b aspm.Verdict) int { return compareStr(a.Rule, b.Rule) })
	is.Policy = verdicts
}

// report merges the workers' partials, in issue order.
func (ev *evaluator) report(parts []*partial) (*Report, error) {
	rep := &Report{EvaluatedAt: ev.now, Gate: GateResult{Counts: zeroCounts()}, Rules: make([]RuleResult, len(ev.p.rules))}
	exIssues := make([][]string, len(ev.excs))
	var errs []error
	for ri, r := range ev.p.rules {
		rep.Rules[ri] = RuleResult{Rule: r.ID, Title: r.Title, Severity: r.Severity, Tags: r.Tags,
			Counts: zeroCounts(), Violations: []string{}, Excepted: []string{}, Exceptions: []string{}}
	}
	for _, pt := range parts {
		for ri := range rep.Rules {
			dst, src := &rep.Rules[ri], &pt.rules[ri]
			for k, n := range src.Counts {
				dst.Counts[k] += n
			}
			dst.Violations = append(dst.Violations, src.Violations...)
			dst.Excepted = append(dst.Excepted, src.Excepted...)
			dst.Exceptions = append(dst.Exceptions, src.Exceptions...)
			dst.Errors = append(dst.Errors, src.Errors[:min(len(src.Errors), 10-len(dst.Errors))]...)
		}
		for k, n := range pt.counts {
			rep.Gate.Counts[k] += n
		}
		rep.Gate.Errors += pt.errors
		errs = append(errs, pt.errs[:min(len(pt.errs), maxErrors-len(errs))]...)
		for xi := range exIssues {
			exIssues[xi] = append(exIssues[xi], pt.exIssues[xi]...)
		}
	}
	for i := range rep.Rules {
		r := &rep.Rules[i]
		slices.Sort(r.Violations)
		slices.Sort(r.Excepted)
		slices.Sort(r.Exceptions)
		r.Exceptions = slices.Compact(r.Exceptions)
	}
	rep.Gate.Result = aspm.GatePass
	if rep.Gate.Counts[aspm.VerdictFail] > 0 || rep.Gate.Errors > 0 {
		rep.Gate.Result = aspm.GateFail
	}
	rep.Exceptions = exceptionStates(ev.excs, ev.active, exIssues)
	rep.Compliance = compliance(ev.p.catalog, rep.Rules)
	if len(errs) > 0 {
		return rep, errors.Join(errs...)
	}
	return rep, nil
}

func zeroCounts() map[aspm.VerdictResult]int {
	return map[aspm.VerdictResult]int{aspm.VerdictFail: 0, aspm.VerdictWarn: 0, aspm.VerdictInfo: 0, aspm.VerdictExcepted: 0}
}

func compareStr(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func exceptionMessage(e *Exception) string {
	s := "excepted by " + e.By + " until " + e.Expires.UTC().Format(time.DateOnly) + ": " + e.Reason
	if e.VEX != "" {
		s += " (vex " + e.VEX
		if e.Justification != "" {
			s += ", " + e.Justification
		}
		s += ")"
	}
	return s
}

func scanTools(given []string, issues []aspm.Issue) []string {
	if len(given) > 0 {
		return sortedUnion(given, nil)
	}
	seen := map[string]bool{}
	for i := range issues {
		for _, t := range issues[i].Tools {
			seen[t] = true
		}
	}
	return keys(seen)
}

func exceptionStates(excs []Exception, active []bool, matched [][]string) []ExceptionState {
	out := make([]ExceptionState, 0, len(excs))
	for i, e := range excs {
		st := ExceptionState{ID: e.ID, Expires: e.Expires, By: e.By, Issues: sortedUnion(matched[i], nil)}
		switch {
		case !active[i]:
			st.Status = ExceptionExpired
		case len(matched[i]) == 0:
			st.Status = ExceptionStale
		default:
			st.Status = ExceptionActive
		}
		out = append(out, st)
	}
	slices.SortFunc(out, func(a, b ExceptionState) int { return compareStr(a.ID, b.ID) })
	return out
}

// Stale returns the exceptions in force that matched no violation.
func (r *Report) Stale() []ExceptionState { return r.withStatus(ExceptionStale) }

// Expired returns the exceptions past their expiry date.
func (r *Report) Expired() []ExceptionState { return r.withStatus(ExceptionExpired) }

func (r *Report) withStatus(s ExceptionStatus) []ExceptionState {
	var out []ExceptionState
	for _, e := range r.Exceptions {
		if e.Status == s {
			out = append(out, e)
		}
	}
	return out
}
