// Package cyclonedx writes CycloneDX 1.6 VEX documents (JSON) from
// posture's triage decisions and policy exceptions.
//
// # Content
//
// The BOM lists the affected packages as components (bom-ref is the purl)
// and one vulnerability per issue with a decision, each affecting its
// component. Decisions are derived as in package export/openvex; the
// analysis maps them onto CycloneDX: not_affected, exploitable (affected),
// resolved (fixed), in_triage, and false_positive for issues triaged as
// false positives. OpenVEX justifications map onto CycloneDX's
// (vulnerable_code_not_in_execute_path is code_not_reachable...); the
// impact, action and notes become the analysis detail; the response is
// will_not_fix for accepted risks and exceptions, update when a fixed
// version is known.
//
// # Determinism
//
// Vulnerabilities are sorted by id and purl, the serial number is a UUID
// derived from the content, and the timestamp is the result's.
package cyclonedx
