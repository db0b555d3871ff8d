package yarnaudit

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// npmAdvisory is the npm registry advisory that yarn 1 passes on.
type npmAdvisory struct {
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
	CVSS             *cvss           `json:"cvss"`
	Findings         []npmFinding    `json:"findings"`
}

type npmFinding struct {
	Version  string   `json:"version"`
	Paths    []string `json:"paths"`
	Dev      bool     `json:"dev"`
	Optional bool     `json:"optional"`
	Bundled  bool     `json:"bundled"`
}

// advisoryConsumed are the advisory members that the finding holds
// elsewhere.
var advisoryConsumed = []string{"id", "module_name", "severity", "title", "cves", "cwe", "github_advisory_id", "url", "overview", "references", "cvss", "findings"}

// advisoryFinding maps what an advisory says about every installed version.
func advisoryFinding(lim decode.Limits, adv *npmAdvisory, members map[string]json.RawMessage) aspm.Finding {
	id := rawText(adv.ID)
	f := aspm.Finding{
		Kind:          aspm.KindSCA,
		Rule:          id,
		RuleName:      strings.TrimSpace(adv.Title),
		Title:         decode.Clip(oneLine(adv.Title), lim.MaxText),
		Description:   decode.Clip(adv.Overview, lim.MaxText),
		Severity:      aspm.ParseSeverity(adv.Severity),
		ToolSeverity:  adv.Severity,
		CWEs:          aspm.ParseCWEs(string(adv.CWE)),
		Vulns:         advisoryVuln(firstNonEmpty(adv.GitHubAdvisoryID, ghsaFromURL(adv.URL)), adv.CVEs),
		CVSS:          adv.CVSS.toCVSS(),
		FixedVersions: patchedVersions(adv.PatchedVersions),
		References:    references(adv.URL, adv.References),
		Properties:    leftovers(members, advisoryConsumed...),
	}
	if f.Title == "" {
		f.Title = "npm advisory " + id
	}
	return f
}

// versionGroup is the findings[] entries of one installed version.
type versionGroup struct {
	version                string
	index                  int // of the first entry
	paths                  []string
	dev, optional, bundled bool
}

// groupByVersion merges findings[] entries by version, in order of first
// appearance. A flag is set when every entry of the version has it.
func groupByVersion(fs []npmFinding) []versionGroup {
	var out []versionGroup
	for i, f := range fs {
		j := slices.IndexFunc(out, func(g versionGroup) bool { return g.version == f.Version })
		if j < 0 {
			out = append(out, versionGroup{version: f.Version, index: i, dev: true, optional: true, bundled: true})
			j = len(out) - 1
		}
		g := &out[j]
		for _, p := range f.Paths {
			if !slices.Contains(g.paths, p) {
				g.paths = append(g.paths, p)
			}
		}
		g.dev = g.dev && f.Dev
		g.optional = g.optional && f.Optional
		g.bundled = g.bundled && f.Bundled
	}
	return out
}

// npmComponent builds the component of an npm package; chains are
// dependency paths ("a>b>c") that set the scope.
func npmComponent(name, version string, chains []string) *aspm.Component {
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

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// oneLine keeps the first line of s.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}
