package npmadvisory

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// Advisory is an npm registry advisory, as npm 6 audit reports hold it and
// yarn 1 passes it on.
type Advisory struct {
	ID               json.RawMessage `json:"id"`
	ModuleName       string          `json:"module_name"`
	Severity         string          `json:"severity"`
	Title            string          `json:"title"`
	CVEs             []string        `json:"cves"`
	CWE              json.RawMessage `json:"cwe"`
	GitHubAdvisoryID string          `json:"github_advisory_id"`
	URL              string          `json:"url"`
	PatchedVersions  string          `json:"patched_versions"`
	Overview         string          `json:"overview"`
	References       string          `json:"references"`
	CVSS             *CVSS           `json:"cvss"`
	Findings         []Installed     `json:"findings"`
}

// Installed is one entry of an advisory's findings[]: an installed version
// and the dependency paths that lead to it.
type Installed struct {
	Version  string   `json:"version"`
	Paths    []string `json:"paths"`
	Dev      bool     `json:"dev"`
	Optional bool     `json:"optional"`
	Bundled  bool     `json:"bundled"`
}

// Members returns the names of the advisory members that [Advisory.Finding]
// and the decoder's title and description hold, so that the others can be
// kept as properties. The slice is new on every call.
func Members() []string {
	return []string{"id", "module_name", "severity", "title", "cves", "cwe", "github_advisory_id", "url", "overview", "references", "cvss", "findings"}
}

// Finding maps the advisory to the finding it gives for every installed
// version, with id as its rule: kind, rule and rule name, severity, CWEs,
// the vulnerability (GHSA id with the CVEs as aliases), CVSS, fixed
// versions and references. The decoder sets the title, description,
// component, provenance and properties. a must not be nil.
func (a *Advisory) Finding(id string) aspm.Finding {
	ghsa := strings.TrimSpace(a.GitHubAdvisoryID)
	if ghsa == "" {
		ghsa = GHSAFromURL(a.URL)
	}
	return aspm.Finding{
		Kind:          aspm.KindSCA,
		Rule:          id,
		RuleName:      strings.TrimSpace(a.Title),
		Severity:      aspm.ParseSeverity(a.Severity),
		ToolSeverity:  a.Severity,
		CWEs:          aspm.ParseCWEs(string(a.CWE)),
		Vulns:         Vulns(ghsa, a.CVEs),
		CVSS:          a.CVSS.Scores(),
		FixedVersions: PatchedVersions(a.PatchedVersions),
		References:    References(a.URL, a.References),
	}
}

// VersionGroup is the findings[] entries of one installed version.
type VersionGroup struct {
	// Version is the installed version.
	Version string
	// Index is the position of the version's first entry in findings[].
	Index int
	// Paths are the dependency paths of every entry, once each, in order.
	Paths []string
	// Dev, Optional and Bundled are set when every entry of the version
	// has them.
	Dev, Optional, Bundled bool
}

// GroupByVersion merges findings[] entries by version, in order of first
// appearance. A flag is set when every entry of the version has it.
func GroupByVersion(fs []Installed) []VersionGroup {
	var out []VersionGroup
	for i, f := range fs {
		j := slices.IndexFunc(out, func(g VersionGroup) bool { return g.Version == f.Version })
		if j < 0 {
			out = append(out, VersionGroup{Version: f.Version, Index: i, Dev: true, Optional: true, Bundled: true})
			j = len(out) - 1
		}
		g := &out[j]
		for _, p := range f.Paths {
			if !slices.Contains(g.Paths, p) {
				g.Paths = append(g.Paths, p)
			}
		}
		g.Dev = g.Dev && f.Dev
		g.Optional = g.Optional && f.Optional
		g.Bundled = g.Bundled && f.Bundled
	}
	return out
}

// Component builds the component of an npm package; chains are dependency
// paths ("a>b>c") that set the scope: direct when one chain is the package
// alone, transitive otherwise, unset without chains.
func Component(name, version string, chains []string) *aspm.Component {
	c := &aspm.Component{
		PURL:      aspm.PURLFromEcosystem("npm", name, version),
		Name:      name,
		Version:   version,
		Ecosystem: "npm",
	}
	for _, p := range chains {
		if !strings.Contains(p, ">") {
			c.Scope = aspm.ScopeDirect
			break
		}
		c.Scope = aspm.ScopeTransitive
	}
	return c
}
