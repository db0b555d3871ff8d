package posture

import (
	"cmp"
	"context"
	"errors"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/correlate"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/builtin"
)

// Option configures a Pipeline.
type Option func(*config)

type config struct {
	registry  *ingest.Registry
	inventory *aspm.Inventory
	baseline  *aspm.Result
	clock     func() time.Time
	logger    *slog.Logger
	progress  func(Progress)
	correlate []correlate.Option
	workers   int
	scoring   *score.Engine
	noScoring bool
	policy    *policy.Policy
	policyOpt []policy.Option
}

// WithPolicy evaluates the policy's rules (and any exceptions, passed as
// policy.WithExceptions) on every issue; the gate follows its verdicts.
func WithPolicy(p *policy.Policy, opts ...policy.Option) Option {
	return func(c *config) { c.policy, c.policyOpt = p, append(c.policyOpt, opts...) }
}

// WithScoring sets the scoring engine. The default is every built-in
// scorer (score/builtin) with the default weights and no EPSS or KEV data;
// pass nil to turn scoring off.
func WithScoring(e *score.Engine) Option {
	return func(c *config) { c.scoring, c.noScoring = e, e == nil }
}

// WithRegistry sets the decoders (default: ingest.Default()).
func WithRegistry(r *ingest.Registry) Option { return func(c *config) { c.registry = r } }

// WithInventory gives the services, owners and business context.
func WithInventory(inv *aspm.Inventory) Option { return func(c *config) { c.inventory = inv } }

// WithBaseline compares the run with a previous result (new, unchanged,
// reopened, fixed; triage decisions carry over).
func WithBaseline(prev *aspm.Result) Option { return func(c *config) { c.baseline = prev } }

// WithClock sets the clock (default time.Now); inject one for reproducible
// output.
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithLogger sets a logger for notes such as skipped files (default:
// silent).
func WithLogger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// WithProgress calls fn as the run advances. fn is called from the
// pipeline's goroutines, one call at a time.
func WithProgress(fn func(Progress)) Option { return func(c *config) { c.progress = fn } }

// WithCorrelateOptions passes options to correlation (rule maps, id
// preference...).
func WithCorrelateOptions(opts ...correlate.Option) Option {
	return func(c *config) { c.correlate = append(c.correlate, opts...) }
}

// WithWorkers sets how many inputs are decoded at once (default: the
// number of CPUs). The result does not depend on it.
func WithWorkers(n int) Option { return func(c *config) { c.workers = n } }

// Progress reports how far a run is: Stage is "decode", "graph",
// "correlate"...; Done of Total units; File the input just finished.
type Progress struct {
	Stage       string
	Done, Total int
	File        string
}

// Pipeline wires the stages: ingest → graph → correlate (→ score → policy,
// as those stages are configured) and hands back the result that
// exporters write. It is safe for concurrent use; each Run is
// independent.
type Pipeline struct{ cfg config }

// New returns a pipeline with the options applied.
func New(opts ...Option) *Pipeline {
	c := config{clock: time.Now, logger: slog.New(slog.DiscardHandler), workers: runtime.GOMAXPROCS(0)}
	for _, o := range opts {
		if o != nil {
			o(&c)
		}
	}
	if c.registry == nil {
		c.registry = ingest.Default()
	}
	if c.scoring == nil && !c.noScoring {
		c.scoring = builtin.New(builtin.Config{Clock: c.clock}, score.WithClock(c.clock))
	}
	if c.workers < 1 {
		c.workers = 1
	}
	return &Pipeline{cfg: c}
}

// Run is the outcome of one pipeline run.
type Run struct {
	// Result is what exporters write.
	Result *aspm.Result
	// Graph is the context graph built from the inputs and the inventory.
	Graph *graph.Graph
	// Correlation holds alias groups and fix groups beside the issues.
	Correlation *correlate.Result
	// Documents are the decoded inputs, sorted by file name.
	Documents []*aspm.Document
	// Policy is the policy report (per-rule results, gate, exceptions,
	// compliance); nil without a policy.
	Policy *policy.Report
	// Skipped are input files of no known format (found by walking a
	// directory); Failed the files that could not be decoded, with why.
	Skipped []string
	Failed  []error
}

// Run decodes the inputs (files, and directories walked for files of a
// known format), builds the graph, correlates and returns the result. A
// file that cannot be decoded does not stop the run: it is reported in
// Run.Failed and as a diagnostic of the result. Run fails only on
// cancellation or when an input path does not exist.
func (p *Pipeline) Run(ctx context.Context, inputs ...string) (*Run, error) {
	files, explicit, err := collect(inputs)
	if err != nil {
		return nil, err
	}
	docs, skipped, failed := p.decodeAll(ctx, files, explicit)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	run, err := p.RunDocuments(ctx, docs)
	if err != nil {
		return nil, err
	}
	run.Skipped, run.Failed = skipped, failed
	for _, f := range failed {
		run.Result.Diagnostics = append(run.Result.Diagnostics, aspm.Diagnostic{Level: aspm.DiagError, Message: f.Error(), File: fileOf(f)})
	}
	sortDiagnostics(run.Result.Diagnostics)
	return run, nil
}

// RunDocuments runs the stages after ingest on documents the caller already
// has.
func (p *Pipeline) RunDocuments(ctx context.Context, docs []*aspm.Document) (*Run, error) {
	c := &p.cfg
	now := c.clock().UTC()
	docs = slices.Clone(docs)
	slices.SortStableFunc(docs, func(a, b *aspm.Document) int { return strings.Compare(a.Source.File, b.Source.File) })

	g := graph.New(graph.WithLogger(c.logger))
	if c.inventory != nil {
		if err := g.AddInventory(c.inventory); err != nil {
			return nil, err
		}
	}
	for i, d := range docs {
		if err := g.AddDocument(d); err != nil {
			return nil, err
		}
		p.report(Progress{Stage: "graph", Done: i + 1, Total: len(docs), File: d.Source.File})
	}

	copts := append([]correlate.Option{correlate.WithClock(func() time.Time { return now })}, c.correlate...)
	if c.baseline != nil {
		copts = append(copts, correlate.WithBaseline(c.baseline))
	}
	cres, err := correlate.Correlate(ctx, docs, copts...)
	if err != nil {
		return nil, err
	}
	p.report(Progress{Stage: "correlate", Done: 1, Total: 1})
	// Each issue's context is computed once here and served to scoring and
	// policy from a read-only view (the graph walk is the costly part).
	view := &contextView{g: g, byID: make(map[string]graph.IssueContext, len(cres.Issues))}
	for i := range cres.Issues {
		is := &cres.Issues[i]
		ictx := g.IssueContext(is)
		view.byID[is.ID] = ictx
		for _, s := range ictx.Services {
			is.Services = append(is.Services, s.Name)
			if s.BusinessUnit != "" && !slices.Contains(is.BusinessUnits, s.BusinessUnit) {
				is.BusinessUnits = append(is.BusinessUnits, s.BusinessUnit)
			}
		}
		slices.Sort(is.BusinessUnits)
		if ictx.Owners != nil {
			is.Owners = ictx.Owners
		}
		for _, path := range ictx.Paths {
			is.Paths = append(is.Paths, []string(path))
		}
	}
	var scoreDiags []aspm.Diagnostic
	if c.scoring != nil {
		if err := c.scoring.ScoreAll(ctx, cres.Issues, view); err != nil {
			return nil, err
		}
		scoreDiags = c.scoring.Diagnostics()
		score.Sort(cres.Issues)
		p.report(Progress{Stage: "score", Done: 1, Total: 1})
	}

	var rep *policy.Report
	var policyDiags []aspm.Diagnostic
	if c.policy != nil {
		popts := append([]policy.Option{policy.WithPolicy(c.policy), policy.WithClock(func() time.Time { return now })}, c.policyOpt...)
		var err error
		rep, err = policy.Evaluate(ctx, cres.Issues, view, popts...)
		if rep == nil {
			return nil, err
		}
		if err != nil { // the gate is already fail: never a partial pass
			policyDiags = append(policyDiags, aspm.Diagnostic{Level: aspm.DiagError, Message: err.Error()})
		}
		for _, ex := range rep.Exceptions {
			if ex.Status == policy.ExceptionStale || ex.Status == policy.ExceptionExpired {
				policyDiags = append(policyDiags, aspm.Diagnostic{Level: aspm.DiagWarning,
					Message: "policy: exception " + ex.ID + " is " + string(ex.Status) + " (by " + ex.By + ", expires " + ex.Expires.Format(time.DateOnly) + ")"})
			}
		}
		p.report(Progress{Stage: "policy", Done: 1, Total: 1})
	}

	res := &aspm.Result{Schema: aspm.SchemaV1, GeneratedAt: now, Issues: cres.Issues}
	for _, d := range docs {
		res.Sources = append(res.Sources, d.Source)
		res.Diagnostics = append(res.Diagnostics, d.Diagnostics...)
	}
	res.Diagnostics = append(res.Diagnostics, cres.Diagnostics...)
	res.Diagnostics = append(res.Diagnostics, scoreDiags...)
	res.Diagnostics = append(res.Diagnostics, policyDiags...)
	sortDiagnostics(res.Diagnostics)
	res.Summary = Summarize(cres.Findings, res.Issues)
	if rep != nil {
		res.Summary.Gate = rep.Gate.Result
	}
	return &Run{Result: res, Graph: g, Correlation: cres, Documents: docs, Policy: rep}, nil
}

// contextView serves the issue contexts computed once per run; it is
// read-only after the run fills it, so concurrent scorers and rules may use
// it. An issue it does not know is asked of the graph.
type contextView struct {
	g    *graph.Graph
	byID map[string]graph.IssueContext
}

func (v *contextView) IssueContext(is *aspm.Issue) graph.IssueContext {
	if c, ok := v.byID[is.ID]; ok {
		return c
	}
	return v.g.IssueContext(is)
}

func (v *contextView) Coverage(target string) graph.Coverage { return v.g.Coverage(target) }

var _ graph.View = (*contextView)(nil)

// Summarize counts issues by severity and by lifecycle status; the gate is
// pass unless an issue has a failing, unexcepted policy verdict.
func Summarize(findings int, issues []aspm.Issue) aspm.Summary {
	s := aspm.Summary{Findings: findings, Issues: 0, BySeverity: map[aspm.Severity]int{}, ByStatus: map[aspm.Lifecycle]int{}, Gate: aspm.GatePass}
	for _, sev := range aspm.Severities() {
		s.BySeverity[sev] = 0
	}
	for _, is := range issues {
		s.ByStatus[is.Status]++
		if is.Status == aspm.LifecycleFixed {
			continue
		}
		s.Issues++
		s.BySeverity[is.Severity]++
		for _, v := range is.Policy {
			if v.Result == aspm.VerdictFail {
				s.Gate = aspm.GateFail
			}
		}
	}
	return s
}

func (p *Pipeline) report(pr Progress) {
	if p.cfg.progress != nil {
		p.cfg.progress(pr)
	}
}

// collect expands inputs into files, sorted; explicit marks files named
// directly (their failures are reported even when their format is
// unknown).
func collect(inputs []string) ([]string, map[string]bool, error) {
	var files []string
	explicit := map[string]bool{}
	for _, in := range inputs {
		st, err := os.Stat(in)
		if err != nil {
			return nil, nil, err
		}
		if !st.IsDir() {
			files = append(files, in)
			explicit[in] = true
			continue
		}
		err = filepath.WalkDir(in, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if path != in && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, nil, err
		}
	}
	slices.Sort(files)
	return slices.Compact(files), explicit, nil
}

// decodeAll decodes files with a pool of workers; the results are in file
// order whatever the workers' timing.
func (p *Pipeline) decodeAll(ctx context.Context, files []string, explicit map[string]bool) ([]*aspm.Document, []string, []error) {
	type out struct {
		doc     *aspm.Document
		err     error
		skipped bool
	}
	outs := make([]out, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range min(p.cfg.workers, max(len(files), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				doc, err := p.cfg.registry.DecodeFile(ctx, "", files[i])
				switch {
				case err == nil:
					outs[i] = out{doc: doc}
				case errors.Is(err, ingest.ErrUnknownFormat) && !explicit[files[i]]:
					outs[i] = out{skipped: true}
					p.cfg.logger.Info("skipped: not a known format", "file", files[i])
				default:
					outs[i] = out{err: err}
				}
				mu.Lock()
				done++
				p.report(Progress{Stage: "decode", Done: done, Total: len(files), File: files[i]})
				mu.Unlock()
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			break
		}
		next <- i
	}
	close(next)
	wg.Wait()
	var docs []*aspm.Document
	var skipped []string
	var failed []error
	for i, o := range outs {
		switch {
		case o.doc != nil:
			docs = append(docs, o.doc)
		case o.skipped:
			skipped = append(skipped, files[i])
		case o.err != nil:
			failed = append(failed, o.err)
		}
	}
	return docs, skipped, failed
}

func fileOf(err error) string {
	var pe *ingest.ParseError
	if errors.As(err, &pe) {
		return pe.File
	}
	return ""
}

func sortDiagnostics(ds []aspm.Diagnostic) {
	slices.SortStableFunc(ds, func(a, b aspm.Diagnostic) int {
		return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.Pointer, b.Pointer), strings.Compare(a.Message, b.Message))
	})
}
