// Package sarif writes posture's issues as SARIF 2.1.0 logs that GitHub
// code scanning accepts.
//
// # Runs and rules
//
// By default there is one run per tool: an issue goes to the run of its
// first tool, so an issue several tools found appears once.
// [Encoder.MergedRun] writes a single run whose driver is posture. Rules
// are sorted by id and carry a short description, help text, tags
// (security, the kind and CWE tags in GitHub's external/cwe/cwe-N form) and
// properties.security-severity, which GitHub uses to grade alerts.
//
// # Identity
//
// Each result carries partialFingerprints[[FingerprintKey]] = the issue's
// stable id, so GitHub keeps tracking an alert across runs even when its
// line moves.
//
// # Locations
//
// GitHub requires a physical location on every result. Code issues use
// their file and region; SCA issues their manifest or lockfile; others
// (DAST, images without a path) the placeholder file [DefaultPlaceholder]
// at line 1, with the URL, resource or image as a logical location. The
// placeholder is a documented convention: alerts on it are not tied to a
// file of the repository.
//
// # Limits
//
// GitHub accepts at most 25,000 results per run and 10 MB of gzip per
// upload; split larger results before uploading.
package sarif
