package zap

import (
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// alert is one alert item, from either report format.
type alert struct {
	PluginID, AlertRef, Alert, Name string
	RiskCode, Confidence, RiskDesc  string
	ConfidenceDesc, Desc            string
	Solution, OtherInfo, Reference  string
	CWEID, WASCID, SourceID, Count  string
	Instances                       []instance
	// Tags maps tag names to links, in order.
	Tags []tag
	// Extra holds members that the mapping does not know.
	Extra map[string]string
}

type instance struct {
	URI, Method, Param, Attack, Evidence, OtherInfo string
	RequestHeader, RequestBody                      string
	ResponseHeader, ResponseBody                    string
	Extra                                           map[string]string
}

type tag struct{ Name, Link string }

var reURL = regexp.MustCompile(`https?://[^\s"'<>]+[^\s"'<>.,;:)]`)

// finding maps an alert item onto a finding; it returns false when the
// item names no rule and no alert.
func (a *alert) finding(lim decode.Limits) (aspm.Finding, bool) {
	text := func(s string) string { return decode.Clip(strings.TrimSpace(s), lim.MaxText) }
	title := decode.FirstNonEmpty(a.Name, a.Alert)
	rule := decode.FirstNonEmpty(a.AlertRef, a.PluginID)
	if title == "" && rule == "" {
		return aspm.Finding{}, false
	}
	if title == "" {
		title = "ZAP alert " + rule
	}
	f := aspm.Finding{
		Kind:        aspm.KindDAST,
		Rule:        rule,
		RuleName:    decode.FirstNonEmpty(a.Name, a.Alert),
		Title:       text(decode.FirstLine(title)),
		Description: text(a.Desc),
		Severity:    riskSeverity(a.RiskCode, a.RiskDesc),
	}
	f.ToolSeverity = strings.TrimSpace(a.RiskDesc)
	if i := strings.Index(f.ToolSeverity, " ("); i > 0 {
		f.ToolSeverity = f.ToolSeverity[:i]
	}
	if f.ToolSeverity == "" {
		f.ToolSeverity = strings.TrimSpace(a.RiskCode)
	}
	f.Confidence = confidence(a.Confidence, a.ConfidenceDesc)
	if strings.TrimSpace(a.Confidence) == "0" {
		f.Status = aspm.StatusFalsePositive
	}
	var cweTexts []string
	if n, err := strconv.Atoi(strings.TrimSpace(a.CWEID)); err == nil && n > 0 {
		f.CWEs = []int{n}
	}
	for _, t := range a.Tags {
		if t.Name == "" {
			continue
		}
		f.Tags = append(f.Tags, t.Name)
		if strings.HasPrefix(strings.ToUpper(t.Name), "CWE-") {
			cweTexts = append(cweTexts, t.Name)
		}
	}
	if len(cweTexts) > 0 {
		f.CWEs = mergeInts(f.CWEs, aspm.ParseCWEs(cweTexts...))
	}
	refs := reURL.FindAllString(a.Reference, -1)
	for _, t := range a.Tags {
		if u := strings.TrimSpace(t.Link); u != "" {
			refs = append(refs, u)
		}
	}
	f.References = dedupe(refs)

	props := map[string]string{}
	set := func(k, v string) {
		if v = strings.TrimSpace(v); v != "" {
			props[k] = decode.Clip(v, lim.MaxText)
		}
	}
	set("pluginid", a.PluginID)
	if a.Alert != "" && a.Alert != a.Name {
		set("alert", a.Alert)
	}
	set("riskcode", a.RiskCode)
	set("riskdesc", a.RiskDesc)
	set("confidence", a.Confidence)
	set("confidencedesc", a.ConfidenceDesc)
	set("solution", a.Solution)
	set("otherinfo", a.OtherInfo)
	set("count", a.Count)
	set("wascid", a.WASCID)
	set("sourceid", a.SourceID)
	if a.Reference != "" && len(refs) == 0 {
		set("reference", a.Reference)
	}
	for k, v := range a.Extra {
		set(k, v)
	}
	for i, in := range a.Instances {
		loc := aspm.Location{
			URL:       strings.TrimSpace(in.URI),
			Method:    strings.TrimSpace(in.Method),
			Parameter: strings.TrimSpace(in.Param),
			Evidence:  evidence(in, lim.MaxEvidence),
		}
		f.Locations = append(f.Locations, loc)
		p := "instances/" + strconv.Itoa(i) + "/"
		set(p+"attack", in.Attack)
		set(p+"otherinfo", in.OtherInfo)
		for k, v := range in.Extra {
			set(p+k, v)
		}
	}
	if len(props) > 0 {
		f.Properties = props
	}
	return f, true
}

// evidence joins what an instance shows, bounded by n bytes: the evidence
// string, then the request and the response when the report has them.
func evidence(in instance, n int) string {
	var parts []string
	for _, s := range []string{in.Evidence, joinHTTP(in.RequestHeader, in.RequestBody), joinHTTP(in.ResponseHeader, in.ResponseBody)} {
		if s = strings.TrimSpace(s); s != "" {
			if len(s) > n {
				s = decode.Clip(s, n)
			}
			parts = append(parts, s)
		}
	}
	return decode.Clip(strings.Join(parts, "\n\n"), n)
}

func joinHTTP(header, body string) string {
	header = strings.TrimRight(header, "\r\n")
	if strings.TrimSpace(body) == "" {
		return header
	}
	return header + "\r\n\r\n" + body
}

// riskSeverity maps ZAP's riskcode, or failing that the word of riskdesc.
func riskSeverity(code, desc string) aspm.Severity {
	switch strings.TrimSpace(code) {
	case "3":
		return aspm.SeverityHigh
	case "2":
		return aspm.SeverityMedium
	case "1":
		return aspm.SeverityLow
	case "0":
		return aspm.SeverityInfo
	}
	word, _, _ := strings.Cut(strings.TrimSpace(desc), " ")
	return aspm.ParseSeverity(word)
}

// confidence returns the confidence word.
func confidence(code, desc string) string {
	if d := strings.TrimSpace(desc); d != "" {
		return d
	}
	switch strings.TrimSpace(code) {
	case "0":
		return "False Positive"
	case "1":
		return "Low"
	case "2":
		return "Medium"
	case "3":
		return "High"
	case "4":
		return "Confirmed"
	}
	return strings.TrimSpace(code)
}

func dedupe(ss []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range ss {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func mergeInts(a, b []int) []int {
	out := append(slices.Clone(a), b...)
	sort.Ints(out)
	return slices.Compact(out)
}
