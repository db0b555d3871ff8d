// Package vulnid classifies the ids a scanner gives a vulnerability and
// reads the CVSS version of a vector, for the decoder leaves under ingest
// that map container and dependency scanners (Trivy, the Trivy operator,
// Grype, Snyk, OSV-Scanner, govulncheck).
//
// # Aliases and related ids
//
// [Split] sorts the other ids of a vulnerability into aliases, which name
// the same vulnerability, and related ids, which correlation must never
// merge on: vendor advisories ([VendorAdvisory]: DSA, RHSA, ALAS, USN…)
// bundle the fixes of several vulnerabilities.
//
// # CVSS
//
// [CVSSVersion] reads the version from a vector's "CVSS:3.1/" prefix, with
// a fallback for the vectors that have none (CVSS v2 and early v3), and
// [TrivyScores] turns the CVSS map of a Trivy vulnerability into the model,
// and [OSVSeverity] one severity entry of an OSV record.
//
// Every function is safe for concurrent use and keeps no state.
package vulnid
