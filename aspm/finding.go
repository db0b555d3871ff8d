package aspm

// Tool names the program that produced a finding.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	Vendor  string `json:"vendor,omitempty"`
}

// Finding is one problem as one tool reported it in one input. It is the unit
// that decoders produce and that correlation folds into issues.
//
// Every text field holds what the tool said, except that decoders of secret
// scanners redact secret values (see Secret). Properties keeps the tool's
// remaining fields, so that nothing the input said is lost.
type Finding struct {
	// ID is a content-derived identifier (see FindingID); two identical
	// records share it.
	ID string `json:"id"`
	// Kind is the class of problem.
	Kind Kind `json:"kind"`
	// Format is the decoder that read the finding.
	Format Format `json:"format"`
	// Tool is the scanner that reported it.
	Tool Tool `json:"tool"`
	// Rule is the tool's rule, check or query id ("" when the tool has none).
	Rule string `json:"rule,omitempty"`
	// RuleName is the rule's human name, when the tool gives one apart from
	// the id.
	RuleName string `json:"rule_name,omitempty"`
	// Title is a one-line summary.
	Title string `json:"title"`
	// Description is the longer text: the message, the advisory summary.
	Description string `json:"description,omitempty"`
	// Severity is the normalised severity; ToolSeverity is the tool's own word
	// or number for it.
	Severity     Severity `json:"severity"`
	ToolSeverity string   `json:"tool_severity,omitempty"`
	// Confidence is the tool's confidence or precision, as it said it.
	Confidence string `json:"confidence,omitempty"`
	// CWEs are CWE numbers, sorted, without the "CWE-" prefix.
	CWEs []int `json:"cwes"`
	// Vulns are the vulnerability advisories the finding is about, each with
	// the aliases the input states.
	Vulns []Vuln `json:"vulns"`
	// Component is the affected package, for SCA and container findings.
	// In JSON, "component" is its purl and "package" the whole component.
	Component *Component `json:"package,omitempty"`
	// FixedVersions are the versions of Component that resolve the finding.
	FixedVersions []string `json:"fixed_versions,omitempty"`
	// Locations are where the problem is: source regions, URLs, resources,
	// image layers. The first is the primary location.
	Locations []Location `json:"locations"`
	// Fingerprints are identities the tool computed (SARIF
	// partialFingerprints and the like), by name.
	Fingerprints map[string]string `json:"fingerprints,omitempty"`
	// CVSS lists the CVSS vectors and scores the input gives, by source.
	CVSS []CVSS `json:"cvss,omitempty"`
	// Status is the triage state the tool reported; VEX is the exploitability
	// statement attached to the finding, when the input has one.
	Status Status       `json:"status,omitempty"`
	VEX    *VEXAnalysis `json:"vex,omitempty"`
	// Secret describes a leaked secret without its value.
	Secret *Secret `json:"secret,omitempty"`
	// Reachability is what the tool says about whether the vulnerable code is
	// reachable.
	Reachability *Reachability `json:"reachability,omitempty"`
	// References are advisory and documentation URLs.
	References []string `json:"references,omitempty"`
	// Tags are the tool's free-form tags.
	Tags []string `json:"tags,omitempty"`
	// Provenance says where in which input the finding was read. In JSON,
	// "source" is its file and "provenance" the whole value.
	Provenance Provenance `json:"provenance"`
	// Properties keeps the tool's remaining fields: strings as they are,
	// other JSON values as compact JSON text.
	Properties map[string]string `json:"properties,omitempty"`
}

// Vuln is one vulnerability advisory as the input named it.
type Vuln struct {
	// ID is the advisory id, normalised with NormalizeVulnID.
	ID string `json:"id"`
	// Aliases are other ids the input says name the same advisory.
	Aliases []string `json:"aliases,omitempty"`
	// Related are ids the input says are related (upstream, similar) but
	// not the same; correlation never merges on them.
	Related []string `json:"related,omitempty"`
}

// CVSS is one CVSS assessment of a vulnerability.
type CVSS struct {
	// Source is who scored it ("nvd", "ghsa", a vendor name); "" when unsaid.
	Source string `json:"source,omitempty"`
	// Version is "2.0", "3.0", "3.1" or "4.0"; "" when unsaid.
	Version string `json:"version,omitempty"`
	// Vector is the vector string as given.
	Vector string `json:"vector,omitempty"`
	// Score is the base score the input states; 0 when it states none.
	Score float64 `json:"score,omitempty"`
}

// VEXAnalysis is an exploitability statement: the state and why.
type VEXAnalysis struct {
	State         VEXState `json:"state"`
	Justification string   `json:"justification,omitempty"`
	Impact        string   `json:"impact,omitempty"`
	Response      []string `json:"response,omitempty"`
	Detail        string   `json:"detail,omitempty"`
}

// Secret describes a leaked secret. The value itself is never kept.
type Secret struct {
	// Type is the kind of secret ("aws-access-key", "generic-api-key").
	Type string `json:"type,omitempty"`
	// Hash is the lower-case hex SHA-256 of the secret value, so that the
	// same secret found by two tools correlates. Empty when the tool gave
	// neither the value nor a hash of it.
	Hash string `json:"hash,omitempty"`
	// Redacted is a short, safe rendering ("AKIA…MPLE").
	Redacted string `json:"redacted,omitempty"`
	// Verified reports whether the tool checked the secret is live.
	Verified bool `json:"verified,omitempty"`
	// Commit, Author and Date locate the secret in version control history.
	Commit string `json:"commit,omitempty"`
	Author string `json:"author,omitempty"`
	Date   string `json:"date,omitempty"`
}

// ReachabilityLevel says how far the analysis proved the vulnerable code is
// used.
type ReachabilityLevel string

// The reachability levels, from the weakest to the strongest evidence of use.
const (
	ReachUnknown     ReachabilityLevel = ""            // nothing known
	ReachUnreachable ReachabilityLevel = "unreachable" // shown not to be called
	ReachModule      ReachabilityLevel = "module"      // the module is required
	ReachPackage     ReachabilityLevel = "package"     // the package is imported
	ReachFunction    ReachabilityLevel = "function"    // the vulnerable symbol is called
)

// Reachability is a tool's evidence that vulnerable code is or is not used.
type Reachability struct {
	Level ReachabilityLevel `json:"level"`
	// Symbols are the vulnerable functions found to be called.
	Symbols []string `json:"symbols,omitempty"`
	// Trace is a short call-stack summary, entry point first.
	Trace []string `json:"trace,omitempty"`
}

// Provenance says where a record was read.
type Provenance struct {
	// File is the input's name as the caller gave it.
	File string `json:"file"`
	// Index is the record's ordinal in the input, from 0.
	Index int `json:"index"`
	// Pointer is a JSON pointer (or an XPath-like path for XML) to the record.
	Pointer string `json:"pointer,omitempty"`
}
