// Package sarif reads SARIF 2.1.0 logs (format "sarif"), whichever tool
// wrote them: CodeQL, Semgrep, Snyk Code and Snyk Open Source, Trivy,
// Gitleaks, Checkov, KICS, osv-scanner, dependency-check, mobsfscan and
// the rest. The log is decoded with the types of
// github.com/owenrumney/go-sarif/v2, then mapped onto [aspm.Finding] values.
//
// # Versions and detection
//
// [Decoder.Detect] accepts a JSON object whose $schema names SARIF, or with
// members version (starting "2." or "1.") and runs. A version of exactly
// "2.1.0" (or none, with a SARIF 2.1.0 $schema) is read as it is. Other 2.x
// versions, such as the "2.1.0-rtm.5" drafts, are read as 2.1.0 with a
// warning. SARIF 1.0 is detected but refused with decode.ErrUnsupported
// ("SARIF 1.0.0 is not supported; convert it with sarif-multitool"): its
// shape differs too much to read as 2.1.0.
//
// # Decoding
//
// The log is read whole (decode.ReadAll), its nesting checked
// (decode.CheckDepth) and decoded with encoding/json into go-sarif's types,
// embedded in a few local ones that add what go-sarif lacks (a rule's
// relationships to CWE taxa) and skip what posture does not keep. Not
// sarif.FromBytes itself: it discards the whole log when one value does
// not fit its type, and producers write such values (osv-scanner's -1
// indexes, a string line number, a date-only releaseDateUtc). When the
// plain decode fails on a value, the log is decoded again member by member:
// each value that does not fit is dropped with a warning diagnostic naming
// its JSON pointer, and decoding goes on. SARIF's -1 ("not set") in an
// index and a message written as a plain string are accepted silently.
// Malformed JSON is an error.
//
// # Mapping
//
// Every result of every run is one finding, with the run's tool (driver
// name, version or semanticVersion, organization as vendor; "" with a
// warning when the run has no tool object). Results whose kind says no
// problem was found are not findings: "pass" and "notApplicable" by the
// specification's definitions, and "informational" ("does not indicate the
// presence of a problem"); they are counted in an info diagnostic. "fail"
// (the default), "open" and "review" results are findings, the kind kept
// in Properties["kind"]. (The corpus holds only fail results, so this
// choice does not move its counts.) One result with several locations is one finding with several
// locations (SARIF says they are one problem).
//
// The rule is found by ruleIndex or rule.index, in the extension that
// rule.toolComponent names or else the driver, falling back to ruleId (and
// its hierarchical parents, "C2001/1" naming "C2001") in every component.
// Rule data is computed once per run. From the rule: RuleName (name when
// it is not the id, else CodeQL's properties.name), the title
// (shortDescription), the description (fullDescription, else help), the
// reference (helpUri), the tags (properties.tags), CWEs (CWE tags such as
// "external/cwe/cwe-079" or "CWE-79", cwe properties, relationships to a
// CWE taxonomy, a cwe.mitre.org helpUri; plus the result's taxa, tags and
// cwe property), precision (Confidence, the result's winning), CVSS scores
// in the cvssv2_/cvssv3_/cvssv4_ members Trivy and dependency-check write.
//
// The title is the message when it is one line of at most 200 bytes, and
// the description then the rule's description; a longer message becomes
// the description and the rule's short description (else its name, else
// the message's first line) the title. A message given by id is looked up
// in the rule's messageStrings and the tool's globalMessageStrings and its
// "{0}" placeholders filled from the arguments.
//
// Severity: a security-severity property (a number or a string; the
// result's over the rule's) maps through aspm.SeverityFromScore and is kept
// in ToolSeverity, with the level in Properties["level"]. Otherwise the
// level decides (the result's, else the rule's defaultConfiguration.level,
// else "warning", or "none" for a result that is not a fail, as SARIF
// says): error is high, warning medium, note low, none info; ToolSeverity
// is the level.
//
// Kind: every result of a secret scanner (Gitleaks, TruffleHog,
// detect-secrets, ggshield, Nosey Parker…) is a secret. Trivy's rules say
// theirs (secret, misconfiguration as iac, license, vulnerability). A rule
// about an advisory (a CVE or GHSA id in the rule id, deprecated ids, name
// or tags, or a rule id that is an advisory id of another database) is sca,
// or container for Trivy's OS packages and Snyk Container. Otherwise the
// tool decides: sca for dependency-check, osv-scanner, Grype, govulncheck,
// Snyk Open Source…; iac for Checkov (and CKV_ rule ids without a tool),
// KICS, tfsec, Terrascan, Hadolint…; and everything else is sast.
// Advisory ids become Vulns: the ids in the rule id, deprecated ids and
// name are aliases of one advisory; other ids among the tags are separate.
//
// The package of an sca or container finding comes from a purl property
// (the result's, else the rule's), else a logical location of kind
// "package" (or, for an SCA tool, one reading "name@version"), else
// Trivy's message ("Package: …", "Installed Version: …", "Fixed Version:
// …", which gives FixedVersions) or osv-scanner's ("Package 'name@version'
// …"). Its purl is built from the ecosystem a rule tag or the lockfile's
// name gives (package-lock.json is npm, go.mod Go…); without one the
// component has a name and version only. Its Paths are the first location's
// file.
//
// # Locations
//
// Each location's physicalLocation gives File, Region (endLine defaults to
// startLine) and the snippet (the region's, else the contextRegion's) as
// SnippetHash and a clipped Snippet; its logical locations (by
// fullyQualifiedName, else name, else the run's logicalLocations by index)
// give Logical. A relative URI is joined onto the relative parts of its
// uriBaseId chain in originalUriBaseIds ("src/" under PROJECTROOT gives
// "src/…"), so that File stays relative to the scanned root. An absolute
// URI under one of the run's absolute bases (originalUriBaseIds, the
// invocations' working directories) is made relative to it; any other
// absolute URI is kept as given. Percent-escapes are decoded and
// backslashes made slashes in the paths posture derives. A result without
// locations keeps its analysisTarget as its location, or has none.
//
// # Fingerprints, triage and flows
//
// partialFingerprints and fingerprints are both kept under their names; a
// name in both keeps the second as "fingerprints:" + name. A suppression
// that is accepted, or has no status, makes the finding suppressed; the
// deciding suppression's kind, status and justification are kept as
// Properties "suppression.kind", "suppression.status" and
// "suppression.justification". baselineState is kept in
// Properties["baselineState"]; "absent" (reported as gone) makes the
// finding fixed.
//
// The first thread flow of a result's code flows is summarised, entry
// first, at most 20 frames (the first and last ten): Reachability.Trace has
// one "logical (file:line)" string per frame, and Properties["code_flows"]
// a compact JSON object {"flows","steps","omitted","frames":[{"file",
// "line","column","logical","message"}]}. No reachability level is claimed:
// a code flow shows a path, not that the path is taken.
//
// # Secrets
//
// For secret findings the region snippet is the secret: it is never kept.
// Secret.Hash is aspm.SecretHash of it and Secret.Redacted its redacted
// form, which replaces the value wherever it appears in the title,
// description, properties and fingerprints; Gitleaks' commitSha, author and
// date fingerprints fill Secret.Commit, Author and Date.
//
// # Properties
//
// The result's property bag is kept (strings as they are, other values as
// compact JSON) except the members mapped above (security-severity,
// precision, tags, purl); the rule's unmapped properties are kept with a
// "rule." prefix; rank, occurrenceCount, hostedViewerUri, workItemUris,
// guid, correlationGuid and analysisTarget under their names, and the
// extension a rule comes from as "tool_component". Not kept: related
// locations, stacks, graphs, fixes, attachments, web requests and
// responses, result provenance, notifications, run-level properties and
// artifacts' contents.
package sarif
