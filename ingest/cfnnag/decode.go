package cfnnag

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
const Format aspm.Format = "cfn-nag-json"

// Decoder reads cfn_nag JSON reports. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a cfn_nag report: an array of objects with
// filename and file_results, or a single template's file_results object.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON {
		return false
	}
	if s.Array {
		return s.Has("filename", "file_results")
	}
	return s.Has("failure_count", "violations")
}

type fileReport struct {
	Filename    string       `json:"filename"`
	FileResults *fileResults `json:"file_results"`
}

type fileResults struct {
	FailureCount *int              `json:"failure_count"`
	Violations   []json.RawMessage `json:"violations"`
}

type violation struct {
	ID           string   `json:"id"`
	Name         string   `json:"name"`
	Type         string   `json:"type"`
	Message      string   `json:"message"`
	ResourceIDs  []string `json:"logical_resource_ids"`
	LineNumbers  []int    `json:"line_numbers"`
	ElementTypes []string `json:"element_types"`
}

var mapped = []string{"id", "name", "type", "message", "logical_resource_ids", "line_numbers", "element_types"}

// Decode reads one cfn_nag report.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := decode.CheckDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	var files []fileReport
	single := !strings.HasPrefix(string(decode.TrimHead(data)), "[")
	if single {
		var fr fileResults
		if err := json.Unmarshal(data, &fr); err != nil {
			return nil, notFormat(err)
		}
		if fr.FailureCount == nil && fr.Violations == nil {
			return nil, fmt.Errorf("%w: no failure_count or violations", decode.ErrNotFormat)
		}
		files = []fileReport{{FileResults: &fr}}
	} else if err := json.Unmarshal(data, &files); err != nil {
		return nil, notFormat(err)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "cfn_nag"}, Format: Format}}
	recs := decode.NewRecords(ctx)
	for i, file := range files {
		prefix := "/" + strconv.Itoa(i) + "/file_results"
		if single {
			prefix = ""
		}
		if file.FileResults == nil {
			if file.Filename == "" {
				return nil, fmt.Errorf("%w: entry %d has no filename or file_results", decode.ErrNotFormat, i)
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/"+strconv.Itoa(i), "%s has no file_results", file.Filename))
			continue
		}
		for j, raw := range file.FileResults.Violations {
			ptr := prefix + "/violations/" + strconv.Itoa(j)
			var v violation
			var rest map[string]json.RawMessage
			if err := json.Unmarshal(raw, &v); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "violation skipped: %v", err))
				continue
			}
			_ = json.Unmarshal(raw, &rest)
			if v.ID == "" && v.Message == "" {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "violation skipped: no id or message"))
				continue
			}
			for _, k := range mapped {
				delete(rest, k)
			}
			n := max(len(v.ResourceIDs), 1)
			for k := range n {
				if err := recs.Add(); err != nil {
					return nil, err
				}
				f := newFinding(v, lim)
				f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: ptr}
				f.Properties = decode.RawProperties(rest)
				loc := aspm.Location{File: strings.ReplaceAll(file.Filename, `\`, "/")}
				if k < len(v.LineNumbers) && v.LineNumbers[k] > 0 {
					loc.Region = &aspm.Region{StartLine: v.LineNumbers[k]}
				}
				if k < len(v.ResourceIDs) {
					loc.Resource = &aspm.Resource{Name: v.ResourceIDs[k], Provider: "aws"}
				}
				if k < len(v.ElementTypes) && v.ElementTypes[k] != "" {
					if f.Properties == nil {
						f.Properties = map[string]string{}
					}
					f.Properties["element_type"] = v.ElementTypes[k]
				}
				f.Locations = []aspm.Location{loc}
				doc.Findings = append(doc.Findings, f)
			}
		}
	}
	return doc, nil
}

func newFinding(v violation, lim decode.Limits) aspm.Finding {
	title := v.Message
	if title == "" {
		title = v.ID
	}
	return aspm.Finding{
		Kind:         aspm.KindIaC,
		Rule:         v.ID,
		RuleName:     v.Name,
		Title:        decode.Clip(decode.FirstLine(title), lim.MaxText),
		Description:  decode.Clip(v.Message, lim.MaxText),
		Severity:     severity(v.Type),
		ToolSeverity: v.Type,
	}
}

// severity maps cfn_nag's violation type: FAIL breaks the build, WARN
// does not.
func severity(typ string) aspm.Severity {
	switch strings.ToUpper(strings.TrimSpace(typ)) {
	case "FAIL", "FAILING_VIOLATION":
		return aspm.SeverityHigh
	case "WARN", "WARNING":
		return aspm.SeverityMedium
	}
	return aspm.ParseSeverity(typ)
}

func notFormat(err error) error {
	return decode.TopMismatchNotFormat(err, "not a cfn_nag report")
}
