package github

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// FormatCodeScanning is the name of the code scanning alerts REST format.
const FormatCodeScanning aspm.Format = "github-code-scanning"

// CodeScanningDecoder reads code scanning alerts from GitHub's REST API.
// The zero value is ready to use; it is safe for concurrent use.
type CodeScanningDecoder struct{}

// Format returns FormatCodeScanning.
func (*CodeScanningDecoder) Format() aspm.Format { return FormatCodeScanning }

// Detect accepts an array of alerts (or one alert) with "number", "rule"
// and "most_recent_instance".
func (*CodeScanningDecoder) Detect(head []byte) bool {
	return restDetect(head, "number", "rule", "most_recent_instance")
}

type codeScanningAlert struct {
	State           string `json:"state"`
	HTMLURL         string `json:"html_url"`
	DismissedReason string `json:"dismissed_reason"`
	Rule            *struct {
		ID                    string   `json:"id"`
		Name                  string   `json:"name"`
		Severity              string   `json:"severity"`
		SecuritySeverityLevel string   `json:"security_severity_level"`
		Description           string   `json:"description"`
		FullDescription       string   `json:"full_description"`
		Help                  string   `json:"help"`
		HelpURI               string   `json:"help_uri"`
		Tags                  []string `json:"tags"`
	} `json:"rule"`
	Tool *struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"tool"`
	Instance *struct {
		Message *struct {
			Text string `json:"text"`
		} `json:"message"`
		Location *struct {
			Path        string `json:"path"`
			StartLine   int    `json:"start_line"`
			EndLine     int    `json:"end_line"`
			StartColumn int    `json:"start_column"`
			EndColumn   int    `json:"end_column"`
		} `json:"location"`
		Classifications []string `json:"classifications"`
	} `json:"most_recent_instance"`
	Repository *struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

// Decode reads code scanning alerts.
func (*CodeScanningDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	list, single, err := alertList(data, lim.MaxDepth)
	if err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "GitHub code scanning", Vendor: "GitHub"}, Format: FormatCodeScanning}}
	recs := decode.NewRecords(ctx)
	foreign := 0
	for i, raw := range list {
		ptr := alertPointer(i, single)
		var a codeScanningAlert
		m, err := members(raw, &a)
		if err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: %v", err))
			continue
		}
		if a.Rule == nil {
			foreign++
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: no rule"))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		doc.Findings = append(doc.Findings, codeScanningFinding(lim, &a, m, ptr, len(doc.Findings)))
	}
	if foreign > 0 && foreign == len(list) {
		return nil, fmt.Errorf("%w: no code scanning alerts", decode.ErrNotFormat)
	}
	return doc, nil
}

func codeScanningFinding(lim decode.Limits, a *codeScanningAlert, m map[string]json.RawMessage, ptr string, index int) aspm.Finding {
	rule := a.Rule
	sev := firstNonEmpty(rule.SecuritySeverityLevel, rule.Severity)
	f := aspm.Finding{
		Kind:         aspm.KindSAST,
		Rule:         rule.ID,
		RuleName:     firstNonEmpty(rule.Name, rule.ID),
		Title:        decode.Clip(decode.FirstLine(firstNonEmpty(rule.Description, rule.Name, rule.ID)), lim.MaxText),
		Severity:     aspm.ParseSeverity(sev),
		ToolSeverity: sev,
		CWEs:         aspm.ParseCWEs(rule.Tags...),
		Status:       alertStatus(a.State, a.DismissedReason),
		Provenance:   aspm.Provenance{Index: index, Pointer: ptr},
	}
	if f.Severity == aspm.SeverityUnknown && strings.EqualFold(sev, "none") {
		f.Severity = aspm.SeverityInfo
	}
	if a.Tool != nil && !null(a.Tool.Name) {
		f.Tool = aspm.Tool{Name: a.Tool.Name}
		if !null(a.Tool.Version) {
			f.Tool.Version = a.Tool.Version
		}
	}
	for _, t := range rule.Tags {
		if aspm.ParseCWE(t) == 0 {
			f.Tags = append(f.Tags, t)
		}
	}
	var desc []string
	if in := a.Instance; in != nil {
		if in.Message != nil {
			desc = append(desc, in.Message.Text)
		}
		if l := in.Location; l != nil && !null(l.Path) {
			f.Locations = []aspm.Location{{File: repoPath(l.Path), Region: region(l.StartLine, l.EndLine, l.StartColumn, l.EndColumn)}}
		}
		for _, c := range in.Classifications {
			f.Tags = append(f.Tags, "classification:"+c)
		}
	}
	if !null(rule.FullDescription) && rule.FullDescription != rule.Description {
		desc = append(desc, rule.FullDescription)
	}
	f.Description = decode.Clip(strings.TrimSpace(strings.Join(desc, "\n\n")), lim.MaxText)
	f.References = addRef(f.References, a.HTMLURL)
	f.References = addRef(f.References, rule.HelpURI)
	repo := ""
	if a.Repository != nil {
		repo = a.Repository.FullName
	}
	f.Fingerprints = alertFingerprints(a.HTMLURL, "", decode.RawText(m["number"]), repo)
	f.Properties = props(nil, "", m, "state", "html_url", "dismissed_reason", "rule", "tool", "most_recent_instance", "repository", "dismissed_by")
	var inst map[string]json.RawMessage
	if json.Unmarshal(m["most_recent_instance"], &inst) == nil {
		f.Properties = props(f.Properties, "instance.", inst, "message", "location", "classifications")
	}
	var ruleMembers map[string]json.RawMessage
	if json.Unmarshal(m["rule"], &ruleMembers) == nil {
		f.Properties = props(f.Properties, "rule.", ruleMembers, "id", "name", "severity", "security_severity_level", "description", "full_description", "help_uri", "tags", "help")
	}
	setProp(&f, "rule.help", decode.Clip(rule.Help, lim.MaxText))
	if by := userLogin(m["dismissed_by"]); by != "" {
		setProp(&f, "dismissed_by", by)
	}
	if a.Repository != nil {
		setProp(&f, "repository", a.Repository.FullName)
	}
	return f
}
