// Package osvscanner reads the JSON output of osv-scanner
// (https://google.github.io/osv-scanner/), format "osv-scanner-json":
// `osv-scanner --format json`, versions 1.x and 2.x.
//
// The report lists, per scanned source (a lockfile, an SBOM, a directory,
// an image), the packages that have known vulnerabilities or licence
// violations. Each package carries the full OSV records of its
// vulnerabilities and osv-scanner's grouping of those records: records that
// alias each other (a GHSA advisory and its CVE, say) form one group.
//
// # Mapping
//
// One finding per vulnerability group per package per result: a group is
// one vulnerability however many databases describe it. The group's first
// id is the finding's vulnerability id and Rule; the group's other ids, its
// aliases and every member record's aliases are the Vuln's aliases; the
// members' related and upstream ids are Vuln.Related. Records that no group
// names (osv-scanner before groups existed) form a group of one.
//
//   - Kind is sca, or container when the source is an image (source type
//     "docker" or "image", an image_metadata member, or a package with image
//     origin details).
//   - Component: the package, its PURL built with [aspm.PURLFromEcosystem]
//     from the OSV ecosystem ("npm", "PyPI", "Go", "Maven", "crates.io",
//     "Debian:11"…), name and version; Paths holds the source path.
//   - Locations: the source path as File (or, for an image source, the image
//     as Image), with the layer when the output names it.
//   - Title is the first line of the advisory summary (else of its details);
//     Description the details.
//   - Severity comes from the group's max_severity score (a CVSS base score
//     osv-scanner computed), else the database's severity word
//     (database_specific.severity, as GitHub's database writes it), else a
//     numeric CVSS score; ToolSeverity keeps the value used. When the
//     records carry only vectors the severity stays unknown: the scoring
//     stage computes scores from vectors.
//   - CVSS: every CVSS_V2, CVSS_V3 and CVSS_V4 entry of the records and of
//     the package's affected entries, with Source "osv" and the version read
//     from the vector.
//   - FixedVersions: the "fixed" events of the ranges of the affected
//     entries that name the package (same ecosystem, same name).
//   - CWEs from database_specific cwe_ids (GitHub) and cwes (the malicious
//     packages database); References from the records' references.
//   - Reachability from the group's experimentalAnalysis (osv-scanner's call
//     analysis for Go and Rust): function when a record is called,
//     unreachable when every analysed record is not.
//
// Each licence in a package's license_violations (licences outside the
// allowlist given with --licenses) is one finding of kind license, Rule the
// SPDX id.
//
// # Properties
//
// Properties keep the source type, the package's commit, dependency groups,
// licences and image origin, the primary record's modified, published and
// withdrawn dates, schema version, database_specific and the matching
// ecosystem_specific (as compact JSON), the experimental analysis, and any
// member of a result, package entry or package that posture does not read,
// prefixed with "result." or "package." where it came from.
//
// # Errors
//
// Input that is not an object with a results array is not this format
// (decode.ErrNotFormat). A result or package entry that cannot be read
// becomes an error diagnostic and the rest is decoded. An empty file is
// rejected by the registry as an empty input before it reaches this
// decoder: a failed scan, not a clean one.
package osvscanner
