package osvscanner

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "osv-scanner-json"

// Decoder reads osv-scanner JSON output. The zero value is ready to use; it
// is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// topKeys are the members osv-scanner writes at the top level; an object
// with any other member belongs to another tool.
var topKeys = []string{"results", "experimental_config", "image_metadata", "license_summary"}

// Detect reports whether head is osv-scanner JSON: an object whose members
// are osv-scanner's, with a results array whose first element starts with
// "source" or "packages" (or an empty results array beside osv-scanner's
// experimental_config or image_metadata).
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("results") {
		return false
	}
	for _, k := range s.Keys {
		if !slices.Contains(topKeys, k) {
			return false
		}
	}
	key, empty := firstResultKey(head)
	if empty {
		return s.Has("experimental_config") || s.Has("image_metadata")
	}
	return key == "source" || key == "packages"
}

// firstResultKey walks the head to the results array and returns the first
// member name of its first element, or empty=true when the array is empty.
func firstResultKey(head []byte) (key string, empty bool) {
	dec := json.NewDecoder(bytes.NewReader(head))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return "", false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return "", false
		}
		if k, _ := t.(string); k != "results" {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return "", false
			}
			continue
		}
		if t, err := dec.Token(); err != nil || t != json.Delim('[') {
			return "", false
		}
		t, err = dec.Token()
		if err != nil {
			return "", false
		}
		if t == json.Delim(']') {
			return "", true
		}
		if t != json.Delim('{') {
			return "", false
		}
		t, err = dec.Token()
		if err != nil {
			return "", false
		}
		k, _ := t.(string)
		return k, false
	}
	return "", false
}

// imageMetadata is osv-scanner v2's description of a scanned image.
type imageMetadata struct {
	OS            string `json:"os"`
	LayerMetadata []struct {
		DiffID  string `json:"diff_id"`
		Command string `json:"command"`
	} `json:"layer_metadata"`
}

// decoding is the state of one Decode call.
type decoding struct {
	lim   decode.Limits
	recs  *decode.Records
	doc   *aspm.Document
	image *imageMetadata
}

// Decode reads one osv-scanner JSON report. See the package documentation
// for the mapping.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return nil, fmt.Errorf("%w: top level is a JSON %s, not an object", decode.ErrNotFormat, te.Value)
		}
		return nil, err
	}
	rawResults, ok := top["results"]
	if !ok {
		return nil, fmt.Errorf("%w: no results member", decode.ErrNotFormat)
	}
	var results []json.RawMessage
	if err := json.Unmarshal(rawResults, &results); err != nil {
		return nil, fmt.Errorf("%w: results is not an array", decode.ErrNotFormat)
	}
	d := &decoding{
		lim:  lim,
		recs: decode.NewRecords(ctx),
		doc:  &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "osv-scanner"}, Format: Format}},
	}
	if raw := top["image_metadata"]; len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		var im imageMetadata
		if err := json.Unmarshal(raw, &im); err != nil {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf("/image_metadata", "image metadata unreadable: %v", err))
		}
		d.image = &im
		d.doc.Source.Target = &aspm.Target{Kind: aspm.TargetImage, OS: im.OS}
	}
	for i, raw := range results {
		if err := d.result(i, raw); err != nil {
			return nil, err
		}
	}
	if d.doc.Source.Target == nil && len(results) == 1 {
		d.doc.Source.Target = d.target(results[0])
	}
	return d.doc, nil
}

// target describes the scan target of a single-result report.
func (d *decoding) target(raw json.RawMessage) *aspm.Target {
	var res result
	if json.Unmarshal(raw, &res) != nil || res.Source.Path == "" {
		return nil
	}
	switch strings.ToLower(res.Source.Type) {
	case "lockfile", "sbom":
		return &aspm.Target{Kind: aspm.TargetManifest, Name: res.Source.Path}
	case "docker", "image":
		return &aspm.Target{Kind: aspm.TargetImage, Name: res.Source.Path}
	case "git", "directory":
		return &aspm.Target{Kind: aspm.TargetRepository, Name: res.Source.Path}
	}
	return &aspm.Target{Kind: aspm.TargetOther, Name: res.Source.Path}
}

func (d *decoding) diag(diag aspm.Diagnostic) { d.doc.Diagnostics = append(d.doc.Diagnostics, diag) }

// result reads results[i]. It returns an error only for a limit or
// cancellation; a bad record becomes a diagnostic.
func (d *decoding) result(i int, raw json.RawMessage) error {
	ptr := fmt.Sprintf("/results/%d", i)
	var res result
	if err := json.Unmarshal(raw, &res); err != nil {
		d.diag(aspm.Errorf(ptr, "result skipped: %v", err))
		return nil
	}
	extra := extras(raw, "source", "packages")
	for j, rawPkg := range res.Packages {
		pptr := fmt.Sprintf("%s/packages/%d", ptr, j)
		var pv packageVulns
		if err := json.Unmarshal(rawPkg, &pv); err != nil {
			d.diag(aspm.Errorf(pptr, "package skipped: %v", err))
			continue
		}
		props := d.packageProperties(res, pv, rawPkg)
		for k, v := range extra {
			props["result."+k] = v
		}
		if err := d.packageFindings(pptr, res.Source, pv, props); err != nil {
			return err
		}
	}
	return nil
}

// packageProperties keeps what a package entry says beyond the model.
func (d *decoding) packageProperties(res result, pv packageVulns, raw json.RawMessage) map[string]string {
	props := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			props[k] = v
		}
	}
	set("source_type", res.Source.Type)
	set("commit", pv.Package.Commit)
	if len(pv.DepGroups) > 0 {
		set("dependency_groups", compactJSON(pv.DepGroups))
	}
	if len(pv.Licenses) > 0 {
		set("licenses", compactJSON(pv.Licenses))
	}
	if o := pv.Package.ImageOrigin; o != nil {
		set("image_origin", compactJSON(o))
	}
	if len(pv.Package.ImageOriginDetails) > 0 {
		set("image_origin_details", compactRaw(pv.Package.ImageOriginDetails))
	}
	for k, v := range extras(raw, "package", "dependency_groups", "vulnerabilities", "groups", "licenses", "license_violations") {
		props[k] = v
	}
	var pkgRaw struct {
		Package json.RawMessage `json:"package"`
	}
	if json.Unmarshal(raw, &pkgRaw) == nil {
		for k, v := range extras(pkgRaw.Package, "name", "version", "ecosystem", "commit", "imageOrigin", "image_origin_details") {
			props["package."+k] = v
		}
	}
	return props
}

// group is a set of OSV records that osv-scanner found to be the same
// vulnerability, with the pointer of the record that defines it.
type group struct {
	info groupInfo
	ptr  string
}

// groups returns the package's vulnerability groups, adding a group of one
// for every record that no group names (older osv-scanner versions wrote no
// groups at all).
func groups(pptr string, pv packageVulns) []group {
	var out []group
	covered := map[string]bool{}
	for k, g := range pv.Groups {
		out = append(out, group{info: g, ptr: fmt.Sprintf("%s/groups/%d", pptr, k)})
		for _, id := range g.IDs {
			covered[id] = true
		}
	}
	for m, v := range pv.Vulnerabilities {
		if covered[v.ID] {
			continue
		}
		covered[v.ID] = true
		out = append(out, group{info: groupInfo{IDs: []string{v.ID}}, ptr: fmt.Sprintf("%s/vulnerabilities/%d", pptr, m)})
	}
	return out
}

func (d *decoding) packageFindings(pptr string, src sourceInfo, pv packageVulns, props map[string]string) error {
	byID := map[string]*vulnerability{}
	for m := range pv.Vulnerabilities {
		v := &pv.Vulnerabilities[m]
		if _, dup := byID[v.ID]; !dup && v.ID != "" {
			byID[v.ID] = v
		}
	}
	comp, kind, loc := d.component(src, pv.Package)
	for _, g := range groups(pptr, pv) {
		if len(g.info.IDs) == 0 || strings.TrimSpace(g.info.IDs[0]) == "" {
			d.diag(aspm.Warnf(g.ptr, "vulnerability group without ids skipped"))
			continue
		}
		var members []*vulnerability
		for _, id := range g.info.IDs {
			if v := byID[id]; v != nil && !slices.Contains(members, v) {
				members = append(members, v)
			}
		}
		f := d.vulnFinding(g, members, pv.Package)
		f.Kind = kind
		f.Component = comp.clone()
		if loc != nil {
			f.Locations = []aspm.Location{*loc}
		}
		merged := maps.Clone(props)
		maps.Copy(merged, f.Properties) // the group's own properties win
		f.Properties = merged
		if err := d.add(f, g.ptr); err != nil {
			return err
		}
	}
	for k, lic := range pv.LicenseViolations {
		f := d.licenseFinding(lic, pv)
		f.Component = comp.clone()
		if loc != nil {
			f.Locations = []aspm.Location{*loc}
		}
		f.Properties = maps.Clone(props)
		if err := d.add(f, fmt.Sprintf("%s/license_violations/%d", pptr, k)); err != nil {
			return err
		}
	}
	return nil
}

func (d *decoding) add(f aspm.Finding, ptr string) error {
	if err := d.recs.Add(); err != nil {
		return err
	}
	f.Provenance = aspm.Provenance{Index: len(d.doc.Findings), Pointer: ptr}
	if len(f.Properties) == 0 {
		f.Properties = nil
	}
	d.doc.Findings = append(d.doc.Findings, f)
	return nil
}

// componentRef is the finding's component, copied into each finding so that
// findings never share slices.
type componentRef struct{ c *aspm.Component }

func (r componentRef) clone() *aspm.Component {
	if r.c == nil {
		return nil
	}
	c := *r.c
	c.Paths = slices.Clone(c.Paths)
	return &c
}

// component builds the scanned package's component, the finding kind and
// the location shared by every finding of the package.
func (d *decoding) component(src sourceInfo, p packageInfo) (componentRef, aspm.Kind, *aspm.Location) {
	kind := aspm.KindSCA
	loc := &aspm.Location{}
	switch strings.ToLower(src.Type) {
	case "docker", "image":
		kind = aspm.KindContainer
		loc.Image = src.Path
	default:
		loc.File = filepathSlash(src.Path)
	}
	if d.image != nil {
		kind = aspm.KindContainer
	}
	if p.ImageOrigin != nil {
		kind = aspm.KindContainer
		loc.Layer = p.ImageOrigin.LayerID
	}
	if len(p.ImageOriginDetails) > 0 && d.image != nil {
		kind = aspm.KindContainer
		var o struct {
			Index int `json:"index"`
		}
		if json.Unmarshal(p.ImageOriginDetails, &o) == nil && o.Index >= 0 && o.Index < len(d.image.LayerMetadata) {
			loc.Layer = d.image.LayerMetadata[o.Index].DiffID
		}
	}
	if *loc == (aspm.Location{}) {
		loc = nil
	}
	if p.Name == "" {
		return componentRef{}, kind, loc
	}
	c := &aspm.Component{
		PURL:      aspm.PURLFromEcosystem(p.Ecosystem, p.Name, p.Version),
		Name:      p.Name,
		Version:   p.Version,
		Ecosystem: p.Ecosystem,
	}
	if src.Path != "" {
		c.Paths = []string{filepathSlash(src.Path)}
	}
	return componentRef{c}, kind, loc
}

// vulnFinding maps one vulnerability group of one package.
func (d *decoding) vulnFinding(g group, members []*vulnerability, p packageInfo) aspm.Finding {
	id := g.info.IDs[0]
	aliases := slices.Clone(g.info.IDs[1:])
	aliases = append(aliases, g.info.Aliases...)
	var related []string
	for _, v := range members {
		aliases = append(aliases, v.ID)
		aliases = append(aliases, v.Aliases...)
		related = append(related, v.Related...)
		related = append(related, v.Upstream...)
	}
	vuln := aspm.NewVuln(id, aliases...)
	if len(related) > 0 {
		vuln = vuln.AddRelated(related...)
	}
	f := aspm.Finding{
		Rule:  aspm.NormalizeVulnID(id),
		Vulns: []aspm.Vuln{vuln},
	}
	var primary *vulnerability
	if len(members) > 0 {
		primary = members[0]
	}
	var summary, details string
	for _, v := range members {
		if summary == "" {
			summary = strings.TrimSpace(v.Summary)
		}
		if details == "" {
			details = strings.TrimSpace(v.Details)
		}
	}
	f.Title = decode.FirstLine(summary)
	if f.Title == "" {
		f.Title = decode.FirstLine(details)
	}
	if f.Title == "" {
		f.Title = fmt.Sprintf("%s in %s", f.Rule, strings.TrimSpace(p.Name+" "+p.Version))
	}
	f.Title = decode.Clip(f.Title, 512)
	f.RuleName = decode.Clip(decode.FirstLine(summary), 512)
	if details == "" {
		details = summary
	}
	f.Description = decode.Clip(details, d.lim.MaxText)

	var cweTexts, refs, fixed []string
	var word string
	for _, v := range members {
		db := readDBSpecific(v.DatabaseSpecific)
		cweTexts = append(cweTexts, db.cweTexts()...)
		if word == "" && aspm.ParseSeverity(db.Severity) != aspm.SeverityUnknown {
			word = db.Severity
		}
		if word == "" {
			word = wordSeverity(v.Severity)
		}
		f.CVSS = appendCVSS(f.CVSS, cvssOf(v.Severity)...)
		for _, a := range v.Affected {
			if !a.matches(p) {
				continue
			}
			f.CVSS = appendCVSS(f.CVSS, cvssOf(a.Severity)...)
			cweTexts = append(cweTexts, readDBSpecific(a.DatabaseSpecific).cweTexts()...)
			for _, rg := range a.Ranges {
				for _, e := range rg.Events {
					if e.Fixed != "" && !slices.Contains(fixed, e.Fixed) {
						fixed = append(fixed, e.Fixed)
					}
				}
			}
		}
		for _, r := range v.References {
			if r.URL != "" && !slices.Contains(refs, r.URL) {
				refs = append(refs, r.URL)
			}
		}
	}
	f.CWEs = aspm.ParseCWEs(cweTexts...)
	f.References = refs
	f.FixedVersions = fixed
	f.Severity, f.ToolSeverity = groupSeverity(g.info.MaxSeverity, word, f.CVSS)
	f.Reachability = reachability(g.info.ExperimentalAnalysis)

	props := map[string]string{}
	set := func(k, v string) {
		if v != "" {
			props[k] = v
		}
	}
	if len(g.info.ExperimentalAnalysis) > 0 {
		set("experimental_analysis", compactJSON(g.info.ExperimentalAnalysis))
		for _, a := range g.info.ExperimentalAnalysis {
			if a.Unimportant {
				props["unimportant"] = "true"
			}
		}
	}
	if primary != nil {
		set("osv_schema_version", primary.SchemaVersion)
		set("osv_modified", primary.Modified)
		set("osv_published", primary.Published)
		set("osv_withdrawn", primary.Withdrawn)
		if len(primary.DatabaseSpecific) > 0 {
			set("database_specific", decode.Clip(compactRaw(primary.DatabaseSpecific), d.lim.MaxText))
		}
		for _, a := range primary.Affected {
			if a.matches(p) && len(a.EcosystemSpecific) > 0 {
				set("ecosystem_specific", decode.Clip(compactRaw(a.EcosystemSpecific), d.lim.MaxText))
				break
			}
		}
	}
	if len(members) < len(g.info.IDs) {
		var missing []string
		for _, id := range g.info.IDs {
			if !slices.ContainsFunc(members, func(v *vulnerability) bool { return v.ID == id }) {
				missing = append(missing, id)
			}
		}
		set("ids_without_record", strings.Join(missing, ","))
	}
	f.Properties = props
	return f
}

// groupSeverity picks the severity: the group's max_severity score, else
// the advisory's severity word, else a numeric CVSS score. Vectors alone
// leave it unknown: the scoring stage computes them.
func groupSeverity(maxSeverity, word string, cvss []aspm.CVSS) (aspm.Severity, string) {
	if ms := strings.TrimSpace(maxSeverity); ms != "" {
		if score, err := strconv.ParseFloat(ms, 64); err == nil {
			if s := aspm.SeverityFromScore(score); s != aspm.SeverityUnknown {
				return s, ms
			}
		}
		if s := aspm.ParseSeverity(ms); s != aspm.SeverityUnknown {
			return s, ms
		}
	}
	if word != "" {
		return aspm.ParseSeverity(word), word
	}
	for _, c := range cvss {
		if c.Score > 0 {
			return aspm.SeverityFromScore(c.Score), strconv.FormatFloat(c.Score, 'f', -1, 64)
		}
	}
	return aspm.SeverityUnknown, ""
}

// reachability reads osv-scanner's call analysis (Go and Rust): called
// when any record of the group is called, unreachable when every analysed
// record is not.
func reachability(analysis map[string]analysisInfo) *aspm.Reachability {
	if len(analysis) == 0 {
		return nil
	}
	for _, a := range analysis {
		if a.Called {
			return &aspm.Reachability{Level: aspm.ReachFunction}
		}
	}
	return &aspm.Reachability{Level: aspm.ReachUnreachable}
}

func (d *decoding) licenseFinding(lic string, pv packageVulns) aspm.Finding {
	name := strings.TrimSpace(pv.Package.Name + " " + pv.Package.Version)
	f := aspm.Finding{
		Kind:     aspm.KindLicense,
		Rule:     lic,
		RuleName: "license violation",
		Title:    decode.Clip(fmt.Sprintf("License %s of %s is not allowed", lic, name), 512),
		Severity: aspm.SeverityUnknown,
	}
	if len(pv.Licenses) > 0 {
		f.Description = decode.Clip(fmt.Sprintf("%s is licensed under %s; %s is not in the allowlist.", name, strings.Join(pv.Licenses, ", "), lic), d.lim.MaxText)
	}
	return f
}

func appendCVSS(list []aspm.CVSS, add ...aspm.CVSS) []aspm.CVSS {
	for _, c := range add {
		if !slices.Contains(list, c) {
			list = append(list, c)
		}
	}
	return list
}

func filepathSlash(p string) string { return strings.ReplaceAll(p, "\\", "/") }

// extras returns the members of the JSON object raw other than known, as
// property strings.
func extras(raw json.RawMessage, known ...string) map[string]string {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	for _, k := range known {
		delete(m, k)
	}
	return decode.RawProperties(m)
}

func compactJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func compactRaw(raw json.RawMessage) string {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return ""
	}
	return buf.String()
}
