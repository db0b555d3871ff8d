package score

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
)

// Scale is the top of the score scale: scores and contributions are in
// [0, Scale], in whole hundredths.
const Scale = 100

// Engine combines scorers into one explained score per issue, and from the
// score a priority bucket and an SLA due date. Build it with [New]; it is
// safe for concurrent use once built.
type Engine struct {
	scorers []entry
	buckets []Bucket
	clock   func() time.Time
	workers int
}

type entry struct {
	s      Scorer
	weight float64
}

// Option configures an [Engine].
type Option func(*options)

type options struct {
	scorers   []entry
	overrides map[string]float64
	buckets   []Bucket
	clock     func() time.Time
	workers   int
}

// WithScorer adds a scorer with a weight (>= 0; a scorer of weight 0 is
// never called). Scorers' factors are listed in the order they were added.
// A later scorer of the same name replaces an earlier one in place.
func WithScorer(s Scorer, weight float64) Option {
	return func(o *options) {
		if s == nil {
			return
		}
		for i, e := range o.scorers {
			if e.s.Name() == s.Name() {
				o.scorers[i] = entry{s, weight}
				return
			}
		}
		o.scorers = append(o.scorers, entry{s, weight})
	}
}

// WithWeights overrides the weights of scorers by name, whatever order the
// options come in. Names of scorers the engine does not have are ignored.
func WithWeights(w map[string]float64) Option {
	return func(o *options) {
		if o.overrides == nil {
			o.overrides = map[string]float64{}
		}
		for k, v := range w {
			o.overrides[k] = v
		}
	}
}

// WithBuckets replaces the priority buckets ([DefaultBuckets] otherwise).
// They are sorted by Min, the highest first; an issue below every Min gets
// no priority and no due date.
func WithBuckets(b []Bucket) Option {
	return func(o *options) { o.buckets = slices.Clone(b) }
}

// WithConfig applies a loaded [Config]: its weights as [WithWeights] and
// its buckets, when it has any, as [WithBuckets].
func WithConfig(c *Config) Option {
	return func(o *options) {
		if c == nil {
			return
		}
		WithWeights(c.Weights)(o)
		if len(c.Buckets) > 0 {
			WithBuckets(c.Buckets)(o)
		}
	}
}

// WithClock sets the clock that SLA due dates count from when an issue has
// no FirstSeen time (time.Now otherwise). ScoreAll reads it once per call.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.clock = now }
}

// WithWorkers sets how many goroutines ScoreAll uses (GOMAXPROCS
// otherwise; 1 scores in the caller's goroutine).
func WithWorkers(n int) Option {
	return func(o *options) { o.workers = n }
}

// New returns an engine. Without scorers it gives every issue a score of
// 0 with no factors.
func New(opts ...Option) *Engine {
	o := &options{}
	for _, opt := range opts {
		opt(o)
	}
	e := &Engine{buckets: o.buckets, clock: o.clock, workers: o.workers}
	if e.buckets == nil {
		e.buckets = DefaultBuckets()
	}
	slices.SortStableFunc(e.buckets, func(a, b Bucket) int { return cmp.Compare(b.Min, a.Min) })
	if e.clock == nil {
		e.clock = time.Now
	}
	if e.workers <= 0 {
		e.workers = runtime.GOMAXPROCS(0)
	}
	for _, en := range o.scorers {
		if w, ok := o.overrides[en.s.Name()]; ok {
			en.weight = w
		}
		if en.weight > 0 && !math.IsInf(en.weight, 0) {
			e.scorers = append(e.scorers, en)
		}
	}
	return e
}

// Weights returns the weight of each scorer the engine runs, by name.
func (e *Engine) Weights() map[string]float64 {
	m := make(map[string]float64, len(e.scorers))
	for _, en := range e.scorers {
		m[en.s.Name()] = en.weight
	}
	return m
}

// Diagnostics gathers the diagnostics of the scorers that are
// [Diagnoser]s, in scorer order.
func (e *Engine) Diagnostics() []aspm.Diagnostic {
	var out []aspm.Diagnostic
	for _, en := range e.scorers {
		if d, ok := en.s.(Diagnoser); ok {
			out = append(out, d.Diagnostics()...)
		}
	}
	return out
}

// Score scores one issue in the context g (nil means [graph.Nop]) and sets
// its Score, Priority and SLADue; see [Engine.ScoreAll].
func (e *Engine) Score(ctx context.Context, is *aspm.Issue, g graph.View) error {
	if is == nil {
		return nil
	}
	if g == nil {
		g = graph.Nop()
	}
	return e.score(ctx, is, &memoView{View: g, exact: true}, e.clock())
}

// ScoreAll scores issues in place, in parallel, and sets each one's
// Score, Priority and SLADue.
//
// Each scorer with an opinion gives a factor of value v in [0,1]; the
// weights w of the scorers that had an opinion are normalised to add up to
// 1, and the factor's contribution is Scale·v·w/Σw rounded to hundredths
// by the largest-remainder rule (ties go to the earlier factor), so that
// the contributions add up to the score exactly (in hundredths: summed as
// float64 they agree to within 1e-9; [Sum] adds them exactly). An issue
// without any opinion scores 0 with no factors.
//
// The priority is the first bucket (highest Min first) whose Min the
// score reaches; the SLA due date is the bucket's SLADays after the
// issue's FirstSeen, or after the clock's time when FirstSeen is zero.
//
// The result does not depend on the order of issues or on the number of
// workers. The first error (by issue index) is returned, wrapped with the
// issue's ID; issues already scored keep their score.
func (e *Engine) ScoreAll(ctx context.Context, issues []aspm.Issue, g graph.View) error {
	if g == nil {
		g = graph.Nop()
	}
	now := e.clock()
	n := len(issues)
	workers := min(e.workers, max(1, n/256))
	if workers <= 1 {
		mv := &memoView{View: g}
		for i := range issues {
			if i%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("score: %w", err)
				}
			}
			if err := e.score(ctx, &issues[i], mv, now); err != nil {
				return err
			}
		}
		return nil
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	chunk := (n + workers - 1) / workers
	for w := range workers {
		lo, hi := w*chunk, min(n, (w+1)*chunk)
		wg.Go(func() {
			mv := &memoView{View: g}
			for i := lo; i < hi; i++ {
				if (i-lo)%1024 == 0 {
					if err := ctx.Err(); err != nil {
						errs[w] = fmt.Errorf("score: %w", err)
						return
					}
				}
				if err := e.score(ctx, &issues[i], mv, now); err != nil {
					errs[w] = err
					return
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func (e *Engine) score(ctx context.Context, is *aspm.Issue, mv *memoView, now time.Time) error {
	mv.reset()
	factors := mv.scratch[:0]
	var total float64
	for _, en := range e.scorers {
		f, ok, err := en.s.Score(ctx, is, mv)
		if err != nil {
			return fmt.Errorf("score: issue %s: %s: %w", is.ID, en.s.Name(), err)
		}
		if !ok {
			continue
		}
		if f.Name == "" {
			f.Name = en.s.Name()
		}
		f.Value = clamp01(f.Value)
		f.Weight = en.weight
		total += en.weight
		factors = append(factors, f)
	}
	mv.scratch = factors
	factors, s := mv.alloc(factors)
	cents := apportion(factors, total, &mv.cents)
	s.Factors = factors
	for i := range factors {
		factors[i].Weight = round6(factors[i].Weight / total)
		factors[i].Contribution = float64(cents[i]) / 100
	}
	var sum int64
	for _, c := range cents {
		sum += c
	}
	s.Value = float64(sum) / 100
	is.Score = s
	is.Priority, is.SLADue = "", time.Time{}
	for _, b := range e.buckets {
		if s.Value >= b.Min {
			is.Priority = b.Priority
			if b.SLADays > 0 {
				from := is.FirstSeen
				if from.IsZero() {
					from = now
				}
				is.SLADue = from.AddDate(0, 0, b.SLADays)
			}
			break
		}
	}
	return nil
}

// apportion returns each factor's contribution in hundredths of a point:
// the exact shares Scale·v·w/total floored, and the hundredths left to
// reach the rounded total handed out by largest remainder, ties to the
// earlier factor.
func apportion(fs []aspm.Factor, total float64, buf *[]int64) []int64 {
	if len(fs) == 0 || total <= 0 {
		return nil
	}
	cents := (*buf)[:0]
	for range fs {
		cents = append(cents, 0)
	}
	*buf = cents
	var fracs [16]float64
	frac := fracs[:0]
	var exact float64
	var floors int64
	for i, f := range fs {
		raw := round6(Scale * 100 * f.Value * f.Weight / total)
		exact += raw
		fl := math.Floor(raw)
		cents[i] = int64(fl)
		floors += cents[i]
		frac = append(frac, raw-fl)
	}
	left := int64(math.Round(round6(exact))) - floors
	for ; left > 0; left-- {
		best := -1
		for i, r := range frac {
			if r >= 0 && (best < 0 || r > frac[best]+1e-6) {
				best = i
			}
		}
		if best < 0 {
			break
		}
		cents[best]++
		frac[best] = -1
	}
	return cents
}

// Sum adds the contributions of factors in hundredths, as the engine
// does: for a score the engine made, Sum(s.Factors) == s.Value exactly.
func Sum(factors []aspm.Factor) float64 {
	var c int64
	for _, f := range factors {
		c += int64(math.Round(f.Contribution * 100))
	}
	return float64(c) / 100
}

func clamp01(v float64) float64 {
	switch {
	case math.IsNaN(v) || v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}

func round6(x float64) float64 { return math.Round(x*1e6) / 1e6 }

// memoView remembers the context of the issue being scored, so that
// several scorers asking for it cost one graph query, and hands out
// scores and factor slices from slabs, so that scoring a million issues
// costs a few thousand allocations. Each worker owns one.
type memoView struct {
	graph.View
	is      *aspm.Issue
	ic      graph.IssueContext
	scores  []aspm.Score
	factors []aspm.Factor
	scratch []aspm.Factor
	cents   []int64
	exact   bool // one issue: allocate exactly, no slabs
}

// Slabs stay within the runtime's small-object size (32 KiB), so that
// the spans of scores the caller dropped are reused rather than fresh
// pages faulted in.
const (
	scoreSlab  = 32 << 10 / 32 // aspm.Score is 32 bytes
	factorSlab = 32 << 10 / 72 // aspm.Factor is 72 bytes
)

// alloc returns a copy of fs cut from the slab (its capacity is its
// length: appending to it reallocates rather than overwrite a neighbour)
// and a zero score.
func (m *memoView) alloc(fs []aspm.Factor) ([]aspm.Factor, *aspm.Score) {
	if m.exact {
		f := make([]aspm.Factor, len(fs))
		copy(f, fs)
		return f, &aspm.Score{}
	}
	if len(m.scores) == 0 {
		m.scores = make([]aspm.Score, scoreSlab)
	}
	s := &m.scores[0]
	m.scores = m.scores[1:]
	n := len(fs)
	if n == 0 {
		return []aspm.Factor{}, s
	}
	if len(m.factors) < n {
		m.factors = make([]aspm.Factor, max(n, factorSlab))
	}
	f := m.factors[:n:n]
	m.factors = m.factors[n:]
	copy(f, fs)
	return f, s
}

func (m *memoView) reset() { m.is = nil }

func (m *memoView) IssueContext(is *aspm.Issue) graph.IssueContext {
	if is != m.is || is == nil {
		m.ic, m.is = m.View.IssueContext(is), is
	}
	return m.ic
}
