// Package bandit reads the JSON reports of Bandit, the Python security
// linter (`bandit -r . -f json`), as [Format] "bandit-json".
//
// # Mapping
//
// One finding per element of "results", of kind sast. Rule is test_id
// ("B602") and RuleName test_name ("subprocess_popen_with_shell_equals_true");
// Title is the first sentence of issue_text and Description all of it.
// Severity maps issue_severity (HIGH, MEDIUM, LOW, UNDEFINED) with
// aspm.ParseSeverity; ToolSeverity keeps it; Confidence is
// issue_confidence. CWEs come from issue_cwe.id (Bandit 1.7.1 and later);
// References are more_info and issue_cwe.link.
//
// The location is filename (back slashes turned to forward slashes), from
// line_number to the last line of line_range; col_offset and end_col_offset
// are 0-based in Bandit and become 1-based columns. Bandit prints the code
// with line numbers and a line or two of context; the snippet (and its
// hash) is the code of the issue's own lines with the numbers cut off, so
// that it matches what other tools report for the same lines. The whole
// code, context and numbers included, stays in Properties under "code"
// when it differs from the snippet.
//
// Properties keep any other member of a result. The report's generated_at
// is the scan time; its "errors" (files Bandit could not scan) become
// informational diagnostics; "metrics" are totals of the results and are
// not kept.
package bandit
