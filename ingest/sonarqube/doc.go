// Package sonarqube reads SonarQube issues and security hotspots.
//
// [Format] "sonarqube-json" reads three JSON shapes:
//
//   - the Web API response of api/issues/search ("issues", "components",
//     "paging", optionally "rules" from additionalFields=rules);
//   - the Web API response of api/hotspots/search ("hotspots",
//     "components", "paging");
//   - the JSON report of the sonar-report exporter ("sonarBaseURL",
//     "sonarComponent", "rules" keyed by rule, "issues", "hotspotKeys").
//
// [HTMLFormat] "sonarqube-html" reads the HTML page of the same exporter
// ("SonarQube Vulnerability Report").
//
// # Which issues count
//
// Every issue is a finding, whatever its type: the corpus's issues exports
// count VULNERABILITY, BUG and CODE_SMELL issues alike (and DefectDojo
// imports them all), and dropping some would lose what the input said.
// The type decides the kind instead: vulnerabilities, security hotspots
// (in the hotspots API, in sonar-report's hotspotKeys, or of type
// SECURITY_HOTSPOT) and issues with a SECURITY impact are sast; bugs and
// code smells without a security impact are other, so that policies about
// security do not see code-quality issues. An issue of the OWASP
// Dependency-Check plugin (rule OWASP:UsingComponentWithKnownVulnerability)
// is sca: its message names the CVE (Vulns), the CVSS score (CVSS) and the
// CWEs, and its file name goes to the "dependency" property. sonar-report
// exports only vulnerabilities and hotspots unless asked for bugs, and
// gives no type, so its issues are sast.
//
// # Mapping
//
// Rule is the rule key ("python:S4502"); RuleName the rule's name from the
// rules list or sonar-report's description; Title the first sentence of the
// message and Description the message. Severity maps the severity
// (BLOCKER critical, CRITICAL critical, MAJOR high, MINOR low, INFO info),
// or, for hotspots, vulnerabilityProbability (HIGH, MEDIUM, LOW), or, when
// neither is given, the highest impact severity; ToolSeverity keeps the
// word. CWEs come from the rule's description (sonar-report's htmlDesc,
// whose "See" section links CWE pages) and from "cwe-NNN" tags; References
// are the links of the rule's description. Tags are the tags.
//
// The location is the component's file: its path from "components" when
// listed, else the component key without its "project:" prefix; a
// component that is the project itself gives no location. textRange gives
// lines and columns (SonarQube's 0-based offsets become 1-based columns),
// else line gives the line. Fingerprints: "sonarqube-key" (the issue or
// hotspot key, stable in SonarQube across analyses) and
// "sonarqube-line-hash" (hash).
//
// Status: resolution FALSE-POSITIVE or SAFE (a reviewed hotspot) is a false
// positive, WONTFIX or ACKNOWLEDGED accepted, FIXED or REMOVED fixed; else
// issueStatus (SonarQube 10.4+: ACCEPTED, FALSE_POSITIVE, FIXED) or status
// (CLOSED and RESOLVED fixed; OPEN, REOPENED, CONFIRMED and TO_REVIEW open).
//
// Properties keep the other members (type, scope, effort, debt, flows,
// impacts, securityCategory, creationDate, …) and status, resolution and
// issueStatus as given. The author is kept only when it is not an e-mail
// address, which is personal data. Rule descriptions are rule
// documentation shared by all issues of a rule and are not copied into
// each finding. sonar-report's sonarComponent (or projectName) is the
// scan target and its date the scan time.
//
// # sonar-report HTML
//
// One finding per row of the page's "Detail of the Detected …" table, of
// kind sast: Rule, Severity, Component (the file), Line, Description (the
// rule name), Message, Key (the "sonarqube-key" fingerprint) and Status
// where the page has that column. CWEs and References come from the rule's
// description in the page's "Known Security Rules" table; Project Name is
// the target and Report Generated On the scan time.
package sonarqube
