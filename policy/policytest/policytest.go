package policytest

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/policy"
)

// Now returns the fixed time Check evaluates at unless told otherwise:
// 2026-06-01T12:00:00Z.
func Now() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

// Issue folds findings into one issue the way correlation would for
// findings of one problem: the first finding gives the ID, kind and title;
// the issue takes the highest severity and the union of vulnerability ids,
// CWEs, fixed versions, locations and tools. Set the remaining fields
// (Score, Status, FirstSeen, SLADue…) on the result.
func Issue(findings ...aspm.Finding) aspm.Issue {
	is := aspm.Issue{Severity: aspm.SeverityUnknown, Vulns: []string{}, Tools: []string{}, Services: []string{}, Owners: []string{},
		Locations: []aspm.Location{}, Status: aspm.LifecycleNew}
	for i := range findings {
		f := &findings[i]
		if i == 0 {
			is.ID, is.Kind, is.Title = "issue-"+f.ID, f.Kind, f.Title
			if f.Component != nil {
				is.Component = f.Component.PURL
			}
		}
		if f.Severity.Rank() > is.Severity.Rank() {
			is.Severity, is.SeveritySource = f.Severity, f.Tool.Name
		}
		for _, v := range f.Vulns {
			is.Vulns = append(is.Vulns, v.IDs()...)
		}
		is.CWEs = append(is.CWEs, f.CWEs...)
		is.FixedVersions = append(is.FixedVersions, f.FixedVersions...)
		is.Locations = append(is.Locations, f.Locations...)
		if f.Tool.Name != "" {
			is.Tools = append(is.Tools, f.Tool.Name)
		}
		is.Findings = append(is.Findings, f)
	}
	is.Vulns = uniq(is.Vulns)
	is.Tools = uniq(is.Tools)
	is.FixedVersions = uniq(is.FixedVersions)
	slices.Sort(is.CWEs)
	is.CWEs = slices.Compact(is.CWEs)
	return is
}

func uniq(s []string) []string {
	seen := map[string]bool{}
	out := s[:0]
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// Context is the graph context of an issue that belongs to the given
// inventory services, as graph.IssueContext would report it.
func Context(services ...aspm.Service) graph.IssueContext {
	ic := graph.IssueContext{Services: []graph.ServiceContext{}}
	owners, envs, data := map[string]bool{}, map[string]bool{}, map[aspm.DataClass]bool{}
	for _, s := range services {
		ic.Services = append(ic.Services, graph.ServiceContext{
			Name: s.Name, Description: s.Description, Owners: slices.Clone(s.Owners), BusinessUnit: s.BusinessUnit,
			Tier: s.Tier, DataClasses: slices.Clone(s.DataClasses), Exposure: s.Exposure,
			Environments: slices.Clone(s.Environments), Controls: slices.Clone(s.Controls), Via: []string{"test"},
		})
		if s.Tier.Rank() > ic.Tier.Rank() {
			ic.Tier = s.Tier
		}
		if rank(s.Exposure) > rank(ic.Exposure) {
			ic.Exposure = s.Exposure
		}
		for _, e := range s.Environments {
			envs[string(e)] = true
			ic.Production = ic.Production || e.IsProduction()
		}
		for _, o := range s.Owners {
			owners[o] = true
		}
		for _, d := range s.DataClasses {
			data[d] = true
		}
	}
	ic.Owners = slices.Sorted(maps.Keys(owners))
	ic.Environments = slices.Sorted(maps.Keys(envs))
	ic.DataClasses = slices.Sorted(maps.Keys(data))
	return ic
}

func rank(e aspm.Exposure) int {
	return map[aspm.Exposure]int{aspm.ExposureInternet: 3, aspm.ExposureInternal: 2, aspm.ExposureNone: 1}[e]
}

// View returns a graph.View that gives every issue the same context.
func View(ic graph.IssueContext) graph.View { return fixedView{ic} }

type fixedView struct{ ic graph.IssueContext }

func (v fixedView) IssueContext(*aspm.Issue) graph.IssueContext { return v.ic }
func (v fixedView) Coverage(target string) graph.Coverage       { return graph.Nop().Coverage(target) }

// Verdicts evaluates the policy at path (a directory or a file) on one
// issue in a context and returns the result of each violated rule by rule
// id. It evaluates at [Now] unless opts hold a policy.WithClock.
func Verdicts(t testing.TB, path string, is aspm.Issue, ic graph.IssueContext, opts ...policy.Option) map[string]aspm.VerdictResult {
	t.Helper()
	opts = append([]policy.Option{policy.WithClock(Now)}, opts...)
	p, err := policy.LoadPath(t.Context(), path, opts...)
	if err != nil {
		t.Fatalf("policytest: load %s: %v", path, err)
	}
	issues := []aspm.Issue{is}
	if _, err := policy.Evaluate(t.Context(), issues, View(ic), append(opts, policy.WithPolicy(p))...); err != nil {
		t.Fatalf("policytest: evaluate: %v", err)
	}
	got := map[string]aspm.VerdictResult{}
	for _, v := range issues[0].Policy {
		got[v.Rule] = v.Result
	}
	return got
}

// Check evaluates the policy at path on one issue in a context and fails
// the test unless the violated rules and their results are exactly want
// (rule id → fail, warn, info or excepted; an empty want means no rule is
// violated).
func Check(t testing.TB, path string, is aspm.Issue, ic graph.IssueContext, want map[string]aspm.VerdictResult, opts ...policy.Option) {
	t.Helper()
	got := Verdicts(t, path, is, ic, opts...)
	if want == nil {
		want = map[string]aspm.VerdictResult{}
	}
	if !maps.Equal(got, want) {
		t.Errorf("policytest: issue %s (%s %q):\n got %v\nwant %v", is.ID, is.Kind, is.Title, got, want)
	}
}
