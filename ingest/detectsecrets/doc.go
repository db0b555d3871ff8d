// Package detectsecrets reads detect-secrets baselines (`detect-secrets
// scan > .secrets.baseline`), as [Format] "detect-secrets".
//
// # Mapping
//
// One finding per secret listed under "results" (an object of file name →
// list of secrets), of kind secret, in file-name order. Rule, Title and
// Secret.Type are the secret's type ("Secret Keyword", "AWS Access Key");
// the location is filename (or the key it is listed under) and
// line_number. detect-secrets states no severity: a leaked credential is
// rated high, with ToolSeverity empty so that the rating is visibly
// posture's. Secret.Verified is is_verified. The audit verdict is_secret
// (set by `detect-secrets audit`) gives the status: false is a false
// positive, true open; absent, no status. Properties keep is_secret and
// any other member.
//
// # The secret's hash
//
// A baseline never holds the secret, only hashed_secret, the SHA-1 of the
// value. It is kept as the "detect-secrets-sha1" fingerprint. Secret.Hash
// is the SHA-256 of the value, which correlation compares across tools; a
// SHA-1 cannot be turned into it, so Secret.Hash stays empty and
// detect-secrets findings correlate with others by location, not by value.
//
// The baseline's version is the tool version and generated_at the scan
// time; plugins_used and filters_used describe the scan's settings and are
// not kept.
package detectsecrets
