// Package terrascan reads the JSON report of Terrascan, the
// infrastructure-as-code scanner ("terrascan scan -o json").
//
// # Format
//
// A report is one object:
//
//	{"results": {
//	  "scan_errors": [{"iac_type": "helm", "directory": "...", "errMsg": "..."}],
//	  "violations": [{"rule_name": "gkeControlPlaneNotPublic",
//	    "description": "Ensure GKE Control Plane is not public.",
//	    "rule_id": "accurics.gcp.NS.109", "severity": "HIGH",
//	    "category": "Infrastructure Security", "resource_name": "k8s_cluster",
//	    "resource_type": "google_container_cluster", "file": "cluster.tf",
//	    "plan_root": "./", "line": 52}],
//	  "skipped_violations": [...],
//	  "scan_summary": {"file/folder": "...", "iac_type": "all",
//	    "scanned_at": "2021-05-19 13:17:04.067888 +0000 UTC", ...}}}
//
// violations and skipped_violations are null when empty.
//
// # Mapping
//
// Each violation is one finding of kind [aspm.KindIaC]; each skipped
// violation (silenced by a "ts:skip" comment) is a finding with status
// [aspm.StatusSuppressed]. Scan errors become warning diagnostics.
//
//   - Rule is rule_id, RuleName is rule_name, Title and Description are
//     description.
//   - Severity maps severity with [aspm.ParseSeverity].
//   - The location has File (file), Region (line) and Resource (Type
//     resource_type, Name resource_name as Terrascan gives them).
//   - Properties keeps category, plan_root, module_name, skip_comment and any
//     other member.
//
// The summary's "file/folder" is the scan target and scanned_at the scan
// time.
package terrascan
