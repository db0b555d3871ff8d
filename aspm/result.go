package aspm

import "time"

// SchemaV1 is the schema tag of posture's JSON result.
const SchemaV1 = "posture/v1"

// Lifecycle is an issue's state relative to a baseline scan.
type Lifecycle string

// The lifecycle states.
const (
	LifecycleNew       Lifecycle = "new"       // not in the baseline
	LifecycleUnchanged Lifecycle = "unchanged" // in the baseline and still present
	LifecycleReopened  Lifecycle = "reopened"  // fixed in the baseline, present again
	LifecycleFixed     Lifecycle = "fixed"     // in the baseline, absent now
)

// Priority is a priority bucket, "P0" (most urgent) to "P4", or a user's own
// bucket name.
type Priority string

// Issue is one real problem: the findings of every tool and scan that
// describe it, folded together by correlation.
type Issue struct {
	// ID is stable and content-derived: the same problem gets the same ID on
	// any machine and in any later scan.
	ID       string   `json:"id"`
	Kind     Kind     `json:"kind"`
	Title    string   `json:"title"`
	Severity Severity `json:"severity"`
	// SeveritySource names the tool whose finding gave the severity.
	SeveritySource string `json:"severity_source,omitempty"`
	// Vulns are every id of the issue's vulnerability, canonical first.
	Vulns         []string   `json:"vulns"`
	Component     PURL       `json:"component,omitzero"`
	FixedVersions []string   `json:"fixed_versions,omitempty"`
	CWEs          []int      `json:"cwes,omitempty"`
	Locations     []Location `json:"locations"`
	Tools         []string   `json:"tools"`
	Services      []string   `json:"services"`
	Owners        []string   `json:"owners"`
	// BusinessUnits are the business units of the services.
	BusinessUnits []string `json:"business_units,omitempty"`
	// Paths are dependency paths to the issue's component, each a list of
	// graph node keys from a service or root down to the component.
	Paths [][]string `json:"paths,omitempty"`
	// Findings are the member findings. They are shared with the documents
	// they came from, not copied: treat them as read-only.
	Findings []*Finding `json:"findings"`
	// Explanation says why the findings were folded together, one line per
	// merge.
	Explanation []string  `json:"explanation,omitempty"`
	Score       *Score    `json:"score,omitempty"`
	Priority    Priority  `json:"priority,omitempty"`
	SLADue      time.Time `json:"sla_due,omitzero"`
	Status      Lifecycle `json:"status,omitempty"`
	FirstSeen   time.Time `json:"first_seen,omitzero"`
	LastSeen    time.Time `json:"last_seen,omitzero"`
	FixedAt     time.Time `json:"fixed_at,omitzero"`
	Triage      *Triage   `json:"triage,omitempty"`
	Policy      []Verdict `json:"policy"`
}

// Triage is a human decision about an issue, carried across scans.
type Triage struct {
	Status Status       `json:"status"`
	VEX    *VEXAnalysis `json:"vex,omitempty"`
	By     string       `json:"by,omitempty"`
	Reason string       `json:"reason,omitempty"`
	At     time.Time    `json:"at,omitzero"`
}

// Score is an issue's risk score with the factors that make it up; the
// contributions of the factors add up to Value.
type Score struct {
	Value   float64  `json:"value"`
	Factors []Factor `json:"factors"`
}

// Factor is one scorer's part of a score.
type Factor struct {
	// Name is the scorer's name.
	Name string `json:"name"`
	// Input is what the scorer looked at, in words ("CVSS:3.1/AV:N/… from
	// nvd", "EPSS 0.97 on 2026-11-27").
	Input string `json:"input"`
	// Value is the scorer's opinion in [0,1].
	Value float64 `json:"value"`
	// Weight is the engine's weight for the scorer.
	Weight float64 `json:"weight"`
	// Contribution is the factor's share of the score.
	Contribution float64 `json:"contribution"`
	// Explanation says why, in a sentence.
	Explanation string `json:"explanation,omitempty"`
}

// VerdictResult is the outcome of one policy rule for one issue.
type VerdictResult string

// The verdict results.
const (
	VerdictFail     VerdictResult = "fail"
	VerdictWarn     VerdictResult = "warn"
	VerdictInfo     VerdictResult = "info"
	VerdictExcepted VerdictResult = "excepted"
)

// Verdict is one policy rule's judgement of an issue.
type Verdict struct {
	Rule      string        `json:"rule"`
	Title     string        `json:"title,omitempty"`
	Result    VerdictResult `json:"result"`
	Message   string        `json:"message,omitempty"`
	Exception string        `json:"exception,omitempty"`
}

// Gate is the overall policy outcome.
type Gate string

// The gate outcomes.
const (
	GatePass Gate = "pass"
	GateFail Gate = "fail"
)

// Summary counts a result.
type Summary struct {
	Findings   int               `json:"findings"`
	Issues     int               `json:"issues"`
	BySeverity map[Severity]int  `json:"by_severity"`
	ByStatus   map[Lifecycle]int `json:"by_status"`
	Gate       Gate              `json:"gate"`
}

// Result is what a whole run hands to exporters.
type Result struct {
	Schema      string       `json:"schema"`
	GeneratedAt time.Time    `json:"generated_at,omitzero"`
	Sources     []Source     `json:"sources,omitempty"`
	Issues      []Issue      `json:"issues"`
	Summary     Summary      `json:"summary"`
	Diagnostics []Diagnostic `json:"diagnostics,omitempty"`
}
