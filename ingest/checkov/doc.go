// Package checkov reads the JSON report of Checkov, the infrastructure-as-code
// scanner ("checkov -o json").
//
// # Format
//
// Checkov writes one report object per check type ("terraform",
// "cloudformation", "kubernetes", "dockerfile", …):
//
//	{"check_type": "terraform",
//	 "results": {"passed_checks": [...], "failed_checks": [...],
//	             "skipped_checks": [...], "parsing_errors": [...]},
//	 "summary": {"passed": 14, "failed": 11, "checkov_version": "2.0.209", ...}}
//
// or, when it ran more than one check type, an array of such objects. When
// nothing at all was scanned it writes the summary alone
// ({"passed": 0, "failed": 0, ..., "checkov_version": "..."}), which decodes
// to an empty document. Checkov 1.x and 2.x and later write the same shape;
// newer versions only add members.
//
// # Mapping
//
// Each entry of failed_checks is one finding of kind [aspm.KindIaC]. Each
// entry of skipped_checks (a check silenced with a "checkov:skip" comment or
// a skip list) is also a finding, with status [aspm.StatusSuppressed], so that
// suppressions stay visible; passed checks are not findings. Parsing errors
// become warning diagnostics.
//
//   - Rule is check_id, RuleName and Title are check_name.
//   - Severity is Checkov's severity (set only when Checkov runs with a
//     platform API key), mapped with [aspm.ParseSeverity]; it is unknown
//     otherwise. ToolSeverity keeps the word.
//   - The location has File (file_path as Checkov wrote it, with forward
//     slashes), Region (file_line_range, when it starts at line 1 or later),
//     the snippet from code_block (clipped, with its [aspm.SnippetHash]) and
//     Resource: Name is the resource as Checkov names it
//     ("aws_s3_bucket.logs"), Type its type ("aws_s3_bucket",
//     "AWS::S3::Bucket"; "module.x." prefixes are skipped; "Dockerfile" for
//     Dockerfile checks).
//   - References holds the guideline URL.
//   - Properties keeps every other member of the check (check_class,
//     file_abs_path, repo_file_path, bc_check_id, check_result with its
//     evaluated_keys, entity_tags, breadcrumbs, resource_address, …) plus
//     check_type.
package checkov
