// Package dependencycheck reads OWASP Dependency-Check reports into
// [aspm.Document] values.
//
// Two syntaxes of one report share one mapping:
//
//   - [XMLDecoder], "dependency-check-xml": the XML report, root <analysis>
//     in a "…/DependencyCheck/dependency-check.N.N.xsd" namespace (schemas
//     1.x to 4.x, Dependency-Check 1 to 12). A report without a namespace is
//     read with a warning; another namespace is not this format.
//   - [JSONDecoder], "dependency-check-json": the JSON report, detected by
//     its reportSchema member (schema 1.1; a newer one is read with a
//     warning).
//
// # Findings
//
// One finding per vulnerability of each dependency, and one per suppressed
// vulnerability, with Status "suppressed" and the suppression's notes in
// Properties["notes"]. A dependency without vulnerabilities gives nothing.
// Findings are of kind "sca", in report order.
//
//   - Rule is the vulnerability's name as Dependency-Check gives it; Title is
//     "<name> in <component>".
//   - Vulns: the name when it is an identifier (CVE-…, GHSA-…, OSS Index's
//     sonatype-…). A bare number is an npm advisory and becomes
//     "<SOURCE>-<number>" ("NPM-1500") so that it cannot collide with other
//     databases' numbers. OSS Index names some entries by a CWE title
//     ("CWE-400: Uncontrolled Resource Consumption"): those have no advisory
//     id, and their CWE comes from the title.
//   - CWEs: the cwes list (the 1.x cwe element); "NVD-CWE-noinfo" and the
//     like carry no number and are dropped.
//   - Severity: the severity word (ToolSeverity keeps it), else the newest
//     CVSS score. Suppressed vulnerabilities carry no severity word.
//   - CVSS: one entry per cvssV2, cvssV3 and cvssV4 block (and the 1.x
//     cvssScore/cvssAccessVector… members), with Source the vulnerability's
//     source in lower case ("nvd", "ossindex", "npm", "retirejs"; empty in
//     1.x reports, which had no source). Dependency-Check gives v2 and v3
//     as metric words, not vectors: the vector is rebuilt from them
//     ("NETWORK" or "N" → AV:N…) when every base metric is present, as
//     "CVSS:3.x/…" with the block's version (3.1 when it states none) or a
//     v2 vector; the base score is kept as given. Partial metrics stay in
//     Properties ("cvssV3.attackVector"). v4 blocks carry a vectorString.
//   - Component: the first package identifier that parses as a purl (a
//     1.x maven identifier "group:artifact:version" otherwise); Name and
//     Version from the purl, else the file name; CPE from the first
//     vulnerability identifier (a 1.x cpe identifier otherwise); Paths, the
//     dependency's file path; Hashes, its MD5, SHA1 and SHA256; Licenses,
//     its license text. Confidence is the purl's identification
//     confidence.
//   - Locations: the dependency's file path (slashes forward, virtual
//     dependencies keep Dependency-Check's "lockfile?package" form), then
//     the file paths of its related dependencies, which Dependency-Check
//     folds into it and which share its vulnerabilities.
//   - References: the reference URLs, de-duplicated.
//
// # Properties
//
// Properties keep what the model has no field for: source, notes,
// unscored, fileName, isVirtual, the dependency's description
// ("dependency.description"), projectReferences, includedBy,
// relatedDependencies, vulnerableSoftware (CPE ranges with their
// version bounds), knownExploitedVulnerability, further package and
// vulnerability identifiers, the CVSS members that are not in a vector
// (exploitability and impact scores, base severities), the references list
// when an entry has no URL, and any member of a later schema. The evidence
// Dependency-Check collected to identify a dependency is not kept.
//
// # Limits
//
// XML is checked against the depth limit before it is parsed; encoding/xml
// does not expand entities declared in a document type, so an entity bomb
// fails as a syntax error. Each finding counts against the record limit.
package dependencycheck
