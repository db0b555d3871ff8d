package policy_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/policy/policytest"
)

// TestEvaluateErrorsNeverPass: a rule that fails at run time (a missing
// map key, the cost limit reached on data bigger than the estimate
// assumed) fails the gate, and Evaluate returns the error with the
// report; the passing rules' verdicts are still there.
func TestEvaluateErrorsNeverPass(t *testing.T) {
	big := policytest.Issue(aspmtest.SAST("r", "a.go", 1).Build())
	for i := range 1000 {
		big.CWEs = append(big.CWEs, i+1)
	}
	tests := []struct {
		name  string
		rule  policy.Rule
		limit uint64
		want  string
	}{
		{"missing key", policy.Rule{ID: "epss-key", Severity: policy.SeverityWarn, Expr: "issue.factors['epss'] > 0.5"}, 0, "no such key: epss"},
		{"cost limit", policy.Rule{ID: "pairs", Severity: policy.SeverityInfo, Expr: "issue.cwes.exists(a, issue.cwes.exists(b, a + b == -1))"}, 0, "operation cancelled: actual cost limit exceeded"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			opts := []policy.Option{}
			if tt.limit > 0 {
				opts = append(opts, policy.WithCostLimit(tt.limit))
			}
			p, err := policy.Compile(t.Context(), []policy.Rule{tt.rule, {ID: "always", Severity: policy.SeverityWarn, Expr: "true"}}, opts...)
			require.NoError(t, err)
			issues := []aspm.Issue{big}
			rep, err := policy.Evaluate(t.Context(), issues, nil, append(opts, policy.WithPolicy(p), policy.WithClock(clock))...)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var ee *policy.EvalError
			require.True(t, errors.As(err, &ee))
			assert.Equal(t, tt.rule.ID, ee.Rule)
			assert.Equal(t, big.ID, ee.Issue)
			require.NotNil(t, rep)
			assert.Equal(t, aspm.GateFail, rep.Gate.Result, "only warn and info rules, yet an error fails the gate")
			assert.Equal(t, 1, rep.Gate.Errors)
			assert.Len(t, rep.Rules[0].Errors, 1)
			assert.Equal(t, []aspm.Verdict{{Rule: "always", Result: aspm.VerdictWarn}}, issues[0].Policy)
		})
	}
}

func TestEvaluateScope(t *testing.T) {
	rules := []policy.Rule{
		{ID: "pay-only", Expr: "true", Scope: policy.Scope{Services: []string{"pay*"}}},
		{ID: "prod-sast", Expr: "true", Scope: policy.Scope{Environments: []string{"production"}, Kinds: []string{"sast"}}},
		{ID: "team", Expr: "true", Scope: policy.Scope{Teams: []string{"labs"}}},
	}
	p, err := policy.Compile(t.Context(), rules)
	require.NoError(t, err)
	issues := []aspm.Issue{policytest.Issue(aspmtest.SAST("r", "a.go", 1).Build())}
	ic := policytest.Context(aspm.Service{Name: "payments", Owners: []string{"core"}, Environments: []aspm.Environment{aspm.EnvProduction}})
	_, err = policy.Evaluate(t.Context(), issues, policytest.View(ic), policy.WithPolicy(p))
	require.NoError(t, err)
	var got []string
	for _, v := range issues[0].Policy {
		got = append(got, v.Rule)
	}
	assert.Equal(t, []string{"pay-only", "prod-sast"}, got)
}

func TestEvaluateNeedsPolicy(t *testing.T) {
	_, err := policy.Evaluate(t.Context(), nil, nil)
	assert.ErrorIs(t, err, policy.ErrNoPolicy)
}

func TestEvaluateCancelled(t *testing.T) {
	p, err := policy.Compile(t.Context(), []policy.Rule{{ID: "a", Expr: "true"}})
	require.NoError(t, err)
	ctx, cancel := contextWithCancel(t)
	cancel()
	_, err = policy.Evaluate(ctx, []aspm.Issue{policytest.Issue(aspmtest.SAST("r", "a.go", 1).Build())}, nil, policy.WithPolicy(p))
	assert.Error(t, err)
}

// TestInputEnvironment pins the values rules see.
func TestInputEnvironment(t *testing.T) {
	f := aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Aliases("GHSA-jfh8-c2jp-5v3q").
		Severity(aspm.SeverityCritical).Fixed("2.15.0").CWE(502, 917).Reachability(aspm.ReachPackage).Tool("trivy").Build()
	is := policytest.Issue(f)
	is.Score = &aspm.Score{Value: 91, Factors: []aspm.Factor{{Name: "kev", Value: 1}, {Name: "epss", Value: 0.97}}}
	is.FirstSeen, is.SLADue, is.Priority = now.AddDate(0, 0, -10), now.AddDate(0, 0, 3), "P0"
	ic := policytest.Context(aspm.Service{Name: "shop", Tier: aspm.TierCritical, Exposure: aspm.ExposureInternet, Owners: []string{"web"},
		Environments: []aspm.Environment{"prod-eu"}, DataClasses: []aspm.DataClass{aspm.DataPII}, Controls: []aspm.Control{aspm.ControlWAF}})
	in := policy.NewInput(&is, ic, policy.ScanInput{}, now)
	assert.Equal(t, "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", in.Issue.Component)
	assert.Equal(t, "org.apache.logging.log4j:log4j-core", in.Issue.Package)
	assert.Equal(t, "2.14.1", in.Issue.Version)
	assert.Equal(t, []string{"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}, in.Issue.Vulns)
	assert.Equal(t, []string{"A03", "A08"}, in.Issue.OWASP)
	assert.Equal(t, int64(5), in.Issue.SeverityRank)
	assert.True(t, in.Issue.KEV)
	assert.InDelta(t, 0.97, in.Issue.EPSS, 1e-9)
	assert.Equal(t, int64(10), in.Issue.AgeDays)
	assert.False(t, in.Issue.SLAOverdue)
	assert.Equal(t, int64(3), in.Issue.SLADaysLeft)
	assert.Equal(t, "package", in.Issue.Reachability)
	assert.Equal(t, []string{"shop"}, in.Issue.Services)
	assert.Equal(t, []string{"web"}, in.Issue.Owners)
	assert.True(t, in.InternetFacing)
	assert.True(t, in.Production)
	assert.Equal(t, []string{"pii"}, in.DataClasses)
	require.Len(t, in.Services, 1)
	assert.Equal(t, policy.ServiceInput{Name: "shop", Tier: "critical", TierRank: 4, DataClasses: []string{"pii"}, Exposure: "internet",
		Environments: []string{"prod-eu"}, Controls: []string{"waf"}, Owners: []string{"web"}, Production: true}, in.Services[0])

	// Every documented name type-checks.
	exprs := []string{
		"issue.id != '' && issue.kind == 'sca' && issue.title != '' && issue.severity == 'critical' && issue.severity_rank == 5",
		"'CVE-2021-44228' in issue.vulns && 917 in issue.cwes && 'A03' in issue.owasp && size(issue.rules) == 1",
		"issue.component.startsWith('pkg:maven/') && issue.type == 'maven' && issue.package != '' && issue.version == '2.14.1'",
		"'2.15.0' in issue.fixed_versions && 'trivy' in issue.tools && issue.status == 'new' && issue.triage == '' && issue.vex == ''",
		"issue.score > 90.0 && issue.priority == 'P0' && issue.age_days == 10 && !issue.sla_overdue && issue.sla_days_left == 3",
		"issue.kev && issue.epss > 0.9 && issue.factors['kev'] == 1.0 && 'epss' in issue.factors && issue.reachability == 'package'",
		"size(issue.files) == 0 && size(issue.urls) == 0 && size(issue.resources) == 0 && !issue.secret_verified",
		"'web' in issue.owners && 'shop' in issue.service_names",
		"services.exists(s, s.name == 'shop' && s.tier == 'critical' && s.tier_rank == 4 && 'pii' in s.data_classes && s.exposure == 'internet' && 'prod-eu' in s.environments && 'waf' in s.controls && 'web' in s.owners && s.business_unit == '' && s.production)",
		"internet_facing && production && 'pii' in data_classes",
		"has(issue.title) && !has(issue.triage) && services.all(s, has(s.name)) && issue.vulns == issue.vulns",
		"scan.time == '2026-06-01T12:00:00Z' && scan.unix > 0 && 'trivy' in scan.tools",
	}
	var rules []policy.Rule
	for i, e := range exprs {
		rules = append(rules, policy.Rule{ID: string(rune('a' + i)), Expr: e})
	}
	p, err := policy.Compile(t.Context(), rules)
	require.NoError(t, err)
	issues := []aspm.Issue{is}
	rep, err := policy.Evaluate(t.Context(), issues, policytest.View(ic), policy.WithPolicy(p), policy.WithClock(clock))
	require.NoError(t, err)
	for _, r := range rep.Rules {
		assert.Equal(t, []string{is.ID}, r.Violations, "rule %s: %s", r.Rule, exprs[r.Rule[0]-'a'])
	}
}

// TestEvaluateWorkersSameReport: the report and the verdicts do not depend
// on the number of workers.
func TestEvaluateWorkersSameReport(t *testing.T) {
	p, err := policy.Compile(t.Context(), benchRules(t))
	require.NoError(t, err)
	view := policytest.View(policytest.Context(aspm.Service{Name: "shop", Tier: aspm.TierCritical, Exposure: aspm.ExposureInternet,
		Environments: []aspm.Environment{aspm.EnvProduction}, DataClasses: []aspm.DataClass{aspm.DataPII}}))
	one, three := benchIssues(5000), benchIssues(5000)
	r1, err := policy.Evaluate(t.Context(), one, view, policy.WithPolicy(p), policy.WithClock(clock), policy.WithWorkers(1))
	require.NoError(t, err)
	r3, err := policy.Evaluate(t.Context(), three, view, policy.WithPolicy(p), policy.WithClock(clock), policy.WithWorkers(3))
	require.NoError(t, err)
	assert.Equal(t, r1, r3)
	for i := range one {
		require.Equal(t, one[i].Policy, three[i].Policy)
	}
	assert.Positive(t, r1.Gate.Counts[aspm.VerdictFail])
}

func TestEvaluateSkipsFixed(t *testing.T) {
	p, err := policy.Compile(t.Context(), []policy.Rule{{ID: "all", Expr: "true"}})
	require.NoError(t, err)
	gone := policytest.Issue(aspmtest.SAST("r", "a.go", 1).Build())
	gone.Status = aspm.LifecycleFixed
	gone.Policy = []aspm.Verdict{{Rule: "old", Result: aspm.VerdictFail}}
	issues := []aspm.Issue{gone}
	rep, err := policy.Evaluate(t.Context(), issues, nil, policy.WithPolicy(p))
	require.NoError(t, err)
	assert.Empty(t, issues[0].Policy)
	assert.Equal(t, aspm.GatePass, rep.Gate.Result)
}
