package bandit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "bandit-json"

// Decoder reads Bandit JSON reports (`bandit -f json`). The zero value is
// ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a Bandit report: an object with
// "generated_at" and Bandit's "metrics" (whose counters are named
// "SEVERITY.HIGH" and so on), or with "results" that carry "test_id" and
// "issue_severity". The metrics of a large scan can fill the head before
// "results" begins.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	if s.Has("generated_at", "metrics") && (s.Has("results") || bytes.Contains(head, []byte(`"SEVERITY.`))) {
		return true
	}
	return s.Has("results") && bytes.Contains(head, []byte(`"test_id"`)) && bytes.Contains(head, []byte(`"issue_severity"`))
}

type report struct {
	GeneratedAt string            `json:"generated_at"`
	Results     json.RawMessage   `json:"results"`
	Errors      []json.RawMessage `json:"errors"`
}

type result struct {
	TestID          string `json:"test_id"`
	TestName        string `json:"test_name"`
	IssueSeverity   string `json:"issue_severity"`
	IssueConfidence string `json:"issue_confidence"`
	IssueCWE        *struct {
		ID   json.RawMessage `json:"id"`
		Link string          `json:"link"`
	} `json:"issue_cwe"`
	IssueText    string `json:"issue_text"`
	Filename     string `json:"filename"`
	LineNumber   int    `json:"line_number"`
	LineRange    []int  `json:"line_range"`
	ColOffset    *int   `json:"col_offset"`
	EndColOffset *int   `json:"end_col_offset"`
	Code         string `json:"code"`
	MoreInfo     string `json:"more_info"`
}

var known = []string{"test_id", "test_name", "issue_severity", "issue_confidence", "issue_cwe", "issue_text",
	"filename", "line_number", "line_range", "col_offset", "end_col_offset", "code", "more_info"}

// Decode reads one Bandit report.
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
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Bandit", Vendor: "PyCQA"}, Format: Format}}
	if rep.GeneratedAt != "" {
		if t, err := time.Parse(time.RFC3339, rep.GeneratedAt); err == nil {
			doc.Source.ScanTime = t
		} else {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/generated_at", "unreadable time %q", rep.GeneratedAt))
		}
	}
	recs := decode.NewRecords(ctx)
	for i, raw := range results {
		p := decode.PointerIndex("/results", i)
		var res result
		if err := json.Unmarshal(raw, &res); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "result skipped: %v", err))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		f := toFinding(res, raw, lim)
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: p}
		doc.Findings = append(doc.Findings, f)
	}
	for i, raw := range rep.Errors {
		var e struct {
			Filename string `json:"filename"`
			Reason   string `json:"reason"`
		}
		_ = json.Unmarshal(raw, &e)
		doc.Diagnostics = append(doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo, Pointer: decode.PointerIndex("/errors", i),
			Message: decode.Clip(fmt.Sprintf("bandit could not scan %s: %s", e.Filename, e.Reason), lim.MaxText)})
	}
	return doc, nil
}

func toFinding(res result, raw json.RawMessage, lim decode.Limits) aspm.Finding {
	f := aspm.Finding{
		Kind:         aspm.KindSAST,
		Rule:         res.TestID,
		RuleName:     res.TestName,
		Title:        decode.Summary(res.IssueText),
		Description:  decode.Clip(strings.TrimSpace(res.IssueText), lim.MaxText),
		Severity:     aspm.ParseSeverity(res.IssueSeverity),
		ToolSeverity: res.IssueSeverity,
		Confidence:   res.IssueConfidence,
	}
	if f.Title == "" {
		f.Title = res.TestName
	}
	refs := []string{res.MoreInfo}
	if res.IssueCWE != nil {
		if id := decode.Scalar(res.IssueCWE.ID); id != "" {
			f.CWEs = aspm.ParseCWEs("CWE-" + id)
		}
		refs = append(refs, res.IssueCWE.Link)
	}
	f.References = decode.SortedSet(refs)
	loc := aspm.Location{File: strings.ReplaceAll(res.Filename, `\`, "/")}
	if res.LineNumber > 0 {
		reg := &aspm.Region{StartLine: res.LineNumber}
		if n := len(res.LineRange); n > 0 && res.LineRange[n-1] >= res.LineNumber {
			reg.EndLine = res.LineRange[n-1]
		}
		if res.ColOffset != nil && *res.ColOffset >= 0 {
			reg.StartColumn = *res.ColOffset + 1 // Bandit counts columns from 0
		}
		if res.EndColOffset != nil && *res.EndColOffset > 0 {
			reg.EndColumn = *res.EndColOffset // 0-based exclusive is 1-based inclusive
		}
		loc.Region = reg
	}
	if snip := snippet(res.Code, res.LineNumber, res.LineRange); snip != "" {
		loc.SnippetHash = aspm.SnippetHash(snip)
		loc.Snippet = decode.Clip(snip, lim.MaxEvidence)
	}
	f.Locations = []aspm.Location{loc}
	props := decode.Leftovers(raw, known...)
	if props == nil {
		props = map[string]json.RawMessage{}
	}
	if strings.TrimSpace(res.Code) != "" && res.Code != loc.Snippet {
		props["code"], _ = json.Marshal(decode.Clip(res.Code, lim.MaxEvidence))
	}
	f.Properties = decode.RawProperties(props)
	return f
}

var numbered = regexp.MustCompile(`^(\d+)(?: |\t|:|$)`)

// snippet returns the lines of code that the issue spans. Bandit prints
// each line of code with its number and a line or two of context around
// the issue; the numbers are cut off and the context dropped. Code without
// line numbers is returned as it is.
func snippet(code string, line int, span []int) string {
	if strings.TrimSpace(code) == "" {
		return ""
	}
	want := map[int]bool{}
	for _, n := range span {
		want[n] = true
	}
	if len(want) == 0 {
		want[line] = true
	}
	var keep []int
	byLine := map[int]string{}
	for l := range strings.Lines(code) {
		l = strings.TrimRight(l, "\r\n")
		m := numbered.FindStringSubmatch(l)
		if m == nil {
			return strings.TrimRight(code, "\n")
		}
		n, _ := strconv.Atoi(m[1])
		text := strings.TrimPrefix(l[len(m[1]):], " ")
		if want[n] {
			if _, dup := byLine[n]; !dup {
				keep = append(keep, n)
			}
			byLine[n] = text
		}
	}
	sort.Ints(keep)
	out := make([]string, 0, len(keep))
	for _, n := range keep {
		out = append(out, byLine[n])
	}
	return strings.Join(out, "\n")
}
