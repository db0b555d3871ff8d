// Package aspmtest builds posture model values for tests in one line each,
// so that a test of your own security logic (a custom scorer, a policy, a
// bot) reads like the situation it checks:
//
//	doc := aspmtest.Doc("trivy",
//		aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
//			Severity(aspm.SeverityCritical).Manifest("pom.xml").Build(),
//		aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "config/aws.env", 3).Build(),
//	)
//
// [Inventory] puts services and teams together the same way, giving the
// business context that the graph joins to findings:
//
//	inv := aspmtest.Inventory(
//		aspmtest.Team("payments").Parent("commerce"),
//		aspmtest.Service("checkout").Owner("payments").Tier(aspm.TierCritical).
//			Exposure(aspm.ExposureInternet).Data(aspm.DataPII).Env(aspm.EnvProduction).
//			Uses("pkg:npm/lodash@4.17.15"),
//	)
//
// Builders never fail: an invalid purl gives a component without a purl, so
// tests of bad input stay possible. Every builder returns a fresh value.
package aspmtest
