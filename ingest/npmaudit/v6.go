package npmaudit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// FormatV6 is the name of the npm 6 audit report format.
const FormatV6 aspm.Format = "npm-audit-v6"

// V6Decoder reads npm 6 audit reports (and the npm registry's audit
// response of the same shape). The zero value is ready to use; it is safe
// for concurrent use.
type V6Decoder struct{}

// Format returns FormatV6.
func (*V6Decoder) Format() aspm.Format { return FormatV6 }

// Detect accepts a JSON object with an "advisories" member, or one that
// starts with npm's "actions" list (whose "resolves" name advisories), and
// no "auditReportVersion".
func (*V6Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || s.Has("auditReportVersion") || s.Has("vulnerabilities") {
		return false
	}
	if s.Has("advisories") {
		return s.Has("metadata") || s.Has("actions") || s.Has("muted") || bytes.Contains(head, []byte(`"module_name"`))
	}
	// a long actions list hides the later keys
	return len(s.Keys) == 1 && s.Keys[0] == "actions" &&
		bytes.Contains(head, []byte(`"resolves"`)) && bytes.Contains(head, []byte(`"isMajor"`))
}

type v6Action struct {
	Action   string `json:"action"`
	Module   string `json:"module"`
	Target   string `json:"target"`
	IsMajor  bool   `json:"isMajor"`
	Resolves []struct {
		ID json.RawMessage `json:"id"`
	} `json:"resolves"`
}

type v6Advisory struct {
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
	Findings         []v6Finding     `json:"findings"`
}

type v6Finding struct {
	Version  string   `json:"version"`
	Paths    []string `json:"paths"`
	Dev      bool     `json:"dev"`
	Optional bool     `json:"optional"`
	Bundled  bool     `json:"bundled"`
}

// v6Consumed are the advisory members that the finding holds elsewhere.
var v6Consumed = []string{"id", "module_name", "severity", "title", "cves", "cwe", "github_advisory_id", "url", "overview", "references", "cvss", "findings"}

// Decode reads an npm 6 audit report.
func (*V6Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, notFormat(err)
	}
	if _, ok := top["auditReportVersion"]; ok {
		return nil, fmt.Errorf("%w: an npm 7 report (auditReportVersion)", decode.ErrNotFormat)
	}
	if _, ok := top["advisories"]; !ok {
		return nil, fmt.Errorf("%w: no advisories", decode.ErrNotFormat)
	}
	var advisories map[string]json.RawMessage
	if err := json.Unmarshal(top["advisories"], &advisories); err != nil {
		return nil, fmt.Errorf("%w: advisories is not an object", decode.ErrNotFormat)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "npm audit"}, Format: FormatV6}}
	var acts []v6Action
	if raw, ok := top["actions"]; ok && rawText(raw) != "" {
		if err := json.Unmarshal(raw, &acts); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/actions", "actions skipped: %v", err))
		}
	}
	actions := actionsByAdvisory(acts)
	recs := decode.NewRecords(ctx)
	for _, key := range sortedKeys(advisories) {
		ptr := "/advisories/" + pointerEscape(key)
		var members map[string]json.RawMessage
		var adv v6Advisory
		if err := json.Unmarshal(advisories[key], &members); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "advisory skipped: %v", err))
			continue
		}
		if err := json.Unmarshal(advisories[key], &adv); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "advisory skipped: %v", err))
			continue
		}
		id := rawText(adv.ID)
		if id == "" {
			id = key
		}
		if adv.ModuleName == "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(ptr, "advisory %s has no module_name", id))
		}
		base := aspm.Finding{
			Kind:         aspm.KindSCA,
			Rule:         id,
			RuleName:     strings.TrimSpace(adv.Title),
			Title:        decode.Clip(oneLine(adv.Title), lim.MaxText),
			Description:  decode.Clip(adv.Overview, lim.MaxText),
			Severity:     aspm.ParseSeverity(adv.Severity),
			ToolSeverity: adv.Severity,
			CWEs:         aspm.ParseCWEs(string(adv.CWE)),
			Vulns:        advisoryVuln(firstNonEmpty(adv.GitHubAdvisoryID, ghsaFromURL(adv.URL)), adv.CVEs),
			CVSS:         adv.CVSS.toCVSS(),
			References:   references(adv.URL, adv.References),
			Properties:   leftovers(members, v6Consumed...),
		}
		if base.Title == "" {
			base.Title = "npm advisory " + id
		}
		if fixed := patchedVersions(adv.PatchedVersions); len(fixed) > 0 {
			base.FixedVersions = fixed
		}
		setProp(&base, "actions", jsonList(actions[id]))
		for _, g := range groupByVersion(adv.Findings) {
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f := base
			f.Properties = maps.Clone(base.Properties)
			f.Component = npmComponent(adv.ModuleName, g.version, g.paths)
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: fmt.Sprintf("%s/findings/%d", ptr, g.index)}
			setProp(&f, "dependency_paths", jsonList(g.paths))
			for _, flag := range []struct {
				name string
				on   bool
			}{{"dev", g.dev}, {"optional", g.optional}, {"bundled", g.bundled}} {
				if flag.on {
					setProp(&f, flag.name, "true")
				}
			}
			doc.Findings = append(doc.Findings, f)
		}
		if len(adv.Findings) == 0 {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(ptr, "advisory %s lists no installed versions", id))
		}
	}
	return doc, nil
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
func groupByVersion(fs []v6Finding) []versionGroup {
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

// npmComponent builds the component of an npm package; paths are
// dependency chains ("a>b>c") that set the scope.
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

// actionsByAdvisory lists, per advisory id, the actions that resolve it.
func actionsByAdvisory(actions []v6Action) map[string][]string {
	out := map[string][]string{}
	for _, a := range actions {
		desc := strings.TrimSpace(a.Action + " " + a.Module)
		if a.Target != "" {
			desc += "@" + a.Target
		}
		if a.IsMajor {
			desc += " (major)"
		}
		for _, r := range a.Resolves {
			id := rawText(r.ID)
			if id != "" && !slices.Contains(out[id], desc) {
				out[id] = append(out[id], desc)
			}
		}
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
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
