// Package pipaudit reads the JSON that pip-audit writes (`pip-audit -f
// json`), format "pip-audit": the current object form
// {"dependencies": [...], "fixes": [...]} and the bare array of
// dependencies that pip-audit wrote before 2.0.
//
// # Mapping
//
// Each entry of a dependency's vulns[] becomes one finding of kind sca: one
// per vulnerability × dependency. The vulnerability id (PYSEC-…, GHSA-…,
// CVE-…) is the Rule and the vulnerability's id, with aliases[] as its
// aliases; description is the Description, and the title is
// "<id> in <name> <version>" since pip-audit gives none. pip-audit reports
// no severity, so Severity is unknown. The component is
// pkg:pypi/<name>@<version>, its name normalised as PEP 503 says.
// fix_versions become FixedVersions, and an applied fix (from fixes[], when
// pip-audit ran with --fix) the property "fix_applied". Members of a
// vulnerability that the model does not hold are kept as properties.
//
// Every audited dependency with a version is also listed in the document's
// Components. A dependency that pip-audit skipped (skip_reason) becomes an
// info diagnostic.
package pipaudit
