// Package dependencytrack reads the Finding Packaging Format (FPF) that
// OWASP Dependency-Track exports for a project into [aspm.Document]
// values.
//
// The [Decoder] reads FPF 1.x ("version" 1.0 to 1.3; a file without a
// version is read as 1.x; another major version is unsupported). It detects
// a JSON object with meta and project or findings members, and either all
// of version, project and findings or "Dependency-Track" named in the head.
//
// # Findings
//
// One finding of kind "sca" per entry of findings; an entry that is not an
// object is an error diagnostic and is skipped. A file without findings, or
// with an empty list, decodes to a document without findings.
//
//   - Rule is vulnerability.vulnId; RuleName and Title are its title; a
//     finding without a title is titled "<vulnId> in <component>@<version>".
//   - Vulns: vulnId with every id member of every aliases object (cveId,
//     ghsaId, sonatypeId, osvId, snykId, gsdId, vulnDbId and any other "…Id"),
//     and attribution.alternateIdentifier, all as aliases of one advisory. A
//     bare number (an npm advisory, a VulnDB entry) becomes
//     "<SOURCE>-<number>" ("NPM-533", "VULNDB-12345").
//   - Severity: the severity word (ToolSeverity keeps it); "UNASSIGNED" falls
//     back to the newest CVSS score.
//   - CWEs: cweId and the cweId of each cwes entry.
//   - CVSS: the v2, v3 and v4 vectors and base scores, each with Source the
//     vulnerability source in lower case ("nvd", "ossindex", "osv"; GITHUB
//     becomes "ghsa"), Version from the vector prefix (a v3 score without a
//     vector is taken as 3.1).
//   - Component: the purl (Name and Version from it), else group/name and
//     version; CPE as given. An unparsable purl is kept in Properties.
//   - References: the URLs in vulnerability.references (Markdown text, also
//     kept whole in Properties) and attribution.referenceUrl.
//   - Analysis: the state becomes VEX and Status: EXPLOITABLE → affected,
//     open; IN_TRIAGE → under_investigation, open; NOT_AFFECTED →
//     not_affected, false_positive; FALSE_POSITIVE → not_affected (detail
//     "false positive"), false_positive; RESOLVED → fixed, fixed. The
//     justification and response, when the file has them, are lower-cased
//     into the VEX analysis, with details as its detail. isSuppressed makes
//     the Status "suppressed" unless the state already says more (false
//     positive, fixed).
//
// FPF has no file locations: Locations is empty.
//
// # Properties
//
// Properties keep the remaining members as "component.<name>",
// "vulnerability.<name>" (uuid, source, subtitle, recommendation,
// severityRank, owaspRRVector, epssScore, epssPercentile, published…),
// "analysis.<name>", "attribution.<name>" (analyzerIdentity, attributedOn)
// and "matrix", plus the project's members ("project.uuid",
// "project.description"…) and "meta.baseUrl", which every finding of the file
// shares.
package dependencytrack
