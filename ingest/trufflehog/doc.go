// Package trufflehog reads the JSON output of TruffleHog, as [Format]
// "trufflehog-json": version 3 (`trufflehog git … --json`) and version 2
// (`trufflehog --json`), one JSON object per line, or a JSON array of the
// same objects.
//
// # TruffleHog v3
//
// One finding per result, of kind secret. Rule and Title are DetectorName
// ("AWS", "Github"; DetectorType's number when the name is missing).
// TruffleHog states no severity: a leaked credential is rated high, with
// ToolSeverity empty so that the rating is visibly posture's; whether the
// credential works is Secret.Verified. The location comes from the
// result's source metadata (SourceMetadata.Data.Git, Github, Gitlab,
// Filesystem, S3, Docker, …): its file (or path) and line, image and
// layer; commit, timestamp and the author's name (from "Name <address>";
// the address is dropped, being personal data) go to the Secret. The
// source's other members (repository, link, …) are kept in Properties as
// "<Source>.<member>", beside SourceName, SourceType, SourceID,
// DetectorType, DecoderName, ExtraData and StructuredData.
//
// The secret is Raw. Early v3 releases wrote Raw and RawV2 as bytes, which
// JSON renders in base64; a Raw that decodes from base64 to printable text
// matching the start of the tool's Redacted form is taken as encoded and
// decoded. Secret.Hash is the SHA-256 of the value (so that other
// scanners' findings of it correlate) and Secret.Redacted shows its ends;
// when RawV2 (the value with its companion, such as an AWS key id with its
// secret key) differs, its SHA-256 is the "trufflehog-rawv2-sha256"
// fingerprint. Raw, RawV2 and the tool's own Redacted (which for some
// detectors is the raw value) are not kept: only their lengths are.
//
// # TruffleHog v2
//
// A v2 record is one rule's hits in one file of one commit, listing the
// matched strings in stringsFound. Each string is a distinct secret, so
// each becomes a finding (pointer ".../stringsFound/N"): Rule and Title are
// reason, Secret.Hash the SHA-256 of the string, Secret.Commit commitHash
// and Secret.Date date; the location is path. The diff and printDiff hold
// the secrets in forms that cannot be redacted reliably (split lines,
// colour codes): only their lengths are kept. branch and the commit
// message (commit, with e-mail addresses removed) are kept.
//
// # Secrets are never kept
//
// A value that is only a PEM armour line ("-----BEGIN RSA PRIVATE
// KEY-----", which v2's key rules report) is not hashed: every key shares
// it. Every text kept (ExtraData, messages, source metadata) has every
// secret value of the input, plain or in base64, replaced by its redacted
// form; text holding a value too short to replace safely is dropped.
// Other members whose name says they hold a secret or a raw form are kept
// only as their length ("<member>_length"). Lines that are not results (TruffleHog's JSON logs, when they reach the
// same stream) are skipped with a warning.
package trufflehog
