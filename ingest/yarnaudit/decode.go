package yarnaudit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/npmadvisory"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "yarn-audit"

// Decoder reads the JSON lines of `yarn audit --json` (yarn 1) and of
// `yarn npm audit --json` (yarn 4). The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns Format.
func (*Decoder) Format() aspm.Format { return Format }

// classicTypes are the record types of yarn 1's JSON lines that an audit
// run prints.
var classicTypes = []string{"auditAdvisory", "auditAction", "auditSummary", "info", "warning", "error"}

// Detect accepts JSON lines whose first record is a yarn 1 record
// ({"type","data"}) of an audit run, or a yarn 4 audit record
// ({"value","children"} with "Vulnerable Versions" or "Tree Versions").
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || len(s.Keys) != 2 {
		return false
	}
	switch {
	case s.Has("type", "data"):
		if !slices.Contains(classicTypes, s.Strings["type"]) {
			return false
		}
		return bytes.Contains(head, []byte(`"type":"audit`)) ||
			bytes.Contains(head, []byte(`security/audits`)) || bytes.Contains(head, []byte(`/cli/audit`))
	case s.Has("value", "children"):
		return bytes.Contains(head, []byte(`"Vulnerable Versions"`)) || bytes.Contains(head, []byte(`"Tree Versions"`))
	}
	return false
}

type line struct {
	Type     string          `json:"type"`
	Data     json.RawMessage `json:"data"`
	Value    *string         `json:"value"`
	Children json.RawMessage `json:"children"`
}

type auditAdvisory struct {
	Resolution struct {
		ID       json.RawMessage `json:"id"`
		Path     string          `json:"path"`
		Dev      bool            `json:"dev"`
		Optional bool            `json:"optional"`
		Bundled  bool            `json:"bundled"`
	} `json:"resolution"`
	Advisory json.RawMessage `json:"advisory"`
}

// advisoryGroup gathers the records of one advisory.
type advisoryGroup struct {
	id          string
	ptr         string
	members     map[string]json.RawMessage
	adv         npmadvisory.Advisory
	findings    []npmadvisory.Installed
	resolutions []resolution
}

type resolution struct {
	path                   string
	dev, optional, bundled bool
}

// Decode reads yarn audit JSON lines.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := decode.CheckDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "yarn audit"}, Format: Format}}
	recs := decode.NewRecords(ctx)
	var (
		groups       []*advisoryGroup
		audit, berry bool
		errs         []string
		offset, n    int
	)
	for raw := range bytes.Lines(data) {
		start := offset
		offset += len(raw)
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		ptr := fmt.Sprintf("/%d", n)
		n++
		var l line
		if err := json.Unmarshal(raw, &l); err != nil {
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return nil, &decode.SyntaxError{Offset: int64(start) + se.Offset, Err: err}
			}
			if n == 1 {
				return nil, fmt.Errorf("%w: not a yarn record: %v", decode.ErrNotFormat, err)
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "record skipped: %v", err))
			continue
		}
		switch {
		case l.Value != nil && len(l.Children) > 0:
			if !berry {
				berry = true
				doc.Source.Tool.Name = "yarn npm audit"
			}
			fs, err := berryFindings(lim, *l.Value, l.Children, ptr)
			if err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "record skipped: %v", err))
				continue
			}
			for _, f := range fs {
				if err := recs.Add(); err != nil {
					return nil, err
				}
				f.Provenance.Index = len(doc.Findings)
				doc.Findings = append(doc.Findings, f)
			}
		case l.Type == "auditAdvisory":
			audit = true
			var a auditAdvisory
			if err := json.Unmarshal(l.Data, &a); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "advisory skipped: %v", err))
				continue
			}
			g, err := group(&groups, a.Advisory, ptr+"/data/advisory")
			if err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "advisory skipped: %v", err))
				continue
			}
			if a.Resolution.Path != "" {
				g.resolutions = append(g.resolutions, resolution{a.Resolution.Path, a.Resolution.Dev, a.Resolution.Optional, a.Resolution.Bundled})
			}
		case l.Type == "auditSummary" || l.Type == "auditAction":
			audit = true
		case l.Type == "error":
			errs = append(errs, decode.RawText(l.Data))
		case l.Type == "warning" || l.Type == "info":
			doc.Diagnostics = append(doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo, Pointer: ptr, Message: "yarn " + l.Type + ": " + decode.Clip(decode.RawText(l.Data), lim.MaxText)})
		case l.Type == "":
			if n == 1 {
				return nil, fmt.Errorf("%w: the first record is not a yarn record", decode.ErrNotFormat)
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(ptr, "record of no known type skipped"))
		}
	}
	if !audit && !berry {
		if len(errs) > 0 {
			return nil, fmt.Errorf("yarn audit did not run: %s", strings.Join(errs, "; "))
		}
		return nil, fmt.Errorf("%w: no yarn audit records", decode.ErrNotFormat)
	}
	for _, e := range errs {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf("", "yarn error: %s", decode.Clip(e, lim.MaxText)))
	}
	for _, g := range groups {
		for _, f := range classicFindings(lim, g) {
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f.Provenance.Index = len(doc.Findings)
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}

// group adds an auditAdvisory record's advisory to its group, creating the
// group on first sight.
func group(groups *[]*advisoryGroup, raw json.RawMessage, ptr string) (*advisoryGroup, error) {
	var members map[string]json.RawMessage
	var adv npmadvisory.Advisory
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &adv); err != nil {
		return nil, err
	}
	id := decode.RawText(adv.ID)
	if id == "" {
		id = adv.URL + "\x00" + adv.ModuleName + "\x00" + adv.Title
	}
	i := slices.IndexFunc(*groups, func(g *advisoryGroup) bool { return g.id == id })
	if i < 0 {
		*groups = append(*groups, &advisoryGroup{id: id, ptr: ptr, members: members, adv: adv})
		i = len(*groups) - 1
	}
	g := (*groups)[i]
	g.findings = append(g.findings, adv.Findings...)
	return g, nil
}

// classicFindings makes one finding per installed version of a yarn 1
// advisory.
func classicFindings(lim decode.Limits, g *advisoryGroup) []aspm.Finding {
	base := advisoryFinding(lim, &g.adv, g.members)
	groups := npmadvisory.GroupByVersion(g.findings)
	if len(groups) == 0 {
		groups = []npmadvisory.VersionGroup{{Dev: true, Optional: true, Bundled: true}}
	}
	var out []aspm.Finding
	for _, vg := range groups {
		// a resolution belongs to the version whose paths hold it; with
		// one version, to that one. Resolutions carry the dev, optional and
		// bundled flags that yarn leaves out of findings[].
		matched := false
		dev, optional, bundled := true, true, true
		for _, r := range g.resolutions {
			if len(groups) > 1 && !slices.Contains(vg.Paths, r.path) {
				continue
			}
			if !slices.Contains(vg.Paths, r.path) {
				vg.Paths = append(vg.Paths, r.path)
			}
			matched = true
			dev, optional, bundled = dev && r.dev, optional && r.optional, bundled && r.bundled
		}
		if matched {
			vg.Dev, vg.Optional, vg.Bundled = dev, optional, bundled
		}
		f := base
		f.Properties = maps.Clone(base.Properties)
		f.Component = npmadvisory.Component(g.adv.ModuleName, vg.Version, vg.Paths)
		f.Provenance = aspm.Provenance{Pointer: g.ptr}
		if len(g.findings) > 0 {
			f.Provenance.Pointer = fmt.Sprintf("%s/findings/%d", g.ptr, vg.Index)
		}
		decode.SetProperty(&f, "dependency_paths", npmadvisory.JSONList(vg.Paths))
		for _, flag := range []struct {
			name string
			on   bool
		}{{"dev", vg.Dev}, {"optional", vg.Optional}, {"bundled", vg.Bundled}} {
			if flag.on && (len(g.findings) > 0 || len(g.resolutions) > 0) {
				decode.SetProperty(&f, flag.name, "true")
			}
		}
		out = append(out, f)
	}
	return out
}

// berryChildren is a yarn 4 audit record's body.
type berryChildren struct {
	ID                 json.RawMessage `json:"ID"`
	Issue              string          `json:"Issue"`
	URL                string          `json:"URL"`
	Severity           string          `json:"Severity"`
	VulnerableVersions string          `json:"Vulnerable Versions"`
	TreeVersions       []string        `json:"Tree Versions"`
	Dependents         []string        `json:"Dependents"`
}

var berryConsumed = []string{"ID", "Issue", "URL", "Severity", "Vulnerable Versions", "Tree Versions", "Dependents"}

// berryFindings makes one finding per installed ("tree") version of a
// yarn 4 audit record.
func berryFindings(lim decode.Limits, name string, raw json.RawMessage, ptr string) ([]aspm.Finding, error) {
	var members map[string]json.RawMessage
	var c berryChildren
	if err := json.Unmarshal(raw, &members); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(raw, &c); err != nil {
		return nil, err
	}
	id := decode.RawText(c.ID)
	base := aspm.Finding{
		Kind:          aspm.KindSCA,
		Rule:          id,
		RuleName:      strings.TrimSpace(c.Issue),
		Title:         decode.Clip(decode.FirstLine(c.Issue), lim.MaxText),
		Description:   decode.Clip(c.Issue, lim.MaxText),
		Severity:      aspm.ParseSeverity(c.Severity),
		ToolSeverity:  c.Severity,
		Vulns:         npmadvisory.Vulns(npmadvisory.GHSAFromURL(c.URL), nil),
		FixedVersions: npmadvisory.FixedFromVulnerable(c.VulnerableVersions),
		References:    npmadvisory.References(c.URL, ""),
		Properties:    decode.MemberProperties(members, berryConsumed...),
	}
	if base.Title == "" {
		base.Title = decode.FirstNonEmpty(id, "yarn audit issue in "+name)
	}
	decode.SetProperty(&base, "vulnerable_versions", c.VulnerableVersions)
	decode.SetProperty(&base, "dependents", npmadvisory.JSONList(c.Dependents))
	if strings.HasSuffix(id, "(deprecation)") {
		decode.SetProperty(&base, "deprecation", "true")
	}
	versions := c.TreeVersions
	if len(versions) == 0 {
		versions = []string{""}
	}
	var out []aspm.Finding
	for i, v := range versions {
		f := base
		f.Properties = maps.Clone(base.Properties)
		f.Component = npmadvisory.Component(name, v, nil)
		f.Provenance = aspm.Provenance{Pointer: ptr + "/children"}
		if len(c.TreeVersions) > 0 {
			f.Provenance.Pointer = fmt.Sprintf("%s/children/Tree Versions/%d", ptr, i)
		}
		out = append(out, f)
	}
	return out, nil
}
