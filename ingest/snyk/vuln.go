package snyk

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/vulnid"
)

type vulnerability struct {
	ID                   string       `json:"id"`
	Type                 string       `json:"type"`
	License              string       `json:"license"`
	Title                string       `json:"title"`
	Description          string       `json:"description"`
	Severity             string       `json:"severity"`
	SeverityWithCritical string       `json:"severityWithCritical"`
	CVSSv3               *string      `json:"CVSSv3"`
	CVSSScore            *json.Number `json:"cvssScore"`
	CVSSDetails          []struct {
		Assigner        string      `json:"assigner"`
		CVSSV3Vector    string      `json:"cvssV3Vector"`
		CVSSV3BaseScore json.Number `json:"cvssV3BaseScore"`
	} `json:"cvssDetails"`
	CVSSSources []struct {
		Assigner    string      `json:"assigner"`
		Vector      string      `json:"vector"`
		CVSSVersion string      `json:"cvssVersion"`
		BaseScore   json.Number `json:"baseScore"`
	} `json:"cvssSources"`
	Identifiers           map[string]json.RawMessage `json:"identifiers"`
	AlternativeIDs        []string                   `json:"alternativeIds"`
	PackageManager        string                     `json:"packageManager"`
	PackageName           string                     `json:"packageName"`
	Name                  string                     `json:"name"`
	Version               string                     `json:"version"`
	FixedIn               []string                   `json:"fixedIn"`
	NearestFixedInVersion string                     `json:"nearestFixedInVersion"`
	From                  []string                   `json:"from"`
	References            []struct {
		URL string `json:"url"`
	} `json:"references"`
	EPSSDetails map[string]json.RawMessage `json:"epssDetails"`
}

// vulnMapped are the members of a vulnerability that the model holds. The
// dependency path (from), the upgrade path and the identifiers stay in the
// properties.
var vulnMapped = []string{"id", "license", "title", "description", "severity", "severityWithCritical", "CVSSv3",
	"cvssScore", "cvssDetails", "cvssSources", "alternativeIds", "packageName", "name", "version", "fixedIn",
	"references", "epssDetails"}

// vulnerability maps one entry of a project's vulnerabilities: one
// vulnerability (or licence issue) on one dependency path.
func (d *decoder) vulnerability(raw json.RawMessage, ptr string, sc *scope) (aspm.Finding, bool) {
	var v vulnerability
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &v); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest)
	if v.ID == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: no id"))
		return aspm.Finding{}, false
	}
	sev := v.SeverityWithCritical
	if sev == "" {
		sev = v.Severity
	}
	title := decode.FirstLine(v.Title)
	if title == "" {
		title = v.ID
	}
	f := aspm.Finding{
		Kind:          aspm.KindSCA,
		Rule:          v.ID,
		Title:         decode.Clip(title, d.lim.MaxText),
		Description:   decode.Clip(v.Description, d.lim.MaxText),
		Severity:      aspm.ParseSeverity(sev),
		ToolSeverity:  sev,
		FixedVersions: decode.AppendUnique(nil, v.FixedIn...),
		Component:     d.component(&v, sc),
		CVSS:          cvssList(&v),
		Provenance:    aspm.Provenance{Pointer: ptr},
		Properties:    decode.PrefixedProperties(rest, "", vulnMapped...),
	}
	if len(f.FixedVersions) == 0 {
		f.FixedVersions = decode.AppendUnique(nil, v.NearestFixedInVersion)
	}
	for _, r := range v.References {
		f.References = decode.AppendUnique(f.References, r.URL)
	}
	switch {
	case v.Type == "license":
		f.Kind = aspm.KindLicense
		f.RuleName = v.License
		if f.Component != nil && v.License != "" {
			f.Component.Licenses = []string{v.License}
		}
	default:
		if sc.container {
			f.Kind = aspm.KindContainer
		}
		var ids []string
		for _, key := range identifierKeys(v.Identifiers) {
			if key == "CWE" {
				f.CWEs = aspm.ParseCWEs(stringsOf(v.Identifiers[key])...)
				continue
			}
			ids = append(ids, stringsOf(v.Identifiers[key])...)
		}
		ids = append(ids, v.AlternativeIDs...)
		aliases, related := vulnid.Split(v.ID, ids)
		f.Vulns = []aspm.Vuln{aspm.NewVuln(v.ID, aliases...).AddRelated(related...)}
	}
	if f.Severity == aspm.SeverityUnknown {
		for _, c := range f.CVSS {
			if c.Score > 0 {
				f.Severity = aspm.SeverityFromScore(c.Score)
				break
			}
		}
	}
	if e := v.EPSSDetails; e != nil {
		decode.SetProperty(&f, "epss", numberText(e["probability"]))
		decode.SetProperty(&f, "epss_percentile", numberText(e["percentile"]))
		for k, val := range decode.PrefixedProperties(e, "epssDetails.", "probability", "percentile") {
			decode.SetProperty(&f, k, val)
		}
	}
	image := sc.image
	if len(v.From) > 0 {
		if ref, ok := strings.CutPrefix(v.From[0], "docker-image|"); ok {
			image = imageRef(ref)
		}
	}
	loc := aspm.Location{File: sc.file}
	if sc.container {
		loc.Image = image
	}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	p := sc.p
	decode.SetProperty(&f, "project.name", p.ProjectName)
	decode.SetProperty(&f, "project.path", p.Path)
	decode.SetProperty(&f, "project.org", p.Org)
	decode.SetProperty(&f, "project.packageManager", p.PackageManager)
	decode.SetProperty(&f, "project.platform", p.Platform)
	return f, true
}

// identifierKeys returns the keys of Snyk's identifiers, sorted.
func identifierKeys(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// stringsOf reads a JSON array of strings, skipping other values.
func stringsOf(raw json.RawMessage) []string {
	var vals []json.RawMessage
	if json.Unmarshal(raw, &vals) != nil {
		return nil
	}
	var out []string
	for _, v := range vals {
		var s string
		if json.Unmarshal(v, &s) == nil && s != "" {
			out = append(out, s)
		}
	}
	return out
}

// numberText renders a JSON number or numeric string compactly.
func numberText(raw json.RawMessage) string {
	var n json.Number
	if json.Unmarshal(raw, &n) != nil {
		return ""
	}
	return n.String()
}

// imageRef turns Snyk's "name@tag" image notation into "name:tag"; a
// digest keeps its "@".
func imageRef(ref string) string {
	i := strings.LastIndexByte(ref, '@')
	if i < 0 || strings.HasPrefix(ref[i+1:], "sha256:") {
		return ref
	}
	return ref[:i] + ":" + ref[i+1:]
}

// cvssList gathers Snyk's own CVSS vector and score (source "snyk") and
// the per-assigner ones of cvssDetails and cvssSources.
func cvssList(v *vulnerability) []aspm.CVSS {
	var out []aspm.CVSS
	add := func(c aspm.CVSS) {
		if (c.Vector != "" || c.Score != 0) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	own := aspm.CVSS{Source: "snyk"}
	if v.CVSSv3 != nil {
		own.Vector = *v.CVSSv3
		own.Version = vulnid.CVSSVersion(own.Vector, "3.0")
	}
	if v.CVSSScore != nil {
		own.Score, _ = v.CVSSScore.Float64()
	}
	add(own)
	for _, c := range v.CVSSSources {
		s, _ := c.BaseScore.Float64()
		add(aspm.CVSS{Source: assigner(c.Assigner), Version: vulnid.CVSSVersion(c.Vector, c.CVSSVersion), Vector: c.Vector, Score: s})
	}
	for _, c := range v.CVSSDetails {
		s, _ := c.CVSSV3BaseScore.Float64()
		add(aspm.CVSS{Source: assigner(c.Assigner), Version: vulnid.CVSSVersion(c.CVSSV3Vector, "3.0"), Vector: c.CVSSV3Vector, Score: s})
	}
	return out
}

// assigner turns a CVSS assigner ("NVD", "Red Hat") into a source name
// ("nvd", "redhat").
func assigner(s string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
}
