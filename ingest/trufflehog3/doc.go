// Package trufflehog3 reads the JSON reports of trufflehog3, the Python
// secret scanner (`trufflehog3 --format json`), as [Format]
// "trufflehog3-json": the current shape (3.x) and the legacy one of
// earlier releases, which follows TruffleHog v2's fields.
//
// # Current shape
//
// One finding per element of the report's array, of kind secret. Rule is
// rule.id; RuleName and Title rule.message; Severity maps rule.severity
// (HIGH, MEDIUM, LOW) and ToolSeverity keeps it. The location is path and
// line. The value is secret: Secret.Hash is its SHA-256 (so that other
// scanners' findings of the same value correlate) and Secret.Redacted its
// ends; Secret.Type is rule.id, and commit, author (its name; the e-mail
// address is dropped, being personal data) and date locate it in history.
// id is the "trufflehog3-id" fingerprint. context (the lines around the
// secret, by number), branch and message (the commit message, e-mail
// addresses removed) are kept in Properties.
//
// # Legacy shape
//
// One finding per element, of kind secret: Rule, Title and Secret.Type are
// reason, Secret.Commit commitHash, Secret.Date date, the location path.
// Its stringsFound are the diff lines that hold a secret, not the secret:
// there is no value, so Secret.Hash is empty, and the lines themselves are
// not kept, only their number and total length. branch and commit (the
// commit message) are kept.
//
// # Secrets are never kept
//
// A value that is only a PEM armour line is not hashed: every private key
// shares it. Every text kept (context, messages, any other member) has
// every secret value and every stringsFound line of the report replaced by
// its redacted form; text holding a value too short to replace safely is
// dropped.
package trufflehog3
