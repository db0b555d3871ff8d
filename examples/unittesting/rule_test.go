package main

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/policy/policytest"
)

// Each case is one situation in one line: an issue built from aspmtest
// findings, the services it lives in built with the inventory builders,
// and whether it is stale. The Go rule and the policy file must both say
// so.
func TestStaleExposedRisk(t *testing.T) {
	shop := aspmtest.Service("shop").Tier(aspm.TierCritical).Exposure(aspm.ExposureInternet).Env(aspm.EnvProduction)
	ledger := aspmtest.Service("ledger").Tier(aspm.TierCritical).Exposure(aspm.ExposureInternal).Env(aspm.EnvProduction)
	blog := aspmtest.Service("blog").Tier(aspm.TierLow).Exposure(aspm.ExposureInternet)
	log4shell := aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Severity(aspm.SeverityCritical)
	lodash := aspmtest.SCA("CVE-2020-8203", "pkg:npm/lodash@4.17.15") // high
	openssl := aspmtest.Container("CVE-2024-0727", "pkg:deb/debian/libssl3@3.0.11", "shop:1.4").Severity(aspm.SeverityCritical)
	sqli := aspmtest.SAST("sql-injection", "app/db.py", 12).Severity(aspm.SeverityCritical)

	tests := []struct {
		name     string
		issue    aspm.Issue
		services []aspm.Service
		stale    bool
	}{
		{"critical for 45 days in the shop", aged(issue(log4shell), 45), svc(shop), true},
		{"critical for 31 days", aged(issue(log4shell), 31), svc(shop), true},
		{"critical for 30 days", aged(issue(log4shell), 30), svc(shop), false},
		{"critical and new", issue(log4shell), svc(shop), false},
		{"high and known exploited", exploited(aged(issue(lodash), 45)), svc(shop), true},
		{"high, not known exploited", aged(issue(lodash), 45), svc(shop), false},
		{"critical image package", aged(issue(openssl), 60), svc(shop), true},
		{"critical code finding", aged(issue(sqli), 60), svc(shop), false},
		{"fixed", fixed(aged(issue(log4shell), 45)), svc(shop), false},
		{"internal service", aged(issue(log4shell), 45), svc(ledger), false},
		{"low-tier service", aged(issue(log4shell), 45), svc(blog), false},
		{"no service", aged(issue(log4shell), 45), nil, false},
		{"one urgent service of three", aged(issue(log4shell), 45), svc(blog, ledger, shop), true},
	}
	rule := StaleExposedRisk{MaxAgeDays: maxAgeDays, Now: policytest.Now()}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ic := policytest.Context(tt.services...)

			v, stale := rule.Check(&tt.issue, ic)
			assert.Equal(t, tt.stale, stale, "Go rule")
			if stale {
				assert.Equal(t, []string{"shop"}, v.Services)
			}

			var want map[string]aspm.VerdictResult
			if tt.stale {
				want = map[string]aspm.VerdictResult{ruleID: aspm.VerdictFail}
			}
			policytest.Check(t, "policies", tt.issue, ic, want)
		})
	}
}

// The rule on a whole pipeline run, inventory and scanner output built
// in-process: a first run is the baseline, a second run 45 days later
// finds the same issues again, and only log4shell in the shop is stale.
func TestStaleExposedRiskPipeline(t *testing.T) {
	inv := aspmtest.Inventory(
		aspmtest.Team("web").Parent("commerce"),
		aspmtest.Service("shop").Owner("web").Tier(aspm.TierCritical).Exposure(aspm.ExposureInternet).
			Env(aspm.EnvProduction).Uses("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
		aspmtest.Service("reports").Owner("data").Tier(aspm.TierLow).Exposure(aspm.ExposureNone).
			Uses("pkg:npm/lodash@4.17.15"),
	)
	docs := []*aspm.Document{aspmtest.Doc("trivy",
		aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Severity(aspm.SeverityCritical).Build(),
		aspmtest.SCA("CVE-2020-8203", "pkg:npm/lodash@4.17.15").Severity(aspm.SeverityCritical).Build(),
	)}
	pol, err := policy.LoadPath(t.Context(), "policies")
	require.NoError(t, err)

	t0 := time.Date(2026, 9, 1, 8, 0, 0, 0, time.UTC)
	scan := func(now time.Time, baseline *aspm.Result) *posture.Run {
		run, err := posture.New(posture.WithInventory(inv), posture.WithPolicy(pol), posture.WithBaseline(baseline),
			posture.WithClock(func() time.Time { return now })).RunDocuments(t.Context(), docs)
		require.NoError(t, err)
		return run
	}

	tests := []struct {
		name  string
		days  int
		stale []string
	}{
		{"next day", 1, nil},
		{"45 days later", 45, []string{"CVE-2021-44228"}},
	}
	first := scan(t0, nil)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			now := t0.AddDate(0, 0, tt.days)
			run := scan(now, first.Result)
			vs := StaleExposedRisk{MaxAgeDays: maxAgeDays, Now: now}.Violations(run.Result.Issues, run.Graph)
			var got, failed []string
			for _, v := range vs {
				got = append(got, v.Issue.Vulns[0])
				assert.Equal(t, tt.days, v.AgeDays)
				assert.Equal(t, []string{"shop"}, v.Services)
			}
			for _, is := range run.Result.Issues {
				if verdict(&is) == aspm.VerdictFail {
					failed = append(failed, is.Vulns[0])
				}
			}
			assert.Equal(t, tt.stale, got, "Go rule")
			assert.Equal(t, tt.stale, failed, "policy")
		})
	}
}

// svc builds the services an issue lives in.
func svc(bs ...*aspmtest.ServiceBuilder) []aspm.Service {
	out := make([]aspm.Service, len(bs))
	for i, b := range bs {
		out[i] = b.Build()
	}
	return out
}

func issue(b *aspmtest.FindingBuilder) aspm.Issue { return policytest.Issue(b.Build()) }

// aged makes an issue first seen days before policytest.Now.
func aged(is aspm.Issue, days int) aspm.Issue {
	is.FirstSeen = policytest.Now().AddDate(0, 0, -days)
	return is
}

// exploited gives an issue the score factor of a vulnerability in the KEV
// catalogue.
func exploited(is aspm.Issue) aspm.Issue {
	is.Score = &aspm.Score{Value: 0.2, Factors: []aspm.Factor{{Name: "kev", Value: 1, Weight: 0.2, Contribution: 0.2}}}
	return is
}

func fixed(is aspm.Issue) aspm.Issue {
	is.Status = aspm.LifecycleFixed
	return is
}
