// Package github reads security alerts exported from GitHub's APIs, in four
// formats:
//
//   - "github-dependabot" ([FormatDependabot]): Dependabot alerts from the
//     REST API (GET /repos/{owner}/{repo}/dependabot/alerts, and the
//     organisation and enterprise lists), an array of alerts or one alert;
//   - "github-dependabot-graphql" ([FormatDependabotGraphQL]): a GraphQL
//     answer holding repositories' vulnerabilityAlerts connections, at any
//     depth (data.repository.vulnerabilityAlerts, data.search.nodes[]…,
//     nodes or edges);
//   - "github-code-scanning" ([FormatCodeScanning]): code scanning alerts
//     from the REST API;
//   - "github-secret-scanning" ([FormatSecretScanning]): secret scanning
//     alerts from the REST API.
//
// # Detection
//
// The REST answers are top-level arrays of alerts, told apart by the members
// of the first alert: Dependabot alerts have "number", "dependency" and
// "security_advisory" (or "security_vulnerability"), code scanning alerts
// "number", "rule" and "most_recent_instance", secret scanning alerts
// "number" and "secret_type". A lone alert object is accepted too. An empty
// array says nothing about its format and is not detected. The GraphQL
// answer is an object of "data" (with "errors", "extensions") that names
// "vulnerabilityAlerts".
//
// # Dependabot alerts
//
// One finding of kind sca per alert. The vulnerability is the GHSA id with
// the CVE and the other identifiers as aliases; the Rule is the GHSA id and
// the title the advisory's summary. Severity is the vulnerability's (or the
// advisory's) severity ("moderate" is medium). CVSS comes from cvss and
// cvss_severities (v3 and v4, source "ghsa"), CWEs from cwes, the fixed
// version from first_patched_version, references from html_url and the
// advisory's references. The component is the dependency's package, its
// purl built from the ecosystem; GitHub gives no installed version in REST
// alerts (GraphQL's vulnerableRequirements "= 1.2.3" gives one). The
// manifest path is the component's path and the finding's location. The
// vulnerable range, EPSS, repository and the alert's remaining members
// (number, url, dates, dismissed_comment…) are properties.
//
// # Code scanning alerts
//
// One finding of kind sast per alert, from the rule (id, name, description,
// tags: CWEs from "external/cwe/cwe-N", the other tags as Tags) and the
// most recent instance (message, location with 1-based lines and columns).
// Severity is rule.security_severity_level when set, else rule.severity
// ("error" high, "warning" medium, "note" low). The finding's tool is the
// analysis tool (CodeQL…). The instance's and the rule's other members are
// properties ("instance.ref", "rule.help"…).
//
// # Secret scanning alerts
//
// One finding of kind secret per alert; GitHub gives no severity, and a
// leaked credential is reported as high. The secret value is never kept:
// Secret.Hash is aspm.SecretHash of it, Secret.Redacted aspm.RedactSecret,
// Secret.Type the secret_type, Secret.Verified whether validity is
// "active", Secret.Commit the first location's commit; every text field and
// property is scrubbed of the value. Locations come from
// first_location_detected and locations[], with the leading "/" GitHub puts
// before repository paths removed. User objects keep only their login.
//
// # Identity
//
// Every finding keeps the alert's identity in Fingerprints["github/alert"]:
// its html_url, else its GraphQL node id, else "<repository>#<number>".
// GitHub raises one alert per manifest, so two alerts on the same package
// and advisory are two findings even when the export leaves out the
// manifest.
//
// # Status
//
// An alert's state and reason set the finding's Status: "fixed" and a
// "revoked" secret are fixed; "false positive", "inaccurate" and "not_used"
// are false_positive ("not_used" also sets a VEX not_affected analysis);
// "won't fix", "tolerable_risk", "no_bandwidth" and "used in tests" are
// accepted; other dismissed, auto-dismissed or resolved alerts are
// suppressed; open alerts have no status. The "None" strings that some
// exports write for nulls are read as null.
package github
