package hadolint

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "hadolint-json"

// Decoder reads Hadolint JSON reports. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a Hadolint report: an array whose first
// object has code, level and line, and file or message.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	return s.JSON && s.Array && s.Has("code", "level", "line") && (s.Has("file") || s.Has("message"))
}

type violation struct {
	Line    int    `json:"line"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Column  int    `json:"column"`
	File    string `json:"file"`
	Level   string `json:"level"`
}

var mapped = []string{"line", "code", "message", "column", "file", "level"}

// Decode reads one Hadolint report.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var items []json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &items); err != nil {
		return nil, decode.MismatchNotFormat(err, "not a Hadolint report array")
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Hadolint"}, Format: Format}}
	recs := decode.NewRecords(ctx)
	for i, raw := range items {
		ptr := "/" + strconv.Itoa(i)
		var v violation
		var rest map[string]json.RawMessage
		if err := json.Unmarshal(raw, &v); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "violation skipped: %v", err))
			continue
		}
		_ = json.Unmarshal(raw, &rest)
		if v.Code == "" && v.Message == "" {
			if i == 0 && len(rest) > 0 && rest["level"] == nil {
				return nil, fmt.Errorf("%w: entries have no code, message or level", decode.ErrNotFormat)
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "violation skipped: no code or message"))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		for _, k := range mapped {
			delete(rest, k)
		}
		title := v.Message
		if title == "" {
			title = v.Code
		}
		file := strings.ReplaceAll(v.File, `\`, "/")
		f := aspm.Finding{
			Kind:         aspm.KindIaC,
			Rule:         v.Code,
			Title:        decode.Clip(decode.FirstLine(title), lim.MaxText),
			Description:  decode.Clip(v.Message, lim.MaxText),
			Severity:     severity(v.Level),
			ToolSeverity: v.Level,
			References:   ruleDoc(v.Code),
			Provenance:   aspm.Provenance{Index: len(doc.Findings), Pointer: ptr},
			Properties:   decode.RawProperties(rest),
		}
		loc := aspm.Location{File: file, Resource: &aspm.Resource{Type: "Dockerfile", Name: file}}
		if v.Line > 0 {
			loc.Region = &aspm.Region{StartLine: v.Line}
			if v.Column > 0 {
				loc.Region.StartColumn = v.Column
			}
		}
		f.Locations = []aspm.Location{loc}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

// severity maps Hadolint's levels; "style" is a matter of taste.
func severity(level string) aspm.Severity {
	switch strings.ToLower(strings.TrimSpace(level)) {
	case "error":
		return aspm.SeverityHigh
	case "warning":
		return aspm.SeverityMedium
	case "info", "style":
		return aspm.SeverityInfo
	}
	return aspm.ParseSeverity(level)
}

// ruleDoc returns the documentation page of a Hadolint or ShellCheck rule.
func ruleDoc(code string) []string {
	digits := func(s string) bool {
		_, err := strconv.Atoi(s)
		return s != "" && err == nil
	}
	switch {
	case strings.HasPrefix(code, "DL") && digits(code[2:]):
		return []string{"https://github.com/hadolint/hadolint/wiki/" + code}
	case strings.HasPrefix(code, "SC") && digits(code[2:]):
		return []string{"https://www.shellcheck.net/wiki/" + code}
	}
	return nil
}
