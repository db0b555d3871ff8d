package trivy

import (
	"encoding/json"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/trivytype"
)

type misconfiguration struct {
	ID            string          `json:"ID"`
	AVDID         string          `json:"AVDID"`
	Title         string          `json:"Title"`
	Description   string          `json:"Description"`
	Message       string          `json:"Message"`
	Severity      string          `json:"Severity"`
	PrimaryURL    string          `json:"PrimaryURL"`
	References    []string        `json:"References"`
	Status        string          `json:"Status"`
	Layer         layer           `json:"Layer"`
	CauseMetadata json.RawMessage `json:"CauseMetadata"`
}

type causeMetadata struct {
	Resource  string `json:"Resource"`
	Provider  string `json:"Provider"`
	StartLine int    `json:"StartLine"`
	EndLine   int    `json:"EndLine"`
	Code      struct {
		Lines []struct {
			Number    int    `json:"Number"`
			Content   string `json:"Content"`
			IsCause   bool   `json:"IsCause"`
			Truncated bool   `json:"Truncated"`
		} `json:"Lines"`
	} `json:"Code"`
}

var (
	misconfMapped = []string{"ID", "Title", "Description", "Message", "Severity", "PrimaryURL", "References", "Status", "Layer", "CauseMetadata"}
	causeMapped   = []string{"Resource", "Provider", "StartLine", "EndLine", "Code"}
)

// misconfiguration maps one failed configuration check; passed checks and
// exceptions are not problems and give no finding (unless suppressed is
// set: Trivy's suppressed findings are failures whatever their status).
func (d *decoder) misconfiguration(raw json.RawMessage, ptr string, res *result, sc *scope, suppressed bool) (aspm.Finding, bool) {
	var m misconfiguration
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "misconfiguration skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest)
	if !suppressed && m.Status != "" && !strings.EqualFold(m.Status, "FAIL") {
		return aspm.Finding{}, false
	}
	var cm causeMetadata
	var cmRest map[string]json.RawMessage
	if len(m.CauseMetadata) > 0 && string(m.CauseMetadata) != "null" {
		if err := json.Unmarshal(m.CauseMetadata, &cm); err != nil {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/CauseMetadata", "cause metadata not read: %v", err))
		}
		_ = json.Unmarshal(m.CauseMetadata, &cmRest)
	}
	rule := m.ID
	if rule == "" {
		rule = m.AVDID
	}
	if rule == "" && m.Title == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "misconfiguration skipped: no ID or Title"))
		return aspm.Finding{}, false
	}
	drop := misconfMapped
	if m.AVDID == rule {
		drop = append(drop[:len(drop):len(drop)], "AVDID")
	}
	title := m.Title
	if title == "" {
		title = decode.FirstLine(m.Message)
	}
	if title == "" {
		title = rule
	}
	f := aspm.Finding{
		Kind:         aspm.KindIaC,
		Rule:         rule,
		RuleName:     m.Title,
		Title:        decode.Clip(decode.FirstLine(title), d.lim.MaxText),
		Description:  decode.Clip(describe(m.Message, m.Description), d.lim.MaxText),
		Severity:     aspm.ParseSeverity(m.Severity),
		ToolSeverity: m.Severity,
		References:   decode.AppendUnique(nil, append([]string{m.PrimaryURL}, m.References...)...),
		Provenance:   aspm.Provenance{Pointer: ptr},
		Properties:   decode.PrefixedProperties(rest, "", drop...),
	}
	for k, v := range decode.PrefixedProperties(cmRest, "CauseMetadata.", causeMapped...) {
		decode.SetProperty(&f, k, v)
	}
	loc := aspm.Location{Layer: m.Layer.id()}
	if sc.k8s {
		// The check is about the workload's manifest, not its images.
		loc.Resource = sc.resource
	} else {
		loc.Image = sc.image
		loc.File = decode.Slash(res.Target)
		if cm.Resource != "" || cm.Provider != "" {
			loc.Resource = &aspm.Resource{Name: cm.Resource, Provider: strings.ToLower(cm.Provider)}
		}
	}
	if cm.StartLine > 0 {
		loc.Region = &aspm.Region{StartLine: cm.StartLine}
		if cm.EndLine >= cm.StartLine {
			loc.Region.EndLine = cm.EndLine
		}
	}
	if snippet := causeSnippet(&cm, d.lim.MaxText); snippet != "" {
		loc.SnippetHash = aspm.SnippetHash(snippet)
		loc.Snippet = decode.Clip(snippet, d.lim.MaxEvidence)
	}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	resultProps(&f, res)
	return f, true
}

// causeSnippet joins the code lines Trivy marks as the cause (all lines
// when none is marked), without the "…" line Trivy adds after a cut.
func causeSnippet(cm *causeMetadata, max int) string {
	lines := cm.Code.Lines
	anyCause := false
	for _, l := range lines {
		anyCause = anyCause || l.IsCause
	}
	var b strings.Builder
	for _, l := range lines {
		if l.Truncated || (anyCause && !l.IsCause) {
			continue
		}
		if b.Len() > max {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(l.Content)
	}
	return b.String()
}

type secret struct {
	RuleID    string `json:"RuleID"`
	Severity  string `json:"Severity"`
	Title     string `json:"Title"`
	StartLine int    `json:"StartLine"`
	EndLine   int    `json:"EndLine"`
	Match     string `json:"Match"`
	Layer     layer  `json:"Layer"`
}

// secretMapped are the members of a secret the model holds, and Code, the
// lines around the secret, which is never kept.
var secretMapped = []string{"RuleID", "Severity", "Title", "StartLine", "EndLine", "Match", "Layer", "Code"}

// secret maps one exposed secret. Trivy masks the secret in Match and Code;
// posture still keeps only the masked match line, clipped, and never the
// code lines.
func (d *decoder) secret(raw json.RawMessage, ptr string, res *result, sc *scope) (aspm.Finding, bool) {
	var s secret
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &s); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "secret skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest)
	if s.RuleID == "" && s.Title == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "secret skipped: no RuleID or Title"))
		return aspm.Finding{}, false
	}
	title := s.Title
	if title == "" {
		title = s.RuleID
	}
	f := aspm.Finding{
		Kind:         aspm.KindSecret,
		Rule:         s.RuleID,
		RuleName:     s.Title,
		Title:        decode.Clip(decode.FirstLine(title), d.lim.MaxText),
		Severity:     aspm.ParseSeverity(s.Severity),
		ToolSeverity: s.Severity,
		Secret:       &aspm.Secret{Type: s.RuleID, Redacted: decode.Clip(trivytype.MaskedMatch(s.Match), trivytype.MaxMatch)},
		Provenance:   aspm.Provenance{Pointer: ptr},
		Properties:   decode.PrefixedProperties(rest, "", secretMapped...),
	}
	loc := aspm.Location{File: decode.Slash(res.Target), Image: sc.image, Layer: s.Layer.id(), Resource: sc.resource}
	if s.StartLine > 0 {
		loc.Region = &aspm.Region{StartLine: s.StartLine}
		if s.EndLine >= s.StartLine {
			loc.Region.EndLine = s.EndLine
		}
	}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	resultProps(&f, res)
	return f, true
}

type license struct {
	Severity string `json:"Severity"`
	Category string `json:"Category"`
	PkgName  string `json:"PkgName"`
	FilePath string `json:"FilePath"`
	Name     string `json:"Name"`
	Text     string `json:"Text"`
	Link     string `json:"Link"`
}

var licenseMapped = []string{"Severity", "PkgName", "FilePath", "Name", "Text", "Link"}

// license maps one detected licence: the rule is the licence's name, the
// component the package that carries it.
func (d *decoder) license(raw json.RawMessage, ptr string, res *result, sc *scope) (aspm.Finding, bool) {
	var l license
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &l); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "license skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest)
	if l.Name == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "license skipped: no Name"))
		return aspm.Finding{}, false
	}
	where := l.PkgName
	if where == "" {
		where = l.FilePath
	}
	title := "License " + l.Name
	if l.Category != "" {
		title += " (" + l.Category + ")"
	}
	if where != "" {
		title += " in " + where
	}
	f := aspm.Finding{
		Kind:         aspm.KindLicense,
		Rule:         l.Name,
		Title:        decode.Clip(decode.FirstLine(title), d.lim.MaxText),
		Description:  decode.Clip(l.Text, d.lim.MaxText),
		Severity:     aspm.ParseSeverity(l.Severity),
		ToolSeverity: l.Severity,
		References:   decode.AppendUnique(nil, l.Link),
		Provenance:   aspm.Provenance{Pointer: ptr},
		Properties:   decode.PrefixedProperties(rest, "", licenseMapped...),
	}
	if l.PkgName != "" {
		f.Component = &aspm.Component{Name: l.PkgName, Licenses: []string{l.Name}}
		if l.FilePath != "" {
			f.Component.Paths = []string{decode.Slash(l.FilePath)}
		}
	}
	loc := aspm.Location{File: decode.Slash(l.FilePath), Image: sc.image, Resource: sc.resource}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	resultProps(&f, res)
	return f, true
}
