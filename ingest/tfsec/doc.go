// Package tfsec reads the JSON report of tfsec, the Terraform scanner
// ("tfsec --format json").
//
// # Format
//
// A report is {"results": [...]}, one entry per check result:
//
//	{"results": [{"rule_id": "AVD-AWS-0086", "long_id": "aws-s3-block-public-acls",
//	  "rule_description": "S3 Access block should block public ACL",
//	  "rule_provider": "aws", "rule_service": "s3", "impact": "...", "resolution": "...",
//	  "links": ["https://..."], "description": "No public access block so not blocking public acls",
//	  "severity": "HIGH", "warning": false, "status": 0,
//	  "resource": "aws_s3_bucket.my-bucket",
//	  "location": {"filename": "main.tf", "start_line": 1, "end_line": 3}}]}
//
// Versions before 1.0 write fewer members (rule_id "AWS002", a "link"
// sentence instead of links, severity ERROR/WARNING/INFO, "passed"), and
// write {"results": null} when nothing was found. Both shapes are read. An
// empty report written as {"results": []} is not detected (osv-scanner's
// empty report looks the same); decode it with the format named.
//
// # Mapping
//
// Each result is one finding of kind [aspm.KindIaC], except results that
// passed (status 1, or "passed": true, written with --include-passed),
// which are counted in an info diagnostic. Ignored results (status 2) are
// findings with status [aspm.StatusSuppressed].
//
//   - Rule is rule_id; RuleName and Title are rule_description (the
//     description when there is none); Description is description.
//   - Severity maps the tool's word with [aspm.ParseSeverity] (legacy ERROR
//     is high, WARNING medium, INFO low is taken as info).
//   - The location has File (location.filename), Region (start and end
//     lines) and Resource: Name is resource ("aws_s3_bucket.my-bucket"),
//     Type its type ("aws_s3_bucket"), Provider rule_provider.
//   - References are links, or the URL in the legacy link sentence.
//   - Properties keeps long_id, rule_service, impact, resolution, warning,
//     status and any other member.
package tfsec
