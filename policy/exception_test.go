package policy_test

import (
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/policy/policytest"
)

// exceptionPolicy has one rule failing every critical issue and
// exceptions of every scope; today is 2026-06-01 and "tomorrow" expires
// on 2026-06-02.
const exceptionPolicy = `
rules:
  - id: no-critical
    title: No critical issues
    expr: issue.severity == 'critical'
exceptions:
  - id: EX-tomorrow
    by: alice@example.com
    reason: upgrade scheduled in the next release
    created: 2026-05-20
    expires: 2026-06-02
    vuln: GHSA-jfh8-c2jp-5v3q
    rule: no-critical
  - id: EX-expired
    by: bob@example.com
    reason: was waiting for a vendor patch
    created: 2026-01-01
    expires: 2026-05-01
    purl: pkg:npm/minimist
    versions: ">=1.0.0, <1.2.6"
  - id: EX-stale
    by: carol@example.com
    reason: the old service is being retired
    created: 2026-05-01
    expires: 2026-12-31
    service: legacy-*
  - id: EX-vex
    by: dave@example.com
    reason: the vulnerable parser is never fed untrusted input
    created: 2026-05-01
    expires: 2026-09-01
    purl: pkg:pypi/jinja2
    versions: "<2.11.3"
    vex: not_affected
    justification: vulnerable_code_cannot_be_controlled_by_adversary
`

func exceptionIssues() []aspm.Issue {
	log4j := policytest.Issue(aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		Aliases("GHSA-jfh8-c2jp-5v3q").Severity(aspm.SeverityCritical).Build())
	minimist := policytest.Issue(aspmtest.SCA("CVE-2021-44906", "pkg:npm/minimist@1.2.0").Severity(aspm.SeverityCritical).Build())
	jinja := policytest.Issue(aspmtest.SCA("CVE-2019-10906", "pkg:pypi/jinja2@2.10").Severity(aspm.SeverityCritical).Build())
	jinjaNew := policytest.Issue(aspmtest.SCA("CVE-2024-22195", "pkg:pypi/jinja2@3.1.2").Severity(aspm.SeverityCritical).Build())
	return []aspm.Issue{log4j, minimist, jinja, jinjaNew}
}

func TestExceptions(t *testing.T) {
	p, err := policy.Load(t.Context(), fstest.MapFS{"policy.yaml": {Data: []byte(exceptionPolicy)}})
	require.NoError(t, err)
	day := func(d int) func() time.Time {
		return func() time.Time { return time.Date(2026, 6, d, 12, 0, 0, 0, time.UTC) }
	}
	tests := []struct {
		name      string
		clock     func() time.Time
		want      []aspm.VerdictResult // per issue of exceptionIssues
		exception []string
		states    map[string]policy.ExceptionStatus
		gate      aspm.Gate
	}{
		{
			name:      "today the exception expiring tomorrow suppresses",
			clock:     day(1),
			want:      []aspm.VerdictResult{aspm.VerdictExcepted, aspm.VerdictFail, aspm.VerdictExcepted, aspm.VerdictFail},
			exception: []string{"EX-tomorrow", "", "EX-vex", ""},
			states: map[string]policy.ExceptionStatus{"EX-tomorrow": policy.ExceptionActive, "EX-expired": policy.ExceptionExpired,
				"EX-stale": policy.ExceptionStale, "EX-vex": policy.ExceptionActive},
			gate: aspm.GateFail,
		},
		{
			name:      "tomorrow it has expired",
			clock:     day(2),
			want:      []aspm.VerdictResult{aspm.VerdictFail, aspm.VerdictFail, aspm.VerdictExcepted, aspm.VerdictFail},
			exception: []string{"", "", "EX-vex", ""},
			states: map[string]policy.ExceptionStatus{"EX-tomorrow": policy.ExceptionExpired, "EX-expired": policy.ExceptionExpired,
				"EX-stale": policy.ExceptionStale, "EX-vex": policy.ExceptionActive},
			gate: aspm.GateFail,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			issues := exceptionIssues()
			rep, err := policy.Evaluate(t.Context(), issues, nil, policy.WithPolicy(p), policy.WithClock(tt.clock))
			require.NoError(t, err)
			for i, is := range issues {
				require.Len(t, is.Policy, 1, is.Title)
				assert.Equal(t, tt.want[i], is.Policy[0].Result, is.Title)
				assert.Equal(t, tt.exception[i], is.Policy[0].Exception, is.Title)
			}
			states := map[string]policy.ExceptionStatus{}
			for _, e := range rep.Exceptions {
				states[e.ID] = e.Status
			}
			assert.Equal(t, tt.states, states)
			assert.Equal(t, tt.gate, rep.Gate.Result)
		})
	}
}

func TestExceptionReport(t *testing.T) {
	p, err := policy.Load(t.Context(), fstest.MapFS{"policy.yaml": {Data: []byte(exceptionPolicy)}})
	require.NoError(t, err)
	issues := exceptionIssues()
	rep, err := policy.Evaluate(t.Context(), issues, nil, policy.WithPolicy(p), policy.WithClock(clock))
	require.NoError(t, err)

	require.Len(t, rep.Stale(), 1)
	assert.Equal(t, "EX-stale", rep.Stale()[0].ID)
	require.Len(t, rep.Expired(), 1)
	expired := rep.Expired()[0]
	assert.Equal(t, "EX-expired", expired.ID)
	assert.Equal(t, []string{issues[1].ID}, expired.Issues, "an expired exception names what it would have covered")
	assert.Equal(t, "excepted by dave@example.com until 2026-09-01: the vulnerable parser is never fed untrusted input (vex not_affected, vulnerable_code_cannot_be_controlled_by_adversary)",
		issues[2].Policy[0].Message)
	assert.Equal(t, []string{"EX-tomorrow", "EX-vex"}, rep.Rules[0].Exceptions)
	assert.Equal(t, map[aspm.VerdictResult]int{"fail": 2, "warn": 0, "info": 0, "excepted": 2}, rep.Gate.Counts)
}

// TestExceptionsAlone: only excepted violations left, the gate passes.
func TestExceptionsAlone(t *testing.T) {
	p, err := policy.Load(t.Context(), fstest.MapFS{"policy.yaml": {Data: []byte(exceptionPolicy)}})
	require.NoError(t, err)
	issues := exceptionIssues()[:1]
	rep, err := policy.Evaluate(t.Context(), issues, nil, policy.WithPolicy(p), policy.WithClock(clock),
		policy.WithExceptions(policy.Exception{ID: "EX-code", By: "erin", Reason: "in code", Created: now.AddDate(0, -1, 0),
			Expires: now.AddDate(0, 1, 0), Issue: issues[0].ID}))
	require.NoError(t, err)
	assert.Equal(t, aspm.GatePass, rep.Gate.Result)
	assert.Equal(t, aspm.VerdictExcepted, issues[0].Policy[0].Result)
}

func TestExceptionValidation(t *testing.T) {
	base := func() policy.Exception {
		return policy.Exception{ID: "EX", By: "a", Reason: "r", Created: now, Expires: now.Add(time.Hour), Rule: "x"}
	}
	tests := []struct {
		name   string
		change func(*policy.Exception)
		want   string
	}{
		{"no scope", func(e *policy.Exception) { e.Rule = "" }, "an exception needs a scope"},
		{"no owner", func(e *policy.Exception) { e.By = "" }, "an exception must say who accepted the risk"},
		{"expires first", func(e *policy.Exception) { e.Expires = now.Add(-time.Hour) }, "expires before it was created"},
		{"bad range", func(e *policy.Exception) { e.PURL, e.Versions = "pkg:npm/a", "~1.2" }, `comparison "~1.2"`},
		{"versions without purl", func(e *policy.Exception) { e.Versions = "<1" }, "versions needs a purl"},
		{"bad vex", func(e *policy.Exception) { e.VEX = "maybe" }, `unknown VEX status "maybe"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := base()
			tt.change(&e)
			_, err := policy.Compile(t.Context(), []policy.Rule{{ID: "x", Expr: "true"}}, policy.WithExceptions(e))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}
