package semgrep

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"regexp"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// PlatformFormat is the name of the Semgrep AppSec Platform findings
// format.
const PlatformFormat aspm.Format = "semgrep-platform-json"

// PlatformDecoder reads the findings that the Semgrep AppSec Platform API
// (`GET /api/v1/deployments/{slug}/findings`) returns. The zero value is
// ready to use; it is safe for concurrent use.
type PlatformDecoder struct{}

// Format returns [PlatformFormat].
func (*PlatformDecoder) Format() aspm.Format { return PlatformFormat }

var emptyFindings = regexp.MustCompile(`^\{\s*"findings"\s*:\s*\[\s*\]\s*\}\s*$`)

// Detect reports whether head is a findings response: an object with a
// "findings" member whose records carry Semgrep's "match_based_id" or
// "triage_state" and "rule_name", or exactly `{"findings": []}`.
func (*PlatformDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("findings") {
		return false
	}
	if bytes.Contains(head, []byte(`"match_based_id"`)) ||
		(bytes.Contains(head, []byte(`"triage_state"`)) && bytes.Contains(head, []byte(`"rule_name"`))) {
		return true
	}
	return emptyFindings.Match(decode.TrimHead(head))
}

type platformFinding struct {
	ID           json.RawMessage `json:"id"`
	MatchBasedID string          `json:"match_based_id"`
	Repository   struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"repository"`
	TriageState  string   `json:"triage_state"`
	TriageReason string   `json:"triage_reason"`
	Status       string   `json:"status"`
	Severity     string   `json:"severity"`
	Confidence   string   `json:"confidence"`
	Categories   []string `json:"categories"`
	RuleName     string   `json:"rule_name"`
	RuleMessage  string   `json:"rule_message"`
	Location     struct {
		FilePath  string `json:"file_path"`
		Line      int    `json:"line"`
		Column    int    `json:"column"`
		EndLine   int    `json:"end_line"`
		EndColumn int    `json:"end_column"`
	} `json:"location"`
	Rule json.RawMessage `json:"rule"`
}

type platformRule struct {
	Name                 string   `json:"name"`
	Message              string   `json:"message"`
	Confidence           string   `json:"confidence"`
	Category             string   `json:"category"`
	VulnerabilityClasses []string `json:"vulnerability_classes"`
	CWENames             []string `json:"cwe_names"`
	OWASPNames           []string `json:"owasp_names"`
}

// Decode reads one findings response.
func (d *PlatformDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var rep struct {
		Findings json.RawMessage `json:"findings"`
	}
	if err := decode.Unmarshal(data, lim.MaxDepth, &rep); err != nil {
		return nil, decode.ShapeError(err)
	}
	items, err := decode.RequiredArray(rep.Findings, "findings")
	if err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{
		Tool:   aspm.Tool{Name: "Semgrep AppSec Platform", Vendor: "Semgrep"},
		Format: PlatformFormat,
	}}
	recs := decode.NewRecords(ctx)
	for i, raw := range items {
		p := decode.PointerIndex("/findings", i)
		var pf platformFinding
		if err := json.Unmarshal(raw, &pf); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "finding skipped: %v", err))
			continue
		}
		var rule platformRule
		if !decode.IsNull(pf.Rule) {
			if err := json.Unmarshal(pf.Rule, &rule); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(p+"/rule", "rule ignored: %v", err))
			}
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		f := platformToFinding(pf, rule, raw, lim)
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: p}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

func platformToFinding(pf platformFinding, rule platformRule, raw json.RawMessage, lim decode.Limits) aspm.Finding {
	msg := pf.RuleMessage
	if msg == "" {
		msg = rule.Message
	}
	ruleID := pf.RuleName
	if ruleID == "" {
		ruleID = rule.Name
	}
	f := aspm.Finding{
		Kind:         aspm.KindSAST,
		Rule:         ruleID,
		Title:        decode.Summary(msg),
		Description:  decode.Clip(strings.TrimSpace(msg), lim.MaxText),
		Severity:     aspm.ParseSeverity(pf.Severity),
		ToolSeverity: pf.Severity,
		Confidence:   pf.Confidence,
		CWEs:         aspm.ParseCWEs(rule.CWENames...),
		Status:       platformStatus(pf.Status, pf.TriageState, pf.TriageReason),
	}
	if f.Title == "" {
		f.Title = ruleID
	}
	if f.Confidence == "" {
		f.Confidence = rule.Confidence
	}
	var tags []string
	tags = append(tags, pf.Categories...)
	tags = append(tags, rule.Category)
	tags = append(tags, rule.VulnerabilityClasses...)
	tags = append(tags, rule.OWASPNames...)
	f.Tags = decode.SortedSet(tags)
	loc := aspm.Location{File: strings.ReplaceAll(pf.Location.FilePath, `\`, "/")}
	if pf.Location.Line > 0 {
		loc.Region = &aspm.Region{StartLine: pf.Location.Line, StartColumn: pf.Location.Column, EndLine: pf.Location.EndLine, EndColumn: pf.Location.EndColumn}
	}
	f.Locations = []aspm.Location{loc}
	fp := map[string]string{}
	if pf.MatchBasedID != "" {
		fp["semgrep-match-based-id"] = pf.MatchBasedID
	}
	if id := decode.Scalar(pf.ID); id != "" {
		fp["semgrep-finding-id"] = id
	}
	if len(fp) > 0 {
		f.Fingerprints = fp
	}
	props := decode.Leftovers(raw, "id", "match_based_id", "severity", "confidence", "categories", "rule_name", "rule_message", "location", "rule")
	if props == nil {
		props = map[string]json.RawMessage{}
	}
	if rule.Name != "" && rule.Name != ruleID {
		props["rule.name"], _ = json.Marshal(rule.Name)
	}
	if rule.Message != "" && rule.Message != msg {
		props["rule.message"], _ = json.Marshal(rule.Message)
	}
	for k, v := range decode.Leftovers(pf.Rule, "name", "message", "confidence", "category", "vulnerability_classes", "cwe_names", "owasp_names") {
		props["rule."+k] = v
	}
	f.Properties = decode.RawProperties(props)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, lim.MaxText)
	}
	return f
}

// platformStatus maps the platform's status and triage onto a Status.
func platformStatus(status, triage, reason string) aspm.Status {
	switch strings.ToLower(status) {
	case "fixed":
		return aspm.StatusFixed
	case "removed":
		return aspm.StatusFixed
	}
	if strings.ToLower(triage) == "ignored" || strings.ToLower(status) == "ignored" {
		switch strings.ToLower(reason) {
		case "false_positive":
			return aspm.StatusFalsePositive
		case "acceptable_risk":
			return aspm.StatusAccepted
		}
		return aspm.StatusSuppressed
	}
	if strings.ToLower(status) == "open" {
		return aspm.StatusOpen
	}
	return ""
}
