package sonarqube

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "sonarqube-json"

// Decoder reads SonarQube issues and security hotspots as JSON: the Web API
// responses of api/issues/search and api/hotspots/search, and the JSON
// report of the sonar-report exporter. The zero value is ready to use; it
// is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is one of the shapes Decode reads: an
// issues search ("issues" beside "paging", "p"/"ps" or "effortTotal"), a
// hotspots search ("hotspots" beside "paging"), or a sonar-report export
// ("sonarBaseURL" or "sonarComponent").
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	switch {
	case s.Has("sonarBaseURL") || s.Has("sonarComponent"):
		return true
	case s.Has("hotspots") && s.Has("paging"):
		return true
	case s.Has("issues") && (s.Has("paging") || s.Has("effortTotal") || (s.Has("p") && s.Has("ps"))):
		return true
	}
	return false
}

type report struct {
	Issues     []json.RawMessage `json:"issues"`
	Hotspots   []json.RawMessage `json:"hotspots"`
	Components []component       `json:"components"`
	Rules      json.RawMessage   `json:"rules"`
	// sonar-report
	SonarBaseURL   string   `json:"sonarBaseURL"`
	SonarComponent string   `json:"sonarComponent"`
	ProjectName    string   `json:"projectName"`
	Date           string   `json:"date"`
	HotspotKeys    []string `json:"hotspotKeys"`
}

type component struct {
	Key       string `json:"key"`
	Qualifier string `json:"qualifier"`
	Path      string `json:"path"`
}

type rule struct {
	Name     string `json:"name"`
	HTMLDesc string `json:"htmlDesc"`
	Severity string `json:"severity"`
	Type     string `json:"type"`
}

type textRange struct {
	StartLine   int `json:"startLine"`
	EndLine     int `json:"endLine"`
	StartOffset int `json:"startOffset"`
	EndOffset   int `json:"endOffset"`
}

type issue struct {
	Key         string     `json:"key"`
	Rule        string     `json:"rule"`
	RuleKey     string     `json:"ruleKey"`
	Severity    string     `json:"severity"`
	Component   string     `json:"component"`
	Project     string     `json:"project"`
	Line        int        `json:"line"`
	Hash        string     `json:"hash"`
	TextRange   *textRange `json:"textRange"`
	Status      string     `json:"status"`
	IssueStatus string     `json:"issueStatus"`
	Resolution  string     `json:"resolution"`
	Message     string     `json:"message"`
	Description string     `json:"description"`
	Type        string     `json:"type"`
	Tags        []string   `json:"tags"`
	Author      string     `json:"author"`
	Impacts     []struct {
		SoftwareQuality string `json:"softwareQuality"`
		Severity        string `json:"severity"`
	} `json:"impacts"`
	// hotspots
	SecurityCategory         string `json:"securityCategory"`
	VulnerabilityProbability string `json:"vulnerabilityProbability"`
}

var known = []string{"key", "rule", "ruleKey", "severity", "component", "line", "hash", "textRange", "status",
	"issueStatus", "resolution", "message", "description", "tags", "author", "vulnerabilityProbability"}

// Decode reads one SonarQube JSON input.
func (d *Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var probe map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &probe); err != nil {
		return nil, decode.ShapeError(err)
	}
	_, hasIssues := probe["issues"]
	_, hasHotspots := probe["hotspots"]
	if !hasIssues && !hasHotspots {
		return nil, fmt.Errorf("%w: neither \"issues\" nor \"hotspots\"", decode.ErrNotFormat)
	}
	var rep report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, decode.ShapeError(err)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "SonarQube", Vendor: "SonarSource"}, Format: Format}}
	if rep.SonarComponent != "" || rep.ProjectName != "" {
		name := rep.SonarComponent
		if name == "" {
			name = rep.ProjectName
		}
		doc.Source.Target = &aspm.Target{Kind: aspm.TargetRepository, Name: name}
	}
	if rep.Date != "" {
		if t, err := time.Parse("Monday, Jan 2, 2006", rep.Date); err == nil {
			doc.Source.ScanTime = t
		}
	}
	c := &converter{lim: lim, paths: map[string]string{}, rules: readRules(rep.Rules, &doc.Diagnostics), project: rep.SonarComponent, hotspots: map[string]bool{}}
	for _, comp := range rep.Components {
		if comp.Qualifier == "TRK" || comp.Qualifier == "BRC" {
			c.paths[comp.Key] = ""
			continue
		}
		if comp.Path != "" {
			c.paths[comp.Key] = comp.Path
		}
	}
	for _, k := range rep.HotspotKeys {
		c.hotspots[k] = true
	}
	recs := decode.NewRecords(ctx)
	emit := func(list []json.RawMessage, base string, hotspot bool) error {
		for i, raw := range list {
			p := decode.PointerIndex(base, i)
			var is issue
			if err := json.Unmarshal(raw, &is); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "%s skipped: %v", base[1:], err))
				continue
			}
			if err := recs.Add(); err != nil {
				return err
			}
			f := c.finding(is, raw, hotspot)
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: p}
			doc.Findings = append(doc.Findings, f)
		}
		return nil
	}
	if err := emit(rep.Issues, "/issues", false); err != nil {
		return nil, err
	}
	if err := emit(rep.Hotspots, "/hotspots", true); err != nil {
		return nil, err
	}
	return doc, nil
}

// readRules reads the rules as the Web API lists them (an array of
// {key, name…}) or as sonar-report maps them ({key: {name, htmlDesc,
// severity}}).
func readRules(raw json.RawMessage, diags *[]aspm.Diagnostic) map[string]rule {
	out := map[string]rule{}
	if decode.IsNull(raw) {
		return out
	}
	var byKey map[string]rule
	if err := json.Unmarshal(raw, &byKey); err == nil {
		return byKey
	}
	var list []struct {
		Key string `json:"key"`
		rule
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		*diags = append(*diags, aspm.Warnf("/rules", "rules ignored: %v", err))
		return out
	}
	for _, r := range list {
		out[r.Key] = r.rule
	}
	return out
}

type converter struct {
	lim      decode.Limits
	paths    map[string]string // component key → file path ("" for a project)
	rules    map[string]rule
	project  string
	hotspots map[string]bool
}

// dependencyCheckRule is the rule of the OWASP Dependency-Check plugin,
// whose message carries the vulnerable dependency and its advisory.
const dependencyCheckRule = "OWASP:UsingComponentWithKnownVulnerability"

var (
	reRef   = regexp.MustCompile(`Reference:\s*([A-Za-z]+-[\w.:-]+)`)
	reScore = regexp.MustCompile(`CVSS Score:\s*([0-9]+(?:\.[0-9]+)?)`)
	reFile  = regexp.MustCompile(`Filename:\s*([^|]+?)\s*(?:\||$)`)
	reHref  = regexp.MustCompile(`href="(https?://[^"]+)"`)
)

func (c *converter) finding(is issue, raw json.RawMessage, hotspot bool) aspm.Finding {
	ruleKey := is.Rule
	if ruleKey == "" {
		ruleKey = is.RuleKey
	}
	rl := c.rules[ruleKey]
	f := aspm.Finding{
		Kind:        kind(is, hotspot || c.hotspots[is.Key]),
		Rule:        ruleKey,
		RuleName:    rl.Name,
		Title:       decode.Summary(is.Message),
		Description: decode.Clip(strings.TrimSpace(is.Message), c.lim.MaxText),
		Tags:        decode.SortedSet(is.Tags),
		Status:      status(is.Status, is.IssueStatus, is.Resolution),
	}
	if f.RuleName == "" {
		f.RuleName = is.Description // sonar-report puts the rule's name there
	}
	if f.Title == "" {
		f.Title = f.RuleName
	}
	if f.Title == "" {
		f.Title = ruleKey
	}
	switch {
	case is.VulnerabilityProbability != "":
		f.ToolSeverity = is.VulnerabilityProbability
	case is.Severity != "":
		f.ToolSeverity = is.Severity
	default:
		for _, im := range is.Impacts {
			if aspm.ParseSeverity(im.Severity).Rank() > aspm.ParseSeverity(f.ToolSeverity).Rank() {
				f.ToolSeverity = im.Severity
			}
		}
	}
	f.Severity = aspm.ParseSeverity(f.ToolSeverity)
	cweText := append([]string{rl.HTMLDesc}, is.Tags...)
	if ruleKey == dependencyCheckRule {
		f.Kind = aspm.KindSCA
		cweText = append(cweText, is.Message)
		if m := reRef.FindStringSubmatch(is.Message); m != nil {
			f.Vulns = []aspm.Vuln{aspm.NewVuln(m[1])}
		}
		if m := reScore.FindStringSubmatch(is.Message); m != nil {
			if s, err := strconv.ParseFloat(m[1], 64); err == nil {
				f.CVSS = []aspm.CVSS{{Score: s}}
			}
		}
	}
	f.CWEs = aspm.ParseCWEs(cweText...)
	var refs []string
	for _, m := range reHref.FindAllStringSubmatch(rl.HTMLDesc, -1) {
		refs = append(refs, m[1])
	}
	f.References = decode.SortedSet(refs)

	if file, ok := c.file(is.Component, is.Project); ok {
		loc := aspm.Location{File: file}
		switch {
		case is.TextRange != nil && is.TextRange.StartLine > 0:
			tr := is.TextRange
			loc.Region = &aspm.Region{StartLine: tr.StartLine, EndLine: tr.EndLine, StartColumn: tr.StartOffset + 1, EndColumn: tr.EndOffset}
		case is.Line > 0:
			loc.Region = &aspm.Region{StartLine: is.Line}
		}
		f.Locations = []aspm.Location{loc}
	}
	fp := map[string]string{}
	if is.Key != "" {
		fp["sonarqube-key"] = is.Key
	}
	if is.Hash != "" {
		fp["sonarqube-line-hash"] = is.Hash
	}
	if len(fp) > 0 {
		f.Fingerprints = fp
	}
	props := decode.Leftovers(raw, known...)
	if props == nil {
		props = map[string]json.RawMessage{}
	}
	if is.Status != "" {
		props["status"], _ = json.Marshal(is.Status)
	}
	if is.Resolution != "" {
		props["resolution"], _ = json.Marshal(is.Resolution)
	}
	if is.IssueStatus != "" {
		props["issueStatus"], _ = json.Marshal(is.IssueStatus)
	}
	if is.Author != "" && !strings.Contains(is.Author, "@") { // an e-mail address is personal data
		props["author"], _ = json.Marshal(is.Author)
	}
	if is.Component != "" && len(f.Locations) == 0 {
		props["component"], _ = json.Marshal(is.Component)
	}
	if ruleKey == dependencyCheckRule {
		if m := reFile.FindStringSubmatch(is.Message); m != nil {
			props["dependency"], _ = json.Marshal(m[1])
		}
	}
	if hotspot || c.hotspots[is.Key] {
		props["hotspot"] = json.RawMessage("true")
	}
	f.Properties = decode.RawProperties(props)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, c.lim.MaxText)
	}
	return f
}

// file turns a component key ("project:src/app.js") into a path.
func (c *converter) file(comp, project string) (string, bool) {
	if comp == "" {
		return "", false
	}
	if p, ok := c.paths[comp]; ok {
		return p, p != ""
	}
	if comp == project || comp == c.project {
		return "", false
	}
	for _, prefix := range []string{project, c.project} {
		if prefix != "" && strings.HasPrefix(comp, prefix+":") {
			return strings.ReplaceAll(comp[len(prefix)+1:], `\`, "/"), true
		}
	}
	if _, rest, ok := strings.Cut(comp, ":"); ok && project != "" {
		return strings.ReplaceAll(rest, `\`, "/"), true
	}
	return strings.ReplaceAll(comp, `\`, "/"), true
}

// kind sorts SonarQube's issue types: vulnerabilities and security
// hotspots, and issues whose impact is on security, are SAST findings; bugs
// and code smells are code-quality findings (KindOther).
func kind(is issue, hotspot bool) aspm.Kind {
	if hotspot {
		return aspm.KindSAST
	}
	for _, im := range is.Impacts {
		if strings.EqualFold(im.SoftwareQuality, "SECURITY") {
			return aspm.KindSAST
		}
	}
	switch strings.ToUpper(is.Type) {
	case "VULNERABILITY", "SECURITY_HOTSPOT", "":
		return aspm.KindSAST
	}
	return aspm.KindOther
}

// status maps SonarQube's issue and hotspot workflow onto a Status.
func status(st, issueStatus, resolution string) aspm.Status {
	switch strings.ToUpper(strings.ReplaceAll(resolution, "-", "_")) {
	case "FALSE_POSITIVE", "SAFE":
		return aspm.StatusFalsePositive
	case "WONTFIX", "ACKNOWLEDGED":
		return aspm.StatusAccepted
	case "FIXED", "REMOVED":
		return aspm.StatusFixed
	}
	switch strings.ToUpper(issueStatus) {
	case "FALSE_POSITIVE":
		return aspm.StatusFalsePositive
	case "ACCEPTED":
		return aspm.StatusAccepted
	case "FIXED":
		return aspm.StatusFixed
	}
	switch strings.ToUpper(st) {
	case "CLOSED", "RESOLVED":
		return aspm.StatusFixed
	case "OPEN", "REOPENED", "CONFIRMED", "TO_REVIEW":
		return aspm.StatusOpen
	}
	return ""
}
