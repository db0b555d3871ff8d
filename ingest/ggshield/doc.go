// Package ggshield reads the JSON reports of GitGuardian's ggshield
// (`ggshield secret scan path|repo|commit-range|pre-commit … --json`), as
// [Format] "ggshield-json": a single scan ({id, type,
// entities_with_incidents, total_incidents, total_occurrences,
// secrets_engine_version}) and scans that hold one scan per commit
// ("scans", as commit-range and repo scans write them, with each commit's
// extra_info).
//
// # Mapping
//
// One finding per incident (one secret in one file of one scan), of kind
// secret, with one Location per distinct occurrence: the entity's filename
// with the occurrence's lines (line_start and line_end, else the post- or
// pre-image lines of a diff). Rule is the detector's name when ggshield
// gives one, else the incident type ("Django Secret Key"), which is also
// RuleName, Title and Secret.Type. ggshield states a severity only in
// recent versions (kept in ToolSeverity and mapped); otherwise a leaked
// credential is rated high. Secret.Verified is validity "valid". In a
// per-commit scan, Secret.Commit is the commit and Secret.Author and
// Secret.Date come from its extra_info; the author's e-mail address is
// dropped, being personal data. An incident with an ignore_reason is
// suppressed. Properties keep policy, validity, the entity's mode, the
// secrets engine version, the occurrences (kind, offsets and lines,
// without the matched text) and any other member of the incident
// (total_occurrences, incident_url, known_secret, …).
//
// # The secret's hash
//
// ggshield masks the matched text with asterisks unless --show-secrets is
// given, and keeps ignore_sha, the SHA-256 that `ggshield secret ignore`
// uses. ignore_sha is kept as the "ggshield-ignore-sha" fingerprint; it is
// not Secret.Hash, which correlation compares with other tools' SHA-256 of
// the bare value. Secret.Hash is set only when the match is shown whole
// and the incident is a single-part secret (all occurrences match the same
// text); it is then the SHA-256 of that text. Secret.Redacted shows the
// match's ends in either case (ggshield's mask keeps them too). The
// matched text itself is never kept: occurrences keep only its length.
package ggshield
