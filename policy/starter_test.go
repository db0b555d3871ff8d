package policy_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/policy/policytest"
)

const starter = "../policies/starter"

var now = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func clock() time.Time { return now }

// fixtureGraph is a small inventory: checkout (internet, production),
// reports (internal, production) and sandbox (internet, staging). SCA
// issues reach services through inventory components, other issues
// through the scan files (aspmtest.Doc names them "<tool>.json").
func fixtureGraph(t *testing.T) graph.View {
	t.Helper()
	g := graph.New()
	require.NoError(t, g.AddInventory(&aspm.Inventory{
		File:  "inventory.yaml",
		Teams: []aspm.Team{{Name: "payments"}, {Name: "data"}, {Name: "labs"}},
		Services: []aspm.Service{
			{Name: "checkout", Owners: []string{"payments"}, Tier: aspm.TierCritical, Exposure: aspm.ExposureInternet,
				Environments: []aspm.Environment{aspm.EnvProduction}, DataClasses: []aspm.DataClass{aspm.DataPCI},
				Components: []aspm.PURL{aspm.MustParsePURL("pkg:npm/lodash@4.17.20"), aspm.MustParsePURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")},
				Scans:      []string{"semgrep.json", "zap.json", "trufflehog.json"}},
			{Name: "reports", Owners: []string{"data"}, Tier: aspm.TierMedium, Exposure: aspm.ExposureInternal,
				Environments: []aspm.Environment{aspm.EnvProduction},
				Components:   []aspm.PURL{aspm.MustParsePURL("pkg:pypi/jinja2@2.10")},
				Scans:        []string{"bandit.json"}},
			{Name: "sandbox", Owners: []string{"labs"}, Tier: aspm.TierLow, Exposure: aspm.ExposureInternet,
				Environments: []aspm.Environment{aspm.EnvStaging},
				Components:   []aspm.PURL{aspm.MustParsePURL("pkg:npm/minimist@1.2.0")},
				Scans:        []string{"gitleaks.json"}},
		},
	}))
	return g
}

// fromDoc makes an issue of a document's findings, so that they carry the
// document's provenance.
func fromDoc(d *aspm.Document) aspm.Issue { return policytest.Issue(d.Findings...) }

func kevScore(kev bool) *aspm.Score {
	v := 0.0
	if kev {
		v = 1
	}
	return &aspm.Score{Value: 50, Factors: []aspm.Factor{{Name: "kev", Value: v}, {Name: "epss", Value: 0.4}}}
}

// fixtures returns the fixture issues with the verdicts computed by hand
// from the starter rules.
func fixtures() ([]aspm.Issue, []map[string]aspm.VerdictResult) {
	type fx struct {
		is   aspm.Issue
		want map[string]aspm.VerdictResult
	}
	F, W, I := aspm.VerdictFail, aspm.VerdictWarn, aspm.VerdictInfo
	var all []fx
	add := func(is aspm.Issue, want map[string]aspm.VerdictResult) { all = append(all, fx{is, want}) }

	// 1. log4shell in checkout: critical, KEV, internet, production, new,
	// fix available but first seen today; the function is reachable.
	log4j := fromDoc(aspmtest.Doc("trivy", aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		Aliases("GHSA-jfh8-c2jp-5v3q").Severity(aspm.SeverityCritical).Fixed("2.15.0").Reachability(aspm.ReachFunction).Build()))
	log4j.Score = kevScore(true)
	log4j.FirstSeen = now
	add(log4j, map[string]aspm.VerdictResult{"critical-internet-production": F, "new-critical": F, "reachable-vulnerability": I})

	// 2. lodash in checkout: high, not KEV, fix available, seen 45 days
	// ago, unchanged: only the 30-day rule.
	lodash := fromDoc(aspmtest.Doc("grype", aspmtest.SCA("CVE-2021-23337", "pkg:npm/lodash@4.17.20").Fixed("4.17.21").Build()))
	lodash.Score = kevScore(false)
	lodash.FirstSeen, lodash.Status = now.AddDate(0, 0, -45), aspm.LifecycleUnchanged
	add(lodash, map[string]aspm.VerdictResult{"fix-available-30-days": F})

	// 3. minimist in sandbox: critical but staging; SLA overdue; new.
	minimist := fromDoc(aspmtest.Doc("grype", aspmtest.SCA("CVE-2021-44906", "pkg:npm/minimist@1.2.0").Severity(aspm.SeverityCritical).Build()))
	minimist.SLADue = now.Add(-48 * time.Hour)
	add(minimist, map[string]aspm.VerdictResult{"new-critical": F, "sla-overdue": F})

	// 4. SQL injection in checkout code, high: production.
	sqli := fromDoc(aspmtest.Doc("semgrep", aspmtest.SAST("python.sqli", "app/db.py", 10).CWE(89).Severity(aspm.SeverityHigh).Build()))
	sqli.Status = aspm.LifecycleUnchanged
	add(sqli, map[string]aspm.VerdictResult{"injection-production": F})

	// 5. Medium XSS in reports code: below the severity bar.
	xss := fromDoc(aspmtest.Doc("bandit", aspmtest.SAST("xss", "web/view.py", 3).CWE(79).Build()))
	add(xss, map[string]aspm.VerdictResult{})

	// 6. Verified secret in checkout; 7. unverified secret in sandbox.
	verified := aspmtest.Secret("AKIAABCDEFGHIJKLMNOP", "config/prod.env", 2).Build()
	verified.Secret.Verified = true
	add(fromDoc(aspmtest.Doc("trufflehog", verified)), map[string]aspm.VerdictResult{"verified-secret": F})
	add(fromDoc(aspmtest.Doc("gitleaks", aspmtest.Secret("hunter2hunter2", "notes.txt", 1).Build())), map[string]aspm.VerdictResult{"leaked-secret": F})

	// 8. Public S3 bucket (no service: unowned too).
	s3 := fromDoc(aspmtest.Doc("checkov", aspmtest.IaC("CKV_AWS_20", "aws_s3_bucket.logs", "infra/s3.tf").
		Title("S3 bucket allows public read access").Severity(aspm.SeverityHigh).Build()))
	add(s3, map[string]aspm.VerdictResult{"iac-public-exposure": F, "unowned-issue": W})

	// 9. High DAST finding in checkout.
	dast := fromDoc(aspmtest.Doc("zap", aspmtest.DAST("40012", "GET", "https://shop.example/search", "q").CWE(79).Severity(aspm.SeverityHigh).Build()))
	dast.Status = aspm.LifecycleUnchanged
	add(dast, map[string]aspm.VerdictResult{"dast-high": F})

	// 10. Licence issue in checkout's dependency: warn only.
	lic := fromDoc(aspmtest.Doc("grype", aspmtest.SCA("GPL-3.0", "pkg:npm/lodash@4.17.20").Kind(aspm.KindLicense).Severity(aspm.SeverityLow).Build()))
	add(lic, map[string]aspm.VerdictResult{"licence-issue": W})

	// 11. Jinja2 in reports: internal production, critical but old and
	// unchanged, no fix given: nothing.
	jinja := fromDoc(aspmtest.Doc("pip-audit", aspmtest.SCA("CVE-2019-10906", "pkg:pypi/jinja2@2.10").Severity(aspm.SeverityCritical).Build()))
	jinja.Status = aspm.LifecycleUnchanged
	add(jinja, map[string]aspm.VerdictResult{})

	issues := make([]aspm.Issue, len(all))
	wants := make([]map[string]aspm.VerdictResult, len(all))
	for i, f := range all {
		issues[i], wants[i] = f.is, f.want
	}
	return issues, wants
}

func TestStarterPack(t *testing.T) {
	p, err := policy.LoadPath(t.Context(), starter)
	require.NoError(t, err)
	require.Len(t, p.Rules(), 12)
	issues, wants := fixtures()
	rep, err := policy.Evaluate(t.Context(), issues, fixtureGraph(t), policy.WithPolicy(p), policy.WithClock(clock))
	require.NoError(t, err)
	for i, is := range issues {
		got := map[string]aspm.VerdictResult{}
		for _, v := range is.Policy {
			got[v.Rule] = v.Result
		}
		assert.Equal(t, wants[i], got, "issue %d: %s %s", i+1, is.Kind, is.Title)
	}
	assert.Equal(t, aspm.GateFail, rep.Gate.Result)
	assert.Equal(t, map[aspm.VerdictResult]int{"fail": 10, "warn": 2, "info": 1, "excepted": 0}, rep.Gate.Counts)
	assert.Zero(t, rep.Gate.Errors)

	ctl, ok := rep.Compliance.Control("owasp:A03")
	require.True(t, ok)
	assert.Equal(t, policy.ControlFail, ctl.Status)
	assert.Equal(t, []string{"injection-production"}, ctl.Rules)
	assert.Equal(t, []string{issues[3].ID}, ctl.Failing)
	ctl, _ = rep.Compliance.Control("nist-ssdf:PO.2.1")
	assert.Equal(t, policy.ControlPass, ctl.Status, "a warn rule does not fail its control")
	assert.Equal(t, []string{issues[7].ID}, ctl.Warnings)
	ctl, _ = rep.Compliance.Control("nist-ssdf:RV.1.1")
	assert.Equal(t, policy.ControlNotCovered, ctl.Status)
}

// TestStarterPackPasses: with the failing issues fixed or accepted, only
// warnings and infos remain and the gate passes.
func TestStarterPackPasses(t *testing.T) {
	p, err := policy.LoadPath(t.Context(), starter)
	require.NoError(t, err)
	issues, _ := fixtures()
	var kept []aspm.Issue
	for _, i := range []int{4, 9, 10} { // xss (nothing), licence (warn), jinja (nothing)
		kept = append(kept, issues[i])
	}
	rep, err := policy.Evaluate(t.Context(), kept, fixtureGraph(t), policy.WithPolicy(p), policy.WithClock(clock))
	require.NoError(t, err)
	assert.Equal(t, aspm.GatePass, rep.Gate.Result)
	assert.Equal(t, 1, rep.Gate.Counts[aspm.VerdictWarn])
}

func TestStarterPackFilesHaveTags(t *testing.T) {
	p, err := policy.Load(t.Context(), os.DirFS(starter))
	require.NoError(t, err)
	for _, r := range p.Rules() {
		assert.NotEmpty(t, r.Tags, r.ID)
		assert.NotEmpty(t, r.Title, r.ID)
		assert.NotEmpty(t, r.Description, r.ID)
	}
}
