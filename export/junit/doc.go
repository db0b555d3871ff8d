// Package junit writes posture's policy outcome as JUnit XML, which CI
// systems (GitHub Actions reporters, GitLab, Jenkins, Azure Pipelines) show
// in their test tabs.
//
// # Test cases
//
// By default each policy rule is a test case that fails when it failed any
// issue; the failure lists the issues (up to 200, then a count) and
// warnings go to system-out. With [Encoder.PerIssue], each issue is a test
// case that fails when a rule failed it and is skipped when it is fixed or
// every verdict is an exception.
//
// # Safety
//
// encoding/xml escapes markup; terminal escapes and control characters
// (which XML 1.0 forbids) are removed from every string.
package junit
