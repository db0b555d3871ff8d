package generic

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// SchemaV1 is the value of the schema member of a version 1 report.
const SchemaV1 = "posture-generic/v1"

// schemaPrefix starts the schema member of every version of the format.
const schemaPrefix = "posture-generic/"

// Report is a posture-generic/v1 JSON report. Producers can fill it and
// write it with encoding/json; see the package documentation for what each
// member means.
type Report struct {
	// Schema is SchemaV1.
	Schema string `json:"schema"`
	// Tool is the program (or the team, for a manual test) that found the
	// problems.
	Tool Tool `json:"tool"`
	// Target is what was tested, when there is one subject.
	Target *Target `json:"target,omitempty"`
	// ScanTime is when the test ran.
	ScanTime time.Time `json:"scan_time,omitzero"`
	// Findings are the problems found; an empty list means none.
	Findings []Finding `json:"findings"`
}

// Tool names the producer of a report.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version,omitempty"`
	Vendor  string `json:"vendor,omitempty"`
}

// Target is the subject of a test.
type Target struct {
	// Kind is "image", "repository", "manifest", "url", "cluster" or
	// "other".
	Kind string `json:"kind,omitempty"`
	// Name is the image reference, path, repository or site.
	Name string `json:"name"`
}

// Finding is one problem.
type Finding struct {
	// Title is a one-line summary; it is the only required member.
	Title string `json:"title"`
	// Kind is "sast", "sca", "container", "iac", "secret", "dast",
	// "license", "pentest", "runtime" or "other" (the default).
	Kind string `json:"kind,omitempty"`
	// Severity is "critical", "high", "medium", "low", "info" or "unknown"
	// (the default). ToolSeverity is the producer's own word, when it has
	// one.
	Severity     string `json:"severity,omitempty"`
	ToolSeverity string `json:"tool_severity,omitempty"`
	Confidence   string `json:"confidence,omitempty"`
	// Rule is the check's id, RuleName its human name.
	Rule        string `json:"rule,omitempty"`
	RuleName    string `json:"rule_name,omitempty"`
	Description string `json:"description,omitempty"`
	// CWEs are CWE numbers (79) or ids ("CWE-79").
	CWEs []CWE `json:"cwes,omitempty"`
	// Vulns are the advisories the finding is about.
	Vulns []Vuln `json:"vulns,omitempty"`
	CVSS  []CVSS `json:"cvss,omitempty"`
	// Component is the affected package.
	Component *Component `json:"component,omitempty"`
	// FixedVersions are the versions of Component that fix the problem.
	FixedVersions []string   `json:"fixed_versions,omitempty"`
	Locations     []Location `json:"locations,omitempty"`
	// Fingerprints are the producer's stable identities of the finding.
	Fingerprints map[string]string `json:"fingerprints,omitempty"`
	// Status is "open", "suppressed", "false_positive", "accepted" or
	// "fixed"; empty means open.
	Status     string   `json:"status,omitempty"`
	References []string `json:"references,omitempty"`
	Tags       []string `json:"tags,omitempty"`
	// Properties holds anything else; values that are not strings are kept
	// as compact JSON text.
	Properties map[string]any `json:"properties,omitempty"`
}

// CWE is a CWE number. It reads from a JSON number (79) or text ("CWE-79",
// "79") and writes a number.
type CWE int

// UnmarshalJSON reads a number or text.
func (c *CWE) UnmarshalJSON(b []byte) error {
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		*c = CWE(n)
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("a CWE is a number or a text such as \"CWE-79\"")
	}
	n, ok := parseCWE(s)
	if !ok {
		return fmt.Errorf("%q is not a CWE id", s)
	}
	*c = CWE(n)
	return nil
}

func parseCWE(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil {
		return n, n > 0
	}
	n := aspm.ParseCWE(s)
	return n, n > 0
}

// Vuln is a vulnerability advisory: its id ("CVE-2021-44228", "GHSA-…",
// an internal id), other ids of the same advisory, and related ids that are
// not the same advisory.
type Vuln struct {
	ID      string   `json:"id"`
	Aliases []string `json:"aliases,omitempty"`
	Related []string `json:"related,omitempty"`
}

// CVSS is a CVSS assessment.
type CVSS struct {
	// Source is who scored it ("nvd", "vendor", "pentest team").
	Source string `json:"source,omitempty"`
	// Version is "2.0", "3.0", "3.1" or "4.0"; read from Vector when empty.
	Version string  `json:"version,omitempty"`
	Vector  string  `json:"vector,omitempty"`
	Score   float64 `json:"score,omitempty"`
}

// Component is a package. PURL is the package URL; without one, Ecosystem
// (an OSV ecosystem name such as "npm", "PyPI", "Go", "Maven"), Name and
// Version build it.
type Component struct {
	PURL      string `json:"purl,omitempty"`
	Name      string `json:"name,omitempty"`
	Version   string `json:"version,omitempty"`
	Ecosystem string `json:"ecosystem,omitempty"`
}

// Location is one place the problem is: a source region, a URL, a resource
// or an image. Lines and columns are 1-based.
type Location struct {
	File        string    `json:"file,omitempty"`
	StartLine   int       `json:"start_line,omitempty"`
	EndLine     int       `json:"end_line,omitempty"`
	StartColumn int       `json:"start_column,omitempty"`
	EndColumn   int       `json:"end_column,omitempty"`
	Snippet     string    `json:"snippet,omitempty"`
	Logical     string    `json:"logical,omitempty"`
	URL         string    `json:"url,omitempty"`
	Method      string    `json:"method,omitempty"`
	Parameter   string    `json:"parameter,omitempty"`
	Evidence    string    `json:"evidence,omitempty"`
	Resource    *Resource `json:"resource,omitempty"`
	Image       string    `json:"image,omitempty"`
	Layer       string    `json:"layer,omitempty"`
}

// Resource is an infrastructure resource.
type Resource struct {
	Type     string `json:"type,omitempty"`
	Name     string `json:"name,omitempty"`
	Provider string `json:"provider,omitempty"`
	ID       string `json:"id,omitempty"`
}
