package burp

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "burp-xml"

// Decoder reads Burp Suite XML issue exports. The zero value is ready to
// use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is XML whose root element is issues, with a
// burpVersion attribute or Burp's serialNumber elements.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if s.XMLRoot != "issues" {
		return false
	}
	_, ok := s.XMLAttrs["burpVersion"]
	return ok || bytes.Contains(head, []byte("<serialNumber>"))
}

type issue struct {
	SerialNumber string `xml:"serialNumber"`
	Type         string `xml:"type"`
	Name         string `xml:"name"`
	Host         struct {
		IP   string `xml:"ip,attr"`
		Text string `xml:",chardata"`
	} `xml:"host"`
	Path                  string   `xml:"path"`
	Location              string   `xml:"location"`
	Severity              string   `xml:"severity"`
	Confidence            string   `xml:"confidence"`
	IssueBackground       string   `xml:"issueBackground"`
	RemediationBackground string   `xml:"remediationBackground"`
	References            string   `xml:"references"`
	Classifications       string   `xml:"vulnerabilityClassifications"`
	IssueDetail           string   `xml:"issueDetail"`
	IssueDetailItems      []string `xml:"issueDetailItems>issueDetailItem"`
	RemediationDetail     string   `xml:"remediationDetail"`
	RequestResponses      []struct {
		Request  message `xml:"request"`
		Response message `xml:"response"`
	} `xml:"requestresponse"`
	Extra []struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
		Inner   string `xml:",innerxml"`
	} `xml:",any"`
}

type message struct {
	Method string `xml:"method,attr"`
	Base64 string `xml:"base64,attr"`
	Text   string `xml:",chardata"`
}

var (
	reHref    = regexp.MustCompile(`href="([^"]+)"`)
	reBracket = regexp.MustCompile(`\[([^\[\]]+)\]\s*$`)
	reMethod  = regexp.MustCompile(`^([A-Z]{3,10}) `)
)

// Decode reads one Burp Suite XML export.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := decode.CheckXMLDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Burp Suite"}, Format: Format}}
	recs := decode.NewRecords(ctx)
	depth, n := 0, 0
	rootSeen := false
	hosts := map[string]bool{}
	host := ""
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			if depth == 1 {
				if t.Name.Local != "issues" {
					return nil, fmt.Errorf("%w: root element is <%s>, not <issues>", decode.ErrNotFormat, t.Name.Local)
				}
				rootSeen = true
				for _, a := range t.Attr {
					if a.Name.Local == "burpVersion" {
						doc.Source.Tool.Version = a.Value
					}
				}
				continue
			}
			if depth != 2 || t.Name.Local != "issue" {
				continue
			}
			n++
			ptr := "/issues/issue[" + strconv.Itoa(n) + "]"
			var is issue
			if err := dec.DecodeElement(&is, &t); err != nil {
				return nil, err
			}
			depth--
			f, ok := is.finding(lim)
			if !ok {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "issue skipped: no type or name"))
				continue
			}
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: ptr}
			doc.Findings = append(doc.Findings, f)
			if h := strings.TrimSpace(is.Host.Text); h != "" {
				hosts[h] = true
				host = h
			}
		case xml.EndElement:
			depth--
		}
	}
	if !rootSeen {
		return nil, fmt.Errorf("%w: no root element", decode.ErrNotFormat)
	}
	if len(hosts) == 1 {
		doc.Source.Target = &aspm.Target{Kind: aspm.TargetURL, Name: host}
	}
	return doc, nil
}

func (is *issue) finding(lim decode.Limits) (aspm.Finding, bool) {
	clip := func(s string) string { return decode.Clip(strings.TrimSpace(s), lim.MaxText) }
	name, typ := strings.TrimSpace(is.Name), strings.TrimSpace(is.Type)
	if name == "" && typ == "" {
		return aspm.Finding{}, false
	}
	title := name
	if title == "" {
		title = "Burp issue type " + typ
	}
	f := aspm.Finding{
		Kind:         aspm.KindDAST,
		Rule:         typ,
		RuleName:     name,
		Title:        clip(decode.FirstLine(title)),
		Description:  clip(is.IssueDetail),
		ToolSeverity: strings.TrimSpace(is.Severity),
		Confidence:   strings.TrimSpace(is.Confidence),
		CWEs:         aspm.ParseCWEs(is.Classifications),
	}
	if f.Description == "" {
		f.Description = clip(is.IssueBackground)
	}
	if strings.EqualFold(f.ToolSeverity, "false positive") {
		f.Severity = aspm.SeverityInfo
		f.Status = aspm.StatusFalsePositive
	} else {
		f.Severity = aspm.ParseSeverity(f.ToolSeverity)
	}
	seen := map[string]bool{}
	for _, html := range []string{is.References, is.Classifications} {
		for _, m := range reHref.FindAllStringSubmatch(html, -1) {
			u := xmlUnescape(m[1])
			if !seen[u] {
				seen[u] = true
				f.References = append(f.References, u)
			}
		}
	}
	props := map[string]string{}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			props[k] = decode.Clip(v, lim.MaxText)
		}
	}
	set("serialNumber", is.SerialNumber)
	set("ip", is.Host.IP)
	set("location", is.Location)
	set("path", is.Path)
	set("issueBackground", is.IssueBackground)
	set("remediationBackground", is.RemediationBackground)
	set("remediationDetail", is.RemediationDetail)
	set("issueDetailItems", strings.Join(is.IssueDetailItems, "\n"))
	set("references", is.References)
	set("vulnerabilityClassifications", is.Classifications)
	if n := len(is.RequestResponses); n > 0 {
		set("requestresponse_count", strconv.Itoa(n))
	}
	for _, e := range is.Extra {
		if _, dup := props[e.XMLName.Local]; !dup {
			if strings.TrimSpace(e.Text) == "" {
				e.Text = e.Inner // elements inside: keep them as XML
			}
			set(e.XMLName.Local, e.Text)
		}
	}
	if len(props) > 0 {
		f.Properties = props
	}

	loc := aspm.Location{URL: joinURL(is.Host.Text, is.Path), Parameter: parameter(is.Location)}
	if len(is.RequestResponses) > 0 {
		rr := is.RequestResponses[0]
		req := payload(rr.Request, lim.MaxEvidence)
		loc.Method = strings.TrimSpace(rr.Request.Method)
		if loc.Method == "" {
			if m := reMethod.FindStringSubmatch(req); m != nil {
				loc.Method = m[1]
			}
		}
		var parts []string
		for _, p := range []string{req, payload(rr.Response, lim.MaxEvidence)} {
			if p = strings.TrimSpace(p); p != "" {
				parts = append(parts, p)
			}
		}
		loc.Evidence = decode.Clip(strings.Join(parts, "\n\n"), lim.MaxEvidence)
	}
	f.Locations = []aspm.Location{loc}
	return f, true
}

// payload returns at most about n bytes of a request or response, decoding
// only as much base64 as that needs.
func payload(m message, n int) string {
	text := strings.TrimSpace(m.Text)
	if !strings.EqualFold(m.Base64, "true") {
		return decode.Clip(text, n)
	}
	text = strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == ' ' || r == '\t' {
			return -1
		}
		return r
	}, text)
	want := (n/3 + 2) * 4 // enough base64 for n bytes and a marker that more was cut
	cut := len(text) > want
	if cut {
		text = text[:want]
	}
	b, _ := base64.StdEncoding.DecodeString(text) // on bad input, the bytes before it
	s := strings.ToValidUTF8(string(b), "\uFFFD")
	if cut && len(s) <= n {
		s += "…[cut]"
	}
	return decode.Clip(s, n)
}

// parameter extracts the parameter name from a Burp location such as
// "/basket.jsp [b_id cookie]" or "/search [q parameter]".
func parameter(location string) string {
	m := reBracket.FindStringSubmatch(location)
	if m == nil {
		return ""
	}
	inner := strings.TrimSpace(m[1])
	for _, suffix := range []string{" URL parameter", " body parameter", " JSON parameter", " XML parameter", " multipart parameter", " parameter", " cookie", " HTTP header", " header"} {
		if name, ok := strings.CutSuffix(inner, suffix); ok {
			name = strings.TrimSpace(name)
			if name != "" && !strings.ContainsAny(name, " \t") {
				return name
			}
			return ""
		}
	}
	return ""
}

func joinURL(host, path string) string {
	host, path = strings.TrimSpace(host), strings.TrimSpace(path)
	if host == "" {
		return path
	}
	if path == "" || strings.HasSuffix(host, "/") && strings.HasPrefix(path, "/") {
		return host + strings.TrimPrefix(path, "/")
	}
	if !strings.HasPrefix(path, "/") {
		return host + "/" + path
	}
	return host + path
}

var htmlUnescaper = strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&quot;", `"`, "&#39;", "'")

// xmlUnescape undoes the HTML escapes found in href attributes.
func xmlUnescape(s string) string { return htmlUnescaper.Replace(s) }
