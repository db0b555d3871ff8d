// Package cfnnag reads the JSON report of cfn_nag, the CloudFormation
// template linter ("cfn_nag_scan --output-format json").
//
// # Format
//
// cfn_nag_scan writes an array with one entry per template scanned:
//
//	[{"filename": "./stack.yaml",
//	  "file_results": {"failure_count": 1,
//	    "violations": [{"id": "W48", "name": "SqsQueueKmsMasterKeyIdRule", "type": "WARN",
//	      "message": "SQS Queue should specify KmsMasterKeyId property",
//	      "logical_resource_ids": ["Queue", "DeadLetterQueue"],
//	      "line_numbers": [5, 12], "element_types": ["resource", "resource"]}]}}]
//
// cfn_nag run on a single template writes the file_results object alone
// ({"failure_count": ..., "violations": [...]}); that is read too. The
// templates themselves (CloudFormation YAML or JSON) are scanner input, not
// output, and are not detected.
//
// # Mapping
//
// A violation names a rule and the resources that break it, with
// logical_resource_ids, line_numbers and element_types as parallel lists.
// Each resource is fixed on its own, so each (violation, logical resource)
// pair is one finding of kind [aspm.KindIaC]; a violation that names no
// resource is one finding without a resource.
//
//   - Rule is id ("F3", "W48"), RuleName is name, Title and Description are
//     message.
//   - Severity: type FAIL is high, WARN is medium; ToolSeverity keeps the
//     type.
//   - The location has File (filename as cfn_nag gives it), Region (the
//     resource's line, when known) and Resource (Name is the logical
//     resource id, Provider "aws"; cfn_nag does not give the resource type).
//   - Properties keeps element_type (the resource's entry of element_types)
//     and any other member of the violation.
package cfnnag
