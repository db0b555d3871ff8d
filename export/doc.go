// Package export writes posture's results where people and tools look:
// GitHub code scanning (SARIF), the pull request (Markdown), spreadsheets
// (CSV), CI test tabs (JUnit), auditors (CycloneDX and OpenVEX VEX), a
// self-contained HTML report and other programs (the posture/v1 JSON
// result).
//
// # Encoders
//
// An [Encoder] writes one [aspm.Result] in one format. Each format is a
// leaf package (export/json, export/sarif, export/csv, export/markdown...)
// that imports only the model, so a program that converts SARIF to CSV
// compiles nothing else. Per-format settings are plain structs whose zero
// value is the default: sarif.Encoder{MergedRun: true}.
//
// # Registry
//
// [Default] returns a fresh list of the built-in encoders; [Find] picks one
// by format name. There is no global registry: build your own list to add
// or replace encoders.
//
// # Fan-out
//
// [Multi] writes one result to several writers, each with its encoder, and
// joins their errors. [Nop] writes nothing.
//
// # Determinism and safety
//
// The same result gives the same bytes whatever the order of its issues.
// Every string that came from a scanner is treated as hostile: each
// encoder neutralises what its format's readers would interpret (HTML and
// Markdown markup, spreadsheet formulas, terminal escapes).
package export
