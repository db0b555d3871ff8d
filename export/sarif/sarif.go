package sarif

import (
	"bufio"
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/posturekit/posture/aspm"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "sarif"

// FingerprintKey is the partialFingerprints entry that carries posture's
// stable issue ID, so that GitHub code scanning tracks an issue across runs
// even when its line moves.
const FingerprintKey = "postureIssueId/v1"

// DefaultPlaceholder is the file an issue without any file location (a DAST
// finding, a container image without a known path) is located at, because
// GitHub code scanning rejects results without a location.
const DefaultPlaceholder = ".posture/unlocated"

// InformationURI is the driver's informationUri in a merged run.
const InformationURI = "https://github.com/posturekit/posture"

// Encoder writes a result as SARIF 2.1.0 for GitHub code scanning and other
// SARIF viewers. The zero value writes one run per tool, skips fixed
// issues and locates unlocated issues at [DefaultPlaceholder].
type Encoder struct {
	// MergedRun writes one run whose driver is posture, instead of one run
	// per tool.
	MergedRun bool
	// IncludeFixed also writes issues whose status is fixed, with
	// baselineState "absent". GitHub would show them as open alerts, so
	// they are left out by default.
	IncludeFixed bool
	// Placeholder replaces [DefaultPlaceholder].
	Placeholder string
	// Version is posture's version, written as the merged run's driver
	// version (SARIF validators warn when a driver has none).
	Version string
}

// Format returns "sarif".
func (*Encoder) Format() aspm.Format { return Format }

// Encode writes r to w as one indented SARIF log.
//
// Each issue becomes one result. With one run per tool, an issue goes to
// the run of its first tool (tools are sorted), so an issue that several
// tools found is reported once. The rule is the issue's canonical
// vulnerability id for SCA and container issues and its tool's rule id
// otherwise; rules carry a help text and properties.security-severity,
// the highest score of their issues divided by ten (scores are 0-100), or
// a value derived from the severity when no issue is scored.
//
// Locations: the issue's file locations; for SCA issues without one, the
// manifest or lockfile the component was found in (at line 1 when the line
// is unknown); for anything else, [Encoder.Placeholder], with the URL,
// resource or image as a logical location. Triaged issues (accepted,
// false positive, suppressed) and issues whose verdicts are all excepted
// carry an accepted external suppression.
//
// Every string is stripped of terminal escapes and control characters;
// the JSON escapes <, > and &.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("sarif: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	report, err := e.build(ctx, r)
	if err != nil {
		return err
	}
	return writeLog(ctx, w, report)
}

// build gathers the runs, rules and results of the log.
func (e *Encoder) build(ctx context.Context, r *aspm.Result) (*wireLog, error) {
	placeholder := cmp.Or(e.Placeholder, DefaultPlaceholder)
	versions := map[string]string{}
	for _, s := range r.Sources {
		if s.Tool.Version != "" {
			versions[s.Tool.Name] = s.Tool.Version
		}
	}
	runs := map[string]*runBuilder{}
	for n, i := range sortedIssues(r.Issues) {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		is := &r.Issues[i]
		if is.Status == aspm.LifecycleFixed && !e.IncludeFixed {
			continue
		}
		name := "posture"
		if !e.MergedRun && len(is.Tools) > 0 && is.Tools[0] != "" {
			name = is.Tools[0]
		}
		rb := runs[name]
		if rb == nil {
			version := versions[name]
			if e.MergedRun {
				version = e.Version
			}
			rb = newRunBuilder(name, version, e.MergedRun)
			runs[name] = rb
		}
		rb.add(is, placeholder)
	}
	report := wireLog{Version: string(gosarif.Version210), Schema: SchemaURI, Runs: []*wireRun{}}
	for _, name := range slices.Sorted(maps.Keys(runs)) {
		report.Runs = append(report.Runs, runs[name].finish())
	}
	if len(report.Runs) == 0 {
		// An empty log still needs a run for viewers to know who wrote it.
		report.Runs = append(report.Runs, newRunBuilder("posture", e.Version, true).finish())
	}
	return &report, nil
}

// writeLog writes the log as json.MarshalIndent(l, "", "  ") would, but
// one result at a time, so that the whole log is never held as one
// buffer.
func writeLog(ctx context.Context, w io.Writer, l *wireLog) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	s := &stream{w: bw}
	s.raw("{\n  \"version\": ")
	s.value(l.Version, 1)
	s.raw(",\n  \"$schema\": ")
	s.value(l.Schema, 1)
	s.raw(",\n  \"runs\": [")
	for i, run := range l.Runs {
		if i > 0 {
			s.raw(",")
		}
		s.raw("\n    {\n      \"tool\": ")
		s.value(run.Tool, 3)
		s.raw(",\n      \"results\": [")
		for j, res := range run.Results {
			if j%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if j > 0 {
				s.raw(",")
			}
			s.raw("\n        ")
			s.value(res, 4)
		}
		if len(run.Results) > 0 {
			s.raw("\n      ")
		}
		s.raw("]\n    }")
	}
	if len(l.Runs) > 0 {
		s.raw("\n  ")
	}
	s.raw("]\n}\n")
	if s.err != nil {
		return fmt.Errorf("sarif: %w", s.err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("sarif: %w", err)
	}
	return nil
}

// stream writes JSON pieces, remembering the first error.
type stream struct {
	w   *bufio.Writer
	buf bytes.Buffer
	err error
}

func (s *stream) raw(str string) {
	if s.err == nil {
		_, s.err = s.w.WriteString(str)
	}
}

// value writes v indented for the given depth.
func (s *stream) value(v any, depth int) {
	if s.err != nil {
		return
	}
	s.buf.Reset()
	enc := json.NewEncoder(&s.buf)
	enc.SetIndent(strings.Repeat("  ", depth), "  ")
	if s.err = enc.Encode(v); s.err == nil {
		_, s.err = s.w.Write(bytes.TrimSuffix(s.buf.Bytes(), []byte("\n")))
	}
}

func sortedIssues(issues []aspm.Issue) []int {
	idx := make([]int, len(issues))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(issues[a].ID, issues[b].ID) })
	return idx
}

// SchemaURI is the $schema of the logs the encoder writes.
const SchemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

// The wire types wrap go-sarif's to replace its suppression, whose guid and
// location the library writes as null where the schema wants them absent.
type wireLog struct {
	Version string     `json:"version"`
	Schema  string     `json:"$schema"`
	Runs    []*wireRun `json:"runs"`
}

type wireRun struct {
	*gosarif.Run
	Results []*wireResult `json:"results"`
}

type wireResult struct {
	*gosarif.Result
	Suppressions []wireSuppression `json:"suppressions,omitempty"`
}

type wireSuppression struct {
	Kind          string `json:"kind"`
	Status        string `json:"status,omitempty"`
	Justification string `json:"justification,omitempty"`
}

// runBuilder gathers one run's rules and results.
type runBuilder struct {
	run   *gosarif.Run
	rules map[string]*rule
}

// rule is a rule being built: the descriptor and the highest score seen.
type rule struct {
	desc     *gosarif.ReportingDescriptor
	sev      float64
	hasScore bool
	results  []*wireResult
}

func newRunBuilder(name, version string, merged bool) *runBuilder {
	driver := gosarif.NewDriver(clean(name, 200))
	if version != "" {
		driver.WithVersion(clean(version, 100))
	}
	if merged && name == "posture" {
		driver.WithInformationURI(InformationURI)
	}
	run := gosarif.NewRun(gosarif.Tool{Driver: driver})
	run.Results = []*gosarif.Result{}
	return &runBuilder{run: run, rules: map[string]*rule{}}
}

func (rb *runBuilder) add(is *aspm.Issue, placeholder string) {
	id := ruleID(is)
	ru := rb.rules[id]
	if ru == nil {
		ru = &rule{desc: newRule(id, is)}
		rb.rules[id] = ru
	}
	sev, scored := securitySeverity(is)
	switch {
	case scored && (!ru.hasScore || sev > ru.sev):
		ru.sev, ru.hasScore = sev, true
	case !scored && !ru.hasScore && sev > ru.sev:
		ru.sev = sev
	}
	ru.results = append(ru.results, newResult(id, is, placeholder))
}

// finish sorts the rules, sets each result's ruleIndex and the rules'
// security-severity, and returns the run with results in issue order.
func (rb *runBuilder) finish() *wireRun {
	ids := slices.Sorted(maps.Keys(rb.rules))
	results := []*wireResult{}
	for i, id := range ids {
		ru := rb.rules[id]
		ru.desc.Properties["security-severity"] = strconv.FormatFloat(ru.sev, 'f', 1, 64)
		rb.run.Tool.Driver.Rules = append(rb.run.Tool.Driver.Rules, ru.desc)
		idx := uint(i)
		for _, res := range ru.results {
			res.RuleIndex = &idx
		}
		results = append(results, ru.results...)
	}
	// Results in issue id order, whatever their rule.
	slices.SortStableFunc(results, func(a, b *wireResult) int {
		return cmp.Compare(a.PartialFingerprints[FingerprintKey].(string), b.PartialFingerprints[FingerprintKey].(string))
	})
	return &wireRun{Run: rb.run, Results: results}
}

// ruleID is the canonical vulnerability of a package issue, else the
// canonical finding's rule, else the kind.
func ruleID(is *aspm.Issue) string {
	if (is.Kind == aspm.KindSCA || is.Kind == aspm.KindContainer) && len(is.Vulns) > 0 && is.Vulns[0] != "" {
		return clean(is.Vulns[0], 200)
	}
	if len(is.Findings) > 0 && is.Findings[0] != nil && is.Findings[0].Rule != "" {
		return clean(is.Findings[0].Rule, 200)
	}
	return string(cmp.Or(is.Kind, aspm.KindOther))
}

func newRule(id string, is *aspm.Issue) *gosarif.ReportingDescriptor {
	d := gosarif.NewRule(id)
	title := clean(cmp.Or(is.Title, id), 1000)
	d.WithShortDescription(gosarif.NewMultiformatMessageString(title))
	var f *aspm.Finding
	if len(is.Findings) > 0 {
		f = is.Findings[0]
	}
	if f != nil && f.RuleName != "" {
		d.WithName(clean(f.RuleName, 200))
	}
	if f != nil && f.Description != "" {
		d.WithFullDescription(gosarif.NewMultiformatMessageString(clean(f.Description, 4000)))
	}
	d.WithTextHelp(help(is, f))
	if f != nil {
		for _, ref := range f.References {
			if u, err := url.Parse(ref); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" {
				d.WithHelpURI(u.String())
				break
			}
		}
	}
	d.WithDefaultConfiguration(&gosarif.ReportingConfiguration{Level: level(is.Severity)})
	tags := []string{"security", string(is.Kind)}
	for _, c := range is.CWEs {
		tags = append(tags, "external/cwe/cwe-"+strconv.Itoa(c))
	}
	d.Properties = gosarif.Properties{"tags": tags}
	return d
}

// help is the rule's help text: what the problem is and how to fix it.
func help(is *aspm.Issue, f *aspm.Finding) string {
	var b strings.Builder
	b.WriteString(clean(is.Title, 1000))
	b.WriteString("\n\nSeverity: " + string(is.Severity))
	if len(is.Vulns) > 0 {
		b.WriteString("\nVulnerabilities: " + clean(strings.Join(is.Vulns, ", "), 1000))
	}
	if len(is.CWEs) > 0 {
		var cwes []string
		for _, c := range is.CWEs {
			cwes = append(cwes, "CWE-"+strconv.Itoa(c))
		}
		b.WriteString("\nWeaknesses: " + strings.Join(cwes, ", "))
	}
	if !is.Component.IsZero() {
		b.WriteString("\nPackage: " + clean(is.Component.String(), 1000))
		if len(is.FixedVersions) > 0 {
			b.WriteString("\nFix: upgrade to " + clean(strings.Join(is.FixedVersions, " or "), 500))
		}
	}
	if f != nil && f.Description != "" {
		b.WriteString("\n\n" + clean(f.Description, 4000))
	}
	return b.String()
}

// level maps a severity onto a SARIF level.
func level(s aspm.Severity) string {
	switch s {
	case aspm.SeverityCritical, aspm.SeverityHigh:
		return "error"
	case aspm.SeverityMedium:
		return "warning"
	}
	return "note"
}

// securitySeverity is GitHub's 0.0-10.0 security severity of an issue:
// its score (0-100) divided by ten, or a value in the severity's band.
func securitySeverity(is *aspm.Issue) (float64, bool) {
	if is.Score != nil {
		return min(max(is.Score.Value/10, 0), 10), true
	}
	switch is.Severity {
	case aspm.SeverityCritical:
		return 9.5, false
	case aspm.SeverityHigh:
		return 8.0, false
	case aspm.SeverityMedium:
		return 5.5, false
	case aspm.SeverityLow:
		return 2.0, false
	}
	return 0, false
}

func newResult(ruleID string, is *aspm.Issue, placeholder string) *wireResult {
	res := gosarif.NewRuleResult(ruleID).
		WithLevel(level(is.Severity)).
		WithMessage(gosarif.NewTextMessage(message(is))).
		WithPartialFingerPrints(map[string]any{FingerprintKey: is.ID})
	res.Locations = locations(is, placeholder)
	switch is.Status {
	case aspm.LifecycleNew, aspm.LifecycleReopened:
		res.WithBaselineState("new")
	case aspm.LifecycleUnchanged:
		res.WithBaselineState("unchanged")
	case aspm.LifecycleFixed:
		res.WithBaselineState("absent")
	}
	out := &wireResult{Result: res}
	if just, ok := suppressed(is); ok {
		out.Suppressions = []wireSuppression{{Kind: "external", Status: "accepted", Justification: just}}
	}
	props := gosarif.Properties{"posture/issueId": is.ID, "posture/kind": string(is.Kind), "posture/severity": string(is.Severity)}
	if is.Score != nil {
		props["posture/score"] = is.Score.Value
	}
	if is.Priority != "" {
		props["posture/priority"] = clean(string(is.Priority), 100)
	}
	if !is.SLADue.IsZero() {
		props["posture/slaDue"] = is.SLADue.UTC().Format("2006-01-02T15:04:05Z")
	}
	if len(is.Tools) > 0 {
		props["posture/tools"] = cleanAll(is.Tools)
	}
	if len(is.Services) > 0 {
		props["posture/services"] = cleanAll(is.Services)
	}
	if len(is.Owners) > 0 {
		props["posture/owners"] = cleanAll(is.Owners)
	}
	res.Properties = props
	return out
}

func cleanAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = clean(s, 200)
	}
	return out
}

// message is the result's text: the title and where it applies.
func message(is *aspm.Issue) string {
	msg := clean(cmp.Or(is.Title, string(is.Kind)), 1000)
	if !is.Component.IsZero() {
		msg += " in " + clean(is.Component.String(), 500)
		if len(is.FixedVersions) > 0 {
			msg += " (fixed in " + clean(strings.Join(is.FixedVersions, ", "), 200) + ")"
		}
	}
	if is.Priority != "" || is.Score != nil {
		msg += " ["
		if is.Priority != "" {
			msg += "priority " + clean(string(is.Priority), 50)
		}
		if is.Score != nil {
			if is.Priority != "" {
				msg += ", "
			}
			msg += "score " + strconv.FormatFloat(is.Score.Value, 'f', -1, 64)
		}
		msg += "]"
	}
	return msg
}

// suppressed reports whether the issue is triaged away or excepted by
// policy, with the justification.
func suppressed(is *aspm.Issue) (string, bool) {
	if t := is.Triage; t != nil {
		switch t.Status {
		case aspm.StatusAccepted, aspm.StatusFalsePositive, aspm.StatusSuppressed:
			return clean(cmp.Or(t.Reason, string(t.Status)), 1000), true
		}
		if t.VEX != nil && t.VEX.State == aspm.VEXNotAffected {
			return clean(cmp.Or(t.VEX.Justification, t.Reason, "not affected"), 1000), true
		}
	}
	if len(is.Policy) == 0 {
		return "", false
	}
	var why []string
	for _, v := range is.Policy {
		if v.Result != aspm.VerdictExcepted {
			return "", false
		}
		if v.Exception != "" {
			why = append(why, "exception "+v.Exception)
		}
	}
	return clean(strings.Join(why, ", "), 1000), true
}

// locations are the issue's file locations, or its manifest, or the
// placeholder, each with the logical locations that a file cannot show.
func locations(is *aspm.Issue, placeholder string) []*gosarif.Location {
	var locs []*gosarif.Location
	var logical []*gosarif.LogicalLocation
	for _, l := range is.Locations {
		if l.File != "" && !isURL(l.File) {
			loc := gosarif.NewLocationWithPhysicalLocation(physical(l.File, l.Region))
			if l.Logical != "" {
				loc.AddLogicalLocations(gosarif.NewLogicalLocation().WithFullyQualifiedName(clean(l.Logical, 500)))
			}
			locs = append(locs, loc)
			continue
		}
		logical = append(logical, logicalOf(l)...)
	}
	if len(locs) == 0 {
		for _, f := range is.Findings {
			if f == nil {
				continue
			}
			for _, l := range f.Locations {
				if l.File != "" && !isURL(l.File) {
					locs = append(locs, gosarif.NewLocationWithPhysicalLocation(physical(l.File, l.Region)))
				}
			}
			if len(locs) > 0 {
				break
			}
		}
	}
	if len(locs) == 0 {
		if m := manifest(is); m != "" {
			locs = append(locs, gosarif.NewLocationWithPhysicalLocation(physical(m, &aspm.Region{StartLine: 1})))
		}
	}
	if len(locs) == 0 {
		locs = append(locs, gosarif.NewLocationWithPhysicalLocation(physical(placeholder, &aspm.Region{StartLine: 1})))
	}
	if len(logical) > 0 {
		locs[0].LogicalLocations = append(locs[0].LogicalLocations, logical...)
	}
	if len(locs) > 10 {
		locs = locs[:10]
	}
	return locs
}

func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && len(u.Scheme) > 1
}

// manifest is the first file the issue's component was found in.
func manifest(is *aspm.Issue) string {
	for _, f := range is.Findings {
		if f != nil && f.Component != nil {
			for _, p := range f.Component.Paths {
				if p != "" && !isURL(p) {
					return p
				}
			}
		}
	}
	return ""
}

func physical(file string, r *aspm.Region) *gosarif.PhysicalLocation {
	pl := gosarif.NewPhysicalLocation().WithArtifactLocation(gosarif.NewSimpleArtifactLocation(uri(file)))
	if r != nil && r.StartLine > 0 {
		reg := gosarif.NewRegion().WithStartLine(r.StartLine)
		if r.StartColumn > 0 {
			reg.WithStartColumn(r.StartColumn)
		}
		if r.EndLine >= r.StartLine {
			reg.WithEndLine(r.EndLine)
			if r.EndColumn > 0 && (r.EndLine > r.StartLine || r.EndColumn > r.StartColumn) {
				reg.WithEndColumn(r.EndColumn)
			}
		}
		pl.WithRegion(reg)
	}
	return pl
}

// uri is a relative path as a URI reference: control characters dropped,
// backslashes turned to slashes, a leading "./" or "/" removed, and
// characters a URI cannot hold percent-encoded.
func uri(file string) string {
	p := strings.ReplaceAll(clean(file, 2000), "\\", "/")
	p = strings.TrimLeft(strings.TrimPrefix(p, "./"), "/")
	p = (&url.URL{Path: p}).EscapedPath()
	// EscapedPath keeps ':' in the first segment, which would read as a
	// scheme.
	if i := strings.IndexAny(p, ":/"); i >= 0 && p[i] == ':' {
		p = strings.Replace(p, ":", "%3A", 1)
	}
	return p
}

func logicalOf(l aspm.Location) []*gosarif.LogicalLocation {
	var out []*gosarif.LogicalLocation
	if l.URL != "" {
		name := clean(strings.TrimSpace(l.Method+" "+l.URL), 2000)
		if l.Parameter != "" {
			name += " (parameter " + clean(l.Parameter, 200) + ")"
		}
		out = append(out, gosarif.NewLogicalLocation().WithFullyQualifiedName(name).WithKind("resource"))
	}
	if l.Resource != nil {
		out = append(out, gosarif.NewLogicalLocation().WithFullyQualifiedName(clean(cmp.Or(l.Resource.ID, l.Resource.Name, l.Resource.Type), 1000)).WithKind("resource"))
	}
	if l.Image != "" {
		out = append(out, gosarif.NewLogicalLocation().WithFullyQualifiedName(clean(l.Image, 1000)).WithKind("module"))
	}
	if l.File != "" && isURL(l.File) {
		out = append(out, gosarif.NewLogicalLocation().WithFullyQualifiedName(clean(l.File, 2000)).WithKind("resource"))
	}
	if l.Logical != "" {
		out = append(out, gosarif.NewLogicalLocation().WithFullyQualifiedName(clean(l.Logical, 500)))
	}
	return out
}
