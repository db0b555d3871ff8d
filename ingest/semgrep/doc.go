// Package semgrep reads Semgrep output: the JSON of the Semgrep CLI
// ([Format], "semgrep-json", `semgrep scan --json`, Semgrep OSS, Pro and
// Secrets alike) and the findings of the Semgrep AppSec Platform API
// ([PlatformFormat], "semgrep-platform-json").
//
// # Semgrep CLI JSON
//
// One finding per element of "results". Kind is sast, or secret for a
// secrets rule (see below). Rule is check_id; Title the first sentence of
// extra.message and Description the whole message. Severity maps Semgrep's
// levels as Semgrep documents them: ERROR high, WARNING medium, INFO low
// (INVENTORY and EXPERIMENT info; newer words such as CRITICAL through
// aspm.ParseSeverity); ToolSeverity keeps the word. Confidence is
// metadata.confidence; CWEs come from metadata.cwe (a string or a list);
// References from metadata.references, source, shortlink and the
// semgrep.dev rule URL; Tags from metadata category, subcategory,
// technology, vulnerability_class and owasp.
//
// The location is path with start and end line and column as Semgrep gives
// them (1-based; Semgrep's end column points just past the match). The
// snippet and its hash come from extra.lines, except when Semgrep wrote
// "requires login" there (not logged in), which is no code. The fingerprint
// (extra.fingerprint) becomes the "semgrep-fingerprint" fingerprint, except
// the "requires login" placeholder. extra.is_ignored (a nosemgrep comment
// or an ignore in the platform) makes the status suppressed.
//
// Properties keep everything else: the other metadata members (likelihood,
// impact, asvs, license, …), fix, metavars, dataflow_trace (Semgrep Pro's
// taint trace), engine_kind, validation_state and the byte offsets. The
// report's own "errors" become informational diagnostics.
//
// # Secrets rules
//
// A result is a secret finding when its rule has metadata.secret_type
// (Semgrep Secrets), category "secret" or "secrets", the technology
// "secrets", or a "secrets" segment in its id (the registry's
// generic.secrets rules). The secret is the matched text, cut out of
// extra.lines when the match lies on one line; its SHA-256 is Secret.Hash
// (so that other scanners' findings of the same value correlate) and
// Secret.Redacted shows its ends. When the match cannot be cut out (it
// spans lines, or Semgrep elided the line) Secret.Hash is empty. Secret.Type
// is secret_type or the rule's last id segment; Secret.Verified is true
// when validation_state is CONFIRMED_VALID. A secret finding keeps no
// snippet, no snippet hash, no metavariable bindings, fix or dataflow trace
// (only their sizes, in Properties): they hold the value. The message and
// the remaining properties have the matched text replaced by its redacted
// form.
//
// # Semgrep AppSec Platform findings
//
// One finding per element of "findings". Rule is rule_name, Title and
// Description rule_message (or rule.message), Severity and Confidence the
// platform's words, CWEs from rule.cwe_names, Tags from categories,
// rule.category, rule.vulnerability_classes and rule.owasp_names. The
// location is location.file_path with its lines and columns. Status: a
// "fixed" or "removed" finding is fixed; an ignored one is a false positive
// (triage_reason false_positive), accepted (acceptable_risk) or suppressed;
// an open one open. Fingerprints: "semgrep-match-based-id" and
// "semgrep-finding-id". Properties keep the rest (repository, triage state,
// state, created_at, the rule's own name and message when they differ).
package semgrep
