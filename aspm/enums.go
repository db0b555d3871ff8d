package aspm

import "strings"

// Kind is the class of problem a finding describes.
type Kind string

// The kinds of finding posture knows.
const (
	KindSAST      Kind = "sast"      // a weakness in first-party source code
	KindSCA       Kind = "sca"       // a vulnerable third-party dependency
	KindContainer Kind = "container" // a vulnerable package in a container image
	KindIaC       Kind = "iac"       // a misconfiguration in infrastructure as code
	KindSecret    Kind = "secret"    // a leaked credential
	KindDAST      Kind = "dast"      // a weakness seen in a running application
	KindLicense   Kind = "license"   // a licence policy problem
	KindPentest   Kind = "pentest"   // a manual or red-team result
	KindRuntime   Kind = "runtime"   // a problem seen at run time
	KindOther     Kind = "other"     // anything else
)

// Kinds lists every Kind in a stable order.
func Kinds() []Kind {
	return []Kind{KindSAST, KindSCA, KindContainer, KindIaC, KindSecret, KindDAST, KindLicense, KindPentest, KindRuntime, KindOther}
}

// Valid reports whether k is one of the kinds in [Kinds].
func (k Kind) Valid() bool {
	for _, v := range Kinds() {
		if k == v {
			return true
		}
	}
	return false
}

// Severity is posture's normalised severity.
type Severity string

// The normalised severities, from the most to the least severe.
const (
	SeverityCritical Severity = "critical"
	SeverityHigh     Severity = "high"
	SeverityMedium   Severity = "medium"
	SeverityLow      Severity = "low"
	SeverityInfo     Severity = "info"
	SeverityUnknown  Severity = "unknown"
)

// Severities lists every Severity from the most to the least severe.
func Severities() []Severity {
	return []Severity{SeverityCritical, SeverityHigh, SeverityMedium, SeverityLow, SeverityInfo, SeverityUnknown}
}

// Rank orders severities: critical is 5, unknown is 0. An unrecognised value
// ranks as unknown.
func (s Severity) Rank() int {
	switch s {
	case SeverityCritical:
		return 5
	case SeverityHigh:
		return 4
	case SeverityMedium:
		return 3
	case SeverityLow:
		return 2
	case SeverityInfo:
		return 1
	}
	return 0
}

// ParseSeverity maps the severity words that scanners use onto a Severity.
// It is case-insensitive and knows common synonyms ("error", "warning",
// "note", "moderate", "negligible", "informational", "blocker", "major",
// "minor"...). Anything else is SeverityUnknown.
func ParseSeverity(s string) Severity {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "critical", "crit", "blocker", "very high", "urgent":
		return SeverityCritical
	case "high", "error", "err", "severe", "critical high", "important", "major":
		return SeverityHigh
	case "medium", "moderate", "warning", "warn", "med":
		return SeverityMedium
	case "low", "minor", "note", "negligible":
		return SeverityLow
	case "info", "information", "informational", "none", "trivial", "style", "notice":
		return SeverityInfo
	}
	return SeverityUnknown
}

// SeverityFromScore maps a CVSS-style score in [0,10] onto a Severity using
// the CVSS v3 qualitative bands (0.1–3.9 low, 4.0–6.9 medium, 7.0–8.9 high,
// 9.0–10.0 critical; 0 is info). Out-of-range scores are unknown.
func SeverityFromScore(score float64) Severity {
	switch {
	case score < 0 || score > 10 || score != score:
		return SeverityUnknown
	case score >= 9:
		return SeverityCritical
	case score >= 7:
		return SeverityHigh
	case score >= 4:
		return SeverityMedium
	case score > 0:
		return SeverityLow
	}
	return SeverityInfo
}

// Format names a wire format that posture reads or writes, such as "sarif" or
// "cyclonedx-json".
type Format string

// VEXState is the exploitability state of a vulnerability for a product, with
// the four values OpenVEX and CSAF use.
type VEXState string

// The VEX states. The zero value means no state was stated.
const (
	VEXNotAffected        VEXState = "not_affected"
	VEXAffected           VEXState = "affected"
	VEXFixed              VEXState = "fixed"
	VEXUnderInvestigation VEXState = "under_investigation"
)

// Status is the triage state of a finding as its tool reported it.
type Status string

// The finding statuses. The zero value means the tool said nothing, which
// posture treats as open.
const (
	StatusOpen          Status = "open"
	StatusSuppressed    Status = "suppressed"     // suppressed in source or by the tool's baseline
	StatusFalsePositive Status = "false_positive" // dismissed as not a real problem
	StatusAccepted      Status = "accepted"       // risk accepted
	StatusFixed         Status = "fixed"          // reported as already resolved
)

// Scope says how a component is reached from the project that uses it.
type Scope string

// The component scopes. The zero value means unknown.
const (
	ScopeDirect     Scope = "direct"
	ScopeTransitive Scope = "transitive"
	ScopeOptional   Scope = "optional"
	ScopeExcluded   Scope = "excluded"
)
