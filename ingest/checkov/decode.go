package checkov

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "checkov-json"

// Decoder reads Checkov JSON reports. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts like a Checkov report: an object (or an
// array of objects) with check_type and results or summary, or the bare
// summary Checkov writes when it scanned nothing.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON {
		return false
	}
	if s.Has("check_type") && (s.Has("results") || s.Has("summary")) {
		return true
	}
	return !s.Array && s.Has("checkov_version", "passed", "failed")
}

type report struct {
	CheckType string `json:"check_type"`
	Results   *struct {
		FailedChecks  []json.RawMessage `json:"failed_checks"`
		SkippedChecks []json.RawMessage `json:"skipped_checks"`
		ParsingErrors []json.RawMessage `json:"parsing_errors"`
	} `json:"results"`
	Summary struct {
		CheckovVersion string `json:"checkov_version"`
	} `json:"summary"`
	// The bare summary written when nothing was scanned.
	CheckovVersion string           `json:"checkov_version"`
	Failed         *json.RawMessage `json:"failed"`
}

type check struct {
	CheckID       string     `json:"check_id"`
	CheckName     string     `json:"check_name"`
	CodeBlock     []codeLine `json:"code_block"`
	FilePath      string     `json:"file_path"`
	FileLineRange []int      `json:"file_line_range"`
	Resource      string     `json:"resource"`
	Guideline     string     `json:"guideline"`
	Severity      string     `json:"severity"`
}

// codeLine is one [line, text] pair of a code_block.
type codeLine struct {
	Line int
	Text string
}

func (c *codeLine) UnmarshalJSON(b []byte) error {
	var pair []json.RawMessage
	if err := json.Unmarshal(b, &pair); err != nil {
		return err
	}
	if len(pair) != 2 {
		return errors.New("code_block line is not a [line, text] pair")
	}
	if err := json.Unmarshal(pair[0], &c.Line); err != nil {
		return err
	}
	return json.Unmarshal(pair[1], &c.Text)
}

// mapped are the members of a check that the model holds.
var mapped = []string{"check_id", "check_name", "code_block", "file_path", "file_line_range", "resource", "guideline", "severity"}

// Decode reads one Checkov report, or an array of them.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := decode.CheckDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	var reports []report
	array := strings.HasPrefix(string(decode.TrimHead(data)), "[")
	if array {
		err = json.Unmarshal(data, &reports)
	} else {
		var one report
		err = json.Unmarshal(data, &one)
		reports = []report{one}
	}
	if err != nil {
		return nil, decode.TopMismatchNotFormat(err, "not a Checkov report object or array")
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Checkov"}, Format: Format}}
	recs := decode.NewRecords(ctx)
	for i, rep := range reports {
		prefix := ""
		if array {
			prefix = "/" + strconv.Itoa(i)
		}
		if rep.Results == nil {
			if rep.Failed != nil && rep.CheckovVersion != "" && !array {
				doc.Source.Tool.Version = rep.CheckovVersion
				continue // the summary Checkov writes when it scanned nothing
			}
			if rep.CheckType == "" {
				return nil, fmt.Errorf("%w: report %d has neither check_type nor results", decode.ErrNotFormat, i)
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(prefix, "check type %q has no results", rep.CheckType))
			continue
		}
		if v := rep.Summary.CheckovVersion; v != "" && doc.Source.Tool.Version == "" {
			doc.Source.Tool.Version = v
		}
		for j, raw := range rep.Results.FailedChecks {
			ptr := fmt.Sprintf("%s/results/failed_checks/%d", prefix, j)
			if err := addCheck(doc, recs, lim, rep.CheckType, raw, ptr, ""); err != nil {
				return nil, err
			}
		}
		for j, raw := range rep.Results.SkippedChecks {
			ptr := fmt.Sprintf("%s/results/skipped_checks/%d", prefix, j)
			if err := addCheck(doc, recs, lim, rep.CheckType, raw, ptr, aspm.StatusSuppressed); err != nil {
				return nil, err
			}
		}
		for j, raw := range rep.Results.ParsingErrors {
			var path string
			if json.Unmarshal(raw, &path) != nil {
				path = string(raw)
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(fmt.Sprintf("%s/results/parsing_errors/%d", prefix, j), "checkov could not parse %s", decode.Clip(path, lim.MaxText)))
		}
	}
	return doc, nil
}

// addCheck appends the finding of one failed or skipped check; a check that
// cannot be read becomes a diagnostic.
func addCheck(doc *aspm.Document, recs *decode.Records, lim decode.Limits, checkType string, raw json.RawMessage, ptr string, status aspm.Status) error {
	var c check
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &c); err != nil {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "check skipped: %v", err))
		return nil
	}
	if err := json.Unmarshal(raw, &rest); err != nil {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "check skipped: %v", err))
		return nil
	}
	if c.CheckID == "" && c.CheckName == "" {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "check skipped: no check_id or check_name"))
		return nil
	}
	if err := recs.Add(); err != nil {
		return err
	}
	for _, k := range mapped {
		delete(rest, k)
	}
	title := c.CheckName
	if title == "" {
		title = c.CheckID
	}
	f := aspm.Finding{
		Kind:         aspm.KindIaC,
		Rule:         c.CheckID,
		RuleName:     c.CheckName,
		Title:        decode.Clip(decode.FirstLine(title), lim.MaxText),
		Description:  decode.Clip(c.CheckName, lim.MaxText),
		Severity:     aspm.ParseSeverity(c.Severity),
		ToolSeverity: c.Severity,
		Status:       status,
		Provenance:   aspm.Provenance{Index: len(doc.Findings), Pointer: ptr},
		Properties:   decode.RawProperties(rest),
	}
	if c.Guideline != "" {
		f.References = []string{c.Guideline}
	}
	if checkType != "" {
		if f.Properties == nil {
			f.Properties = map[string]string{}
		}
		f.Properties["check_type"] = checkType
	}
	loc := aspm.Location{File: strings.ReplaceAll(c.FilePath, `\`, "/")}
	if len(c.FileLineRange) == 2 && c.FileLineRange[0] > 0 && c.FileLineRange[1] >= c.FileLineRange[0] {
		loc.Region = &aspm.Region{StartLine: c.FileLineRange[0], EndLine: c.FileLineRange[1]}
	}
	if len(c.CodeBlock) > 0 {
		var b strings.Builder
		for _, l := range c.CodeBlock {
			if b.Len() > lim.MaxText {
				break
			}
			b.WriteString(l.Text)
		}
		snippet := b.String()
		loc.SnippetHash = aspm.SnippetHash(snippet)
		loc.Snippet = decode.Clip(snippet, lim.MaxEvidence)
	}
	if c.Resource != "" || checkType == "dockerfile" {
		loc.Resource = &aspm.Resource{Type: resourceType(checkType, c.Resource), Name: c.Resource}
	}
	f.Locations = []aspm.Location{loc}
	doc.Findings = append(doc.Findings, f)
	return nil
}

// resourceType extracts the type from a Checkov resource name:
// "aws_s3_bucket.logs" and "module.app.aws_s3_bucket.logs" give
// "aws_s3_bucket", "AWS::S3::Bucket.Logs" gives "AWS::S3::Bucket",
// "Deployment.default.web" gives "Deployment".
func resourceType(checkType, resource string) string {
	if checkType == "dockerfile" {
		return "Dockerfile"
	}
	rest := resource
	for strings.HasPrefix(rest, "module.") {
		_, after, ok := strings.Cut(rest[len("module."):], ".")
		if !ok {
			return ""
		}
		rest = after
	}
	typ, name, ok := strings.Cut(rest, ".")
	if !ok || typ == "" || name == "" || strings.ContainsAny(typ, `/\ `) {
		return ""
	}
	return typ
}
