package cyclonedx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/posturekit/posture/internal/decode"
)

// extNamespace is the vulnerability extension that BOMs of specification
// 1.0 to 1.3 used before vulnerabilities joined the core schema in 1.4.
const extNamespace = "http://cyclonedx.org/schema/ext/vulnerability/1.0"

// xmlScan is what the pre-scan learns about an XML input.
type xmlScan struct {
	root, space string // the root element's local name and namespace
	ext         bool   // the input mentions the vulnerability extension
}

// prescanXML checks that data is well-formed enough to tokenise and that
// its elements nest no deeper than maxDepth, and reads the root element.
// It runs before the library's decoder, whose recursion follows the
// nesting. Entities other than the five predefined ones and character
// references are rejected by encoding/xml, so a document type declaration
// cannot make the input grow.
func prescanXML(data []byte, maxDepth int) (xmlScan, error) {
	var scan xmlScan
	d := newXMLDecoder(data)
	depth := 0
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return scan, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth > maxDepth {
				return scan, &decode.SyntaxError{Offset: d.InputOffset(), Err: fmt.Errorf("%w (%d)", decode.ErrTooDeep, maxDepth)}
			}
			if scan.root == "" {
				scan.root, scan.space = t.Name.Local, rawNamespace(t)
			}
		case xml.EndElement:
			depth--
		}
	}
	if scan.root == "" {
		return scan, fmt.Errorf("%w: no root element", decode.ErrNotFormat)
	}
	scan.ext = bytes.Contains(data, []byte(extNamespace))
	return scan, nil
}

// sniffRoot returns the root element's local name and namespace, reading
// the encodings that charsetReader knows.
func sniffRoot(head []byte) (string, string) {
	d := newXMLDecoder(head)
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", ""
		}
		if t, ok := tok.(xml.StartElement); ok {
			return t.Name.Local, rawNamespace(t)
		}
	}
}

// rawNamespace resolves the namespace of a raw start element from its own
// attributes, which is where CycloneDX roots declare it.
func rawNamespace(t xml.StartElement) string {
	for _, a := range t.Attr {
		if (t.Name.Space == "" && a.Name.Space == "" && a.Name.Local == "xmlns") ||
			(t.Name.Space != "" && a.Name.Space == "xmlns" && a.Name.Local == t.Name.Space) {
			return strings.TrimSpace(a.Value)
		}
	}
	return ""
}

func newXMLDecoder(data []byte) *xml.Decoder {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = charsetReader
	return d
}

// charsetReader converts the single-byte encodings that old BOMs declare
// (US-ASCII, ISO-8859-1) to UTF-8.
func charsetReader(label string, in io.Reader) (io.Reader, error) {
	switch strings.ToLower(strings.TrimSpace(label)) {
	case "us-ascii", "ascii", "iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1", "l1":
		raw, err := io.ReadAll(in)
		if err != nil {
			return nil, err
		}
		buf := make([]byte, 0, len(raw)+len(raw)/8)
		for _, b := range raw {
			buf = utf8.AppendRune(buf, rune(b))
		}
		return bytes.NewReader(buf), nil
	}
	return nil, fmt.Errorf("unsupported XML encoding %q", label)
}

// xmlSpecVersion returns the specification version of a BOM namespace.
func xmlSpecVersion(space string) (cdx.SpecVersion, bool) {
	for v := cdx.SpecVersion1_0; v <= cdx.SpecVersion1_7; v++ {
		if space == bomNamespace+v.String() {
			return v, true
		}
	}
	return 0, false
}

// xmlBOM is the library's BOM with its top-level vulnerabilities read
// element by element: a BOM of the vulnerability extension puts
// <v:vulnerabilities> where 1.4 has <vulnerabilities>, and the library would
// fail on the extension's score element. The extension ones are read by
// extVulnerabilities instead.
type xmlBOM struct {
	cdx.BOM
	Vulns []xmlVuln `xml:"vulnerabilities>vulnerability"`
}

// xmlVuln is one top-level vulnerability: v is nil for an extension one.
type xmlVuln struct{ v *cdx.Vulnerability }

func (x *xmlVuln) UnmarshalXML(d *xml.Decoder, start xml.StartElement) error {
	if start.Name.Space == extNamespace {
		return d.Skip()
	}
	x.v = new(cdx.Vulnerability)
	return d.DecodeElement(x.v, &start)
}

// extVuln is a vulnerability of the extension schema 1.0.
type extVuln struct {
	Ref    string `xml:"ref,attr"`
	ID     string `xml:"id"`
	Source struct {
		Name string `xml:"name,attr"`
		URL  string `xml:"url"`
	} `xml:"source"`
	Ratings []struct {
		Score struct {
			Base           string `xml:"base"`
			Impact         string `xml:"impact"`
			Exploitability string `xml:"exploitability"`
		} `xml:"score"`
		Severity string `xml:"severity"`
		Method   string `xml:"method"`
		Vector   string `xml:"vector"`
	} `xml:"ratings>rating"`
	CWEs            []string `xml:"cwes>cwe"`
	Description     string   `xml:"description"`
	Recommendations []string `xml:"recommendations>recommendation"`
	Advisories      []string `xml:"advisories>advisory"`
}

// extFrame is an open element during the extension pass.
type extFrame struct {
	local string
	ext   bool   // in the extension namespace
	owner bool   // the root or an inventory component: it may own components
	ptr   string // the owner's pointer
	comps int    // components seen in this owner
	vulns int    // extension vulnerabilities seen in this element
}

// extVulnerabilities reads the extension vulnerabilities of an XML BOM in
// document order: those inside inventory components (bom/components and
// metadata/component, at any depth) affect that component; those at the top
// name the component in their ref attribute.
func extVulnerabilities(data []byte, m *mapper) ([]vulnRecord, error) {
	d := newXMLDecoder(data)
	var stack []extFrame
	var out []vulnRecord
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if len(stack) > 0 {
				stack = stack[:len(stack)-1]
			}
		case xml.StartElement:
			n := len(stack)
			fr := extFrame{local: t.Name.Local, ext: t.Name.Space == extNamespace}
			switch {
			case n == 0:
				fr.owner, fr.ptr = true, "/bom"
			case t.Name.Local == "component" && !fr.ext && n >= 2 && stack[n-1].local == "components" && !stack[n-1].ext && stack[n-2].owner:
				g := &stack[n-2]
				g.comps++
				fr.owner, fr.ptr = true, g.ptr+"/components/component["+strconv.Itoa(g.comps)+"]"
			case t.Name.Local == "component" && !fr.ext && n == 2 && stack[1].local == "metadata":
				fr.owner, fr.ptr = true, "/bom/metadata/component"
			case t.Name.Local == "vulnerability" && fr.ext && n >= 2 && stack[n-1].ext && stack[n-1].local == "vulnerabilities":
				stack[n-1].vulns++
				var ev extVuln
				if err := d.DecodeElement(&ev, &t); err != nil {
					return nil, err
				}
				owner := &stack[n-2]
				ptr := owner.ptr + "/v:vulnerabilities/v:vulnerability[" + strconv.Itoa(stack[n-1].vulns) + "]"
				if !owner.owner {
					m.warn(ptr, "extension vulnerability %q inside a <%s> that is not an inventory component is skipped", strings.TrimSpace(ev.ID), owner.local)
					continue
				}
				v, extra := ev.toCDX(m, ptr)
				rec := vulnRecord{v: v, ptr: ptr, ext: true, extra: extra}
				ref := strings.TrimSpace(ev.Ref)
				switch {
				case owner.ptr != "/bom":
					rec.owner = owner.ptr
					if ref != "" {
						rec.extra = append(rec.extra, cdx.Property{Name: "ref", Value: ref})
					}
				case ref != "":
					v.Affects = &[]cdx.Affects{{Ref: ref}}
				}
				out = append(out, rec)
				continue // DecodeElement consumed the end element
			}
			stack = append(stack, fr)
		}
	}
}

// toCDX converts an extension vulnerability into the core model, so that
// both are mapped alike. It returns the sub-scores, which the core model
// lacks, as properties.
func (e *extVuln) toCDX(m *mapper, ptr string) (*cdx.Vulnerability, []cdx.Property) {
	v := &cdx.Vulnerability{
		ID:          strings.TrimSpace(e.ID),
		Description: e.Description,
	}
	if e.Source.Name != "" || e.Source.URL != "" {
		v.Source = &cdx.Source{Name: strings.TrimSpace(e.Source.Name), URL: strings.TrimSpace(e.Source.URL)}
	}
	var props []cdx.Property
	if len(e.Ratings) > 0 {
		ratings := make([]cdx.VulnerabilityRating, 0, len(e.Ratings))
		for i, r := range e.Ratings {
			cr := cdx.VulnerabilityRating{
				Severity: cdx.Severity(strings.TrimSpace(r.Severity)),
				Method:   cdx.ScoringMethod(strings.TrimSpace(r.Method)),
				Vector:   strings.TrimSpace(r.Vector),
			}
			if s := strings.TrimSpace(r.Score.Base); s != "" {
				if f, err := strconv.ParseFloat(s, 64); err == nil {
					cr.Score = &f
				} else {
					m.warn(ptr, "rating %d: score %q is not a number", i+1, s)
				}
			}
			for _, sub := range []struct{ name, val string }{{"impact", r.Score.Impact}, {"exploitability", r.Score.Exploitability}} {
				if s := strings.TrimSpace(sub.val); s != "" {
					props = append(props, cdx.Property{Name: "ratings." + strconv.Itoa(i) + ".score." + sub.name, Value: s})
				}
			}
			ratings = append(ratings, cr)
		}
		v.Ratings = &ratings
	}
	if len(e.CWEs) > 0 {
		cwes := make([]int, 0, len(e.CWEs))
		for _, c := range e.CWEs {
			n, err := strconv.Atoi(strings.TrimSpace(c))
			if err != nil || n <= 0 {
				m.warn(ptr, "CWE %q is not a number", c)
				continue
			}
			cwes = append(cwes, n)
		}
		v.CWEs = &cwes
	}
	if len(e.Recommendations) > 0 {
		v.Recommendation = strings.Join(e.Recommendations, "\n")
	}
	if len(e.Advisories) > 0 {
		adv := make([]cdx.Advisory, 0, len(e.Advisories))
		for _, a := range e.Advisories {
			if a = strings.TrimSpace(a); a != "" {
				adv = append(adv, cdx.Advisory{URL: a})
			}
		}
		v.Advisories = &adv
	}
	return v, props
}
