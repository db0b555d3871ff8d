package dependencytrack

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "dependency-track-fpf"

// Decoder reads Dependency-Track Finding Packaging Format files. The zero
// value is ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a JSON object with the FPF members: meta
// and project or findings, and either all of version, project and findings
// or Dependency-Track named as the application.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("meta") || !(s.Has("findings") || s.Has("project")) {
		return false
	}
	return s.Has("version", "project", "findings") || bytes.Contains(head, []byte(`"Dependency-Track"`))
}

// members is a JSON object read member by member: one member of an
// unexpected type costs that member, and what is not taken goes to
// Properties.
type members map[string]json.RawMessage

func (m members) str(k string) string { return strings.TrimSpace(decode.TakeText(m, k)) }

func (m members) num(k string) float64 {
	v, err := strconv.ParseFloat(m.str(k), 64)
	if err != nil {
		return 0
	}
	return v
}

func (m members) take(k string, v any) bool { return decode.Take(m, k, v) }

func (m members) object(k string) members {
	var o members
	m.take(k, &o)
	if o == nil {
		o = members{}
	}
	return o
}

// rest renders the members left into props, keys prefixed.
func (m members) rest(prefix string, props map[string]string, maxText int) {
	for k, v := range decode.RawProperties(m) {
		if v = strings.TrimSpace(v); v != "" && v != "null" {
			props[prefix+k] = decode.Clip(v, maxText)
		}
	}
}

var reURL = regexp.MustCompile(`https?://[^\s()\[\]<>"]+`)

// Decode reads one FPF file: one finding per entry of findings.
func (d *Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top members
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, err
	}
	_, hasMeta := top["meta"]
	_, hasFindings := top["findings"]
	_, hasProject := top["project"]
	if !hasMeta || !(hasFindings || hasProject) {
		return nil, fmt.Errorf("dependencytrack: %w: no meta with project or findings", decode.ErrNotFormat)
	}
	version := top.str("version")
	if version != "" && !strings.HasPrefix(version, "1.") {
		return nil, fmt.Errorf("dependencytrack: %w: FPF version %q (this decoder reads 1.x)", decode.ErrUnsupported, decode.Clip(version, 40))
	}
	meta := top.object("meta")
	proj := top.object("project")
	doc := &aspm.Document{Source: aspm.Source{
		Tool:     aspm.Tool{Name: "Dependency-Track", Vendor: "OWASP", Version: meta.str("version")},
		Format:   Format,
		ScanTime: parseTime(meta.str("timestamp")),
	}}
	if app := meta.str("application"); app != "" && app != "Dependency-Track" {
		doc.Source.Tool.Name = app
	}
	if name := proj.str("name"); name != "" {
		t := &aspm.Target{Kind: aspm.TargetOther, Name: name}
		if v := proj.str("version"); v != "" {
			t.Name += "@" + v
		}
		if p, err := aspm.ParsePURL(proj.str("purl")); err == nil {
			t.PURL = p
		}
		doc.Source.Target = t
	}
	// Properties every finding shares: the project and the server.
	shared := map[string]string{}
	if u := meta.str("baseUrl"); u != "" {
		shared["meta.baseUrl"] = u
	}
	proj.rest("project.", shared, lim.MaxText)

	var findings []json.RawMessage
	if raw, ok := top["findings"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &findings); err != nil {
			return nil, fmt.Errorf("dependencytrack: %w: findings is not an array", decode.ErrNotFormat)
		}
	}
	recs := decode.NewRecords(ctx)
	for i, raw := range findings {
		where := "/findings/" + strconv.Itoa(i)
		var m members
		if err := json.Unmarshal(raw, &m); err != nil || m == nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(where, "finding is not an object; skipped"))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		f := finding(m, lim, shared)
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: where}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

// aliasKeys are the id members of an FPF alias object, in the order they
// are read; other members ending in "Id" are read after them.
var aliasKeys = []string{"cveId", "ghsaId", "sonatypeId", "osvId", "snykId", "gsdId", "vulnDbId"}

func finding(m members, lim decode.Limits, shared map[string]string) aspm.Finding {
	props := map[string]string{}
	for k, v := range shared {
		props[k] = v
	}
	comp := m.object("component")
	vuln := m.object("vulnerability")
	analysis := m.object("analysis")
	attr := m.object("attribution")

	f := aspm.Finding{Kind: aspm.KindSCA}

	// Component.
	c := &aspm.Component{Name: comp.str("name"), Version: comp.str("version"), CPE: comp.str("cpe")}
	if g := comp.str("group"); g != "" {
		props["component.group"] = g
		if c.Name != "" {
			c.Name = g + "/" + c.Name
		}
	}
	if raw := comp.str("purl"); raw != "" {
		if p, err := aspm.ParsePURL(raw); err == nil {
			c.PURL = p
			c.Name, c.Version = p.FullName(), p.Version()
		} else {
			props["component.purl"] = raw
		}
	}
	f.Component = c

	// Vulnerability.
	source := vuln.str("source")
	id := vuln.str("vulnId")
	if _, err := strconv.ParseUint(id, 10, 64); err == nil && source != "" {
		id = strings.ToUpper(source) + "-" + id // a bare npm or VulnDB number
	}
	var aliases []string
	var aliasObjs []members
	vuln.take("aliases", &aliasObjs)
	for _, a := range aliasObjs {
		for _, k := range aliasKeys {
			if s := a.str(k); s != "" {
				aliases = append(aliases, s)
			}
		}
		keys := make([]string, 0, len(a))
		for k := range a {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			if strings.HasSuffix(k, "Id") {
				if s := a.str(k); s != "" {
					aliases = append(aliases, s)
				}
			}
		}
	}
	if alt := attr.str("alternateIdentifier"); alt != "" {
		aliases = append(aliases, alt)
	}
	if id != "" {
		f.Vulns = []aspm.Vuln{aspm.NewVuln(id, aliases...)}
	} else if len(aliases) > 0 {
		f.Vulns = []aspm.Vuln{aspm.NewVuln(aliases[0], aliases[1:]...)}
	}
	f.Rule = decode.Clip(id, 256)
	title := vuln.str("title")
	f.RuleName = decode.Clip(title, 256)
	what := c.Name
	if c.Version != "" {
		what += "@" + c.Version
	}
	switch {
	case title != "":
		f.Title = decode.Clip(firstLine(title), 256)
	case id != "":
		f.Title = id + " in " + what
	default:
		f.Title = "vulnerability in " + what
	}
	f.Description = decode.Clip(vuln.str("description"), lim.MaxText)
	f.ToolSeverity = vuln.str("severity")
	f.Severity = aspm.ParseSeverity(f.ToolSeverity)

	var cwes []string
	if n := vuln.str("cweId"); n != "" {
		cwes = append(cwes, "CWE-"+n)
	}
	var cweObjs []members
	vuln.take("cwes", &cweObjs)
	for _, o := range cweObjs {
		if n := o.str("cweId"); n != "" {
			cwes = append(cwes, "CWE-"+n)
		}
	}
	delete(vuln, "cweName")
	f.CWEs = aspm.ParseCWEs(cwes...)

	cvssSource := strings.ToLower(source)
	if cvssSource == "github" {
		cvssSource = "ghsa" // the GitHub Advisory Database, as other decoders name it
	}
	addCVSS := func(version, vector string, score float64) {
		if vector == "" && score == 0 {
			return
		}
		cv := aspm.CVSS{Source: cvssSource, Version: version, Vector: vector, Score: score}
		if v, ok := strings.CutPrefix(vector, "CVSS:"); ok {
			cv.Version, _, _ = strings.Cut(v, "/")
		}
		f.CVSS = append(f.CVSS, cv)
	}
	addCVSS("2.0", vuln.str("cvssV2Vector"), vuln.num("cvssV2BaseScore"))
	addCVSS("3.1", vuln.str("cvssV3Vector"), vuln.num("cvssV3BaseScore"))
	addCVSS("4.0", vuln.str("cvssV4Vector"), vuln.num("cvssV4Score"))
	if f.Severity == aspm.SeverityUnknown {
		for i := len(f.CVSS) - 1; i >= 0; i-- {
			if f.CVSS[i].Score > 0 {
				f.Severity = aspm.SeverityFromScore(f.CVSS[i].Score)
				break
			}
		}
	}

	refs := vuln.str("references")
	if refs != "" {
		props["vulnerability.references"] = decode.Clip(refs, lim.MaxText)
	}
	for _, u := range reURL.FindAllString(refs, -1) {
		if !slices.Contains(f.References, u) {
			f.References = append(f.References, u)
		}
	}
	if u := attr.str("referenceUrl"); u != "" && !slices.Contains(f.References, u) {
		f.References = append(f.References, u)
	}

	// Analysis: the triage state as a VEX statement and a status.
	state := analysis.str("state")
	suppressed := analysis.str("isSuppressed") == "true"
	if state != "" {
		props["analysis.state"] = state
	}
	switch strings.ToUpper(state) {
	case "EXPLOITABLE":
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXAffected}
		f.Status = aspm.StatusOpen
	case "IN_TRIAGE":
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXUnderInvestigation}
		f.Status = aspm.StatusOpen
	case "NOT_AFFECTED":
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXNotAffected}
		f.Status = aspm.StatusFalsePositive
	case "FALSE_POSITIVE":
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXNotAffected, Detail: "false positive"}
		f.Status = aspm.StatusFalsePositive
	case "RESOLVED":
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXFixed}
		f.Status = aspm.StatusFixed
	}
	if f.VEX != nil {
		if j := analysis.str("justification"); j != "" && j != "NOT_SET" {
			f.VEX.Justification = strings.ToLower(j)
		}
		if r := analysis.str("response"); r != "" && r != "NOT_SET" {
			f.VEX.Response = []string{strings.ToLower(r)}
		}
		if dt := analysis.str("details"); dt != "" {
			f.VEX.Detail = decode.Clip(dt, lim.MaxText)
		}
	}
	if suppressed {
		props["analysis.isSuppressed"] = "true"
		if f.Status == "" || f.Status == aspm.StatusOpen {
			f.Status = aspm.StatusSuppressed
		}
	} else {
		delete(analysis, "isSuppressed")
	}

	if s := source; s != "" {
		props["vulnerability.source"] = s
	}
	comp.rest("component.", props, lim.MaxText)
	vuln.rest("vulnerability.", props, lim.MaxText)
	analysis.rest("analysis.", props, lim.MaxText)
	attr.rest("attribution.", props, lim.MaxText)
	m.rest("", props, lim.MaxText)
	if len(props) > 0 {
		f.Properties = props
	}
	return f
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(l)
}

// parseTime reads FPF timestamps ("2018-11-18T23:31:42Z").
func parseTime(s string) time.Time {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02 15:04:05.999"} {
		if t, err := time.Parse(layout, strings.TrimSpace(s)); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
