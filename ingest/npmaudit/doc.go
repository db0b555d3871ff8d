// Package npmaudit reads the JSON that `npm audit --json` writes, in its two
// wire formats: the report of npm 6 ([FormatV6], "npm-audit-v6"), which is
// also what the npm registry's audit endpoint returns and what yarn berry 2
// and 3 print for `yarn npm audit --json`, and the report of npm 7 and later
// ([FormatV7], "npm-audit-v7", auditReportVersion 2).
//
// # npm 6: one finding per advisory × installed version
//
// An npm 6 report holds advisories keyed by their npm advisory number; each
// lists the installed versions of the module it affects in findings[] (the
// same version may repeat with different dependency paths). posture makes
// one finding per advisory and distinct installed version, so that every
// finding names exactly one component: pkg:npm/<module_name>@<version>
// (scoped names become the purl namespace). The dependency paths of all
// entries of that version ("a>b>c") are kept in the property
// "dependency_paths"; the scope is direct when a path has a single element,
// transitive otherwise.
//
// The vulnerability is the GitHub advisory (github_advisory_id, or the GHSA
// id at the end of url) with the CVEs as aliases; without a GHSA id the
// first CVE is the id. The npm advisory number is not an id namespace that
// other tools share: it is the finding's Rule and the property
// "npm_advisory_id" when the registry sends one. Severity comes from
// severity (npm's "moderate" is medium), CWEs from cwe (a string, a list or
// a JSON-encoded list), CVSS from cvss (source "ghsa"), fixed versions from
// the lower bounds of patched_versions (">=1.10.2" gives 1.10.2), references
// from url and the URLs in the references text. The npm advisory's other
// members (vulnerable_versions, recommendation, created, metadata…) are kept
// as properties, and the remediation actions that resolve the advisory as
// "actions".
//
// # npm 7 and later: one finding per advisory of a vulnerable package
//
// An npm 7 report is keyed by package. A package's via[] holds either
// advisory objects, which are the package's own vulnerabilities, or the
// names of other vulnerable packages it depends on. posture makes one
// finding per advisory object (de-duplicated by its source number within the
// package); packages that are vulnerable only through others make no finding
// of their own (they are named in the advisory finding's "effects"
// property). npm 7 does not report installed versions: the component is
// pkg:npm/<name> without a version, with the install locations (nodes[],
// "node_modules/…") as its paths and the affected range in the property
// "range". Fixed versions are the upper bounds of the advisory's range
// ("<2.6.9" gives 2.6.9); fixAvailable, which often names another package to
// update, is kept in the property "fix_available".
//
// Every finding is of kind sca. Reports with an auditReportVersion other than
// 2 fail with an error wrapping decode.ErrUnsupported.
package npmaudit
