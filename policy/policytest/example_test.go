package policytest_test

import (
	"testing"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/policy/policytest"
)

const starter = "../../policies/starter"

// TestStarterRules is what a user's test of their own rules looks like:
// one issue, its services, the verdicts it must get.
func TestStarterRules(t *testing.T) {
	shop := aspm.Service{Name: "shop", Exposure: aspm.ExposureInternet, Environments: []aspm.Environment{aspm.EnvProduction}}
	internal := aspm.Service{Name: "ledger", Exposure: aspm.ExposureInternal, Environments: []aspm.Environment{aspm.EnvProduction}}
	log4shell := aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Severity(aspm.SeverityCritical)

	tests := []struct {
		name    string
		issue   aspm.Issue
		service aspm.Service
		want    map[string]aspm.VerdictResult
	}{
		{"critical in the shop", policytest.Issue(log4shell.Build()), shop,
			map[string]aspm.VerdictResult{"critical-internet-production": aspm.VerdictFail, "new-critical": aspm.VerdictFail}},
		{"critical inside", policytest.Issue(log4shell.Build()), internal,
			map[string]aspm.VerdictResult{"new-critical": aspm.VerdictFail}},
		{"medium XSS", policytest.Issue(aspmtest.SAST("xss", "web/a.js", 3).CWE(79).Build()), shop, nil},
		{"high XSS", policytest.Issue(aspmtest.SAST("xss", "web/a.js", 3).CWE(79).Severity(aspm.SeverityHigh).Build()), shop,
			map[string]aspm.VerdictResult{"injection-production": aspm.VerdictFail}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			policytest.Check(t, starter, tt.issue, policytest.Context(tt.service), tt.want)
		})
	}
}

// A failing Check names the issue and both sets of verdicts.
func TestCheckReports(t *testing.T) {
	ft := &fakeT{T: t}
	policytest.Check(ft, starter, policytest.Issue(aspmtest.Secret("s3cr3t-value", "a.env", 1).Build()), policytest.Context(), nil)
	if !ft.failed {
		t.Fatal("Check passed a leaked secret with no verdicts expected")
	}
}

type fakeT struct {
	*testing.T
	failed bool
}

func (f *fakeT) Errorf(string, ...any) { f.failed = true }
