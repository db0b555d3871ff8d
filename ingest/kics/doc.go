// Package kics reads the JSON report of KICS (Keeping Infrastructure as Code
// Secure, "kics scan --report-formats json").
//
// # Format
//
// A report is one object: scan counters (files_scanned, queries_total, …,
// and kics_version in versions 1.4 and later) and queries[], one entry per
// query that matched, each with files[], one entry per match:
//
//	{"kics_version": "v1.7.13", "files_scanned": 3, ...,
//	 "queries": [{"query_name": "S3 Bucket Without Versioning",
//	   "query_id": "568a4d22-...", "query_url": "https://...", "severity": "MEDIUM",
//	   "platform": "Terraform", "cloud_provider": "AWS", "category": "Backup",
//	   "description": "...", "cwe": "710",
//	   "files": [{"file_name": "main.tf", "similarity_id": "...", "line": 4,
//	     "resource_type": "aws_s3_bucket", "resource_name": "logs",
//	     "issue_type": "MissingAttribute", "search_key": "aws_s3_bucket[logs]",
//	     "expected_value": "...", "actual_value": "...", "remediation": "..."}]}]}
//
// # Mapping
//
// Each files[] entry of each query is one finding of kind [aspm.KindIaC]:
//
//   - Rule is query_id, RuleName and Title are query_name, Description is the
//     query's description.
//   - Severity is the query's severity mapped with [aspm.ParseSeverity]
//     (TRACE is info); ToolSeverity keeps the word.
//   - CWEs come from cwe (a bare number or "CWE-n").
//   - The location has File (file_name), Region (line), Logical (the
//     search_key, a path to the element inside the document) and Resource
//     (resource_type, resource_name, and cloud_provider in lower case as the
//     provider).
//   - Fingerprints["kics-similarity-id"] is similarity_id, KICS's own
//     identity of the match.
//   - References holds query_url.
//   - Properties keeps the other members of the query (platform, category,
//     description_id, …) and of the match (issue_type, search_value,
//     expected_value, actual_value, remediation, …); a member of the match
//     wins over a member of the query of the same name.
//
// The report's start time, when present, is the document's scan time.
package kics
