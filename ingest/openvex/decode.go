package openvex

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "openvex"

// contextPrefix starts the @context of every OpenVEX document, with or
// without a version ("https://openvex.dev/ns/v0.2.0").
const contextPrefix = "https://openvex.dev/ns"

// Decoder reads OpenVEX documents. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is an OpenVEX document: a JSON object whose
// @context starts with https://openvex.dev/ns.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	if c, ok := s.Strings["@context"]; ok {
		return isOpenVEXContext(c)
	}
	return false
}

func isOpenVEXContext(c string) bool {
	c = strings.TrimSpace(c)
	return strings.HasPrefix(c, contextPrefix) || strings.HasPrefix(c, "http://openvex.dev/ns")
}

type document struct {
	Context     string            `json:"@context"`
	ID          string            `json:"@id"`
	Author      string            `json:"author"`
	Role        string            `json:"role"`
	Timestamp   string            `json:"timestamp"`
	LastUpdated string            `json:"last_updated"`
	Version     json.RawMessage   `json:"version"`
	Tooling     string            `json:"tooling"`
	Supplier    string            `json:"supplier"`
	Statements  []json.RawMessage `json:"statements"`
}

type statement struct {
	ID                       string            `json:"@id"`
	Version                  json.RawMessage   `json:"version"`
	Vulnerability            vulnerability     `json:"vulnerability"`
	VulnDescription          string            `json:"vuln_description"` // 0.0.x
	Timestamp                string            `json:"timestamp"`
	LastUpdated              string            `json:"last_updated"`
	Products                 []product         `json:"products"`
	Subcomponents            []product         `json:"subcomponents"` // 0.0.x: beside products
	Status                   string            `json:"status"`
	Supplier                 string            `json:"supplier"`
	StatusNotes              string            `json:"status_notes"`
	Justification            string            `json:"justification"`
	ImpactStatement          string            `json:"impact_statement"`
	ActionStatement          string            `json:"action_statement"`
	ActionStatementTimestamp string            `json:"action_statement_timestamp"`
	Extra                    map[string]string `json:"-"`
}

var statementKeys = []string{"@id", "version", "vulnerability", "vuln_description", "timestamp", "last_updated",
	"products", "subcomponents", "status", "supplier", "status_notes", "justification", "impact_statement",
	"action_statement", "action_statement_timestamp"}

// vulnerability is a 0.2 vulnerability object or a 0.0.x bare id.
type vulnerability struct {
	ID          string   `json:"@id"`
	Name        string   `json:"name"`
	Description string   `json:"description"`
	Aliases     []string `json:"aliases"`
}

func (v *vulnerability) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*v = vulnerability{Name: s}
		return nil
	}
	type plain vulnerability
	return json.Unmarshal(b, (*plain)(v))
}

// product is a 0.2 component object or a 0.0.x bare id.
type product struct {
	ID            string            `json:"@id"`
	Identifiers   map[string]string `json:"identifiers"`
	Hashes        map[string]string `json:"hashes"`
	Subcomponents []product         `json:"subcomponents"`
}

func (p *product) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		*p = product{ID: s}
		return nil
	}
	type plain product
	return json.Unmarshal(b, (*plain)(p))
}

// identity returns the product's PURL (from a purl @id or its purl
// identifier), or else the references that name it: a non-purl @id and its
// CPEs.
func (p product) identity() (aspm.PURL, []string) {
	for _, s := range []string{p.ID, p.Identifiers["purl"]} {
		if s = strings.TrimSpace(s); strings.HasPrefix(s, "pkg:") {
			if u, err := aspm.ParsePURL(s); err == nil {
				return u, nil
			}
		}
	}
	var refs []string
	for _, s := range []string{p.ID, p.Identifiers["cpe23"], p.Identifiers["cpe22"], p.Identifiers["purl"]} {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(refs, s) {
			refs = append(refs, s)
		}
	}
	return aspm.PURL{}, refs
}

// label names the product in titles and properties.
func (p product) label() string {
	u, refs := p.identity()
	if !u.IsZero() {
		return u.String()
	}
	if len(refs) > 0 {
		return refs[0]
	}
	return ""
}

// decoding is the state of one Decode call.
type decoding struct {
	lim  decode.Limits
	recs *decode.Records
	doc  *aspm.Document
	src  document
	time time.Time
}

// Decode reads one OpenVEX document. See the package documentation for the
// mapping.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var src document
	if err := decode.Unmarshal(data, lim.MaxDepth, &src); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%w: %w", decode.ErrNotFormat, err)
		}
		return nil, err
	}
	if !isOpenVEXContext(src.Context) {
		return nil, fmt.Errorf("%w: @context %q is not OpenVEX's", decode.ErrNotFormat, src.Context)
	}
	d := &decoding{
		lim:  lim,
		recs: decode.NewRecords(ctx),
		src:  src,
		doc: &aspm.Document{Source: aspm.Source{
			Tool:   aspm.Tool{Name: cmp.Or(strings.TrimSpace(src.Tooling), "OpenVEX"), Vendor: src.Author},
			Format: Format,
		}},
	}
	d.time = d.parseTime("/timestamp", src.Timestamp)
	d.doc.Source.ScanTime = d.time
	for i, raw := range src.Statements {
		if err := d.statement(i, raw); err != nil {
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
		d.diag(aspm.Warnf(ptr, "timestamp %q is not RFC 3339", decode.Clip(s, 64)))
		return time.Time{}
	}
	return t.UTC()
}

var states = map[string]aspm.VEXState{
	"not_affected":        aspm.VEXNotAffected,
	"affected":            aspm.VEXAffected,
	"fixed":               aspm.VEXFixed,
	"under_investigation": aspm.VEXUnderInvestigation,
}

func (d *decoding) statement(i int, raw json.RawMessage) error {
	ptr := fmt.Sprintf("/statements/%d", i)
	var st statement
	if err := json.Unmarshal(raw, &st); err != nil {
		d.diag(aspm.Errorf(ptr, "statement skipped: %v", err))
		return nil
	}
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) == nil {
		for _, k := range statementKeys {
			delete(m, k)
		}
		st.Extra = decode.RawProperties(m)
	}
	name := strings.TrimSpace(cmp.Or(st.Vulnerability.Name, st.Vulnerability.ID))
	if name == "" {
		d.diag(aspm.Errorf(ptr, "statement without a vulnerability skipped"))
		return nil
	}
	state, ok := states[strings.ToLower(strings.TrimSpace(st.Status))]
	if !ok {
		d.diag(aspm.Errorf(ptr, "statement with unknown status %q skipped", decode.Clip(st.Status, 64)))
		return nil
	}
	vuln := aspm.NewVuln(name, st.Vulnerability.Aliases...)
	an := aspm.VEXAnalysis{
		State:         state,
		Justification: strings.TrimSpace(st.Justification),
		Impact:        decode.Clip(strings.TrimSpace(st.ImpactStatement), d.lim.MaxText),
	}
	if a := decode.Clip(strings.TrimSpace(st.ActionStatement), d.lim.MaxText); a != "" {
		an.Response = []string{a}
		an.Detail = a
	} else {
		an.Detail = decode.Clip(strings.TrimSpace(st.StatusNotes), d.lim.MaxText)
	}
	ts := d.parseTime(ptr+"/timestamp", st.Timestamp)
	if ts.IsZero() {
		ts = d.time
	}
	// 0.0.x subcomponents sit beside the products and apply to each.
	products := slices.Clone(st.Products)
	for j := range products {
		if len(products[j].Subcomponents) == 0 {
			products[j].Subcomponents = st.Subcomponents
		}
	}
	if err := d.statements(ptr, vuln, an, ts, products); err != nil {
		return err
	}
	if state != aspm.VEXAffected && state != aspm.VEXUnderInvestigation {
		return nil
	}
	return d.findings(ptr, st, vuln, an, products)
}

// statements emits the VEX statement: one for the whole OpenVEX statement
// when its products share their subcomponents (the usual case: none), else
// one per product, so that no subcomponent is attached to a product it was
// not stated for.
func (d *decoding) statements(ptr string, vuln aspm.Vuln, an aspm.VEXAnalysis, ts time.Time, products []product) error {
	shared := true
	for _, p := range products[min(1, len(products)):] {
		if !slices.EqualFunc(p.Subcomponents, products[0].Subcomponents, func(a, b product) bool { return a.label() == b.label() }) {
			shared = false
			break
		}
	}
	emit := func(ps []product, pptr string) error {
		if err := d.recs.Add(); err != nil {
			return err
		}
		s := aspm.VEXStatement{Vuln: vuln, Analysis: an, Timestamp: ts, Provenance: aspm.Provenance{Index: len(d.doc.Statements), Pointer: pptr}}
		s.Analysis.Response = slices.Clone(an.Response)
		for _, p := range ps {
			u, refs := p.identity()
			if !u.IsZero() {
				if !slices.ContainsFunc(s.Products, u.Equal) {
					s.Products = append(s.Products, u)
				}
			} else {
				for _, r := range refs {
					if !slices.Contains(s.ProductRefs, r) {
						s.ProductRefs = append(s.ProductRefs, r)
					}
				}
			}
			for _, sc := range p.Subcomponents {
				if u, _ := sc.identity(); !u.IsZero() && !slices.ContainsFunc(s.Subcomponents, u.Equal) {
					s.Subcomponents = append(s.Subcomponents, u)
				} else if u.IsZero() {
					d.diag(aspm.Warnf(pptr, "subcomponent %q is not a package URL and is left out of the statement", decode.Clip(sc.label(), 128)))
				}
			}
		}
		d.doc.Statements = append(d.doc.Statements, s)
		return nil
	}
	if shared {
		return emit(products, ptr)
	}
	for j, p := range products {
		if err := emit([]product{p}, fmt.Sprintf("%s/products/%d", ptr, j)); err != nil {
			return err
		}
	}
	return nil
}

// findings emits one finding per product (per subcomponent of it, when the
// statement narrows it to subcomponents) of an affected or
// under_investigation statement.
func (d *decoding) findings(ptr string, st statement, vuln aspm.Vuln, an aspm.VEXAnalysis, products []product) error {
	if len(products) == 0 {
		return d.finding(ptr, st, vuln, an, product{}, nil)
	}
	for j, p := range products {
		pptr := fmt.Sprintf("%s/products/%d", ptr, j)
		if len(p.Subcomponents) == 0 {
			if err := d.finding(pptr, st, vuln, an, p, nil); err != nil {
				return err
			}
			continue
		}
		base := pptr
		if len(st.Products[j].Subcomponents) == 0 {
			base = ptr // 0.0.x: the statement's own subcomponents
		}
		for k := range p.Subcomponents {
			sptr := fmt.Sprintf("%s/subcomponents/%d", base, k)
			if err := d.finding(sptr, st, vuln, an, p, &p.Subcomponents[k]); err != nil {
				return err
			}
		}
	}
	return nil
}

func (d *decoding) finding(ptr string, st statement, vuln aspm.Vuln, an aspm.VEXAnalysis, prod product, sub *product) error {
	if err := d.recs.Add(); err != nil {
		return err
	}
	target := prod
	if sub != nil {
		target = *sub
	}
	analysis := an
	analysis.Response = slices.Clone(an.Response)
	f := aspm.Finding{
		Kind:     aspm.KindSCA,
		Rule:     vuln.ID,
		Severity: aspm.SeverityUnknown,
		Vulns:    []aspm.Vuln{vuln},
		Status:   aspm.StatusOpen,
		VEX:      &analysis,
	}
	if pu, _ := prod.identity(); pu.Type() == "oci" || pu.Type() == "docker" {
		f.Kind = aspm.KindContainer
	}
	f.Component = component(target)
	what := "affects"
	if an.State == aspm.VEXUnderInvestigation {
		what = "is under investigation for"
	}
	name := target.label()
	if name == "" {
		name = "the products of this document"
	}
	f.Title = decode.Clip(fmt.Sprintf("%s %s %s", vuln.ID, what, name), 512)
	f.Description = decode.Clip(strings.TrimSpace(cmp.Or(st.Vulnerability.Description, st.VulnDescription)), d.lim.MaxText)
	if id := strings.TrimSpace(st.Vulnerability.ID); strings.HasPrefix(id, "http://") || strings.HasPrefix(id, "https://") {
		f.References = []string{id}
	}
	props := map[string]string{}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			props[k] = v
		}
	}
	set("document_id", d.src.ID)
	set("author", d.src.Author)
	set("role", d.src.Role)
	set("document_timestamp", d.src.Timestamp)
	set("document_last_updated", d.src.LastUpdated)
	set("document_version", compact(d.src.Version))
	set("statement_id", st.ID)
	set("statement_version", compact(st.Version))
	set("statement_timestamp", st.Timestamp)
	set("statement_last_updated", st.LastUpdated)
	set("status_notes", decode.Clip(st.StatusNotes, d.lim.MaxText))
	set("supplier", cmp.Or(st.Supplier, d.src.Supplier))
	set("action_statement_timestamp", st.ActionStatementTimestamp)
	set("vulnerability_id", st.Vulnerability.ID)
	if sub != nil {
		set("product", prod.label())
	}
	if len(target.Hashes) > 0 {
		set("hashes", jsonText(target.Hashes))
	}
	for k, v := range st.Extra {
		props[k] = v
	}
	if len(props) > 0 {
		f.Properties = props
	}
	f.Provenance = aspm.Provenance{Index: len(d.doc.Findings), Pointer: ptr}
	d.doc.Findings = append(d.doc.Findings, f)
	return nil
}

// component is the finding's component: the package a purl names, or else
// the product by its reference (a CPE, an IRI).
func component(p product) *aspm.Component {
	u, refs := p.identity()
	if !u.IsZero() {
		return &aspm.Component{PURL: u, Name: u.FullName(), Version: u.Version()}
	}
	if len(refs) == 0 {
		return nil
	}
	c := &aspm.Component{Name: refs[0]}
	for _, r := range refs {
		if strings.HasPrefix(strings.ToLower(r), "cpe:") {
			c.CPE = r
			break
		}
	}
	return c
}

// compact renders a raw JSON value as a property: a string unquoted, other
// values as compact JSON.
func compact(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var buf bytes.Buffer
	if len(raw) == 0 || json.Compact(&buf, raw) != nil {
		return ""
	}
	return buf.String()
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
