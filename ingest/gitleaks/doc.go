// Package gitleaks reads the JSON reports of Gitleaks (`gitleaks detect
// --report-format json`), versions 8 and 7, as [Format] "gitleaks-json".
//
// # Mapping
//
// One finding per element of the report's array, of kind secret. Gitleaks
// v8 records carry RuleID, Description, Secret, Match, File, line and
// column span, Commit, Author, Email, Date, Message, Tags and Fingerprint;
// v7 records carry rule, offender, line, lineNumber, file, commit, author,
// email, date, commitMessage, repo, repoURL, leakURL and tags (a
// comma-separated string). Each record is read by its own keys, so one
// file may mix them.
//
// Rule is RuleID (v8) or rule (v7); RuleName and Title are Description
// (v8) or rule (v7). Gitleaks states no severity: a leaked credential is
// rated high, with ToolSeverity empty so that the rating is visibly
// posture's. The location is File (File, with the line and column span for
// v8, lineNumber for v7). Tags are Tags (v8) or the split tags (v7). v8's
// Fingerprint ("commit:file:rule:line") is the "gitleaks-fingerprint"
// fingerprint.
//
// # Secrets
//
// The value is Secret (v8) or offender (v7; Gitleaks 7 reports the whole
// match of the rule's pattern, which may include the variable name).
// Secret.Hash is its SHA-256, so that other scanners' findings of the same
// value correlate, and Secret.Redacted its ends; Secret.Type is the rule,
// Commit, Author and Date locate it in history. The author's e-mail is
// dropped: it is personal data the model has no place for. A value that
// is only a PEM armour line ("-----BEGIN RSA PRIVATE KEY-----") is not
// hashed: every key shares it. When Gitleaks ran with --redact the value is
// the placeholder "REDACTED": there is nothing to hash, and the
// "secret_redacted_by_tool" property says so.
//
// No text keeps a secret: the Match (v8) and the line (v7) are kept in
// Properties with every secret value of the report replaced by its
// redacted form, and so are the commit message and every other member.
// Text that holds a secret too short to replace safely (under four
// characters) is dropped.
package gitleaks
