package main

import (
	"slices"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
)

// StaleExposedRisk is the team's own rule, written in Go: a critical
// (tier-1) service that is reachable from the internet must not carry a
// vulnerable dependency or image package (kind sca or container) that is
// critical or known exploited (a positive "kev" score factor) for more
// than MaxAgeDays whole days since the issue was first seen. Fixed issues
// are never stale. policies/stale-exposed-risk.yaml is the same rule as a
// posture policy; rule_test.go checks that both agree.
type StaleExposedRisk struct {
	// MaxAgeDays is how many whole days such an issue may stay.
	MaxAgeDays int
	// Now is the time ages are measured at.
	Now time.Time
}

// Violation is one issue that breaks the rule, with the services that make
// it urgent.
type Violation struct {
	Issue    *aspm.Issue
	AgeDays  int
	Services []string
}

// Check reports whether one issue in its graph context breaks the rule.
func (r StaleExposedRisk) Check(is *aspm.Issue, ic graph.IssueContext) (Violation, bool) {
	if is.Status == aspm.LifecycleFixed || (is.Kind != aspm.KindSCA && is.Kind != aspm.KindContainer) {
		return Violation{}, false
	}
	if is.Severity != aspm.SeverityCritical && !kev(is) {
		return Violation{}, false
	}
	age := 0
	if !is.FirstSeen.IsZero() && r.Now.After(is.FirstSeen) {
		age = int(r.Now.Sub(is.FirstSeen) / (24 * time.Hour)) // whole days, as policies count them
	}
	if age <= r.MaxAgeDays {
		return Violation{}, false
	}
	var services []string
	for _, s := range ic.Services {
		if s.Tier == aspm.TierCritical && s.Exposure == aspm.ExposureInternet {
			services = append(services, s.Name)
		}
	}
	if len(services) == 0 {
		return Violation{}, false
	}
	slices.Sort(services)
	return Violation{Issue: is, AgeDays: age, Services: services}, true
}

// Violations checks every issue with its context from v and returns the
// violations in the order of issues.
func (r StaleExposedRisk) Violations(issues []aspm.Issue, v graph.View) []Violation {
	var out []Violation
	for i := range issues {
		if vi, ok := r.Check(&issues[i], v.IssueContext(&issues[i])); ok {
			out = append(out, vi)
		}
	}
	return out
}

// kev reports whether the KEV scorer found the issue's vulnerability in
// the Known Exploited Vulnerabilities catalogue.
func kev(is *aspm.Issue) bool {
	if is.Score == nil {
		return false
	}
	for _, f := range is.Score.Factors {
		if f.Name == "kev" && f.Value > 0 {
			return true
		}
	}
	return false
}
