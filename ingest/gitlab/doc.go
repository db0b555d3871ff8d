// Package gitlab reads GitLab security reports (the report schemas 2.x to
// 15.x), one format per report type: "gitlab-dependency-scanning"
// ([FormatDependencyScanning]), "gitlab-container-scanning"
// ([FormatContainerScanning], which also takes cluster image scanning),
// "gitlab-sast" ([FormatSAST]) and "gitlab-secret-detection"
// ([FormatSecretDetection]).
//
// # Detection and the report type
//
// A report is an object with a string "version" and "vulnerabilities" and
// one of "scan", "remediations", "dependency_files", a GitLab schema URL or
// vulnerabilities with "identifiers" (a version that the head does not
// reach yet needs "remediations" or "dependency_files" and
// "identifiers"). Its type is declared by scan.type, by the schema URL, or in
// older reports by each vulnerability's category. The scan object often
// comes last, beyond the head that detection sees, and reports of schema 15
// dropped category, so each decoder's Detect reads the type from the head
// when it shows it (a scan type, the schema, a category) and otherwise from
// the shape of the locations: an operating_system or image means container
// scanning, a commit or raw_source_code_extract secret detection, a named
// dependency package or dependency_files dependency scanning, and anything
// else SAST. Decode then reads the whole report: when it declares a type,
// the document takes that type's format whichever of the four decoders read
// it (they share one schema); when it declares none, the decoder's own
// format stands. Reports of types not read here (dast, api_fuzzing,
// coverage_fuzzing) fail with an error wrapping decode.ErrUnsupported.
//
// # Mapping
//
// One finding per vulnerability. Kind follows the vulnerability's category
// when it has one, else the report type: sca, container, sast or secret.
// Findings of secret detectors (identifiers of type gitleaks_rule_id or
// trufflehog_rule_id) in SAST reports, which GitLab's SAST carried before
// secret detection was split out, are of kind secret.
//
// Identifiers of type cve, ghsa, osv and other advisory namespaces become
// the vulnerability (the first its id, the others aliases; a CVE in the
// cve or id member counts too); without one, a Gemnasium advisory's
// GMS-YYYY-N id from its database URL. Identifiers of type cwe give the
// CWEs. The first other identifier is the scanner's rule (the Rule); the
// rest become Tags "type:value". The title is message, else name; name is
// the RuleName. Severity and confidence are mapped from GitLab's words
// ("Unknown" stays unknown) with the word kept in ToolSeverity.
//
// Dependency scanning: the component is location.dependency, its purl
// ecosystem taken from the dependency_files entry of location.file (its
// package_manager), else from the lockfile's name, else from the Gemnasium
// database folder in an identifier URL; the lockfile is the location and
// the component's path. Every dependency listed in dependency_files[] is
// also a component of the document. Container scanning: the component's
// purl is an OS package of location.operating_system ("debian:9.4" gives
// pkg:deb/debian/…?distro=debian-9.4), or, when the OS is unknown and the
// "image" is a lockfile (as Trivy reports language packages), a package of
// that lockfile's ecosystem; the image is the location. Fixed versions are
// read from solution when it says "Upgrade [pkg] [from X] to V[, W]".
// SAST and secret detection: location.file with start_line and end_line,
// and class.method as the logical location.
//
// GitLab's own identity is kept in Fingerprints: "gitlab/id" (id),
// "gitlab/compare_key" (the legacy cve member) and "gitlab/<algorithm>" for
// each tracking signature. links become References. The vulnerability's
// other members (solution, details, flags, evidence…) and the location's
// (operating_system, kubernetes_resource…) are properties, with the
// matching remediation's summary as "remediation" and the scan's analyzer
// as "analyzer". The scan's scanner is the document's tool, a
// vulnerability's own scanner the finding's when it differs; start_time is
// the scan time; scan messages become diagnostics.
//
// # Secrets
//
// Secret detection reports of some versions carry the matched text in
// raw_source_code_extract. It is never kept: Secret.Hash is
// aspm.SecretHash of it, Secret.Redacted aspm.RedactSecret, and every text
// field, property and fingerprint is scrubbed of it. Secret.Type is the
// rule; Secret.Commit, Author and Date come from location.commit.
package gitlab
