package sarif

import (
	"slices"
	"strconv"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// titleMax is the longest message used as a title as it is; a longer or
// multi-line message makes the rule's short description the title.
const titleMax = 200

// mapResult appends the finding of one result, unless the result reports
// no problem.
func (rc *runCtx) mapResult(res *result, j int) error {
	resKind := deref(res.Kind)
	switch resKind {
	case "pass", "notApplicable", "informational":
		if rc.skipped == nil {
			rc.skipped = map[string]int{}
		}
		rc.skipped[resKind]++
		return nil
	}
	st := rc.st
	if err := st.recs.Add(); err != nil {
		return err
	}
	ri, ruleID := rc.ruleFor(res)

	st.doc.Findings = append(st.doc.Findings, aspm.Finding{})
	f := &st.doc.Findings[len(st.doc.Findings)-1]
	f.Tool = rc.tool
	f.Rule = ruleID
	f.RuleName = ri.name
	f.Provenance = aspm.Provenance{Index: st.index, Pointer: rc.pointer(j)}
	st.index++

	ps := propSet{hint: len(res.Properties) + len(ri.props) + 2}

	// The result's own property bag: the members posture maps, the rest
	// kept as they are.
	var (
		secSev, precision, resPURL string
		secScore                   float64
		hasSecSev                  bool
		resTags                    []string
		resCWEs                    []int
		resCVSS                    bool
	)
	for k, raw := range res.Properties {
		switch k {
		case "security-severity":
			if text, score, ok := parseScore(raw); ok {
				secSev, secScore, hasSecSev = text, score, true
				continue
			}
		case "precision":
			if s, ok := rawString(raw); ok {
				precision = s
				continue
			}
		case "tags":
			if resTags = stringList(raw); resTags != nil {
				continue
			}
		case "purl":
			if s, ok := rawString(raw); ok {
				if _, err := aspm.ParsePURL(s); err == nil {
					resPURL = s
					continue
				}
			}
		}
		if isCWEKey(k) {
			resCWEs = append(resCWEs, aspm.ParseCWEs(propertyString(raw))...)
		}
		if strings.HasPrefix(k, "cvss") {
			resCVSS = true
		}
		ps.set(k, propertyString(raw))
	}
	for _, kv := range ri.propList {
		if _, dup := ps.m[kv[0]]; !dup {
			ps.set(kv[0], kv[1])
		}
	}

	// Severity: security-severity (the result's, else the rule's) as a
	// CVSS-style score, else the level.
	level := deref(res.Level)
	if level == "" {
		switch {
		case resKind != "" && resKind != "fail":
			level = "none"
		case ri.level != "":
			level = ri.level
		default:
			level = "warning"
		}
	}
	if !hasSecSev && ri.hasSecSev {
		secSev, secScore, hasSecSev = ri.secSev, ri.secScore, true
	}
	if hasSecSev {
		f.Severity = aspm.SeverityFromScore(secScore)
		f.ToolSeverity = secSev
		ps.set("level", level)
	} else {
		f.Severity = levelSeverity(level)
		f.ToolSeverity = level
	}
	f.Confidence = precision
	if f.Confidence == "" {
		f.Confidence = ri.precision
	}

	// Title and description.
	msg := rc.messageText(&res.Message, ri)
	if msg != "" && len(msg) <= titleMax && strings.IndexByte(msg, '\n') < 0 && strings.IndexByte(msg, '\r') < 0 {
		f.Title = strings.TrimSpace(msg)
		f.Description = ri.description
	} else {
		f.Title = ri.title
		if f.Title == "" {
			f.Title = clipTitle(firstLine(msg))
		}
		f.Description = msg
	}
	if f.Title == "" {
		f.Title = ruleID
	}
	f.Description = decode.Clip(f.Description, st.lim.MaxText)

	// Vulnerabilities, CWEs, tags, references.
	f.Vulns = slices.Clone(ri.vulns)
	for _, t := range res.Taxa {
		resCWEs = append(resCWEs, rc.taxonCWEs(t)...)
	}
	if len(resTags) > 0 {
		resCWEs = append(resCWEs, aspm.ParseCWEs(resTags...)...)
	}
	if len(resCWEs) > 0 {
		f.CWEs = sortedUniqueInts(append(slices.Clone(ri.cwes), resCWEs...))
	} else {
		f.CWEs = slices.Clone(ri.cwes)
	}
	if len(resTags) > 0 {
		f.Tags = append(slices.Clone(ri.tags), resTags...)
	} else {
		f.Tags = slices.Clone(ri.tags)
	}
	if ri.helpURI != "" {
		f.References = []string{ri.helpURI}
	}
	f.CVSS = ri.cvss
	if resCVSS {
		if c := cvssFrom(res.Properties); len(c) > 0 {
			f.CVSS = c
		}
	}
	f.CVSS = slices.Clone(f.CVSS)

	// Kind.
	f.Kind = rc.findingKind(ri)
	secret := f.Kind == aspm.KindSecret

	// Locations.
	var snippet, pkgName string
	f.Locations, snippet, pkgName = rc.locations(res, secret)

	// Fingerprints.
	switch {
	case len(res.Fingerprints) == 0:
		f.Fingerprints = res.PartialFingerprints
	case len(res.PartialFingerprints) == 0:
		f.Fingerprints = res.Fingerprints
	default:
		f.Fingerprints = res.PartialFingerprints
		for k, v := range res.Fingerprints {
			if _, dup := f.Fingerprints[k]; dup {
				k = "fingerprints:" + k
			}
			f.Fingerprints[k] = v
		}
	}
	if len(f.Fingerprints) == 0 {
		f.Fingerprints = nil
	}

	// Triage state.
	if len(res.Suppressions) > 0 {
		rc.suppression(f, res.Suppressions, &ps)
	}
	if bs := deref(res.BaselineState); bs != "" {
		ps.set("baselineState", bs)
		if bs == "absent" && f.Status == "" {
			f.Status = aspm.StatusFixed
		}
	}
	if resKind != "" && resKind != "fail" {
		ps.set("kind", resKind)
	}
	if ri.component != "" {
		ps.set("tool_component", ri.component)
	}
	rc.extraMembers(res, &ps)

	// Code flows.
	if len(res.CodeFlows) > 0 {
		rc.codeFlows(f, res.CodeFlows, secret, &ps)
	}

	// The package an SCA finding is about.
	if f.Kind == aspm.KindSCA || f.Kind == aspm.KindContainer {
		f.Component, f.FixedVersions = rc.component(ri, resPURL, pkgName, msg, f.Locations)
	}

	if secret {
		rc.secret(f, ruleID, snippet, &ps)
	}
	f.Properties = ps.m
	return nil
}

// propSet builds a finding's properties, allocating on first use.
type propSet struct {
	m    map[string]string
	hint int
}

func (p *propSet) set(k, v string) {
	if p.m == nil {
		p.m = make(map[string]string, p.hint)
	}
	p.m[k] = v
}

// levelSeverity maps a SARIF level onto a severity: error high, warning
// medium, note low, none info.
func levelSeverity(level string) aspm.Severity {
	switch level {
	case "error":
		return aspm.SeverityHigh
	case "warning":
		return aspm.SeverityMedium
	case "note":
		return aspm.SeverityLow
	case "none":
		return aspm.SeverityInfo
	}
	return aspm.ParseSeverity(level)
}

// findingKind decides a finding's kind from the tool and the rule.
func (rc *runCtx) findingKind(ri *ruleInfo) aspm.Kind {
	switch {
	case rc.toolKind == aspm.KindSecret:
		return aspm.KindSecret
	case ri.kind == aspm.KindSecret, ri.kind == aspm.KindIaC && rc.flavor == flavorTrivy, ri.kind == aspm.KindLicense:
		return ri.kind
	case ri.kind == aspm.KindSCA:
		if ri.containerPkg || rc.toolKind == aspm.KindContainer {
			return aspm.KindContainer
		}
		return aspm.KindSCA
	case rc.toolKind != "":
		return rc.toolKind
	case ri.kind != "":
		return ri.kind
	}
	return aspm.KindSAST
}

// messageText renders a result's message: its text, else the message
// string with that id of the rule, of the rule's tool component or of the
// driver, with "{0}" placeholders
// filled from the arguments; else its markdown.
func (rc *runCtx) messageText(m *gosarif.Message, ri *ruleInfo) string {
	text := deref(m.Text)
	if text == "" && m.ID != nil {
		if ri.messages != nil {
			if s, ok := (*ri.messages)[*m.ID]; ok {
				text = mmsText(&s)
			}
		}
		if text == "" {
			text = mmsText(ri.globalMessages[*m.ID])
		}
		if text == "" && rc.comps[0] != nil {
			text = mmsText(rc.comps[0].GlobalMessageStrings[*m.ID])
		}
	}
	if text == "" {
		text = deref(m.Markdown)
	}
	if len(m.Arguments) > 0 {
		text = formatMessage(text, m.Arguments)
	}
	return text
}

// formatMessage fills SARIF's "{n}" placeholders; "{{" and "}}" stand for
// braces. Text without a placeholder is returned unchanged.
func formatMessage(tmpl string, args []string) string {
	if !hasPlaceholder(tmpl) {
		return tmpl
	}
	var b strings.Builder
	b.Grow(len(tmpl) + 16*len(args))
	for i := 0; i < len(tmpl); i++ {
		c := tmpl[i]
		switch {
		case c == '{' && i+1 < len(tmpl) && tmpl[i+1] == '{':
			b.WriteByte('{')
			i++
			continue
		case c == '}' && i+1 < len(tmpl) && tmpl[i+1] == '}':
			b.WriteByte('}')
			i++
			continue
		case c == '{':
			j, n := i+1, 0
			for j < len(tmpl) && isDigit(tmpl[j]) && j-i <= 4 {
				n = n*10 + int(tmpl[j]-'0')
				j++
			}
			if j > i+1 && j < len(tmpl) && tmpl[j] == '}' && n < len(args) {
				b.WriteString(args[n])
				i = j
				continue
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

func hasPlaceholder(s string) bool {
	for i := strings.IndexByte(s, '{'); i >= 0 && i+1 < len(s); {
		if isDigit(s[i+1]) {
			return true
		}
		k := strings.IndexByte(s[i+1:], '{')
		if k < 0 {
			return false
		}
		i += 1 + k
	}
	return false
}

// clipTitle cuts a one-line text to titleMax bytes on a rune boundary.
func clipTitle(s string) string {
	if len(s) <= titleMax {
		return s
	}
	cut := titleMax
	for cut > 0 && s[cut]&0xC0 == 0x80 {
		cut--
	}
	return s[:cut] + "…"
}

// locations maps a result's locations. It returns the first region
// snippet (for secrets, which never keep it in a location) and the name of
// a package the locations name (a logical location of kind "package").
func (rc *runCtx) locations(res *result, secret bool) ([]aspm.Location, string, string) {
	var firstSnippet, pkg string
	if len(res.Locations) == 0 {
		if res.AnalysisTarget != nil {
			if file := rc.paths.file(res.AnalysisTarget); file != "" {
				return []aspm.Location{{File: file}}, "", ""
			}
		}
		return nil, "", ""
	}
	// The common single location and its region take one allocation.
	var out []aspm.Location
	var regs []aspm.Region
	if len(res.Locations) == 1 {
		b := new(struct {
			loc [1]aspm.Location
			reg [1]aspm.Region
		})
		out, regs = b.loc[:0], b.reg[:]
	} else {
		out, regs = make([]aspm.Location, 0, len(res.Locations)), make([]aspm.Region, len(res.Locations))
	}
	for i, l := range res.Locations {
		if l == nil {
			continue
		}
		var loc aspm.Location
		snippet := ""
		if pl := l.PhysicalLocation; pl != nil {
			loc.File = rc.paths.file(pl.ArtifactLocation)
			if rg := pl.Region; rg != nil {
				if r, ok := regionOf(rg); ok {
					regs[i] = r
					loc.Region = &regs[i]
				}
				if rg.Snippet != nil {
					snippet = deref(rg.Snippet.Text)
				}
			}
			if snippet == "" && pl.ContextRegion != nil && pl.ContextRegion.Snippet != nil {
				snippet = deref(pl.ContextRegion.Snippet.Text)
			}
		}
		for _, ll := range l.LogicalLocations {
			name, kind := rc.logicalName(ll)
			if name == "" {
				continue
			}
			if kind == "package" && pkg == "" {
				pkg = name
				continue
			}
			if loc.Logical == "" {
				loc.Logical = name
			}
		}
		if pkg == "" && loc.Logical != "" && (rc.toolKind == aspm.KindSCA || rc.toolKind == aspm.KindContainer) && looksLikePackage(loc.Logical) {
			pkg = loc.Logical
		}
		if firstSnippet == "" {
			firstSnippet = snippet
		}
		if snippet != "" && !secret {
			loc.SnippetHash = rc.st.snippetHash(snippet)
			loc.Snippet = decode.Clip(snippet, rc.st.lim.MaxEvidence)
		}
		if loc.File == "" && loc.Region == nil && loc.Logical == "" && loc.SnippetHash == "" {
			continue
		}
		out = append(out, loc)
	}
	if len(out) == 0 {
		out = nil
	}
	return out, firstSnippet, pkg
}

// looksLikePackage reports whether a logical name reads "name@version".
func looksLikePackage(s string) bool {
	at := strings.LastIndexByte(s, '@')
	return at > 0 && at < len(s)-1 && !strings.ContainsAny(s, " \t(")
}

func regionOf(rg *gosarif.Region) (aspm.Region, bool) {
	pos := func(p *int) int {
		if p == nil || *p < 0 {
			return 0
		}
		return *p
	}
	r := aspm.Region{StartLine: pos(rg.StartLine), StartColumn: pos(rg.StartColumn), EndLine: pos(rg.EndLine), EndColumn: pos(rg.EndColumn)}
	if r.EndLine == 0 {
		r.EndLine = r.StartLine
	}
	return r, r != (aspm.Region{})
}

// logicalName returns a logical location's fully qualified name, else its
// name, looking it up in the run's logicalLocations by index when it has
// neither; and its kind.
func (rc *runCtx) logicalName(ll *gosarif.LogicalLocation) (string, string) {
	if ll == nil {
		return "", ""
	}
	name, kind := deref(ll.FullyQualifiedName), deref(ll.Kind)
	if name == "" {
		name = deref(ll.Name)
	}
	if (name == "" || kind == "") && ll.Index != nil && *ll.Index < uint(len(rc.r.LogicalLocations)) {
		if ref := rc.r.LogicalLocations[*ll.Index]; ref != nil {
			if name == "" {
				name = deref(ref.FullyQualifiedName)
			}
			if name == "" {
				name = deref(ref.Name)
			}
			if kind == "" {
				kind = deref(ref.Kind)
			}
		}
	}
	return name, kind
}

// suppression sets the status from the result's suppressions: one that is
// accepted, or has no status, suppresses the finding. The deciding
// suppression's kind, status and justification are kept in properties.
func (rc *runCtx) suppression(f *aspm.Finding, sups []*gosarif.Suppression, ps *propSet) {
	var chosen *gosarif.Suppression
	for _, s := range sups {
		if s == nil {
			continue
		}
		if status := deref(s.Status); status == "" || status == "accepted" {
			chosen = s
			f.Status = aspm.StatusSuppressed
			break
		}
		if chosen == nil {
			chosen = s
		}
	}
	if chosen == nil {
		return
	}
	if chosen.Kind != "" {
		ps.set("suppression.kind", chosen.Kind)
	}
	if s := deref(chosen.Status); s != "" {
		ps.set("suppression.status", s)
	}
	if s := deref(chosen.Justification); s != "" {
		ps.set("suppression.justification", s)
	}
}

// extraMembers keeps result members the model has no field for.
func (rc *runCtx) extraMembers(res *result, ps *propSet) {
	if res.Rank != nil && *res.Rank >= 0 {
		ps.set("rank", strconv.FormatFloat(float64(*res.Rank), 'g', -1, 32))
	}
	if res.OccurrenceCount != nil {
		ps.set("occurrenceCount", strconv.FormatUint(uint64(*res.OccurrenceCount), 10))
	}
	if s := deref(res.HostedViewerUri); s != "" {
		ps.set("hostedViewerUri", s)
	}
	if len(res.WorkItemUris) > 0 {
		ps.set("workItemUris", strings.Join(res.WorkItemUris, " "))
	}
	if s := deref(res.Guid); s != "" {
		ps.set("guid", s)
	}
	if s := deref(res.CorrelationGuid); s != "" {
		ps.set("correlationGuid", s)
	}
	if res.AnalysisTarget != nil && len(res.Locations) > 0 {
		if s := rc.paths.file(res.AnalysisTarget); s != "" {
			ps.set("analysisTarget", s)
		}
	}
}
