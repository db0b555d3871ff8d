package cyclonedx

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// affected is one component or service a vulnerability affects.
type affected struct {
	ref      string
	idx      int // index in doc.Components, -1 when the ref names none
	versions []cdx.AffectedVersions
	ptr      string
}

// vulnInfo is what the findings of one vulnerability share.
type vulnInfo struct {
	id           string
	vuln         *aspm.Vuln
	tool         aspm.Tool
	severity     aspm.Severity
	toolSeverity string
	cvss         []aspm.CVSS
	cwes         []int
	description  string
	references   []string
	vex          *aspm.VEXAnalysis
	status       aspm.Status
	props        map[string]string
}

// vulnerability maps one vulnerability: a finding per affected component
// (one without a component when it affects none) and, when it carries an
// analysis, a VEX statement.
func (m *mapper) vulnerability(r vulnRecord) error {
	v := r.v
	info := m.vulnInfo(v, r.ptr, r.extra)
	targets := m.targets(r)

	if len(targets) == 0 {
		f := m.finding(info, nil, r.ptr, true)
		if err := m.recs.Add(); err != nil {
			return err
		}
		m.doc.Findings = append(m.doc.Findings, f)
	}
	for i := range targets {
		f := m.finding(info, &targets[i], targets[i].ptr, i == len(targets)-1)
		if err := m.recs.Add(); err != nil {
			return err
		}
		m.doc.Findings = append(m.doc.Findings, f)
	}
	if info.vex != nil && info.vuln != nil {
		st := aspm.VEXStatement{
			Vuln:       *info.vuln,
			Analysis:   *info.vex,
			Provenance: aspm.Provenance{Index: len(m.doc.Statements), Pointer: r.ptr},
		}
		st.Vuln.Aliases = slices.Clone(st.Vuln.Aliases)
		st.Analysis.Response = slices.Clone(st.Analysis.Response)
		for _, t := range targets {
			var p aspm.PURL
			name := t.ref
			if t.idx >= 0 {
				p, name = m.doc.Components[t.idx].PURL, nodeName(&m.doc.Components[t.idx])
			} else if q, err := aspm.ParsePURL(t.ref); err == nil {
				p = q
			}
			switch {
			case !p.IsZero():
				if !slices.ContainsFunc(st.Products, p.Equal) {
					st.Products = append(st.Products, p)
				}
			case name != "":
				st.ProductRefs = appendUnique(st.ProductRefs, name)
			}
		}
		if a := v.Analysis; a != nil {
			for _, s := range []string{a.LastUpdated, a.FirstIssued} {
				if t, ok := parseTime(s); ok {
					st.Timestamp = t
					break
				}
			}
		}
		if err := m.recs.Add(); err != nil {
			return err
		}
		m.doc.Statements = append(m.doc.Statements, st)
	}
	return nil
}

// targets lists what r affects: its owner component for an extension
// vulnerability, else its affects entries, one per distinct ref, in input
// order.
func (m *mapper) targets(r vulnRecord) []affected {
	if r.owner != "" {
		idx, ok := m.byPtr[r.owner]
		if !ok {
			m.warn(r.ptr, "the component holding this vulnerability was not read")
			return nil
		}
		return []affected{{ref: m.doc.Components[idx].Ref, idx: idx, ptr: r.ptr}}
	}
	if r.v.Affects == nil {
		return nil
	}
	var out []affected
	for j, a := range *r.v.Affects {
		ref := strings.TrimSpace(a.Ref)
		ptr := r.ptr
		if !r.ext {
			ptr = m.ptrs.affects(r.ptr, j)
		}
		if ref == "" {
			m.warn(ptr, "affects entry without a ref skipped")
			continue
		}
		var versions []cdx.AffectedVersions
		if a.Range != nil {
			versions = *a.Range
		}
		dup := false
		for k := range out {
			if out[k].ref == ref {
				out[k].versions = append(slices.Clip(out[k].versions), versions...)
				dup = true
				break
			}
		}
		if dup {
			continue
		}
		idx, ok := m.byRef[ref]
		if !ok {
			idx = -1
			if !strings.HasPrefix(ref, "urn:cdx:") {
				m.warn(ptr, "affects ref %q names no component or service in this BOM", ref)
			}
		}
		out = append(out, affected{ref: ref, idx: idx, versions: versions, ptr: ptr})
	}
	return out
}

// vulnInfo maps what the findings of v share.
func (m *mapper) vulnInfo(v *cdx.Vulnerability, ptr string, extra []cdx.Property) *vulnInfo {
	info := &vulnInfo{id: strings.TrimSpace(v.ID)}
	p := props{max: m.lim.MaxText}

	var aliases []string
	if v.References != nil {
		sourced := false
		for _, ref := range *v.References {
			if id := strings.TrimSpace(ref.ID); id != "" {
				aliases = append(aliases, id)
			}
			sourced = sourced || ref.Source != nil
		}
		if sourced {
			p.json("references", *v.References)
		}
	}
	id := info.id
	if id == "" && len(aliases) > 0 {
		id = aliases[0]
	}
	if id != "" {
		vu := aspm.NewVuln(id, aliases...)
		info.vuln = &vu
	} else {
		m.warn(ptr, "vulnerability without an id")
	}

	if t := m.tool(v.Tools); t.Name != "" {
		info.tool = t
		if n := toolCount(v.Tools); n > 1 {
			p.json("tools", v.Tools)
		}
	}

	info.ratings(v, &p)

	if v.CWEs != nil {
		for _, c := range *v.CWEs {
			if c > 0 {
				info.cwes = append(info.cwes, c)
			}
		}
		slices.Sort(info.cwes)
		info.cwes = slices.Compact(info.cwes)
	}

	desc := strings.TrimSpace(v.Description)
	if d := strings.TrimSpace(v.Detail); d != "" && d != desc {
		if desc != "" {
			desc += "\n\n"
		}
		desc += d
	}
	info.description = decode.Clip(desc, m.lim.MaxText)

	if v.Advisories != nil {
		titled := false
		for _, a := range *v.Advisories {
			if u := strings.TrimSpace(a.URL); u != "" {
				info.references = appendUnique(info.references, u)
			}
			titled = titled || a.Title != ""
		}
		if titled {
			p.json("advisories", *v.Advisories)
		}
	}

	if a := v.Analysis; a != nil {
		vex := aspm.VEXAnalysis{Justification: string(a.Justification), Detail: decode.Clip(a.Detail, m.lim.MaxText)}
		switch a.State {
		case cdx.IASResolved, cdx.IASResolvedWithPedigree:
			vex.State = aspm.VEXFixed
			info.status = aspm.StatusFixed
		case cdx.IASExploitable:
			vex.State = aspm.VEXAffected
		case cdx.IASInTriage:
			vex.State = aspm.VEXUnderInvestigation
		case cdx.IASFalsePositive:
			vex.State = aspm.VEXNotAffected
			info.status = aspm.StatusFalsePositive
		case cdx.IASNotAffected:
			vex.State = aspm.VEXNotAffected
		case "":
		default:
			m.warn(ptr+"/analysis/state", "analysis state %q is not a CycloneDX state", a.State)
		}
		if a.State != "" {
			p.set("analysis.state", string(a.State))
		}
		if a.Response != nil {
			for _, r := range *a.Response {
				vex.Response = append(vex.Response, string(r))
			}
		}
		p.set("analysis.firstIssued", a.FirstIssued)
		p.set("analysis.lastUpdated", a.LastUpdated)
		if vex.State != "" || vex.Justification != "" || vex.Detail != "" || len(vex.Response) > 0 {
			info.vex = &vex
		}
	}

	if v.Source != nil {
		p.set("source.name", v.Source.Name)
		p.set("source.url", v.Source.URL)
	}
	p.set("bom-ref", v.BOMRef)
	p.set("recommendation", v.Recommendation)
	p.set("workaround", v.Workaround)
	p.set("created", v.Created)
	p.set("published", v.Published)
	p.set("updated", v.Updated)
	p.set("rejected", v.Rejected)
	if v.ProofOfConcept != nil {
		p.json("proofOfConcept", v.ProofOfConcept)
	}
	if v.Credits != nil {
		p.json("credits", v.Credits)
	}
	if v.Properties != nil {
		for _, pr := range *v.Properties {
			p.add("property:"+pr.Name, pr.Value)
		}
	}
	for _, pr := range extra {
		p.set(pr.Name, pr.Value)
	}
	info.props = p.m
	return info
}

func toolCount(tc *cdx.ToolsChoice) int {
	n := 0
	if tc.Tools != nil {
		n += len(*tc.Tools)
	}
	if tc.Components != nil {
		n += len(*tc.Components)
	}
	if tc.Services != nil {
		n += len(*tc.Services)
	}
	return n
}

// ratings maps the ratings of v onto CVSS entries and the severity: the
// most severe word any rating gives, else the severity of the highest
// score. Ratings of other methods (OWASP, SSVC, other) go to properties.
func (info *vulnInfo) ratings(v *cdx.Vulnerability, p *props) {
	info.severity = aspm.SeverityUnknown
	if v.Ratings == nil {
		return
	}
	var others []cdx.VulnerabilityRating
	best := -1.0
	for _, r := range *v.Ratings {
		if word := strings.TrimSpace(string(r.Severity)); word != "" {
			if s := aspm.ParseSeverity(word); info.toolSeverity == "" || s.Rank() > info.severity.Rank() {
				info.severity, info.toolSeverity = s, word
			}
		}
		if r.Score != nil && *r.Score > best {
			best = *r.Score
		}
		version, ok := cvssVersion(r.Method, r.Vector)
		if !ok {
			others = append(others, r)
			continue
		}
		c := aspm.CVSS{Version: version, Vector: strings.TrimSpace(r.Vector)}
		if r.Source != nil {
			c.Source = r.Source.Name
		}
		if r.Score != nil {
			c.Score = *r.Score
		}
		if c.Vector == "" && c.Score == 0 {
			continue
		}
		info.cvss = append(info.cvss, c)
	}
	if info.severity == aspm.SeverityUnknown && best >= 0 {
		info.severity = aspm.SeverityFromScore(best)
		info.toolSeverity = strconv.FormatFloat(best, 'f', -1, 64)
	}
	if len(others) > 0 {
		p.json("ratings", others)
	}
}

// cvssVersion returns the CVSS version of a rating: from the vector's
// prefix when it has one, else from the scoring method. ok is false for a
// rating that is not CVSS.
func cvssVersion(method cdx.ScoringMethod, vector string) (string, bool) {
	vector = strings.TrimSpace(vector)
	if rest, ok := strings.CutPrefix(vector, "CVSS:"); ok {
		if v, _, ok := strings.Cut(rest, "/"); ok && v != "" {
			return v, true
		}
	}
	switch method {
	case cdx.ScoringMethodCVSSv2:
		return "2.0", true
	case cdx.ScoringMethodCVSSv3:
		return "3.0", true
	case cdx.ScoringMethodCVSSv31:
		return "3.1", true
	case cdx.ScoringMethodCVSSv4:
		return "4.0", true
	}
	return "", false
}

// finding builds one finding of a vulnerability for target t (nil: none).
// The last finding of a vulnerability takes info's slices and map; the
// others get copies, so that no two findings share memory.
func (m *mapper) finding(info *vulnInfo, t *affected, ptr string, last bool) aspm.Finding {
	f := aspm.Finding{
		Kind:         aspm.KindSCA,
		Tool:         info.tool,
		Rule:         info.id,
		Severity:     info.severity,
		ToolSeverity: info.toolSeverity,
		Description:  info.description,
		CWEs:         info.cwes,
		CVSS:         info.cvss,
		References:   info.references,
		Status:       info.status,
		Provenance:   aspm.Provenance{Index: len(m.doc.Findings), Pointer: ptr},
	}
	props := info.props
	if !last {
		f.CWEs, f.CVSS, f.References = slices.Clone(f.CWEs), slices.Clone(f.CVSS), slices.Clone(f.References)
		if props != nil {
			props = make(map[string]string, len(info.props)+1)
			for k, v := range info.props {
				props[k] = v
			}
		}
	}
	if info.vuln != nil {
		vu := *info.vuln
		if !last {
			vu.Aliases = slices.Clone(vu.Aliases)
		}
		f.Vulns = []aspm.Vuln{vu}
	}
	if info.vex != nil {
		vex := *info.vex
		if !last {
			vex.Response = slices.Clone(vex.Response)
		}
		f.VEX = &vex
	}
	if m.container {
		f.Kind = aspm.KindContainer
		if tg := m.doc.Source.Target; tg != nil && tg.Name != "" {
			f.Locations = []aspm.Location{{Image: tg.Name}}
		}
	}
	if t != nil {
		var c aspm.Component
		if t.idx >= 0 {
			c = m.doc.Components[t.idx]
		} else {
			c = aspm.Component{Ref: t.ref}
			if p, err := aspm.ParsePURL(t.ref); err == nil {
				c.PURL = p
				c.Name, c.Version = p.FullName(), p.Version()
			}
		}
		f.Component = &c
		for _, v := range t.versions {
			if v.Status == cdx.VulnerabilityStatusNotAffected && strings.TrimSpace(v.Version) != "" {
				f.FixedVersions = appendUnique(f.FixedVersions, strings.TrimSpace(v.Version))
			}
		}
		if len(t.versions) > 0 {
			if s, ok := compactJSON(t.versions); ok {
				if props == nil {
					props = make(map[string]string, 1)
				}
				props["affects.versions"] = decode.Clip(s, m.lim.MaxText)
			}
		}
	}
	f.Properties = props
	f.Title = oneLine(title(info, f.Component))
	return f
}

// title is "<id> in <package> <version>", or the id alone.
func title(info *vulnInfo, c *aspm.Component) string {
	id := info.id
	if info.vuln != nil {
		id = info.vuln.ID
	}
	if id == "" {
		id = "vulnerability"
		if d, _, _ := strings.Cut(info.description, "\n"); d != "" {
			id = decode.Clip(d, 200)
		}
	}
	if c == nil {
		return id
	}
	name := c.Name
	if !c.PURL.IsZero() {
		name = c.PURL.FullName()
	}
	if name == "" {
		name = c.Ref
	}
	if c.Version != "" {
		return id + " in " + name + " " + c.Version
	}
	return id + " in " + name
}

// oneLine folds the line breaks of s into spaces.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}

// props collects a finding's leftover fields.
type props struct {
	m   map[string]string
	max int
}

func (p *props) set(k, v string) {
	if v = strings.TrimSpace(v); v == "" {
		return
	}
	if p.m == nil {
		p.m = make(map[string]string)
	}
	p.m[k] = decode.Clip(v, p.max)
}

// add sets k, joining repeated names with a new line.
func (p *props) add(k, v string) {
	if old, ok := p.m[k]; ok {
		v = old + "\n" + v
	}
	p.set(k, v)
}

func (p *props) json(k string, v any) {
	if s, ok := compactJSON(v); ok {
		p.set(k, s)
	}
}

// compactJSON renders v as compact JSON without HTML escaping, so that
// version ranges keep their "<" and ">".
func compactJSON(v any) (string, bool) {
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", false
	}
	return strings.TrimSuffix(b.String(), "\n"), true
}
