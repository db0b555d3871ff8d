package policy_test

import (
	"context"
	"fmt"
	"testing/fstest"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/policy"
	"github.com/posturekit/posture/policy/policytest"
)

const examplePolicy = `
rules:
  - id: no-critical-internet
    title: No critical vulnerabilities in internet-facing services
    severity: fail
    expr: issue.severity == 'critical' && internet_facing
    tags: [nist-ssdf:RV.2.2, iso27001:8.8]
  - id: sqli
    title: No SQL injection
    severity: warn
    expr: 89 in issue.cwes
    tags: [owasp:A03]
exceptions:
  - id: RISK-42
    by: alice@example.com
    reason: patched in the next release
    created: 2026-05-20
    expires: 2026-06-15
    vuln: GHSA-jfh8-c2jp-5v3q
`

func ExampleEvaluate() {
	ctx := context.Background()
	p, err := policy.Load(ctx, fstest.MapFS{"policy.yaml": {Data: []byte(examplePolicy)}})
	if err != nil {
		fmt.Println(err)
		return
	}
	g := graph.New()
	_ = g.AddInventory(&aspm.Inventory{Services: []aspm.Service{{
		Name: "shop", Exposure: aspm.ExposureInternet, Environments: []aspm.Environment{aspm.EnvProduction},
		Components: []aspm.PURL{aspm.MustParsePURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")},
	}}})
	issues := []aspm.Issue{
		policytest.Issue(aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
			Aliases("GHSA-jfh8-c2jp-5v3q").Severity(aspm.SeverityCritical).Build()),
		policytest.Issue(aspmtest.SAST("java.sqli", "src/Dao.java", 42).CWE(89).Build()),
	}
	for _, day := range []int{1, 15} {
		now := time.Date(2026, 6, day, 9, 0, 0, 0, time.UTC)
		rep, err := policy.Evaluate(ctx, issues, g, policy.WithPolicy(p), policy.WithClock(func() time.Time { return now }))
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(now.Format(time.DateOnly), "gate:", rep.Gate.Result)
		for _, is := range issues {
			for _, v := range is.Policy {
				fmt.Printf("  %s %s: %s", is.Kind, v.Rule, v.Result)
				if v.Exception != "" {
					fmt.Print(" by ", v.Exception)
				}
				fmt.Println()
			}
		}
		for _, e := range rep.Exceptions {
			fmt.Println("  exception", e.ID, e.Status)
		}
		ctl, _ := rep.Compliance.Control("iso27001:8.8")
		fmt.Println("  iso27001:8.8", ctl.Status, ctl.Rules)
	}
	// Output:
	// 2026-06-01 gate: pass
	//   sca no-critical-internet: excepted by RISK-42
	//   sast sqli: warn
	//   exception RISK-42 active
	//   iso27001:8.8 pass [no-critical-internet]
	// 2026-06-15 gate: fail
	//   sca no-critical-internet: fail
	//   sast sqli: warn
	//   exception RISK-42 expired
	//   iso27001:8.8 fail [no-critical-internet]
}

func ExampleLoad() {
	_, err := policy.Load(context.Background(), fstest.MapFS{"rules/vulns.yaml": {Data: []byte(`
rules:
  - id: kev
    expr: issue.kev && issue.cvss >= 9.0
  - id: typo
    expr: issue.kev
    severty: fail
`)}})
	fmt.Println(err)
	// Output:
	// policy: rules/vulns.yaml:7:5: typo: severty: unknown field
	// policy: rules/vulns.yaml:4:29: kev: expr: ERROR: expr:1:19: undefined field 'cvss'
	//  | issue.kev && issue.cvss >= 9.0
	//  | ..................^
}

func ExampleCompile() {
	p, err := policy.Compile(context.Background(), []policy.Rule{{
		ID: "no-secrets", Title: "No secrets", Severity: policy.SeverityFail, Expr: "issue.kind == 'secret'",
		Tags: []string{"nist-ssdf:PS.1.1"},
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	issues := []aspm.Issue{policytest.Issue(aspmtest.Secret("hunter2", ".env", 1).Build())}
	rep, err := policy.Evaluate(context.Background(), issues, graph.Nop(), policy.WithPolicy(p))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rep.Gate.Result, rep.Gate.Counts[aspm.VerdictFail], issues[0].Policy[0].Rule)
	// Output:
	// fail 1 no-secrets
}

func ExampleOWASPCategory() {
	for _, cwe := range []int{79, 89, 502, 918} {
		fmt.Println(cwe, policy.OWASPCategory(cwe))
	}
	// Output:
	// 79 A03
	// 89 A03
	// 502 A08
	// 918 A10
}
