package gitleaks

import (
	"context"
	"encoding/json"
	"io"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/redact"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "gitleaks-json"

// Decoder reads Gitleaks JSON reports, v8 and v7. The zero value is ready to
// use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a Gitleaks report: an array whose first
// record has v8's "RuleID" with "Secret", "Match" or "StartLine", or v7's
// "offender" with "rule".
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || !s.Array {
		return false
	}
	return (s.Has("RuleID") && (s.Has("Secret") || s.Has("Match") || s.Has("StartLine"))) ||
		(s.Has("Description") && s.Has("StartLine") && s.Has("Secret")) ||
		(s.Has("offender") && s.Has("rule"))
}

type v8Leak struct {
	Description string   `json:"Description"`
	StartLine   int      `json:"StartLine"`
	EndLine     int      `json:"EndLine"`
	StartColumn int      `json:"StartColumn"`
	EndColumn   int      `json:"EndColumn"`
	Match       string   `json:"Match"`
	Secret      string   `json:"Secret"`
	File        string   `json:"File"`
	Commit      string   `json:"Commit"`
	Author      string   `json:"Author"`
	Date        string   `json:"Date"`
	Tags        []string `json:"Tags"`
	RuleID      string   `json:"RuleID"`
	Fingerprint string   `json:"Fingerprint"`
}

var v8Known = []string{"Description", "StartLine", "EndLine", "StartColumn", "EndColumn", "Secret",
	"File", "Commit", "Author", "Email", "Date", "Tags", "RuleID", "Fingerprint"}

type v7Leak struct {
	Line       string `json:"line"`
	LineNumber int    `json:"lineNumber"`
	Offender   string `json:"offender"`
	Commit     string `json:"commit"`
	Rule       string `json:"rule"`
	Author     string `json:"author"`
	File       string `json:"file"`
	Date       string `json:"date"`
	Tags       string `json:"tags"`
}

var v7Known = []string{"lineNumber", "offender", "commit", "rule", "author", "email", "file", "date", "tags"}

// redactedByTool is what Gitleaks writes in place of the secret with
// --redact.
const redactedByTool = "REDACTED"

// Decode reads one Gitleaks report.
func (d *Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &items); err != nil {
		return nil, decode.MismatchNotFormat(err, "not an array of leaks")
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Gitleaks"}, Format: Format}}
	type record struct {
		v8    *v8Leak
		v7    *v7Leak
		raw   json.RawMessage
		index int
	}
	var records []record
	var values []string
	for i, raw := range items {
		p := decode.PointerIndex("", i)
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "leak skipped: not an object"))
			continue
		}
		// Secrets of records that fail to decode are redacted from the
		// others' text all the same.
		values = append(values, secretValue(decode.Scalar(keys["Secret"])), secretValue(decode.Scalar(keys["offender"])))
		_, isV8 := keys["RuleID"]
		if _, ok := keys["Secret"]; ok {
			isV8 = true
		}
		_, isV7 := keys["offender"]
		switch {
		case isV8:
			var l v8Leak
			if err := json.Unmarshal(raw, &l); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "leak skipped: %v", err))
				continue
			}
			records = append(records, record{v8: &l, raw: raw, index: i})
			values = append(values, secretValue(l.Secret))
		case isV7:
			var l v7Leak
			if err := json.Unmarshal(raw, &l); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "leak skipped: %v", err))
				continue
			}
			records = append(records, record{v7: &l, raw: raw, index: i})
			values = append(values, secretValue(l.Offender))
		default:
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "leak skipped: neither a v8 (RuleID, Secret) nor a v7 (offender) record"))
		}
	}
	red := redact.New(values...)
	recs := decode.NewRecords(ctx)
	for _, rec := range records {
		if err := recs.Add(); err != nil {
			return nil, err
		}
		var f aspm.Finding
		if rec.v8 != nil {
			f = fromV8(rec.v8, rec.raw, red, lim)
		} else {
			f = fromV7(rec.v7, rec.raw, red, lim)
		}
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: decode.PointerIndex("", rec.index)}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

// secretValue returns the secret, or "" when Gitleaks redacted it.
func secretValue(s string) string {
	if s == redactedByTool {
		return ""
	}
	return s
}

func newSecret(typ, value, commit, author, date string) *aspm.Secret {
	s := &aspm.Secret{Type: typ, Commit: commit, Author: redact.Author(author), Date: date}
	if v := secretValue(value); v != "" {
		s.Hash = redact.SecretHash(v)
		s.Redacted = aspm.RedactSecret(v)
	}
	return s
}

func fromV8(l *v8Leak, raw json.RawMessage, red *redact.Redactor, lim decode.Limits) aspm.Finding {
	f := aspm.Finding{
		Kind:     aspm.KindSecret,
		Rule:     l.RuleID,
		RuleName: l.Description,
		Title:    l.Description,
		Severity: aspm.SeverityHigh,
		Tags:     decode.SortedSet(l.Tags),
		Secret:   newSecret(l.RuleID, l.Secret, l.Commit, l.Author, l.Date),
	}
	if f.Title == "" {
		f.Title = l.RuleID
	}
	f.Title = red.Text(f.Title)
	loc := aspm.Location{File: strings.ReplaceAll(l.File, `\`, "/")}
	if l.StartLine > 0 {
		loc.Region = &aspm.Region{StartLine: l.StartLine, EndLine: l.EndLine, StartColumn: l.StartColumn, EndColumn: l.EndColumn}
	}
	f.Locations = []aspm.Location{loc}
	if l.Fingerprint != "" {
		f.Fingerprints = map[string]string{"gitleaks-fingerprint": red.Text(l.Fingerprint)}
	}
	f.Properties = props(raw, red, lim, v8Known...)
	if l.Secret == redactedByTool {
		f.Properties = setProp(f.Properties, "secret_redacted_by_tool", "true")
	}
	return f
}

func fromV7(l *v7Leak, raw json.RawMessage, red *redact.Redactor, lim decode.Limits) aspm.Finding {
	var tags []string
	for _, t := range strings.Split(l.Tags, ",") {
		tags = append(tags, strings.TrimSpace(t))
	}
	f := aspm.Finding{
		Kind:     aspm.KindSecret,
		Rule:     l.Rule,
		Title:    red.Text(l.Rule),
		Severity: aspm.SeverityHigh,
		Tags:     decode.SortedSet(tags),
		Secret:   newSecret(l.Rule, l.Offender, l.Commit, l.Author, l.Date),
	}
	loc := aspm.Location{File: strings.ReplaceAll(l.File, `\`, "/")}
	if l.LineNumber > 0 {
		loc.Region = &aspm.Region{StartLine: l.LineNumber}
	}
	f.Locations = []aspm.Location{loc}
	f.Properties = props(raw, red, lim, v7Known...)
	if l.Offender == redactedByTool {
		f.Properties = setProp(f.Properties, "secret_redacted_by_tool", "true")
	}
	return f
}

// props keeps the record's other members with every secret of the report
// redacted out of them.
func props(raw json.RawMessage, red *redact.Redactor, lim decode.Limits, known ...string) map[string]string {
	m := red.Props(decode.RawProperties(decode.Leftovers(raw, known...)))
	for k, v := range m {
		if k == "Message" || k == "commitMessage" {
			v = redact.Emails(v)
		}
		m[k] = decode.Clip(v, lim.MaxText)
	}
	return m
}

func setProp(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}
