package epss

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score/internal/memo"
)

// Name is the scorer's name, under which the engine looks up its weight.
const Name = "epss"

// DefaultMaxAge is how old scores may be before [Scorer.Diagnostics]
// warns.
const DefaultMaxAge = 30 * 24 * time.Hour

// Scorer scores an issue by the highest EPSS probability among the CVE
// ids of its vulnerability (the probability itself is the factor's
// value). An issue without a scored CVE, or a scorer without data, has no
// opinion: scoring works without an EPSS file. It is safe for concurrent
// use.
type Scorer struct {
	d      *Data
	clock  func() time.Time
	maxAge time.Duration
	date   string
	memo   *memo.Cache[string, cached]
}

// cached is a CVE's factor, or ok false for a CVE the data lacks.
type cached struct {
	f  aspm.Factor
	ok bool
}

// Option configures a [Scorer].
type Option func(*Scorer)

// WithClock sets the clock that ages the scores (time.Now otherwise).
func WithClock(now func() time.Time) Option { return func(s *Scorer) { s.clock = now } }

// WithMaxAge sets the age past which Diagnostics warns ([DefaultMaxAge]).
func WithMaxAge(d time.Duration) Option { return func(s *Scorer) { s.maxAge = d } }

// New returns a scorer over d, which may be nil.
func New(d *Data, opts ...Option) *Scorer {
	s := &Scorer{d: d, clock: time.Now, maxAge: DefaultMaxAge, memo: memo.New[string, cached](1 << 17)}
	for _, o := range opts {
		o(s)
	}
	if d != nil && !d.ScoreDate.IsZero() {
		s.date = " on " + d.ScoreDate.Format(time.DateOnly)
	}
	return s
}

// Name returns "epss".
func (s *Scorer) Name() string { return Name }

// Diagnostics implements score.Diagnoser: it returns the data's
// diagnostics and a warning when it is
// stale (see [Data.Check]).
func (s *Scorer) Diagnostics() []aspm.Diagnostic {
	return s.d.Check(s.clock(), s.maxAge)
}

// Lookup returns the best entry among an issue's CVE ids.
func (s *Scorer) Lookup(is *aspm.Issue) (string, Entry, bool) {
	var best Entry
	var id string
	for _, v := range is.Vulns {
		if !strings.HasPrefix(v, "CVE-") {
			continue
		}
		if e, ok := s.d.Lookup(v); ok && (id == "" || e.EPSS > best.EPSS) {
			best, id = e, v
		}
	}
	return id, best, id != ""
}

// Score implements score.Scorer.
func (s *Scorer) Score(_ context.Context, is *aspm.Issue, _ graph.View) (aspm.Factor, bool, error) {
	if s.d == nil {
		return aspm.Factor{}, false, nil
	}
	var best cached
	for _, v := range is.Vulns {
		if !strings.HasPrefix(v, "CVE-") {
			continue
		}
		c, ok := s.memo.Get(v)
		if !ok {
			c = s.factor(v)
			s.memo.Put(v, c)
		}
		if c.ok && (!best.ok || c.f.Value > best.f.Value) {
			best = c
		}
	}
	return best.f, best.ok, nil
}

func (s *Scorer) factor(id string) cached {
	e, ok := s.d.Lookup(id)
	if !ok {
		return cached{}
	}
	p := strconv.FormatFloat(e.EPSS, 'f', -1, 64)
	return cached{ok: true, f: aspm.Factor{
		Name:        Name,
		Input:       "EPSS " + p + " (percentile " + strconv.FormatFloat(e.Percentile, 'f', -1, 64) + ") for " + id + s.date,
		Value:       e.EPSS,
		Explanation: "probability of exploitation in the next 30 days: " + p,
	}}
}
