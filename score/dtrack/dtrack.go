// Package dtrack computes Dependency-Track's inherited risk score, for
// users who compare posture with it: a weighted count of a project's
// vulnerabilities by severity (critical 10, high 5, medium 3, low 1,
// unassigned 5; info not counted), rolled up per service or per owning
// team.
//
// It is a rollup over many issues, not a per-issue [score.Scorer]: the
// weighted count grows with the number of issues and is not a value in
// [0,1].
//
// # Use
//
//	for _, r := range dtrack.ByService(issues, dtrack.DefaultWeights()) {
//		fmt.Println(r.Key, r.Score)
//	}
package dtrack

import (
	"cmp"
	"slices"

	"github.com/posturekit/posture/aspm"
)

// Weights are the points of each severity.
type Weights struct {
	Critical, High, Medium, Low, Unassigned int
}

// DefaultWeights returns Dependency-Track's weights: 10, 5, 3, 1 and 5.
func DefaultWeights() Weights {
	return Weights{Critical: 10, High: 5, Medium: 3, Low: 1, Unassigned: 5}
}

// Rollup is the count of one service's or team's issues by severity and
// their weighted score.
type Rollup struct {
	// Key is the service or team name; "" gathers the issues that have
	// none.
	Key        string `json:"key"`
	Critical   int    `json:"critical"`
	High       int    `json:"high"`
	Medium     int    `json:"medium"`
	Low        int    `json:"low"`
	Info       int    `json:"info"`
	Unassigned int    `json:"unassigned"`
	Score      int    `json:"score"`
}

// Add counts one issue of severity s.
func (r *Rollup) Add(s aspm.Severity, w Weights) {
	switch s {
	case aspm.SeverityCritical:
		r.Critical++
		r.Score += w.Critical
	case aspm.SeverityHigh:
		r.High++
		r.Score += w.High
	case aspm.SeverityMedium:
		r.Medium++
		r.Score += w.Medium
	case aspm.SeverityLow:
		r.Low++
		r.Score += w.Low
	case aspm.SeverityInfo:
		r.Info++
	default:
		r.Unassigned++
		r.Score += w.Unassigned
	}
}

// RiskScore returns the weighted count of all the issues, as one
// Dependency-Track project.
func RiskScore(issues []aspm.Issue, w Weights) int {
	var r Rollup
	for i := range issues {
		if counted(&issues[i]) {
			r.Add(issues[i].Severity, w)
		}
	}
	return r.Score
}

// ByService rolls the issues up per service (an issue of two services
// counts in both), highest score first, ties by name.
func ByService(issues []aspm.Issue, w Weights) []Rollup {
	return rollup(issues, w, func(is *aspm.Issue) []string { return is.Services })
}

// ByOwner rolls the issues up per owning team.
func ByOwner(issues []aspm.Issue, w Weights) []Rollup {
	return rollup(issues, w, func(is *aspm.Issue) []string { return is.Owners })
}

// counted leaves out fixed issues: Dependency-Track counts open
// findings. Callers who want vulnerabilities only filter by kind first.
func counted(is *aspm.Issue) bool { return is.Status != aspm.LifecycleFixed }

func rollup(issues []aspm.Issue, w Weights, keys func(*aspm.Issue) []string) []Rollup {
	m := map[string]*Rollup{}
	add := func(k string, s aspm.Severity) {
		r := m[k]
		if r == nil {
			r = &Rollup{Key: k}
			m[k] = r
		}
		r.Add(s, w)
	}
	for i := range issues {
		is := &issues[i]
		if !counted(is) {
			continue
		}
		ks := keys(is)
		if len(ks) == 0 {
			add("", is.Severity)
		}
		for _, k := range slices.Compact(slices.Sorted(slices.Values(ks))) {
			add(k, is.Severity)
		}
	}
	out := make([]Rollup, 0, len(m))
	for _, r := range m {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Rollup) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		return cmp.Compare(a.Key, b.Key)
	})
	return out
}
