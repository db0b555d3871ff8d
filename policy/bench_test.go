package policy_test

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/policy/policytest"
)

// benchRules returns the starter pack plus generated rules, 50 in all, of
// the shapes real rules have: comparisons, list membership, comprehensions,
// string functions, service lookups.
func benchRules(t testing.TB) []policy.Rule {
	p, err := policy.LoadPath(t.Context(), starter)
	require.NoError(t, err)
	rules := p.Rules()
	kinds := []string{"sca", "container", "sast", "iac", "secret", "dast"}
	for i := 0; len(rules) < 50; i++ {
		k := kinds[i%len(kinds)]
		var e string
		switch i % 5 {
		case 0:
			e = fmt.Sprintf("issue.kind == '%s' && issue.severity_rank >= %d && production", k, 2+i%4)
		case 1:
			e = fmt.Sprintf("issue.cwes.exists(c, c in [%d, %d, %d]) && issue.kind == '%s'", 20+i, 79, 89+i, k)
		case 2:
			e = fmt.Sprintf("services.exists(s, s.tier == 'critical' && 'pii' in s.data_classes) && issue.score > %d.0", 40+i)
		case 3:
			e = fmt.Sprintf("issue.files.exists(f, f.startsWith('src/') && f.endsWith('.go')) && issue.title.contains('%d')", i)
		case 4:
			e = fmt.Sprintf("issue.kind == '%s' && size(issue.fixed_versions) > 0 && issue.age_days > %d && !('waf' in services.map(s, s.controls).flatten())", k, i)
		}
		rules = append(rules, policy.Rule{ID: "gen-" + strconv.Itoa(i), Severity: policy.SeverityWarn, Expr: e})
	}
	return rules
}

func benchIssues(n int) []aspm.Issue {
	issues := make([]aspm.Issue, n)
	sev := aspm.Severities()
	for i := range issues {
		var f aspm.Finding
		switch i % 4 {
		case 0:
			f = aspmtest.SCA("CVE-2026-"+strconv.Itoa(10000+i), "pkg:npm/p"+strconv.Itoa(i%500)+"@1.0."+strconv.Itoa(i%7)).Fixed("2.0.0").Build()
		case 1:
			f = aspmtest.SAST("rule-"+strconv.Itoa(i%90), "src/pkg"+strconv.Itoa(i%40)+"/f.go", i%300+1).CWE(79, 20+i%90).Build()
		case 2:
			f = aspmtest.IaC("CKV_"+strconv.Itoa(i%60), "aws_s3_bucket.b"+strconv.Itoa(i), "infra/main.tf").Build()
		case 3:
			f = aspmtest.Secret("secret-"+strconv.Itoa(i), "config/"+strconv.Itoa(i)+".env", 1).Build()
		}
		f.Severity = sev[i%len(sev)]
		is := policytest.Issue(f)
		is.Title = "issue " + strconv.Itoa(i)
		is.Score = &aspm.Score{Value: float64(i % 100), Factors: []aspm.Factor{{Name: "kev", Value: float64(i % 2)}, {Name: "epss", Value: 0.1}}}
		is.FirstSeen = now.Add(-time.Duration(i%90) * 24 * time.Hour)
		issues[i] = is
	}
	return issues
}

// BenchmarkEvaluate: 50 rules over 100,000 issues in one Evaluate call.
func BenchmarkEvaluate(b *testing.B) {
	p, err := policy.Compile(b.Context(), benchRules(b))
	require.NoError(b, err)
	require.Len(b, p.Rules(), 50)
	issues := benchIssues(benchN)
	view := policytest.View(policytest.Context(aspm.Service{Name: "shop", Tier: aspm.TierCritical, Exposure: aspm.ExposureInternet,
		Environments: []aspm.Environment{aspm.EnvProduction}, DataClasses: []aspm.DataClass{aspm.DataPII}, Controls: []aspm.Control{aspm.ControlRASP}}))
	b.ReportAllocs()
	cpu0, n := cpuTime(), 0
	for b.Loop() {
		rep, err := policy.Evaluate(b.Context(), issues, view, policy.WithPolicy(p), policy.WithClock(clock))
		if err != nil || rep.Gate.Errors > 0 {
			b.Fatal(err)
		}
		n++
	}
	if cpu := cpuTime() - cpu0; cpu > 0 {
		b.ReportMetric(cpu.Seconds()/float64(n), "cpu-s/op")
	}
}

const benchN = 100_000
