// Package policytest helps users unit-test their policy rules: build an
// issue from aspmtest findings with [Issue], give it the services it
// belongs to with [Context], and state which rules it must violate with
// [Check]:
//
//	is := policytest.Issue(aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
//		Severity(aspm.SeverityCritical).Build())
//	ic := policytest.Context(aspm.Service{Name: "shop", Exposure: aspm.ExposureInternet,
//		Environments: []aspm.Environment{aspm.EnvProduction}})
//	policytest.Check(t, "policies", is, ic, map[string]aspm.VerdictResult{"critical-internet-production": aspm.VerdictFail})
//
// Rules are loaded and compiled on every call, so a broken rule fails the
// test with its file and line. Evaluation runs at the fixed time [Now]
// unless a policy.WithClock option says otherwise.
package policytest
