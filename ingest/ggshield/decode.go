package ggshield

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
const Format aspm.Format = "ggshield-json"

// Decoder reads ggshield JSON reports (`ggshield secret scan … --json`):
// scans of paths, files, a commit or the staged changes, and commit-range
// scans that hold one scan per commit. The zero value is ready to use; it
// is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a ggshield report: an object with
// "entities_with_incidents", "secrets_engine_version" or "total_incidents",
// or a commit-range scan ("type": "commit-range" beside "scans").
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	if s.Has("entities_with_incidents") || s.Has("secrets_engine_version") || s.Has("total_incidents", "total_occurrences") {
		return true
	}
	return s.Has("scans") && s.Strings["type"] == "commit-range"
}

type scan struct {
	ID                    string            `json:"id"`
	Type                  string            `json:"type"`
	EntitiesWithIncidents []json.RawMessage `json:"entities_with_incidents"`
	Scans                 []json.RawMessage `json:"scans"`
	ExtraInfo             *struct {
		Author string `json:"author"`
		Date   string `json:"date"`
	} `json:"extra_info"`
	SecretsEngineVersion string `json:"secrets_engine_version"`
}

type entity struct {
	Mode      string            `json:"mode"`
	Filename  string            `json:"filename"`
	Incidents []json.RawMessage `json:"incidents"`
}

type incident struct {
	Policy       string            `json:"policy"`
	Occurrences  []json.RawMessage `json:"occurrences"`
	Type         string            `json:"type"`
	Detector     json.RawMessage   `json:"detector"`
	Validity     string            `json:"validity"`
	IgnoreSHA    string            `json:"ignore_sha"`
	Severity     string            `json:"severity"`
	IgnoreReason json.RawMessage   `json:"ignore_reason"`
}

var incidentKnown = []string{"policy", "occurrences", "type", "validity", "ignore_sha", "severity"}

type occurrence struct {
	Match         string `json:"match"`
	Type          string `json:"type"`
	LineStart     *int   `json:"line_start"`
	LineEnd       *int   `json:"line_end"`
	PostLineStart *int   `json:"post_line_start"`
	PostLineEnd   *int   `json:"post_line_end"`
	PreLineStart  *int   `json:"pre_line_start"`
	PreLineEnd    *int   `json:"pre_line_end"`
}

// context carries what a scan says about the findings in it.
type scanContext struct {
	commit, author, date, engine string
}

// Decode reads one ggshield report.
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
	_, hasEntities := probe["entities_with_incidents"]
	_, hasScans := probe["scans"]
	_, hasTotal := probe["total_incidents"]
	if !hasEntities && !hasScans && !hasTotal {
		return nil, fmt.Errorf("%w: no \"entities_with_incidents\", \"scans\" or \"total_incidents\"", decode.ErrNotFormat)
	}
	var top scan
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%w: %v", decode.ErrNotFormat, err)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "ggshield", Vendor: "GitGuardian"}, Format: Format}}
	dec := &decoder{doc: doc, lim: lim, recs: decode.NewRecords(ctx)}
	if err := dec.scan(top, "", scanContext{engine: top.SecretsEngineVersion}); err != nil {
		return nil, err
	}
	return doc, nil
}

type decoder struct {
	doc  *aspm.Document
	lim  decode.Limits
	recs *decode.Records
}

func (d *decoder) scan(s scan, base string, sc scanContext) error {
	if s.SecretsEngineVersion != "" {
		sc.engine = s.SecretsEngineVersion
	}
	if s.Type == "commit" {
		sc.commit = s.ID
	}
	if s.ExtraInfo != nil {
		sc.author = redact.Author(s.ExtraInfo.Author)
		sc.date = s.ExtraInfo.Date
	}
	for i, raw := range s.EntitiesWithIncidents {
		p := decode.PointerIndex(base+"/entities_with_incidents", i)
		var e entity
		if err := json.Unmarshal(raw, &e); err != nil {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(p, "entity skipped: %v", err))
			continue
		}
		for j, iraw := range e.Incidents {
			ip := decode.PointerIndex(p+"/incidents", j)
			var in incident
			if err := json.Unmarshal(iraw, &in); err != nil {
				d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ip, "incident skipped: %v", err))
				continue
			}
			if err := d.recs.Add(); err != nil {
				return err
			}
			f := d.finding(in, e, iraw, sc)
			f.Provenance = aspm.Provenance{Index: len(d.doc.Findings), Pointer: ip}
			d.doc.Findings = append(d.doc.Findings, f)
		}
	}
	for i, raw := range s.Scans {
		p := decode.PointerIndex(base+"/scans", i)
		var sub scan
		if err := json.Unmarshal(raw, &sub); err != nil {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(p, "scan skipped: %v", err))
			continue
		}
		if err := d.scan(sub, p, sc); err != nil {
			return err
		}
	}
	return nil
}

// masked reports whether ggshield hid part of a match with asterisks, as
// it does unless --show-secrets is given.
func masked(s string) bool { return strings.Contains(s, "***") }

func (d *decoder) finding(in incident, e entity, raw json.RawMessage, sc scanContext) aspm.Finding {
	detector := decode.Scalar(in.Detector)
	if detector == "" {
		var det struct {
			Name        string `json:"name"`
			DisplayName string `json:"display_name"`
		}
		if json.Unmarshal(in.Detector, &det) == nil {
			detector = det.Name
		}
	}
	rule := detector
	if rule == "" {
		rule = in.Type
	}
	f := aspm.Finding{
		Kind:         aspm.KindSecret,
		Rule:         rule,
		RuleName:     in.Type,
		Title:        in.Type,
		Severity:     aspm.SeverityHigh,
		ToolSeverity: in.Severity,
		Secret: &aspm.Secret{Type: in.Type, Verified: strings.EqualFold(in.Validity, "valid"),
			Commit: sc.commit, Author: sc.author, Date: sc.date},
	}
	if f.Title == "" {
		f.Title = rule
	}
	if s := aspm.ParseSeverity(in.Severity); s != aspm.SeverityUnknown {
		f.Severity = s
	}
	// The value: the match of a single-part secret when ggshield showed it
	// whole (--show-secrets). Multi-part secrets (client id and secret)
	// have no single value.
	var occs []occurrence
	var occProps []map[string]json.RawMessage
	var values []string
	for _, raw := range in.Occurrences {
		var o occurrence
		_ = json.Unmarshal(raw, &o) // a malformed occurrence gives no location
		occs = append(occs, o)
		values = append(values, o.Match)
		var m map[string]json.RawMessage
		if json.Unmarshal(raw, &m) == nil {
			delete(m, "match")
			m["match_length"] = json.RawMessage(strconv.Itoa(len(o.Match)))
			occProps = append(occProps, m)
		}
	}
	if len(occs) > 0 {
		m := occs[0].Match
		if !masked(m) && len(decode.SortedSet(values)) == 1 {
			f.Secret.Hash = redact.SecretHash(m)
		}
		f.Secret.Redacted = aspm.RedactSecret(m)
	}
	red := redact.New(values...)
	if in.IgnoreSHA != "" {
		f.Fingerprints = map[string]string{"ggshield-ignore-sha": strings.ToLower(in.IgnoreSHA)}
	}
	file := strings.ReplaceAll(e.Filename, `\`, "/")
	for _, o := range occs {
		loc := aspm.Location{File: file}
		start, end := first(o.LineStart, o.PostLineStart, o.PreLineStart), first(o.LineEnd, o.PostLineEnd, o.PreLineEnd)
		if start > 0 {
			loc.Region = &aspm.Region{StartLine: start, EndLine: end}
		}
		if !containsLoc(f.Locations, loc) {
			f.Locations = append(f.Locations, loc)
		}
	}
	if len(f.Locations) == 0 && file != "" {
		f.Locations = []aspm.Location{{File: file}}
	}
	if !decode.IsNull(in.IgnoreReason) {
		f.Status = aspm.StatusSuppressed
	}
	props := decode.RawProperties(decode.Leftovers(raw, incidentKnown...))
	if props == nil {
		props = map[string]string{}
	}
	if in.Policy != "" {
		props["policy"] = in.Policy
	}
	if in.Validity != "" {
		props["validity"] = in.Validity
	}
	if e.Mode != "" {
		props["mode"] = e.Mode
	}
	if sc.engine != "" {
		props["secrets_engine_version"] = sc.engine
	}
	// Occurrences keep their kind and offsets; their matches are secrets
	// and are dropped.
	if len(occProps) > 0 {
		if b, err := json.Marshal(occProps); err == nil {
			props["occurrences"] = string(b)
		}
	}
	f.Properties = red.Props(props)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, d.lim.MaxText)
	}
	return f
}

func first(ps ...*int) int {
	for _, p := range ps {
		if p != nil && *p > 0 {
			return *p
		}
	}
	return 0
}

func containsLoc(list []aspm.Location, l aspm.Location) bool {
	for _, x := range list {
		if x.File == l.File && (x.Region == nil) == (l.Region == nil) && (x.Region == nil || *x.Region == *l.Region) {
			return true
		}
	}
	return false
}
