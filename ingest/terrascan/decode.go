package terrascan

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "terrascan-json"

// Decoder reads Terrascan JSON reports. The zero value is ready to use; it
// is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a Terrascan report: an object whose only
// member is results, an object with violations or scan_summary.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || len(s.Keys) != 1 || s.Keys[0] != "results" {
		return false
	}
	keys := resultsKeys(head)
	for _, k := range keys {
		switch k {
		case "violations", "skipped_violations", "scan_summary", "scan_errors":
			return true
		}
	}
	return false
}

// resultsKeys returns the member names of the top-level "results" object as
// far as head, which may be cut anywhere, goes.
func resultsKeys(head []byte) []string {
	dec := json.NewDecoder(bytes.NewReader(decode.TrimHead(head)))
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	if t, err := dec.Token(); err != nil || t != "results" {
		return nil
	}
	if t, err := dec.Token(); err != nil || t != json.Delim('{') {
		return nil
	}
	var keys []string
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return keys
		}
		key, _ := t.(string)
		keys = append(keys, key)
		var skip json.RawMessage
		if dec.Decode(&skip) != nil {
			return keys
		}
	}
	return keys
}

type results struct {
	ScanErrors        []json.RawMessage `json:"scan_errors"`
	Violations        []json.RawMessage `json:"violations"`
	SkippedViolations []json.RawMessage `json:"skipped_violations"`
	Summary           struct {
		Target    string `json:"file/folder"`
		ScannedAt string `json:"scanned_at"`
	} `json:"scan_summary"`
}

type violation struct {
	RuleName     string `json:"rule_name"`
	Description  string `json:"description"`
	RuleID       string `json:"rule_id"`
	Severity     string `json:"severity"`
	ResourceName string `json:"resource_name"`
	ResourceType string `json:"resource_type"`
	File         string `json:"file"`
	Line         int    `json:"line"`
}

var mapped = []string{"rule_name", "description", "rule_id", "severity", "resource_name", "resource_type", "file", "line"}

// Decode reads one Terrascan report.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top struct {
		Results *json.RawMessage `json:"results"`
	}
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, decode.MismatchNotFormat(err, "not a Terrascan report object")
	}
	if top.Results == nil {
		return nil, fmt.Errorf("%w: no results member", decode.ErrNotFormat)
	}
	var res results
	if err := json.Unmarshal(*top.Results, &res); err != nil {
		return nil, fmt.Errorf("%w: results is not a Terrascan results object: %w", decode.ErrNotFormat, err)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Terrascan"}, Format: Format}}
	if res.Summary.Target != "" {
		doc.Source.Target = &aspm.Target{Kind: aspm.TargetRepository, Name: res.Summary.Target}
	}
	if t, err := time.Parse("2006-01-02 15:04:05.999999999 -0700 MST", res.Summary.ScannedAt); err == nil {
		doc.Source.ScanTime = t.UTC()
	}
	for i, raw := range res.ScanErrors {
		var e struct {
			IaCType   string `json:"iac_type"`
			Directory string `json:"directory"`
			Message   string `json:"errMsg"`
		}
		if json.Unmarshal(raw, &e) != nil {
			e.Message = string(raw)
		}
		doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/results/scan_errors/"+strconv.Itoa(i), "terrascan %s scan of %q failed: %s", e.IaCType, e.Directory, decode.Clip(e.Message, lim.MaxText)))
	}
	recs := decode.NewRecords(ctx)
	for _, list := range []struct {
		name   string
		items  []json.RawMessage
		status aspm.Status
	}{{"violations", res.Violations, ""}, {"skipped_violations", res.SkippedViolations, aspm.StatusSuppressed}} {
		for i, raw := range list.items {
			ptr := "/results/" + list.name + "/" + strconv.Itoa(i)
			var v violation
			var rest map[string]json.RawMessage
			if err := json.Unmarshal(raw, &v); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "violation skipped: %v", err))
				continue
			}
			_ = json.Unmarshal(raw, &rest)
			if v.RuleID == "" && v.RuleName == "" {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "violation skipped: no rule_id or rule_name"))
				continue
			}
			if err := recs.Add(); err != nil {
				return nil, err
			}
			for _, k := range mapped {
				delete(rest, k)
			}
			title := v.Description
			if title == "" {
				title = v.RuleName
			}
			if title == "" {
				title = v.RuleID
			}
			f := aspm.Finding{
				Kind:         aspm.KindIaC,
				Rule:         v.RuleID,
				RuleName:     v.RuleName,
				Title:        decode.Clip(decode.FirstLine(title), lim.MaxText),
				Description:  decode.Clip(v.Description, lim.MaxText),
				Severity:     aspm.ParseSeverity(v.Severity),
				ToolSeverity: v.Severity,
				Status:       list.status,
				Provenance:   aspm.Provenance{Index: len(doc.Findings), Pointer: ptr},
				Properties:   decode.RawProperties(rest),
			}
			loc := aspm.Location{File: strings.ReplaceAll(v.File, `\`, "/")}
			if v.Line > 0 {
				loc.Region = &aspm.Region{StartLine: v.Line}
			}
			if v.ResourceType != "" || v.ResourceName != "" {
				loc.Resource = &aspm.Resource{Type: v.ResourceType, Name: v.ResourceName}
			}
			f.Locations = []aspm.Location{loc}
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}
