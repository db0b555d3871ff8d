// Package noseyparker reads the reports of Nosey Parker (`noseyparker
// report --format jsonl`, or `--format json`, a JSON array of the same
// records), as [Format] "noseyparker-json": the v0.16 shape (a
// "match_content" per finding, "commit_provenance") and that of v0.17 and
// later ("finding_id", base64 "groups", "first_commit").
//
// # What one finding is
//
// Nosey Parker groups matches by rule and matched value: one of its
// findings is one secret, however many places it was seen in (num_matches;
// "matches" lists them, up to the report's limit). A posture finding is one
// Nosey Parker finding, of kind secret, with one Location per listed match
// and provenance: the file path, or the blob path in the first commit that
// holds it, with the match's line and column span (an end column of 0,
// "end of line", is left out). Counting matches instead would repeat one
// secret many times; the corpus's raw count is per finding too.
//
// # Mapping
//
// Rule is rule_text_id ("np.aws.6"), or rule_name in v0.16; RuleName and
// Title are rule_name. Nosey Parker states no severity: a leaked
// credential is rated high, with ToolSeverity empty so that the rating is
// visibly posture's. finding_id is the "noseyparker-finding-id"
// fingerprint. A "reject" status (from statuses, or a match's status) is a
// false positive, "accept" open. Secret.Commit, Secret.Author (the author's
// name; e-mail addresses are dropped, being personal data) and Secret.Date
// (the author timestamp, in RFC 3339) come from the first commit that holds
// the first match. Properties keep rule_structural_id, num_matches,
// num_redundant_matches, mean_score, comment, the matches' structural and
// blob ids and how many matches are listed.
//
// # Secrets
//
// The value is the finding's match_content (v0.16) or its first capture
// group, base64-decoded (later versions; for a rule with two groups, such
// as an AWS key id and its secret key, the first is the identifier other
// scanners report). Secret.Hash is its SHA-256, so that other scanners'
// findings of the same value correlate, and Secret.Redacted its ends;
// Secret.Type is rule_name. A value that is only a PEM armour line is not
// hashed: every private key shares it. Snippets (before, matching, after)
// hold the secret and often other secrets of the same file: they are not
// kept, only their total length. Every text kept has every secret value of
// the report (match contents and capture groups, plain and in base64)
// replaced by its redacted form.
//
// An empty object line ("{}") is no finding and is skipped.
package noseyparker
