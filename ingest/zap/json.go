package zap

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strconv"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// FormatJSON is the name of the JSON report format.
const FormatJSON aspm.Format = "zap-json"

// JSONDecoder reads ZAP JSON reports. The zero value is ready to use; it is
// safe for concurrent use.
type JSONDecoder struct{}

// Format returns [FormatJSON].
func (*JSONDecoder) Format() aspm.Format { return FormatJSON }

// Detect reports whether head is a JSON object with site and ZAP's
// "@"-prefixed report attributes.
func (*JSONDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	return s.JSON && !s.Array && s.Has("site") && (s.Has("@version") || s.Has("@programName") || s.Has("@generated"))
}

// str is a JSON value that ZAP writes as a string but that may be a number.
type str string

func (s *str) UnmarshalJSON(b []byte) error {
	var v string
	if err := json.Unmarshal(b, &v); err == nil {
		*s = str(v)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return err
	}
	*s = str(n)
	return nil
}

type jsonReport struct {
	Version str             `json:"@version"`
	Site    json.RawMessage `json:"site"`
}

type jsonSite struct {
	Name   str               `json:"@name"`
	Alerts []json.RawMessage `json:"alerts"`
}

type jsonAlert struct {
	PluginID       str                          `json:"pluginid"`
	AlertRef       str                          `json:"alertRef"`
	Alert          str                          `json:"alert"`
	Name           str                          `json:"name"`
	RiskCode       str                          `json:"riskcode"`
	Confidence     str                          `json:"confidence"`
	RiskDesc       str                          `json:"riskdesc"`
	ConfidenceDesc str                          `json:"confidencedesc"`
	Desc           str                          `json:"desc"`
	Instances      []map[string]json.RawMessage `json:"instances"`
	Count          str                          `json:"count"`
	Solution       str                          `json:"solution"`
	OtherInfo      str                          `json:"otherinfo"`
	Reference      str                          `json:"reference"`
	CWEID          str                          `json:"cweid"`
	WASCID         str                          `json:"wascid"`
	SourceID       str                          `json:"sourceid"`
	Tags           map[string]str               `json:"tags"`
}

var jsonMapped = []string{"pluginid", "alertRef", "alert", "name", "riskcode", "confidence", "riskdesc", "confidencedesc", "desc", "instances", "count", "solution", "otherinfo", "reference", "cweid", "wascid", "sourceid", "tags"}

// Decode reads one ZAP JSON report.
func (*JSONDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var rep jsonReport
	if err := decode.Unmarshal(data, lim.MaxDepth, &rep); err != nil {
		return nil, decode.TopMismatchNotFormat(err, "not a ZAP report object")
	}
	if len(rep.Site) == 0 {
		return nil, fmt.Errorf("%w: no site member", decode.ErrNotFormat)
	}
	var sites []json.RawMessage
	switch decode.TrimHead(rep.Site)[0] {
	case '[':
		if err := json.Unmarshal(rep.Site, &sites); err != nil {
			return nil, err
		}
	case '{':
		sites = []json.RawMessage{rep.Site} // ZAP before 2.10 wrote one site as an object
	case 'n':
	default:
		return nil, fmt.Errorf("%w: site is neither an array nor an object", decode.ErrNotFormat)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "ZAP", Version: string(rep.Version)}, Format: FormatJSON}}
	recs := decode.NewRecords(ctx)
	var siteNames []string
	for i, rawSite := range sites {
		sptr := "/site/" + strconv.Itoa(i)
		if len(sites) == 1 && decode.TrimHead(rep.Site)[0] == '{' {
			sptr = "/site"
		}
		var site jsonSite
		if err := json.Unmarshal(rawSite, &site); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(sptr, "site skipped: %v", err))
			continue
		}
		if site.Name != "" {
			siteNames = append(siteNames, string(site.Name))
		}
		for j, rawAlert := range site.Alerts {
			ptr := sptr + "/alerts/" + strconv.Itoa(j)
			var x jsonAlert
			var rest map[string]json.RawMessage
			if err := json.Unmarshal(rawAlert, &x); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: %v", err))
				continue
			}
			_ = json.Unmarshal(rawAlert, &rest)
			for _, k := range jsonMapped {
				delete(rest, k)
			}
			a := x.alert(rest)
			f, ok := a.finding(lim)
			if !ok {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: no pluginid, alertRef, name or alert"))
				continue
			}
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: ptr}
			doc.Findings = append(doc.Findings, f)
		}
	}
	if len(siteNames) == 1 {
		doc.Source.Target = &aspm.Target{Kind: aspm.TargetURL, Name: siteNames[0]}
	}
	return doc, nil
}

func (x *jsonAlert) alert(rest map[string]json.RawMessage) alert {
	a := alert{
		PluginID: string(x.PluginID), AlertRef: string(x.AlertRef), Alert: string(x.Alert), Name: string(x.Name),
		RiskCode: string(x.RiskCode), Confidence: string(x.Confidence), RiskDesc: string(x.RiskDesc),
		ConfidenceDesc: string(x.ConfidenceDesc), Desc: string(x.Desc), Solution: string(x.Solution),
		OtherInfo: string(x.OtherInfo), Reference: string(x.Reference), CWEID: string(x.CWEID),
		WASCID: string(x.WASCID), SourceID: string(x.SourceID), Count: string(x.Count),
		Extra: decode.RawProperties(rest),
	}
	names := make([]string, 0, len(x.Tags))
	for k := range x.Tags {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		a.Tags = append(a.Tags, tag{Name: k, Link: string(x.Tags[k])})
	}
	for _, m := range x.Instances {
		get := func(keys ...string) string {
			for _, k := range keys {
				if raw, ok := m[k]; ok {
					delete(m, k)
					var s str
					if json.Unmarshal(raw, &s) == nil {
						return string(s)
					}
					return string(raw)
				}
			}
			return ""
		}
		in := instance{
			URI: get("uri"), Method: get("method"), Param: get("param"), Attack: get("attack"),
			Evidence: get("evidence"), OtherInfo: get("otherinfo"),
			RequestHeader: get("request-header", "requestheader"), RequestBody: get("request-body", "requestbody"),
			ResponseHeader: get("response-header", "responseheader"), ResponseBody: get("response-body", "responsebody"),
		}
		in.Extra = decode.RawProperties(m)
		a.Instances = append(a.Instances, in)
	}
	return a
}
