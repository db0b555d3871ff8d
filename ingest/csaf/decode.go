package csaf

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "csaf-vex"

// Decoder reads CSAF 2.0 documents. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a CSAF document: a JSON object with a
// document member that states a csaf_version.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	return s.JSON && !s.Array && s.Has("document") && bytes.Contains(head, []byte(`"csaf_version"`))
}

type csafDocument struct {
	Document struct {
		Category    string `json:"category"`
		CSAFVersion string `json:"csaf_version"`
		Title       string `json:"title"`
		Lang        string `json:"lang"`
		Publisher   struct {
			Category  string `json:"category"`
			Name      string `json:"name"`
			Namespace string `json:"namespace"`
		} `json:"publisher"`
		Tracking struct {
			ID                 string `json:"id"`
			Status             string `json:"status"`
			Version            string `json:"version"`
			InitialReleaseDate string `json:"initial_release_date"`
			CurrentReleaseDate string `json:"current_release_date"`
			Generator          struct {
				Engine struct {
					Name    string `json:"name"`
					Version string `json:"version"`
				} `json:"engine"`
			} `json:"generator"`
		} `json:"tracking"`
		AggregateSeverity struct {
			Text string `json:"text"`
		} `json:"aggregate_severity"`
		Distribution struct {
			TLP struct {
				Label string `json:"label"`
			} `json:"tlp"`
		} `json:"distribution"`
	} `json:"document"`
	ProductTree     json.RawMessage   `json:"product_tree"`
	Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
}

type vulnerability struct {
	CVE string `json:"cve"`
	CWE *struct {
		ID   string `json:"id"`
		Name string `json:"name"`
	} `json:"cwe"`
	IDs []struct {
		SystemName string `json:"system_name"`
		Text       string `json:"text"`
	} `json:"ids"`
	Title         string              `json:"title"`
	DiscoveryDate string              `json:"discovery_date"`
	ReleaseDate   string              `json:"release_date"`
	Notes         []note              `json:"notes"`
	ProductStatus map[string][]string `json:"product_status"`
	Scores        []score             `json:"scores"`
	Flags         []struct {
		Label      string   `json:"label"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"flags"`
	Threats []struct {
		Category   string   `json:"category"`
		Details    string   `json:"details"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"threats"`
	Remediations []struct {
		Category   string   `json:"category"`
		Details    string   `json:"details"`
		URL        string   `json:"url"`
		ProductIDs []string `json:"product_ids"`
		GroupIDs   []string `json:"group_ids"`
	} `json:"remediations"`
	References []struct {
		Category string `json:"category"`
		Summary  string `json:"summary"`
		URL      string `json:"url"`
	} `json:"references"`
}

var vulnerabilityKeys = []string{"cve", "cwe", "ids", "title", "discovery_date", "release_date", "notes",
	"product_status", "scores", "flags", "threats", "remediations", "references"}

type note struct {
	Category string `json:"category"`
	Title    string `json:"title"`
	Text     string `json:"text"`
}

type score struct {
	Products []string `json:"products"`
	CVSSv3   *cvss    `json:"cvss_v3"`
	CVSSv2   *cvss    `json:"cvss_v2"`
}

type cvss struct {
	Version      string   `json:"version"`
	VectorString string   `json:"vectorString"`
	BaseScore    *float64 `json:"baseScore"`
	BaseSeverity string   `json:"baseSeverity"`
}

// The product_status groups, by the VEX state they state. The order is the
// order in which products are claimed: a product listed under an affected
// group and another group is taken as affected.
var statusGroups = []struct {
	name  string
	state aspm.VEXState
}{
	{"known_affected", aspm.VEXAffected},
	{"first_affected", aspm.VEXAffected},
	{"last_affected", aspm.VEXAffected},
	{"under_investigation", aspm.VEXUnderInvestigation},
	{"known_not_affected", aspm.VEXNotAffected},
	{"fixed", aspm.VEXFixed},
	{"first_fixed", aspm.VEXFixed},
	{"recommended", aspm.VEXFixed},
}

// decoding is the state of one Decode call.
type decoding struct {
	lim       decode.Limits
	recs      *decode.Records
	doc       *aspm.Document
	src       *csafDocument
	products  *products
	released  time.Time
	cvssSrc   string
	docProps  map[string]string
	aggregate string
}

// Decode reads one CSAF document. See the package documentation for the
// mapping.
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
	if _, ok := top["document"]; !ok {
		return nil, fmt.Errorf("%w: no document member", decode.ErrNotFormat)
	}
	var src csafDocument
	if err := json.Unmarshal(data, &src); err != nil {
		return nil, fmt.Errorf("%w: %w", decode.ErrNotFormat, err)
	}
	v := strings.TrimSpace(src.Document.CSAFVersion)
	switch {
	case v == "":
		return nil, fmt.Errorf("%w: document has no csaf_version", decode.ErrNotFormat)
	case !strings.HasPrefix(v, "2."):
		return nil, fmt.Errorf("%w: CSAF %s (posture reads CSAF 2.x)", decode.ErrUnsupported, v)
	}
	meta := &src.Document
	d := &decoding{
		lim:       lim,
		recs:      decode.NewRecords(ctx),
		src:       &src,
		products:  newProducts(),
		cvssSrc:   cmp.Or(strings.TrimSpace(meta.Publisher.Name), "csaf"),
		aggregate: strings.TrimSpace(meta.AggregateSeverity.Text),
		doc: &aspm.Document{Source: aspm.Source{
			Tool: aspm.Tool{
				Name:    cmp.Or(strings.TrimSpace(meta.Tracking.Generator.Engine.Name), strings.TrimSpace(meta.Publisher.Name), "CSAF"),
				Version: meta.Tracking.Generator.Engine.Version,
				Vendor:  meta.Publisher.Name,
			},
			Format: Format,
		}},
	}
	d.released = d.parseTime("/document/tracking/current_release_date", meta.Tracking.CurrentReleaseDate)
	if d.released.IsZero() {
		d.released = d.parseTime("/document/tracking/initial_release_date", meta.Tracking.InitialReleaseDate)
	}
	d.doc.Source.ScanTime = d.released
	d.docProps = map[string]string{}
	for k, val := range map[string]string{
		"csaf_category":       meta.Category,
		"csaf_version":        meta.CSAFVersion,
		"csaf_title":          meta.Title,
		"csaf_tracking_id":    meta.Tracking.ID,
		"csaf_status":         meta.Tracking.Status,
		"csaf_revision":       meta.Tracking.Version,
		"publisher":           meta.Publisher.Name,
		"publisher_category":  meta.Publisher.Category,
		"publisher_namespace": meta.Publisher.Namespace,
		"aggregate_severity":  d.aggregate,
		"tlp":                 meta.Distribution.TLP.Label,
	} {
		if val = strings.TrimSpace(val); val != "" {
			d.docProps[k] = val
		}
	}
	if len(src.ProductTree) > 0 && !bytes.Equal(src.ProductTree, []byte("null")) {
		var tree productTree
		if err := json.Unmarshal(src.ProductTree, &tree); err != nil {
			d.diag(aspm.Errorf("/product_tree", "product tree unreadable, products are named by id: %v", err))
		} else {
			d.products.read(&tree, d.diag)
		}
	}
	for i, raw := range src.Vulnerabilities {
		if err := d.vulnerability(i, raw); err != nil {
			return nil, err
		}
	}
	return d.doc, nil
}

func (d *decoding) diag(x aspm.Diagnostic) { d.doc.Diagnostics = append(d.doc.Diagnostics, x) }

func (d *decoding) parseTime(ptr, s string) time.Time {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		d.diag(aspm.Warnf(ptr, "date %q is not RFC 3339", decode.Clip(s, 64)))
		return time.Time{}
	}
	return t.UTC()
}

// vulnID returns the vulnerability's id and aliases: the CVE, else the
// first of its other ids.
func vulnID(v *vulnerability) (aspm.Vuln, bool) {
	var ids []string
	if c := strings.TrimSpace(v.CVE); c != "" {
		ids = append(ids, c)
	}
	for _, id := range v.IDs {
		if t := strings.TrimSpace(id.Text); t != "" {
			ids = append(ids, t)
		}
	}
	if len(ids) == 0 {
		return aspm.Vuln{}, false
	}
	return aspm.NewVuln(ids[0], ids[1:]...), true
}

func (d *decoding) vulnerability(i int, raw json.RawMessage) error {
	ptr := fmt.Sprintf("/vulnerabilities/%d", i)
	var v vulnerability
	if err := json.Unmarshal(raw, &v); err != nil {
		d.diag(aspm.Errorf(ptr, "vulnerability skipped: %v", err))
		return nil
	}
	vuln, ok := vulnID(&v)
	if !ok {
		d.diag(aspm.Errorf(ptr, "vulnerability without a cve or ids skipped"))
		return nil
	}
	// Each product takes the first status group that lists it.
	type listed struct {
		id, group, ptr string
		state          aspm.VEXState
	}
	var all []listed
	seen := map[string]string{}
	known := map[string]bool{}
	for _, g := range statusGroups {
		known[g.name] = true
		for j, id := range v.ProductStatus[g.name] {
			id = strings.TrimSpace(id)
			if id == "" {
				continue
			}
			p := fmt.Sprintf("%s/product_status/%s/%d", ptr, g.name, j)
			if prev, dup := seen[id]; dup {
				if prev != g.name {
					d.diag(aspm.Warnf(p, "product %q is also listed as %s; %s is kept", id, prev, prev))
				}
				continue
			}
			seen[id] = g.name
			all = append(all, listed{id: id, group: g.name, ptr: p, state: g.state})
		}
	}
	for _, g := range slices.Sorted(maps.Keys(v.ProductStatus)) {
		if !known[g] {
			d.diag(aspm.Warnf(ptr+"/product_status/"+g, "unknown product status %q ignored", g))
		}
	}

	// Statements: products of one status with the same analysis and
	// subcomponents share a statement.
	type stmtKey struct{ state, analysis, subs string }
	var order []stmtKey
	stmts := map[stmtKey]*aspm.VEXStatement{}
	for _, l := range all {
		an := d.analysis(&v, l.id, l.state)
		prods, refs, subs := d.statementSubject(d.products.get(l.id))
		k := stmtKey{string(l.state), rawJSON(an), rawJSON(subs)}
		s := stmts[k]
		if s == nil {
			s = &aspm.VEXStatement{Vuln: vuln, Analysis: an, Subcomponents: subs, Timestamp: d.released,
				Provenance: aspm.Provenance{Pointer: fmt.Sprintf("%s/product_status/%s", ptr, l.group)}}
			stmts[k] = s
			order = append(order, k)
		}
		for _, u := range prods {
			if !slices.ContainsFunc(s.Products, u.Equal) {
				s.Products = append(s.Products, u)
			}
		}
		for _, r := range refs {
			if !slices.Contains(s.ProductRefs, r) {
				s.ProductRefs = append(s.ProductRefs, r)
			}
		}
	}
	for _, k := range order {
		if err := d.recs.Add(); err != nil {
			return err
		}
		s := stmts[k]
		s.Provenance.Index = len(d.doc.Statements)
		d.doc.Statements = append(d.doc.Statements, *s)
	}

	extra := map[string]json.RawMessage{}
	if json.Unmarshal(raw, &extra) == nil {
		for _, k := range vulnerabilityKeys {
			delete(extra, k)
		}
	}
	for _, l := range all {
		if l.state != aspm.VEXAffected && l.state != aspm.VEXUnderInvestigation {
			continue
		}
		if err := d.recs.Add(); err != nil {
			return err
		}
		f := d.finding(&v, vuln, l.id, l.state)
		f.Provenance = aspm.Provenance{Index: len(d.doc.Findings), Pointer: l.ptr}
		f.Properties["csaf_product_status"] = l.group
		for k, val := range decode.RawProperties(extra) {
			f.Properties["vulnerability."+k] = val
		}
		d.doc.Findings = append(d.doc.Findings, f)
	}
	return nil
}

// applies reports whether an entry with these product and group ids
// covers product id; an entry that names neither covers every product.
func (d *decoding) applies(id string, ids, groups []string) bool {
	if len(ids) == 0 && len(groups) == 0 {
		return true
	}
	return slices.Contains(d.products.expand(ids, groups), id)
}

// analysis is the VEX analysis of one product: the status's state, the
// flag's justification, the impact threats and the remediations.
func (d *decoding) analysis(v *vulnerability, id string, state aspm.VEXState) aspm.VEXAnalysis {
	an := aspm.VEXAnalysis{State: state}
	for _, f := range v.Flags {
		if f.Label != "" && d.applies(id, f.ProductIDs, f.GroupIDs) {
			an.Justification = f.Label
			break
		}
	}
	var impact, detail []string
	for _, t := range v.Threats {
		if t.Category == "impact" && strings.TrimSpace(t.Details) != "" && d.applies(id, t.ProductIDs, t.GroupIDs) {
			impact = appendNew(impact, strings.TrimSpace(t.Details))
		}
	}
	for _, r := range v.Remediations {
		if !d.applies(id, r.ProductIDs, r.GroupIDs) {
			continue
		}
		if c := strings.TrimSpace(r.Category); c != "" {
			an.Response = appendNew(an.Response, c)
		}
		if t := strings.TrimSpace(r.Details); t != "" {
			detail = appendNew(detail, t)
		}
	}
	an.Impact = decode.Clip(strings.Join(impact, "\n"), d.lim.MaxText)
	an.Detail = decode.Clip(strings.Join(detail, "\n"), d.lim.MaxText)
	return an
}

// statementSubject names a product in a statement: its purl, else a
// reference; a relationship product is its parent product with the
// component as subcomponent when both can be named that way.
func (d *decoding) statementSubject(p *product) (prods []aspm.PURL, refs []string, subs []aspm.PURL) {
	comp, parent := d.products.subject(p)
	if parent != nil && comp != p && !comp.purl.IsZero() {
		subs = []aspm.PURL{comp.purl}
		p = parent
	}
	if !p.purl.IsZero() {
		return []aspm.PURL{p.purl}, nil, subs
	}
	return nil, []string{p.ref()}, subs
}

// finding builds the finding of one affected or under-investigation
// product.
func (d *decoding) finding(v *vulnerability, vuln aspm.Vuln, id string, state aspm.VEXState) aspm.Finding {
	p := d.products.get(id)
	comp, parent := d.products.subject(p)
	if comp.purl.IsZero() && !p.purl.IsZero() {
		comp = p
	}
	an := d.analysis(v, id, state)
	f := aspm.Finding{
		Kind:      aspm.KindSCA,
		Rule:      vuln.ID,
		Vulns:     []aspm.Vuln{vuln},
		Component: comp.component(),
		Status:    aspm.StatusOpen,
		VEX:       &an,
		Severity:  aspm.SeverityUnknown,
	}
	title := decode.FirstLine(v.Title)
	if title == "" {
		title = fmt.Sprintf("%s affects %s", vuln.ID, p.label())
		if state == aspm.VEXUnderInvestigation {
			title = fmt.Sprintf("%s is under investigation for %s", vuln.ID, p.label())
		}
	}
	f.Title = decode.Clip(title, 512)
	f.RuleName = decode.Clip(decode.FirstLine(v.Title), 512)
	var desc []string
	for _, n := range v.Notes {
		switch n.Category {
		case "description", "summary", "details", "general":
			if t := strings.TrimSpace(n.Text); t != "" {
				desc = append(desc, t)
			}
		}
	}
	f.Description = decode.Clip(strings.Join(desc, "\n\n"), d.lim.MaxText)
	if v.CWE != nil {
		f.CWEs = aspm.ParseCWEs(v.CWE.ID)
	}
	for _, r := range v.References {
		if u := strings.TrimSpace(r.URL); u != "" {
			f.References = appendNew(f.References, u)
		}
	}
	for _, r := range v.Remediations {
		if u := strings.TrimSpace(r.URL); u != "" && d.applies(id, r.ProductIDs, r.GroupIDs) {
			f.References = appendNew(f.References, u)
		}
	}
	f.Severity, f.ToolSeverity, f.CVSS = d.severity(v, id)
	f.FixedVersions = d.fixedVersions(v, comp)

	props := maps.Clone(d.docProps)
	set := func(k, val string) {
		if val = strings.TrimSpace(val); val != "" {
			props[k] = val
		}
	}
	set("csaf_product_id", id)
	set("csaf_product_name", p.name)
	if parent != nil {
		set("product", parent.label())
		set("product_id", parent.id)
	}
	if p.rel != nil {
		set("relationship", p.rel.category)
	}
	set("vulnerability_title", v.Title)
	set("release_date", v.ReleaseDate)
	set("discovery_date", v.DiscoveryDate)
	if v.CWE != nil {
		set("cwe_name", v.CWE.Name)
	}
	var other []note
	for _, n := range v.Notes {
		switch n.Category {
		case "description", "summary", "details", "general":
		default:
			other = append(other, n)
		}
	}
	if len(other) > 0 {
		set("notes", decode.Clip(rawJSON(other), d.lim.MaxText))
	}
	var threats []string
	for _, t := range v.Threats {
		if t.Category != "impact" && d.applies(id, t.ProductIDs, t.GroupIDs) {
			threats = append(threats, t.Category+": "+strings.TrimSpace(t.Details))
		}
	}
	if len(threats) > 0 {
		set("threats", rawJSON(threats))
	}
	f.Properties = props
	return f
}

// severity reads the product's score entry: the CVSS v3 base score, else
// the v2 one; else the impact threat's word, else the document's aggregate
// severity.
func (d *decoding) severity(v *vulnerability, id string) (aspm.Severity, string, []aspm.CVSS) {
	var list []aspm.CVSS
	sev, word := aspm.SeverityUnknown, ""
	for _, s := range v.Scores {
		if len(s.Products) > 0 && !slices.Contains(s.Products, id) {
			continue
		}
		for _, c := range []*cvss{s.CVSSv3, s.CVSSv2} {
			if c == nil {
				continue
			}
			entry := aspm.CVSS{Source: d.cvssSrc, Version: c.Version, Vector: strings.TrimSpace(c.VectorString)}
			if rest, ok := strings.CutPrefix(entry.Vector, "CVSS:"); ok {
				entry.Version, _, _ = strings.Cut(rest, "/")
			}
			if c.BaseScore != nil {
				entry.Score = *c.BaseScore
			}
			if !slices.Contains(list, entry) {
				list = append(list, entry)
			}
			if sev == aspm.SeverityUnknown && c.BaseScore != nil {
				sev = aspm.SeverityFromScore(*c.BaseScore)
				word = cmp.Or(c.BaseSeverity, strconv.FormatFloat(*c.BaseScore, 'f', -1, 64))
			}
		}
	}
	if sev != aspm.SeverityUnknown {
		return sev, word, list
	}
	for _, t := range v.Threats {
		if t.Category == "impact" && d.applies(id, t.ProductIDs, t.GroupIDs) {
			if s := aspm.ParseSeverity(t.Details); s != aspm.SeverityUnknown {
				return s, strings.TrimSpace(t.Details), list
			}
		}
	}
	if s := aspm.ParseSeverity(d.aggregate); s != aspm.SeverityUnknown {
		return s, d.aggregate, list
	}
	return aspm.SeverityUnknown, "", list
}

// fixedVersions are the versions of the same product family that the
// vulnerability lists as fixed (fixed, first_fixed, recommended).
func (d *decoding) fixedVersions(v *vulnerability, comp *product) []string {
	fam := comp.familyKey()
	if fam == "" {
		return nil
	}
	var out []string
	for _, g := range []string{"fixed", "first_fixed", "recommended"} {
		for _, id := range v.ProductStatus[g] {
			p := d.products.get(strings.TrimSpace(id))
			c, _ := d.products.subject(p)
			if c.familyKey() != fam || c == comp {
				continue
			}
			if ver := c.versionOf(); ver != "" && ver != comp.versionOf() {
				out = appendNew(out, ver)
			}
		}
	}
	return out
}

func appendNew(list []string, s string) []string {
	if slices.Contains(list, s) {
		return list
	}
	return append(list, s)
}
