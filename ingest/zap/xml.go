package zap

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// FormatXML is the name of the XML report format.
const FormatXML aspm.Format = "zap-xml"

// XMLDecoder reads ZAP XML reports. The zero value is ready to use; it is
// safe for concurrent use.
type XMLDecoder struct{}

// Format returns [FormatXML].
func (*XMLDecoder) Format() aspm.Format { return FormatXML }

// Detect reports whether head is XML whose root element is OWASPZAPReport.
func (*XMLDecoder) Detect(head []byte) bool {
	return decode.Sniff(head).XMLRoot == "OWASPZAPReport"
}

type xmlAlert struct {
	PluginID       string        `xml:"pluginid"`
	AlertRef       string        `xml:"alertRef"`
	Alert          string        `xml:"alert"`
	Name           string        `xml:"name"`
	RiskCode       string        `xml:"riskcode"`
	Confidence     string        `xml:"confidence"`
	RiskDesc       string        `xml:"riskdesc"`
	ConfidenceDesc string        `xml:"confidencedesc"`
	Desc           string        `xml:"desc"`
	Instances      []xmlInstance `xml:"instances>instance"`
	Count          string        `xml:"count"`
	Solution       string        `xml:"solution"`
	OtherInfo      string        `xml:"otherinfo"`
	Reference      string        `xml:"reference"`
	CWEID          string        `xml:"cweid"`
	WASCID         string        `xml:"wascid"`
	SourceID       string        `xml:"sourceid"`
	Tags           []struct {
		Name string `xml:"tag"`
		Link string `xml:"link"`
	} `xml:"tags>tag"`
	Extra []xmlAny `xml:",any"`
}

type xmlInstance struct {
	URI            string   `xml:"uri"`
	Method         string   `xml:"method"`
	Param          string   `xml:"param"`
	Attack         string   `xml:"attack"`
	Evidence       string   `xml:"evidence"`
	OtherInfo      string   `xml:"otherinfo"`
	RequestHeader  string   `xml:"requestheader"`
	RequestBody    string   `xml:"requestbody"`
	ResponseHeader string   `xml:"responseheader"`
	ResponseBody   string   `xml:"responsebody"`
	Extra          []xmlAny `xml:",any"`
}

// xmlAny is an element the mapping does not know: its text is kept, or
// its inner XML when it holds elements.
type xmlAny struct {
	XMLName xml.Name
	Text    string `xml:",chardata"`
	Inner   string `xml:",innerxml"`
}

func extra(elems []xmlAny) map[string]string {
	if len(elems) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, e := range elems {
		k := e.XMLName.Local
		if _, dup := m[k]; dup {
			continue
		}
		v := strings.TrimSpace(e.Text)
		if v == "" {
			v = strings.TrimSpace(e.Inner)
		}
		m[k] = v
	}
	return m
}

// Decode reads one ZAP XML report.
func (*XMLDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
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
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "ZAP"}, Format: FormatXML}}
	recs := decode.NewRecords(ctx)
	var (
		depth, sites, items int
		siteNames           []string
		rootSeen            bool
	)
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
			switch {
			case depth == 1:
				if t.Name.Local != "OWASPZAPReport" {
					return nil, fmt.Errorf("%w: root element is <%s>, not <OWASPZAPReport>", decode.ErrNotFormat, t.Name.Local)
				}
				rootSeen = true
				doc.Source.Tool.Version = attr(t, "version")
			case depth == 2 && t.Name.Local == "site":
				sites++
				items = 0
				if n := attr(t, "name"); n != "" {
					siteNames = append(siteNames, n)
				}
			case depth == 4 && t.Name.Local == "alertitem":
				items++
				ptr := fmt.Sprintf("/OWASPZAPReport/site[%d]/alerts/alertitem[%d]", sites, items)
				var x xmlAlert
				if err := dec.DecodeElement(&x, &t); err != nil {
					return nil, err
				}
				depth--
				a := x.alert()
				f, ok := a.finding(lim)
				if !ok {
					doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert item skipped: no pluginid, alertRef, name or alert"))
					continue
				}
				if err := recs.Add(); err != nil {
					return nil, err
				}
				f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: ptr}
				doc.Findings = append(doc.Findings, f)
			}
		case xml.EndElement:
			depth--
		}
	}
	if !rootSeen {
		return nil, fmt.Errorf("%w: no root element", decode.ErrNotFormat)
	}
	if len(siteNames) == 1 {
		doc.Source.Target = &aspm.Target{Kind: aspm.TargetURL, Name: siteNames[0]}
	}
	return doc, nil
}

func (x *xmlAlert) alert() alert {
	a := alert{
		PluginID: x.PluginID, AlertRef: x.AlertRef, Alert: x.Alert, Name: x.Name,
		RiskCode: x.RiskCode, Confidence: x.Confidence, RiskDesc: x.RiskDesc,
		ConfidenceDesc: x.ConfidenceDesc, Desc: x.Desc, Solution: x.Solution,
		OtherInfo: x.OtherInfo, Reference: x.Reference, CWEID: x.CWEID,
		WASCID: x.WASCID, SourceID: x.SourceID, Count: x.Count, Extra: extra(x.Extra),
	}
	for _, t := range x.Tags {
		a.Tags = append(a.Tags, tag{Name: strings.TrimSpace(t.Name), Link: t.Link})
	}
	for _, in := range x.Instances {
		a.Instances = append(a.Instances, instance{
			URI: in.URI, Method: in.Method, Param: in.Param, Attack: in.Attack,
			Evidence: in.Evidence, OtherInfo: in.OtherInfo,
			RequestHeader: in.RequestHeader, RequestBody: in.RequestBody,
			ResponseHeader: in.ResponseHeader, ResponseBody: in.ResponseBody,
			Extra: extra(in.Extra),
		})
	}
	return a
}

func attr(se xml.StartElement, name string) string {
	for _, a := range se.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}
