package semgrep

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/redact"
)

// Format is the name of the Semgrep CLI JSON format.
const Format aspm.Format = "semgrep-json"

// Decoder reads the JSON that `semgrep scan --json` writes (Semgrep OSS,
// Pro and Secrets). The zero value is ready to use; it is safe for
// concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// topKeys are the members a Semgrep CLI report has at its top level.
var topKeys = map[string]bool{
	"version": true, "results": true, "errors": true, "paths": true, "time": true,
	"explanations": true, "rules_by_engine": true, "engine_requested": true,
	"interfile_languages_used": true, "skipped_rules": true, "skipped": true,
	"subprojects": true, "profiling_results": true,
}

var emptyResults = regexp.MustCompile(`"results"\s*:\s*\[\s*\]`)

// Detect reports whether head is a Semgrep CLI report: an object whose
// members are all Semgrep's, with "results" holding "check_id" records (or
// no record, next to "errors" or "version").
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("results") {
		return false
	}
	for _, k := range s.Keys {
		if !topKeys[k] {
			return false
		}
	}
	if bytes.Contains(head, []byte(`"check_id"`)) {
		return true
	}
	return (s.Has("errors") || s.Has("version")) && emptyResults.Match(head)
}

type report struct {
	Version string            `json:"version"`
	Results json.RawMessage   `json:"results"`
	Errors  []json.RawMessage `json:"errors"`
}

type position struct {
	Line   int `json:"line"`
	Col    int `json:"col"`
	Offset int `json:"offset"`
}

type result struct {
	CheckID string          `json:"check_id"`
	Path    string          `json:"path"`
	Start   position        `json:"start"`
	End     position        `json:"end"`
	Extra   json.RawMessage `json:"extra"`
}

type extra struct {
	Message         string                     `json:"message"`
	Severity        string                     `json:"severity"`
	Metadata        map[string]json.RawMessage `json:"metadata"`
	Lines           string                     `json:"lines"`
	Fingerprint     string                     `json:"fingerprint"`
	IsIgnored       bool                       `json:"is_ignored"`
	ValidationState string                     `json:"validation_state"`
}

// requiresLogin is what Semgrep writes in place of the source lines and the
// fingerprint when the user is not logged in.
const requiresLogin = "requires login"

// Decode reads one Semgrep CLI report.
func (d *Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var rep report
	if err := decode.Unmarshal(data, lim.MaxDepth, &rep); err != nil {
		return nil, decode.ShapeError(err)
	}
	results, err := decode.RequiredArray(rep.Results, "results")
	if err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{
		Tool:   aspm.Tool{Name: "Semgrep", Vendor: "Semgrep", Version: rep.Version},
		Format: Format,
	}}
	recs := decode.NewRecords(ctx)
	for i, raw := range results {
		p := decode.PointerIndex("/results", i)
		f, ok := decodeResult(&doc.Diagnostics, p, raw, lim)
		if !ok {
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: p}
		doc.Findings = append(doc.Findings, f)
	}
	for i, raw := range rep.Errors {
		doc.Diagnostics = append(doc.Diagnostics, toolError(decode.PointerIndex("/errors", i), raw, lim))
	}
	return doc, nil
}

// toolError turns one of Semgrep's own errors into an informational
// diagnostic: the scan, not the decoding, had a problem.
func toolError(p string, raw json.RawMessage, lim decode.Limits) aspm.Diagnostic {
	var e struct {
		Type    json.RawMessage `json:"type"`
		Level   string          `json:"level"`
		Message string          `json:"message"`
		Path    string          `json:"path"`
	}
	_ = json.Unmarshal(raw, &e)
	typ := decode.Scalar(e.Type)
	if typ == "" {
		if t := decode.Scalars(e.Type); len(t) > 0 {
			typ = t[0]
		}
	}
	msg := strings.TrimSpace(decode.Summary(e.Message))
	if e.Path != "" {
		msg = e.Path + ": " + msg
	}
	d := aspm.Diagnostic{Level: aspm.DiagInfo, Pointer: p,
		Message: decode.Clip(strings.TrimSpace(fmt.Sprintf("semgrep reported %s %s: %s", e.Level, typ, msg)), lim.MaxText)}
	return d
}

func decodeResult(diags *[]aspm.Diagnostic, p string, raw json.RawMessage, lim decode.Limits) (aspm.Finding, bool) {
	var res result
	if err := json.Unmarshal(raw, &res); err != nil {
		*diags = append(*diags, aspm.Errorf(p, "result skipped: %v", err))
		return aspm.Finding{}, false
	}
	var ex extra
	if !decode.IsNull(res.Extra) {
		if err := json.Unmarshal(res.Extra, &ex); err != nil {
			*diags = append(*diags, aspm.Errorf(p, "result skipped: extra: %v", err))
			return aspm.Finding{}, false
		}
	}
	if res.CheckID == "" {
		*diags = append(*diags, aspm.Warnf(p, "result has no check_id"))
	}
	meta := ex.Metadata
	f := aspm.Finding{
		Kind:         aspm.KindSAST,
		Rule:         res.CheckID,
		Title:        decode.Summary(ex.Message),
		Description:  decode.Clip(strings.TrimSpace(ex.Message), lim.MaxText),
		Severity:     severity(ex.Severity),
		ToolSeverity: ex.Severity,
		Confidence:   decode.Scalar(meta["confidence"]),
		CWEs:         aspm.ParseCWEs(decode.Scalars(meta["cwe"])...),
	}
	if f.Title == "" {
		f.Title = res.CheckID
	}
	f.References = decode.SortedSet(append(decode.Scalars(meta["references"]), decode.Scalar(meta["source"]), decode.Scalar(meta["shortlink"]), ruleURL(meta["semgrep.dev"])))
	var tags []string
	for _, k := range []string{"category", "subcategory", "technology", "vulnerability_class", "owasp"} {
		tags = append(tags, decode.Scalars(meta[k])...)
	}
	f.Tags = decode.SortedSet(tags)

	loc := aspm.Location{File: strings.ReplaceAll(res.Path, `\`, "/")}
	if res.Start.Line > 0 {
		loc.Region = &aspm.Region{StartLine: res.Start.Line, StartColumn: res.Start.Col, EndLine: res.End.Line, EndColumn: res.End.Col}
	}
	lines := ex.Lines
	if lines == requiresLogin {
		lines = ""
	}
	if ex.Fingerprint != "" && ex.Fingerprint != requiresLogin {
		f.Fingerprints = map[string]string{"semgrep-fingerprint": ex.Fingerprint}
	}
	if ex.IsIgnored {
		f.Status = aspm.StatusSuppressed
	}

	props := map[string]json.RawMessage{}
	for k, v := range decode.Leftovers(raw, "check_id", "path", "start", "end", "extra") {
		props[k] = v
	}
	for k, v := range decode.Leftovers(res.Extra, "message", "severity", "metadata", "lines", "fingerprint", "is_ignored") {
		props[k] = v
	}
	for k, v := range meta {
		switch k {
		case "confidence", "cwe", "references", "source", "shortlink", "category", "subcategory", "technology", "vulnerability_class", "owasp":
			continue
		}
		if !decode.IsNull(v) {
			props[k] = v
		}
	}
	props["start_offset"] = json.RawMessage(strconv.Itoa(res.Start.Offset))
	props["end_offset"] = json.RawMessage(strconv.Itoa(res.End.Offset))
	if res.Start.Offset == 0 && res.End.Offset == 0 {
		delete(props, "start_offset")
		delete(props, "end_offset")
	}

	var red *redact.Redactor
	if isSecretRule(res.CheckID, meta) {
		red = secretFinding(&f, lines, res, ex, props)
	} else if lines != "" {
		loc.SnippetHash = aspm.SnippetHash(lines)
		loc.Snippet = decode.Clip(lines, lim.MaxEvidence)
	}
	f.Locations = []aspm.Location{loc}
	f.Properties = decode.RawProperties(props)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, lim.MaxText)
	}
	if red != nil {
		f.Title = red.Text(f.Title)
		f.Description = red.Text(f.Description)
		f.Properties = red.Props(f.Properties)
	}
	return f, true
}

// severity maps Semgrep's levels: ERROR, WARNING and INFO are Semgrep's
// high, medium and low; INVENTORY and EXPERIMENT rules report facts, not
// problems.
func severity(s string) aspm.Severity {
	switch strings.ToUpper(strings.TrimSpace(s)) {
	case "ERROR":
		return aspm.SeverityHigh
	case "WARNING":
		return aspm.SeverityMedium
	case "INFO":
		return aspm.SeverityLow
	case "INVENTORY", "EXPERIMENT":
		return aspm.SeverityInfo
	}
	return aspm.ParseSeverity(s)
}

func ruleURL(raw json.RawMessage) string {
	var v struct {
		Rule struct {
			URL string `json:"url"`
		} `json:"rule"`
	}
	if decode.IsNull(raw) || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	return v.Rule.URL
}

// isSecretRule reports whether a rule detects hard-coded secrets: a Semgrep
// Secrets rule (metadata "secret_type"), a rule of category "secret(s)", or a
// registry rule under a "secrets" namespace or for the "secrets"
// technology.
func isSecretRule(checkID string, meta map[string]json.RawMessage) bool {
	if !decode.IsNull(meta["secret_type"]) {
		return true
	}
	for _, c := range decode.Scalars(meta["category"]) {
		if c = strings.ToLower(c); c == "secret" || c == "secrets" {
			return true
		}
	}
	for _, t := range decode.Scalars(meta["technology"]) {
		if strings.EqualFold(t, "secrets") {
			return true
		}
	}
	for _, seg := range strings.Split(checkID, ".") {
		if seg == "secrets" {
			return true
		}
	}
	return false
}

// secretFinding turns f into a secret finding: the matched text is the
// secret, hashed and redacted; the source lines, the metavariable bindings,
// the fix and the dataflow trace are dropped (only their sizes are kept),
// since they may hold the secret. It returns the redactor for the texts
// kept.
func secretFinding(f *aspm.Finding, lines string, res result, ex extra, props map[string]json.RawMessage) *redact.Redactor {
	f.Kind = aspm.KindSecret
	typ := decode.Scalar(ex.Metadata["secret_type"])
	if typ == "" {
		typ = res.CheckID[strings.LastIndexByte(res.CheckID, '.')+1:]
	}
	f.Secret = &aspm.Secret{Type: typ, Verified: strings.EqualFold(ex.ValidationState, "CONFIRMED_VALID")}
	value := matched(lines, res.Start, res.End)
	if value != "" {
		f.Secret.Hash = redact.SecretHash(value)
		f.Secret.Redacted = aspm.RedactSecret(value)
	}
	if lines != "" {
		props["lines_length"] = json.RawMessage(strconv.Itoa(len(lines)))
	}
	for _, k := range []string{"metavars", "dataflow_trace", "fix", "fix_regex"} {
		if v, ok := props[k]; ok {
			props[k+"_length"] = json.RawMessage(strconv.Itoa(len(v)))
			delete(props, k)
		}
	}
	return redact.New(value)
}

// matched cuts the matched text out of the source lines when the match lies
// on one line that Semgrep reported whole; columns are 1-based, the end
// column exclusive.
func matched(lines string, start, end position) string {
	line := strings.TrimSuffix(lines, "\n")
	if line == "" || strings.Contains(line, "\n") || start.Line != end.Line || start.Col < 1 || end.Col <= start.Col {
		return ""
	}
	r := []rune(line)
	if end.Col-1 > len(r) {
		return ""
	}
	return string(r[start.Col-1 : end.Col-1])
}
