// Package scoretest is a kit to unit-test a [score.Scorer]: build issues
// from findings, give them a business context through a fake graph view,
// and check the factor, with the invariants every scorer must keep
// checked for free.
//
// # Use
//
//	func TestMyScorer(t *testing.T) {
//		scoretest.Run(t, myscorer.New(), []scoretest.Case{{
//			Name:      "internet facing",
//			Issue:     scoretest.Issue(aspmtest.SCA("CVE-2024-1", "pkg:npm/a@1.0.0").Build()),
//			Context:   graph.IssueContext{Services: []graph.ServiceContext{{Name: "web"}}, Exposure: aspm.ExposureInternet},
//			WantOK:    true,
//			WantValue: 0.8,
//		}})
//	}
//
// # Invariants
//
// For every case, Run also checks that the scorer has a name, that a
// factor with an opinion has a value in [0,1] and an input, that scoring
// twice and from several goroutines at once gives the same factor, and
// that a nil view or [graph.Nop] does not make it fail or panic.
package scoretest

import (
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
)

// Case is one issue to score and what to expect.
type Case struct {
	Name string
	// Issue is the issue to score; see [Issue] to build one from
	// findings.
	Issue *aspm.Issue
	// Context is what the fake view returns for the issue; a zero Context
	// is an unmapped issue.
	Context graph.IssueContext
	// WantOK is whether the scorer has an opinion; WantValue its value
	// (to within 1e-9), checked when WantOK.
	WantOK    bool
	WantValue float64
	// WantInput, when not empty, must be the factor's Input.
	WantInput string
	// WantErr expects an error.
	WantErr bool
}

// Issue builds an issue from findings as correlation would for findings
// of one problem: the vulnerability ids and aliases of every finding
// (CVE first), the highest severity, the first component and the tools.
func Issue(findings ...aspm.Finding) *aspm.Issue {
	is := &aspm.Issue{ID: "scoretest", Severity: aspm.SeverityUnknown}
	for i := range findings {
		f := &findings[i]
		is.Findings = append(is.Findings, f)
		if f.Severity.Rank() > is.Severity.Rank() {
			is.Severity = f.Severity
		}
		for _, v := range f.Vulns {
			for _, id := range v.IDs() {
				if !slices.Contains(is.Vulns, id) {
					is.Vulns = append(is.Vulns, id)
				}
			}
		}
		if is.Component.IsZero() && f.Component != nil {
			is.Component = f.Component.PURL
		}
		if f.Tool.Name != "" && !slices.Contains(is.Tools, f.Tool.Name) {
			is.Tools = append(is.Tools, f.Tool.Name)
		}
		is.CWEs = append(is.CWEs, f.CWEs...)
		is.Locations = append(is.Locations, f.Locations...)
	}
	slices.SortStableFunc(is.Vulns, func(a, b string) int { return aspm.VulnIDRank(a) - aspm.VulnIDRank(b) })
	if len(is.Vulns) > 0 {
		is.Title = is.Vulns[0]
	}
	return is
}

// View returns a graph view that gives every issue the context ic.
func View(ic graph.IssueContext) graph.View { return fakeView{ic} }

type fakeView struct{ ic graph.IssueContext }

func (v fakeView) IssueContext(*aspm.Issue) graph.IssueContext { return v.ic }
func (fakeView) Coverage(target string) graph.Coverage         { return graph.Nop().Coverage(target) }

var _ graph.View = fakeView{}

// Run scores each case with s as a subtest and checks the expectations
// and the invariants.
func Run(t *testing.T, s score.Scorer, cases []Case) {
	t.Helper()
	require.NotEmpty(t, s.Name(), "a scorer needs a name")
	for _, c := range cases {
		t.Run(c.Name, func(t *testing.T) {
			is := c.Issue
			if is == nil {
				is = &aspm.Issue{ID: "scoretest"}
			}
			view := View(c.Context)
			f, ok, err := s.Score(t.Context(), is, view)
			if c.WantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, c.WantOK, ok, "opinion")
			if ok {
				assert.InDelta(t, c.WantValue, f.Value, 1e-9, "value")
				assert.GreaterOrEqual(t, f.Value, 0.0, "value in [0,1]")
				assert.LessOrEqual(t, f.Value, 1.0, "value in [0,1]")
				assert.NotEmpty(t, f.Input, "a factor says what it looked at")
				if c.WantInput != "" {
					assert.Equal(t, c.WantInput, f.Input)
				}
			}
			// Deterministic and safe for concurrent use.
			var wg sync.WaitGroup
			got := make([]aspm.Factor, 4)
			oks := make([]bool, 4)
			for i := range got {
				wg.Go(func() { got[i], oks[i], _ = s.Score(t.Context(), is, view) })
			}
			wg.Wait()
			for i := range got {
				assert.Equal(t, f, got[i], "same factor every time")
				assert.Equal(t, ok, oks[i])
			}
			// A nil or empty view is not an error.
			for _, g := range []graph.View{nil, graph.Nop()} {
				assert.NotPanics(t, func() {
					_, _, err := s.Score(t.Context(), is, g)
					assert.NoError(t, err)
				})
			}
		})
	}
}
