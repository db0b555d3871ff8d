package policy

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
)

// Policy is a set of compiled rules and the exceptions that go with them.
// It is immutable and safe for concurrent use.
type Policy struct {
	rules      []*compiled
	exceptions []Exception
	catalog    *Catalog
	costLimit  uint64
	adapter    types.Adapter
}

// compiled is a rule with two programs: fast runs without cost tracking
// on inputs within the sizes the compile-time estimate assumed (the
// estimate, below the limit, bounds its cost); guarded tracks the cost
// and stops at the limit, for larger inputs.
type compiled struct {
	Rule
	fast, guarded cel.Program
	// kinds are the only issue kinds the rule can match; nil: any.
	kinds []string
}

// Rules returns the policy's rules in their order.
func (p *Policy) Rules() []Rule {
	out := make([]Rule, len(p.rules))
	for i, r := range p.rules {
		out[i] = r.Rule
	}
	return out
}

// Exceptions returns the policy's exceptions.
func (p *Policy) Exceptions() []Exception { return slices.Clone(p.exceptions) }

// Compile checks and compiles every rule up front. A rule with a missing id
// or expression, a repeated id, a bad severity, a tag naming an unknown
// control of a known framework, an expression that does not parse or
// type-check or is not a bool, or an estimated worst cost above the cost
// limit is an [*Error] at the rule's position (for expression errors, the
// line of the expr value, with CEL's own message and column). All problems
// are reported, joined; the exceptions given with [WithExceptions] are
// checked too.
func Compile(ctx context.Context, rules []Rule, opts ...Option) (*Policy, error) {
	c := newConfig(opts)
	if c.catalog == nil {
		c.catalog = DefaultCatalog()
	}
	env, err := newEnv()
	if err != nil {
		return nil, fmt.Errorf("policy: environment: %w", err)
	}
	p := &Policy{catalog: c.catalog, costLimit: c.costLimit, adapter: env.CELTypeAdapter()}
	var errs []error
	seen := map[string]Pos{}
	for _, r := range rules {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		fail := func(field, msg string, err error) {
			errs = append(errs, &Error{Pos: r.Pos, Rule: r.ID, Field: field, Msg: msg, Err: err})
		}
		switch {
		case r.ID == "":
			fail("id", "missing rule id", nil)
			continue
		case r.Expr == "":
			fail("expr", "missing expression", nil)
			continue
		}
		if prev, dup := seen[r.ID]; dup {
			fail("id", "repeated rule id, first at "+prev.String(), nil)
			continue
		}
		seen[r.ID] = r.Pos
		if r.Severity == "" {
			r.Severity = SeverityFail
		}
		if !validSeverity(r.Severity) {
			fail("severity", fmt.Sprintf("severity %q is not fail, warn or info", r.Severity), nil)
		}
		for _, t := range r.Tags {
			if err := c.catalog.checkTag(t); err != nil {
				fail("tags", "", err)
			}
		}
		fast, guarded, kinds, err := compileExpr(env, r.Expr, c.costLimit)
		if err != nil {
			pos := r.ExprPos
			if pos == (Pos{}) {
				pos = r.Pos
			}
			var xe *exprError
			if errors.As(err, &xe) && pos.Line > 0 {
				if xe.line > 1 {
					pos.Col = 1 + xe.col
					if r.ExprPos.Col > 1 {
						pos.Col = r.ExprPos.Col + xe.col
					}
				} else {
					pos.Col += xe.col
				}
				pos.Line += xe.line - 1
			}
			errs = append(errs, &Error{Pos: pos, Rule: r.ID, Field: "expr", Err: err})
			continue
		}
		p.rules = append(p.rules, &compiled{Rule: r, fast: fast, guarded: guarded, kinds: kinds})
	}
	exIDs := map[string]bool{}
	for _, e := range c.exceptions {
		if err := e.validate(); err != nil {
			errs = append(errs, err)
		}
		if exIDs[e.ID] && e.ID != "" {
			errs = append(errs, &Error{Pos: e.Pos, Rule: e.ID, Field: "id", Msg: "repeated exception id"})
		}
		exIDs[e.ID] = true
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	p.exceptions = slices.Clone(c.exceptions)
	return p, nil
}

func compileExpr(env *cel.Env, expr string, limit uint64) (fast, guarded cel.Program, kinds []string, err error) {
	ast, iss := env.Compile(expr)
	if iss.Err() != nil {
		xe := &exprError{text: strings.TrimSpace(strings.ReplaceAll(iss.Err().Error(), "<input>:", "expr:"))}
		if errs := iss.Errors(); len(errs) > 0 && errs[0].Location != nil {
			xe.line, xe.col = errs[0].Location.Line(), errs[0].Location.Column()
		}
		return nil, nil, nil, xe
	}
	if !ast.OutputType().IsExactType(types.BoolType) {
		return nil, nil, nil, fmt.Errorf("the expression must be a bool, it is %s", ast.OutputType())
	}
	est, err := env.EstimateCost(ast, sizeEstimator{})
	if err != nil {
		return nil, nil, nil, fmt.Errorf("cost estimate: %w", err)
	}
	if est.Max > limit {
		return nil, nil, nil, fmt.Errorf("estimated worst cost %d exceeds the cost limit %d (lists assumed up to %d items, strings up to %d bytes)",
			est.Max, limit, estListSize, estStringSize)
	}
	if fast, err = env.Program(ast, cel.EvalOptions(cel.OptOptimize)); err == nil {
		guarded, err = env.Program(ast, cel.CostLimit(limit), cel.EvalOptions(cel.OptOptimize))
	}
	if err != nil {
		return nil, nil, nil, fmt.Errorf("program: %w", err)
	}
	return fast, guarded, ruleKinds(ast), nil
}

// exprError is a CEL parse or check error at a position of the expression
// (line from 1, column from 0).
type exprError struct {
	line, col int
	text      string
}

func (e *exprError) Error() string { return e.text }
