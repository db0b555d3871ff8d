// Package hadolint reads the JSON report of Hadolint, the Dockerfile linter
// ("hadolint --format json").
//
// # Format
//
// A report is an array with one entry per rule violation:
//
//	[{"line": 9, "code": "DL3008", "message": "Pin versions in apt get install. ...",
//	  "column": 1, "file": "Dockerfile", "level": "warning"}]
//
// Codes starting with DL are Hadolint's own rules, codes starting with SC
// are ShellCheck's, run on RUN instructions. A report without violations is
// the empty array "[]", which no detection can tell from other tools' empty
// arrays: decode it with the format named.
//
// # Mapping
//
// Each entry is one finding of kind [aspm.KindIaC] (a Dockerfile is
// infrastructure as code):
//
//   - Rule is code, Title and Description are message.
//   - Severity maps level: error is high, warning medium, info and style
//     info; ToolSeverity keeps the level.
//   - The location has File (file, with forward slashes), Region (line and
//     column) and Resource{Type: "Dockerfile", Name: file}.
//   - References holds the rule's documentation page (the Hadolint wiki for
//     DL codes, the ShellCheck wiki for SC codes).
//   - Properties keeps any other member.
package hadolint
