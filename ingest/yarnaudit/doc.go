// Package yarnaudit reads the JSON lines that yarn prints for an audit,
// format "yarn-audit": `yarn audit --json` of yarn 1 (records
// {"type": ..., "data": ...}) and `yarn npm audit --json` of yarn 4 (records
// {"value": <package>, "children": {...}}). yarn 2 and 3 print the npm
// registry's answer instead, which is the npm 6 report format that
// ingest/npmaudit reads.
//
// # yarn 1: one finding per advisory × installed version
//
// yarn 1 prints one auditAdvisory record per advisory and dependency path,
// each repeating the whole npm advisory. posture folds the records of an
// advisory together and, as for npm 6 reports, makes one finding per
// advisory and distinct installed version (from the advisory's findings[]),
// with every dependency path of that version in the property
// "dependency_paths". The dev, optional and bundled flags of the version's
// resolutions are properties when all of them have it. The advisory maps
// as in ingest/npmaudit: the GHSA id (github_advisory_id or from url) with
// the CVEs as aliases, the npm advisory number as the Rule, severity,
// CWEs, CVSS (source "ghsa"), fixed versions from patched_versions,
// references, and the other members as properties. The component is
// pkg:npm/<module_name>@<version>.
//
// info and warning records become info diagnostics, error records error
// diagnostics. A run that printed errors and no audit record at all (the
// registry could not be reached) is an error: the audit did not run.
//
// # yarn 4: one finding per record × tree version
//
// Each record names a package (value) and one issue (children): ID (the
// npm advisory number, or "<package> (deprecation)" for a deprecated
// package), Issue (the title), URL (a GitHub advisory), Severity,
// "Vulnerable Versions", "Tree Versions" (the installed versions) and
// Dependents. posture makes one finding per installed version. Deprecations
// are findings with the property "deprecation" and no vulnerability. Fixed
// versions are the upper bounds of the vulnerable range.
//
// # Record pointers
//
// Provenance and diagnostic pointers count the non-blank lines of the
// input as if they were an array: "/3/data/advisory" is the advisory of
// the fourth record.
package yarnaudit
