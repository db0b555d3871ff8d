package trufflehog3

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/redact"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "trufflehog3-json"

// Decoder reads trufflehog3 JSON reports (`trufflehog3 --format json`), the
// current shape and the legacy one of releases before 3.0. The zero value
// is ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a trufflehog3 report: an array whose first
// record has "rule", "path" and "secret", or the legacy "stringsFound" and
// "reason" without TruffleHog v2's "diff" and "printDiff".
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || !s.Array {
		return false
	}
	if s.Has("rule", "path", "secret") {
		return true
	}
	return s.Has("stringsFound", "reason") && !s.Has("diff") && !s.Has("printDiff")
}

type current struct {
	Rule struct {
		ID       string `json:"id"`
		Message  string `json:"message"`
		Severity string `json:"severity"`
	} `json:"rule"`
	Path    string          `json:"path"`
	Line    json.RawMessage `json:"line"`
	Secret  string          `json:"secret"`
	Context json.RawMessage `json:"context"`
	ID      string          `json:"id"`
	Author  *string         `json:"author"`
	Commit  *string         `json:"commit"`
	Date    *string         `json:"date"`
}

var currentKnown = []string{"rule", "path", "line", "secret", "id", "author", "commit", "date"}

type legacy struct {
	Path         string   `json:"path"`
	CommitHash   string   `json:"commitHash"`
	Date         string   `json:"date"`
	Reason       string   `json:"reason"`
	StringsFound []string `json:"stringsFound"`
}

var legacyKnown = []string{"path", "commitHash", "date", "reason", "stringsFound"}

// Decode reads one trufflehog3 report.
func (d *Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &items); err != nil {
		return nil, decode.MismatchNotFormat(err, "not an array of issues")
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "trufflehog3"}, Format: Format}}
	type record struct {
		cur   *current
		leg   *legacy
		raw   json.RawMessage
		index int
	}
	var records []record
	var values []string
	for i, raw := range items {
		p := decode.PointerIndex("", i)
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "issue skipped: not an object"))
			continue
		}
		// Secrets of records that fail to decode are redacted from the
		// others' text all the same.
		values = append(values, decode.Scalar(keys["secret"]))
		values = append(values, decode.Scalars(keys["stringsFound"])...)
		_, isLegacy := keys["stringsFound"]
		_, isCurrent := keys["secret"]
		if _, ok := keys["rule"]; ok {
			isCurrent = true
		}
		switch {
		case isCurrent:
			var c current
			if err := json.Unmarshal(raw, &c); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "issue skipped: %v", err))
				continue
			}
			records = append(records, record{cur: &c, raw: raw, index: i})
			values = append(values, c.Secret)
		case isLegacy:
			var l legacy
			if err := json.Unmarshal(raw, &l); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "issue skipped: %v", err))
				continue
			}
			records = append(records, record{leg: &l, raw: raw, index: i})
			values = append(values, l.StringsFound...)
		default:
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "issue skipped: neither \"rule\" and \"secret\" nor \"stringsFound\""))
		}
	}
	red := redact.New(values...)
	recs := decode.NewRecords(ctx)
	for _, rec := range records {
		if err := recs.Add(); err != nil {
			return nil, err
		}
		var f aspm.Finding
		if rec.cur != nil {
			var warn string
			f, warn = fromCurrent(rec.cur, rec.raw, red, lim)
			if warn != "" {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(decode.PointerIndex("", rec.index), "%s", warn))
			}
		} else {
			f = fromLegacy(rec.leg, rec.raw, red, lim)
		}
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: decode.PointerIndex("", rec.index)}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func fromCurrent(c *current, raw json.RawMessage, red *redact.Redactor, lim decode.Limits) (aspm.Finding, string) {
	f := aspm.Finding{
		Kind:         aspm.KindSecret,
		Rule:         c.Rule.ID,
		RuleName:     red.Text(c.Rule.Message),
		Title:        red.Text(c.Rule.Message),
		Severity:     aspm.ParseSeverity(c.Rule.Severity),
		ToolSeverity: c.Rule.Severity,
		Secret: &aspm.Secret{Type: c.Rule.ID, Commit: deref(c.Commit), Author: redact.Author(deref(c.Author)),
			Date: deref(c.Date)},
	}
	if f.Title == "" {
		f.Title = c.Rule.ID
	}
	if c.Secret != "" {
		f.Secret.Hash = redact.SecretHash(c.Secret)
		f.Secret.Redacted = aspm.RedactSecret(c.Secret)
	}
	var warn string
	loc := aspm.Location{File: strings.ReplaceAll(c.Path, `\`, "/")}
	if line := decode.Scalar(c.Line); line != "" {
		if n, err := strconv.Atoi(line); err == nil && n > 0 {
			loc.Region = &aspm.Region{StartLine: n}
		} else {
			warn = fmt.Sprintf("unreadable line %q", line)
		}
	}
	f.Locations = []aspm.Location{loc}
	if c.ID != "" {
		f.Fingerprints = map[string]string{"trufflehog3-id": c.ID}
	}
	props := decode.RawProperties(decode.Leftovers(raw, currentKnown...))
	if m, ok := props["message"]; ok {
		props["message"] = redact.Emails(m) // the commit message
	}
	if len(c.Rule.Message) > 0 && c.Rule.Message != f.Title {
		props = set(props, "rule.message", c.Rule.Message)
	}
	f.Properties = clip(red.Props(props), lim)
	return f, warn
}

func fromLegacy(l *legacy, raw json.RawMessage, red *redact.Redactor, lim decode.Limits) aspm.Finding {
	f := aspm.Finding{
		Kind:     aspm.KindSecret,
		Rule:     l.Reason,
		Title:    red.Text(l.Reason),
		Severity: aspm.SeverityHigh,
		// The legacy shape lists the diff lines that hold a secret, not the
		// secret itself: there is no value to hash.
		Secret: &aspm.Secret{Type: l.Reason, Commit: l.CommitHash, Date: l.Date},
	}
	if l.Path != "" {
		f.Locations = []aspm.Location{{File: strings.ReplaceAll(l.Path, `\`, "/")}}
	}
	props := decode.RawProperties(decode.Leftovers(raw, legacyKnown...))
	if m, ok := props["commit"]; ok {
		props["commit"] = redact.Emails(m) // the commit message
	}
	if n := len(l.StringsFound); n > 0 {
		size := 0
		for _, s := range l.StringsFound {
			size += len(s)
		}
		props = set(props, "stringsFound_count", strconv.Itoa(n))
		props = set(props, "stringsFound_length", strconv.Itoa(size))
	}
	f.Properties = clip(red.Props(props), lim)
	return f
}

func set(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}

func clip(m map[string]string, lim decode.Limits) map[string]string {
	for k, v := range m {
		m[k] = decode.Clip(v, lim.MaxText)
	}
	return m
}
