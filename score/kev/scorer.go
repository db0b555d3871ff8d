package kev

import (
	"context"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score/internal/memo"
)

// Name is the scorer's name, under which the engine looks up its weight.
const Name = "kev"

// DefaultMaxAge is how old a catalog may be before
// [Scorer.Diagnostics] warns.
const DefaultMaxAge = 30 * 24 * time.Hour

// Scorer raises issues whose vulnerability CISA lists as known exploited:
// value 1 when ransomware campaigns are known to use it, 0.9 otherwise.
// An issue not in the catalog gets no opinion (absence from KEV is not
// evidence of safety), and so does every issue when there is no catalog.
// It is safe for concurrent use.
type Scorer struct {
	c      *Catalog
	clock  func() time.Time
	maxAge time.Duration
	memo   *memo.Cache[string, aspm.Factor]
}

// Option configures a [Scorer].
type Option func(*Scorer)

// WithClock sets the clock that ages the catalog (time.Now otherwise).
func WithClock(now func() time.Time) Option { return func(s *Scorer) { s.clock = now } }

// WithMaxAge sets the age past which Diagnostics warns ([DefaultMaxAge]).
func WithMaxAge(d time.Duration) Option { return func(s *Scorer) { s.maxAge = d } }

// New returns a scorer over c, which may be nil.
func New(c *Catalog, opts ...Option) *Scorer {
	s := &Scorer{c: c, clock: time.Now, maxAge: DefaultMaxAge, memo: memo.New[string, aspm.Factor](1 << 16)}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Name returns "kev".
func (s *Scorer) Name() string { return Name }

// Catalog returns the scorer's catalog (nil when it has none).
func (s *Scorer) Catalog() *Catalog { return s.c }

// Diagnostics implements score.Diagnoser: it returns the catalog's
// diagnostics and a warning when it is
// stale (see [Catalog.Check]).
func (s *Scorer) Diagnostics() []aspm.Diagnostic { return s.c.Check(s.clock(), s.maxAge) }

// Score implements score.Scorer.
func (s *Scorer) Score(_ context.Context, is *aspm.Issue, _ graph.View) (aspm.Factor, bool, error) {
	e, ok := s.c.Find(is.Vulns)
	if !ok {
		return aspm.Factor{}, false, nil
	}
	if f, ok := s.memo.Get(e.CVE); ok {
		return f, true, nil
	}
	f := aspm.Factor{Name: Name, Value: 0.9, Input: e.CVE + " in CISA KEV since " + e.DateAdded.Format(time.DateOnly)}
	if !e.DueDate.IsZero() {
		f.Input += ", due " + e.DueDate.Format(time.DateOnly)
	}
	f.Explanation = "known to be exploited in the wild"
	if e.Ransomware {
		f.Value = 1
		f.Input += ", known ransomware use"
		f.Explanation = "known to be exploited in the wild, including by ransomware campaigns"
	}
	s.memo.Put(e.CVE, f)
	return f, true, nil
}
