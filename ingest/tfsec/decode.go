package tfsec

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
)

// Format is the name of the format this package reads.
const Format aspm.Format = "tfsec-json"

// Decoder reads tfsec JSON reports. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a tfsec report: an object whose only
// member is results, holding null or results with tfsec's members.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || len(s.Keys) != 1 || s.Keys[0] != "results" {
		return false
	}
	kind, keys := sniffMember(head, "results")
	switch kind {
	case 'n':
		return true
	case '[':
		return has(keys, "rule_id", "location") && (has(keys, "rule_description") || has(keys, "description"))
	}
	return false
}

// sniffMember reads head, which may be cut anywhere, and returns the kind of
// the top-level member name ('n' null, '[' array, '{' object, 0 unknown)
// and, for an array, the keys of its first object element.
func sniffMember(head []byte, name string) (byte, []string) {
	dec := json.NewDecoder(bytes.NewReader(decode.TrimHead(head)))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return 0, nil
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return 0, nil
		}
		if key, _ := t.(string); key != name {
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return 0, nil
			}
			continue
		}
		t, err = dec.Token()
		if err != nil {
			return 0, nil
		}
		switch t {
		case nil:
			return 'n', nil
		case json.Delim('{'):
			return '{', nil
		case json.Delim('['):
		default:
			return 0, nil
		}
		if t, err = dec.Token(); err != nil || t != json.Delim('{') {
			return '[', nil
		}
		var keys []string
		for dec.More() {
			t, err := dec.Token()
			if err != nil {
				return '[', keys
			}
			key, _ := t.(string)
			keys = append(keys, key)
			var skip json.RawMessage
			if dec.Decode(&skip) != nil {
				return '[', keys
			}
		}
		return '[', keys
	}
	return 0, nil
}

func has(keys []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, k := range keys {
			if k == w {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

type result struct {
	RuleID          string   `json:"rule_id"`
	RuleDescription string   `json:"rule_description"`
	RuleProvider    string   `json:"rule_provider"`
	Links           []string `json:"links"`
	Link            string   `json:"link"`
	Description     string   `json:"description"`
	Severity        string   `json:"severity"`
	Status          *int     `json:"status"`
	Passed          bool     `json:"passed"`
	Resource        string   `json:"resource"`
	Location        struct {
		Filename  string `json:"filename"`
		StartLine int    `json:"start_line"`
		EndLine   int    `json:"end_line"`
	} `json:"location"`
}

// The statuses of tfsec 1.x (defsec's scan.Status).
const (
	statusPassed  = 1
	statusIgnored = 2
)

var (
	mapped = []string{"rule_id", "rule_description", "rule_provider", "links", "link", "description", "severity", "passed", "resource", "location"}
	reURL  = regexp.MustCompile(`https?://[^\s"'<>]+[^\s"'<>.,;:)]`)
)

// Decode reads one tfsec report.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, decode.MismatchNotFormat(err, "not a tfsec report object")
	}
	rawResults, ok := top["results"]
	if !ok {
		return nil, fmt.Errorf("%w: no results member", decode.ErrNotFormat)
	}
	var results []json.RawMessage
	if err := json.Unmarshal(rawResults, &results); err != nil {
		return nil, fmt.Errorf("%w: results is not an array: %w", decode.ErrNotFormat, err)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "tfsec"}, Format: Format}}
	recs := decode.NewRecords(ctx)
	passed := 0
	for i, raw := range results {
		ptr := "/results/" + strconv.Itoa(i)
		var res result
		var rest map[string]json.RawMessage
		if err := json.Unmarshal(raw, &res); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "result skipped: %v", err))
			continue
		}
		_ = json.Unmarshal(raw, &rest)
		if res.RuleID == "" && res.Description == "" && res.RuleDescription == "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "result skipped: no rule_id or description"))
			continue
		}
		if res.Passed || (res.Status != nil && *res.Status == statusPassed) {
			passed++
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		for _, k := range mapped {
			delete(rest, k)
		}
		title := res.RuleDescription
		if title == "" {
			title = res.Description
		}
		if title == "" {
			title = res.RuleID
		}
		f := aspm.Finding{
			Kind:         aspm.KindIaC,
			Rule:         res.RuleID,
			RuleName:     res.RuleDescription,
			Title:        decode.Clip(decode.FirstLine(title), lim.MaxText),
			Description:  decode.Clip(res.Description, lim.MaxText),
			Severity:     aspm.ParseSeverity(res.Severity),
			ToolSeverity: res.Severity,
			Provenance:   aspm.Provenance{Index: len(doc.Findings), Pointer: ptr},
			Properties:   decode.RawProperties(rest),
		}
		if res.Status != nil && *res.Status == statusIgnored {
			f.Status = aspm.StatusSuppressed
		}
		for _, l := range res.Links {
			if l != "" {
				f.References = append(f.References, l)
			}
		}
		if res.Link != "" {
			if u := reURL.FindString(res.Link); u != "" {
				f.References = append(f.References, u)
			} else {
				f.Properties = setProp(f.Properties, "link", res.Link)
			}
		}
		loc := aspm.Location{File: strings.ReplaceAll(res.Location.Filename, `\`, "/")}
		if res.Location.StartLine > 0 {
			loc.Region = &aspm.Region{StartLine: res.Location.StartLine}
			if res.Location.EndLine >= res.Location.StartLine {
				loc.Region.EndLine = res.Location.EndLine
			}
		}
		if res.Resource != "" {
			loc.Resource = &aspm.Resource{Type: resourceType(res.Resource), Name: res.Resource, Provider: res.RuleProvider}
		}
		f.Locations = []aspm.Location{loc}
		doc.Findings = append(doc.Findings, f)
	}
	if passed > 0 {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo, Pointer: "/results", Message: fmt.Sprintf("%d passed checks are not findings", passed)})
	}
	return doc, nil
}

// resourceType returns the type of a Terraform address: "aws_s3_bucket" for
// "aws_s3_bucket.logs" and "module.m.aws_s3_bucket.logs[0]"; "data.x.y"
// gives "x".
func resourceType(addr string) string {
	rest := addr
	for strings.HasPrefix(rest, "module.") {
		_, after, ok := strings.Cut(rest[len("module."):], ".")
		if !ok {
			return ""
		}
		rest = after
	}
	rest = strings.TrimPrefix(rest, "data.")
	typ, name, ok := strings.Cut(rest, ".")
	if !ok || typ == "" || name == "" || strings.ContainsAny(typ, `/\ `) {
		return ""
	}
	return typ
}

func setProp(m map[string]string, k, v string) map[string]string {
	if m == nil {
		m = map[string]string{}
	}
	m[k] = v
	return m
}
