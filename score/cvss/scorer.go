package cvss

import (
	"cmp"
	"context"
	"math"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score/internal/memo"
)

// Name is the scorer's name, under which the engine looks up its weight.
const Name = "cvss"

// DefaultPreference is the default order of CVSS sources: NVD first, then
// GitHub's advisories (the usual vendor of open-source advisories). Any
// other named source comes after the listed ones, then unnamed ones.
func DefaultPreference() []string { return []string{"nvd", "ghsa", "github"} }

// Scorer scores an issue by the CVSS base score of its vulnerability,
// divided by 10.
//
// It gathers the CVSS entries of all the issue's findings and takes the
// first usable one by source preference (see [WithPreference]; source
// names compare without case), then by newest version, then by highest
// score, then by vector text. An entry is usable when its vector parses;
// when no vector does, the highest-preference stated score is used; when
// there is none, the issue's severity word, taken at the bottom of its
// CVSS band since a bare word is weaker evidence than a vector (critical
// 9.0, high 7.0, medium 4.0, low 1.0, info 0). An issue of unknown
// severity without any CVSS gets no opinion.
//
// Parsed vectors and their factors are cached (up to 65,536 distinct
// ones), so a Scorer is
// best shared; it is safe for concurrent use.
type Scorer struct {
	pref    []string
	parsed  *memo.Cache[string, parsed]
	factors *memo.Cache[aspm.CVSS, aspm.Factor]
}

type parsed struct {
	m   Metrics
	err error
}

const cacheSize = 1 << 16

// Option configures a [Scorer].
type Option func(*Scorer)

// WithPreference sets the order of preferred sources, the most trusted
// first, replacing [DefaultPreference].
func WithPreference(sources ...string) Option {
	return func(s *Scorer) {
		s.pref = make([]string, len(sources))
		for i, src := range sources {
			s.pref[i] = strings.ToLower(src)
		}
	}
}

// New returns a CVSS scorer.
func New(opts ...Option) *Scorer {
	s := &Scorer{pref: DefaultPreference(), parsed: memo.New[string, parsed](cacheSize), factors: memo.New[aspm.CVSS, aspm.Factor](cacheSize)}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Name returns "cvss".
func (s *Scorer) Name() string { return Name }

// Metrics parses a vector through the scorer's cache.
func (s *Scorer) Metrics(vector string) (Metrics, error) {
	if p, ok := s.parsed.Get(vector); ok {
		return p.m, p.err
	}
	m, err := Parse(vector)
	s.parsed.Put(vector, parsed{m, err})
	return m, err
}

func (s *Scorer) rank(source string) int {
	if source == "" {
		return len(s.pref) + 1
	}
	for i, p := range s.pref {
		if len(p) == len(source) && (p == source || strings.EqualFold(p, source)) {
			return i
		}
	}
	return len(s.pref)
}

// Best returns the CVSS entry the scorer prefers among an issue's findings
// with its parsed metrics; ok is false when no entry has a valid vector.
func (s *Scorer) Best(is *aspm.Issue) (aspm.CVSS, Metrics, bool) {
	var best aspm.CVSS
	var bm Metrics
	found := false
	for _, f := range is.Findings {
		if f == nil {
			continue
		}
		for _, c := range f.CVSS {
			if c.Vector == "" {
				continue
			}
			m, err := s.Metrics(c.Vector)
			if err != nil {
				continue
			}
			if !found || s.better(c, m, best, bm) {
				best, bm, found = c, m, true
			}
		}
	}
	return best, bm, found
}

func (s *Scorer) better(c aspm.CVSS, m Metrics, b aspm.CVSS, bm Metrics) bool {
	if r := cmp.Compare(s.rank(c.Source), s.rank(b.Source)); r != 0 {
		return r < 0
	}
	if r := cmp.Compare(m.Version, bm.Version); r != 0 {
		return r > 0
	}
	if r := cmp.Compare(m.Score, bm.Score); r != 0 {
		return r > 0
	}
	return c.Vector < b.Vector
}

// Score implements score.Scorer.
func (s *Scorer) Score(_ context.Context, is *aspm.Issue, _ graph.View) (aspm.Factor, bool, error) {
	if c, m, ok := s.Best(is); ok {
		key := aspm.CVSS{Source: c.Source, Vector: c.Vector}
		if f, ok := s.factors.Get(key); ok {
			return f, true, nil
		}
		src := c.Source
		if src == "" {
			src = "an unnamed source"
		}
		ver := "CVSS " + string(m.Version)
		if m.Nomenclature != "" {
			ver += " (" + m.Nomenclature + ")"
		}
		f := aspm.Factor{
			Name:        Name,
			Input:       c.Vector + " from " + src,
			Value:       tenth(m.Score),
			Explanation: ver + " base score " + fmtScore(m.Score) + " from " + src,
		}
		s.factors.Put(key, f)
		return f, true, nil
	}
	// Stated scores without a usable vector.
	var stated aspm.CVSS
	for _, f := range is.Findings {
		if f == nil {
			continue
		}
		for _, c := range f.CVSS {
			if c.Score <= 0 || c.Score > 10 {
				continue
			}
			if stated.Score == 0 || s.rank(c.Source) < s.rank(stated.Source) ||
				(s.rank(c.Source) == s.rank(stated.Source) && c.Score > stated.Score) {
				stated = c
			}
		}
	}
	if stated.Score > 0 {
		return aspm.Factor{
			Name:        Name,
			Input:       "stated CVSS score " + fmtScore(stated.Score) + sourceSuffix(stated.Source),
			Value:       tenth(stated.Score),
			Explanation: "no valid CVSS vector; the score the input states",
		}, true, nil
	}
	if v, ok := severityScore(is.Severity); ok {
		return aspm.Factor{
			Name:        Name,
			Input:       "severity " + string(is.Severity),
			Value:       tenth(v),
			Explanation: "no CVSS; severity " + string(is.Severity) + " taken as " + fmtScore(v),
		}, true, nil
	}
	return aspm.Factor{}, false, nil
}

func sourceSuffix(src string) string {
	if src == "" {
		return ""
	}
	return " from " + src
}

func severityScore(s aspm.Severity) (float64, bool) {
	switch s {
	case aspm.SeverityCritical:
		return 9.0, true
	case aspm.SeverityHigh:
		return 7.0, true
	case aspm.SeverityMedium:
		return 4.0, true
	case aspm.SeverityLow:
		return 1.0, true
	case aspm.SeverityInfo:
		return 0, true
	}
	return 0, false
}

// tenth maps a CVSS score to [0,1] without float noise (8.8 → 0.88).
func tenth(score float64) float64 { return math.Round(score*100) / 1000 }

func fmtScore(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }
