// Package gosec reads the JSON reports of gosec, the Go security checker
// (`gosec -fmt json ./...`), as [Format] "gosec-json".
//
// # Mapping
//
// One finding per element of "Issues", of kind sast. Rule is rule_id
// ("G201"); Title is the first sentence of details and Description all of
// it. Severity maps severity (HIGH, MEDIUM, LOW) with aspm.ParseSeverity;
// ToolSeverity keeps it; Confidence is confidence. CWEs come from cwe.id
// and References from cwe.url. gosec gives no rule name apart from the id.
//
// The location is file as gosec printed it (usually absolute), with the
// line ("12", or a range "12-14") and the column. Recent gosec prints the
// code as "N: text" lines with a line of context on each side; the snippet
// (and its hash) is the code of the issue's own lines without the numbers.
// Older gosec prints only the code, which is the snippet as it is. The
// printed code stays in Properties under "code" when it differs from the
// snippet.
//
// A finding that gosec reports as suppressed ("nosec": true, or
// "suppressions" from a #nosec comment or an exclusion) has status
// suppressed; the suppressions themselves, autofix and any other member
// stay in Properties.
//
// GosecVersion is the tool version. "Golang errors" (files gosec could not
// type-check) become informational diagnostics; "Stats" are totals and
// are not kept.
package gosec
