package gosec

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "gosec-json"

// Decoder reads gosec JSON reports (`gosec -fmt json`). The zero value is
// ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a gosec report: an object with "Issues"
// beside "Stats", "GosecVersion" or "Golang errors".
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("Issues") {
		return false
	}
	return s.Has("Stats") || s.Has("GosecVersion") || s.Has("Golang errors") ||
		(strings.Contains(string(head), `"rule_id"`) && strings.Contains(string(head), `"details"`))
}

type report struct {
	Issues       json.RawMessage            `json:"Issues"`
	GolangErrors map[string]json.RawMessage `json:"Golang errors"`
	Version      string                     `json:"GosecVersion"`
}

type issue struct {
	Severity   string `json:"severity"`
	Confidence string `json:"confidence"`
	CWE        *struct {
		ID  json.RawMessage `json:"id"`
		URL string          `json:"url"`
	} `json:"cwe"`
	RuleID       string          `json:"rule_id"`
	Details      string          `json:"details"`
	File         string          `json:"file"`
	Code         string          `json:"code"`
	Line         json.RawMessage `json:"line"`
	Column       json.RawMessage `json:"column"`
	NoSec        bool            `json:"nosec"`
	Suppressions []struct {
		Kind          string `json:"kind"`
		Justification string `json:"justification"`
	} `json:"suppressions"`
}

var known = []string{"severity", "confidence", "cwe", "rule_id", "details", "file", "code", "line", "column", "nosec"}

// Decode reads one gosec report.
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
	if rep.Issues == nil {
		return nil, fmt.Errorf("%w: no \"Issues\" member", decode.ErrNotFormat)
	}
	var issues []json.RawMessage
	if !decode.IsNull(rep.Issues) { // gosec writes null when it finds nothing
		if err := decode.CheckArray(rep.Issues, `"Issues"`); err != nil {
			return nil, fmt.Errorf("%w: %v", decode.ErrNotFormat, err)
		}
		if err := json.Unmarshal(rep.Issues, &issues); err != nil {
			return nil, err
		}
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "gosec", Vendor: "securego", Version: rep.Version}, Format: Format}}
	recs := decode.NewRecords(ctx)
	for i, raw := range issues {
		p := decode.PointerIndex("/Issues", i)
		var is issue
		if err := json.Unmarshal(raw, &is); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "issue skipped: %v", err))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		f, warn := toFinding(is, raw, lim)
		if warn != "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(p, "%s", warn))
		}
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: p}
		doc.Findings = append(doc.Findings, f)
	}
	files := make([]string, 0, len(rep.GolangErrors))
	for k := range rep.GolangErrors {
		files = append(files, k)
	}
	slices.Sort(files)
	for _, file := range files {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo, Pointer: "/Golang errors/" + decode.PointerToken(file),
			Message: decode.Clip(fmt.Sprintf("gosec could not type-check %s: %s", file, rep.GolangErrors[file]), lim.MaxText)})
	}
	return doc, nil
}

func toFinding(is issue, raw json.RawMessage, lim decode.Limits) (aspm.Finding, string) {
	f := aspm.Finding{
		Kind:         aspm.KindSAST,
		Rule:         is.RuleID,
		Title:        decode.Summary(is.Details),
		Description:  decode.Clip(strings.TrimSpace(is.Details), lim.MaxText),
		Severity:     aspm.ParseSeverity(is.Severity),
		ToolSeverity: is.Severity,
		Confidence:   is.Confidence,
	}
	if f.Title == "" {
		f.Title = is.RuleID
	}
	if is.CWE != nil {
		if id := decode.Scalar(is.CWE.ID); id != "" {
			f.CWEs = aspm.ParseCWEs("CWE-" + id)
		}
		f.References = decode.SortedSet([]string{is.CWE.URL})
	}
	if is.NoSec || len(is.Suppressions) > 0 {
		f.Status = aspm.StatusSuppressed
	}
	var warn string
	loc := aspm.Location{File: strings.ReplaceAll(is.File, `\`, "/")}
	start, end, ok := lineSpan(decode.Scalar(is.Line))
	if !ok && !decode.IsNull(is.Line) {
		warn = fmt.Sprintf("unreadable line %s", is.Line)
	}
	if start > 0 {
		loc.Region = &aspm.Region{StartLine: start, EndLine: end}
		if c, err := strconv.Atoi(decode.Scalar(is.Column)); err == nil && c > 0 {
			loc.Region.StartColumn = c
		}
	}
	if snip := snippet(is.Code, start, end); snip != "" {
		loc.SnippetHash = aspm.SnippetHash(snip)
		loc.Snippet = decode.Clip(snip, lim.MaxEvidence)
	}
	f.Locations = []aspm.Location{loc}
	props := decode.Leftovers(raw, known...)
	if props == nil {
		props = map[string]json.RawMessage{}
	}
	if strings.TrimSpace(is.Code) != "" && strings.TrimRight(is.Code, "\n") != loc.Snippet {
		props["code"], _ = json.Marshal(decode.Clip(is.Code, lim.MaxEvidence))
	}
	f.Properties = decode.RawProperties(props)
	return f, warn
}

// lineSpan reads gosec's line: "12" or "12-14".
func lineSpan(s string) (start, end int, ok bool) {
	if s == "" {
		return 0, 0, false
	}
	a, b, found := strings.Cut(s, "-")
	start, err := strconv.Atoi(strings.TrimSpace(a))
	if err != nil || start < 0 {
		return 0, 0, false
	}
	end = start
	if found {
		if end, err = strconv.Atoi(strings.TrimSpace(b)); err != nil || end < start {
			return start, start, false
		}
	}
	return start, end, true
}

var numbered = regexp.MustCompile(`^(\d+): ?`)

// snippet returns the lines of code in [start, end]. Recent gosec prints
// the code as "N: text" lines with a line of context on each side; the
// numbers are cut off and the context dropped. Older gosec prints only the
// code, which is returned as it is.
func snippet(code string, start, end int) string {
	if strings.TrimSpace(code) == "" {
		return ""
	}
	var out []string
	for l := range strings.Lines(code) {
		l = strings.TrimRight(l, "\r\n")
		m := numbered.FindStringSubmatch(l)
		if m == nil {
			return strings.TrimRight(code, "\n")
		}
		n, _ := strconv.Atoi(m[1])
		if start == 0 || (n >= start && n <= end) {
			out = append(out, l[len(m[0]):])
		}
	}
	return strings.Join(out, "\n")
}
