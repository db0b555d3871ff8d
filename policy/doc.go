// Package policy evaluates policy-as-code over correlated issues: rules in
// YAML files with CEL expressions, exceptions that expire, a CI gate, and
// compliance mappings to framework controls.
//
// # Rules
//
// A policy is a directory of YAML files (*.yaml, *.yml), versioned with the
// code it governs. A file holds one rule as a mapping, or lists under the
// keys "rules" and "exceptions":
//
//	id: critical-internet-production
//	title: No critical or known-exploited vulnerabilities in internet-facing production services
//	description: Fix it or accept the risk explicitly.
//	severity: fail            # fail | warn | info; only fail fails the gate
//	expr: |
//	  issue.kind in ['sca', 'container'] &&
//	  (issue.severity == 'critical' || issue.kev) && internet_facing && production
//	scope:                    # optional; each list must match (path.Match patterns)
//	  services: [shop-*]
//	  teams: [payments]
//	  environments: [production]
//	  kinds: [sca, container]
//	tags: [nist-ssdf:RV.2.2, iso27001:8.8, pci-dss:6.3.3, soc2:CC7.1, owasp:A06]
//
// The expression is true when an issue violates the rule. [Load] reads and
// [Compile] checks every rule up front: an unknown YAML field, a missing id
// or expression, a repeated id, a bad severity, a tag naming an unknown
// control of a known framework, an expression that does not parse or
// type-check or is not a bool, and an expression whose estimated worst cost
// exceeds the cost limit are each an [*Error] with the file, the line and
// column (of the expression's offending token for CEL errors) and CEL's own
// message. Nothing is evaluated unless everything compiles.
//
// # The environment
//
// Rules see these variables ([Input] holds them; the graph gives the
// services, see graph.View.IssueContext):
//
//	| name                       | CEL type            | meaning                                                              |
//	|----------------------------|---------------------|----------------------------------------------------------------------|
//	| issue.id                   | string              | the stable ID                                                |
//	| issue.kind                 | string              | sast, sca, container, iac, secret, dast, license, pentest, runtime…  |
//	| issue.title                | string              | one-line summary                                                     |
//	| issue.severity             | string              | critical, high, medium, low, info, unknown                           |
//	| issue.severity_rank        | int                 | 5 (critical) … 1 (info), 0 unknown                                   |
//	| issue.vulns                | list(string)        | every id of the vulnerability, canonical first                       |
//	| issue.cwes                 | list(int)           | CWE numbers                                                          |
//	| issue.owasp                | list(string)        | OWASP Top 10 2021 categories of the CWEs ("A03")                     |
//	| issue.rules                | list(string)        | the tools' rule ids of the member findings                           |
//	| issue.component            | string              | the package's purl                                                   |
//	| issue.type                 | string              | the purl type (npm, maven, golang…)                                  |
//	| issue.package              | string              | the package's full name (namespace and name)                         |
//	| issue.version              | string              | the installed version                                                |
//	| issue.fixed_versions       | list(string)        | versions that fix it                                                 |
//	| issue.tools                | list(string)        | the tools that found it                                              |
//	| issue.status               | string              | lifecycle: new, unchanged, reopened, fixed ("" without a baseline)   |
//	| issue.triage               | string              | the triage status, "" when untriaged                                 |
//	| issue.vex                  | string              | the VEX state of the triage or a finding, "" when none               |
//	| issue.score                | double              | the risk score, 0 when unscored                                      |
//	| issue.priority             | string              | P0…P4 or the user's bucket                                           |
//	| issue.age_days             | int                 | whole days since first seen (0 when unknown)                         |
//	| issue.sla_overdue          | bool                | the SLA due date has passed                                          |
//	| issue.sla_days_left        | int                 | days until the SLA is due (negative when overdue, 0 when none)       |
//	| issue.kev                  | bool                | the "kev" score factor is positive                                   |
//	| issue.epss                 | double              | the "epss" score factor, 0 when absent                               |
//	| issue.factors              | map(string, double) | every score factor's value by scorer name                            |
//	| issue.reachability         | string              | strongest reachability: unreachable, module, package, function, ""   |
//	| issue.files                | list(string)        | files of the locations                                               |
//	| issue.urls                 | list(string)        | URLs of the locations                                                |
//	| issue.resources            | list(string)        | IaC resource addresses of the locations                              |
//	| issue.secret_verified      | bool                | a secret scanner verified the secret is live                         |
//	| issue.owners               | list(string)        | owning teams (the and its services')                         |
//	| issue.service_names        | list(string)        | names of the services                                                |
//	| services                   | list(service)       | the services, each with the fields below                     |
//	| services[i].name           | string              | the service's name                                                   |
//	| services[i].tier           | string              | critical, high, medium, low, ""                                      |
//	| services[i].tier_rank      | int                 | 4 (critical) … 1 (low), 0 unknown                                    |
//	| services[i].data_classes   | list(string)        | pii, phi, pci, credentials…                                          |
//	| services[i].exposure       | string              | internet, internal, none, ""                                         |
//	| services[i].environments   | list(string)        | deployment environments                                              |
//	| services[i].production     | bool                | one environment is production                                        |
//	| services[i].controls       | list(string)        | compensating controls (waf, network-isolation…)                      |
//	| services[i].owners         | list(string)        | owning teams                                                         |
//	| services[i].business_unit  | string              | the business unit                                                    |
//	| internet_facing            | bool                | a service is reachable from the internet                             |
//	| production                 | bool                | a service runs in production                                         |
//	| data_classes               | list(string)        | the union of the services' data classes                              |
//	| scan.time                  | string              | evaluation time, RFC 3339                                            |
//	| scan.unix                  | int                 | evaluation time, Unix seconds                                        |
//	| scan.tools                 | list(string)        | the tools of the scan (WithScanTools, else the issues' tools)        |
//
// The variables are typed: a misspelt field or a comparison of an int with
// a string is a compile error. Besides the CEL standard library, the
// extended string functions (lowerAscii, split, …), list functions
// (flatten, distinct, …) and set functions (sets.intersects, …) of
// cel-go's ext package are available.
//
// # Cost
//
// No rule can run away. At compile time the estimated worst cost of each
// rule, with lists assumed up to 128 items and strings up to 1024 bytes,
// must be within the cost limit ([WithCostLimit], default
// [DefaultCostLimit]); an issue whose input exceeds those sizes is
// evaluated with the runtime cost limit on, which stops the rule with an
// error.
//
// # Exceptions
//
// An [Exception] is explicit, owned and temporary risk acceptance: who (by),
// why (reason), when (created), until when (expires: the first day it no
// longer applies) and a scope: an issue ID, a vulnerability id (any alias of
// the group), a purl with an optional version range (">=1.2.0, <1.4.1", in
// the ecosystem's version order), a service and a rule, each that is set
// must match. It may carry a VEX status and justification. An exception in
// force turns a violation into "excepted" with the exception's id on the
// verdict; an expired one no longer applies and is reported expired; one
// in force that matched no violation is reported stale. The clock is
// injected with [WithClock].
//
// # Verdicts and the gate
//
// [Evaluate] writes one aspm.Verdict per violated rule onto each issue
// (fail, warn, info, excepted) and returns a [Report]: per-rule results,
// the gate, the exceptions' states and the compliance report. The gate
// fails when a rule of severity fail has a violation that is not excepted,
// or when any rule failed to evaluate on any issue: a partial evaluation
// never passes (Evaluate then returns the report and the errors). Warn and
// info never fail it. The CLI maps a failed gate to exit code 3.
//
// # Compliance
//
// Rule tags "framework:control" map rules to controls of the frameworks in
// the [Catalog] shipped as data: NIST SSDF (nist-ssdf:PO.4.1, RV.2.2…),
// ISO/IEC 27001:2022 Annex A (iso27001:8.8, 8.25–8.29…), PCI DSS v4.0
// requirement 6 (pci-dss:6.3.3…), SOC 2 (soc2:CC7.1, CC8.1) and the OWASP
// Top 10 2021 (owasp:A03), with a CWE → OWASP category mapping of common
// CWEs. The catalogue holds control ids and posture's own one-line texts,
// not the frameworks' wording; policy/README.md names the sources. The
// [Compliance] report gives, per control, the rules that cover it, pass,
// fail or not covered, and the evidence: failing, warned and excepted
// issue IDs and the exceptions' ids.
//
// # Testing rules
//
// Package policy/policytest checks rules against issues built with
// aspm/aspmtest in a few lines. The starter pack in policies/starter is a
// set of rules a security team can adopt as they are.
package policy
