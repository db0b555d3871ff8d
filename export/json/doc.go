// Package json writes and reads posture's JSON result, the "posture/v1"
// contract of `posture scan -o json`.
//
// # Format
//
// The result is one JSON object: "schema" ("posture/v1"), "generated_at",
// "sources", "issues" (sorted by id; each with id, kind, title, severity,
// vulns, component, locations, tools, services, owners, findings, score,
// priority, sla_due, status, triage and policy verdicts), "summary"
// (findings, issues, by_severity, by_status, gate) and "diagnostics". The
// JSON Schema schemas/posture-v1.schema.json at the root of the repository
// documents every field; tests validate the output against it.
//
// # Determinism
//
// The same result gives the same bytes: issues are sorted by id, map keys
// are sorted, and nothing depends on the clock (generated_at is the
// result's own). [Encoder.Compact] chooses compact over indented output.
//
// # Reading back
//
// [Decode] reads a result back, for instance as the baseline of the next
// scan; encode then decode gives back an equal result.
package json
