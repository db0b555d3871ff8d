package kics

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "kics-json"

// FingerprintSimilarityID names the fingerprint that holds KICS's
// similarity_id.
const FingerprintSimilarityID = "kics-similarity-id"

// Decoder reads KICS JSON reports. The zero value is ready to use; it is
// safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts like a KICS report: an object with
// kics_version, or with KICS's scan counters.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	return s.Has("kics_version") || s.Has("queries_total", "files_scanned") || s.Has("files_scanned", "queries")
}

type report struct {
	KICSVersion string            `json:"kics_version"`
	Start       string            `json:"start"`
	Queries     []json.RawMessage `json:"queries"`
}

type query struct {
	Name        string            `json:"query_name"`
	ID          string            `json:"query_id"`
	URL         string            `json:"query_url"`
	Severity    string            `json:"severity"`
	Description string            `json:"description"`
	CWE         json.RawMessage   `json:"cwe"`
	Provider    string            `json:"cloud_provider"`
	Files       []json.RawMessage `json:"files"`
}

type match struct {
	FileName     string `json:"file_name"`
	SimilarityID string `json:"similarity_id"`
	Line         int    `json:"line"`
	ResourceType string `json:"resource_type"`
	ResourceName string `json:"resource_name"`
	SearchKey    string `json:"search_key"`
}

var (
	queryMapped = []string{"query_name", "query_id", "query_url", "severity", "description", "cwe", "files"}
	matchMapped = []string{"file_name", "similarity_id", "line", "resource_type", "resource_name", "search_key"}
)

// Decode reads one KICS report.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, decode.MismatchNotFormat(err, "not a KICS report object")
	}
	if _, ok := top["queries"]; !ok {
		return nil, fmt.Errorf("%w: no queries member", decode.ErrNotFormat)
	}
	var rep report
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "KICS", Version: strings.TrimPrefix(rep.KICSVersion, "v")}, Format: Format}}
	if t, err := time.Parse(time.RFC3339Nano, rep.Start); err == nil {
		doc.Source.ScanTime = t.UTC()
	}
	recs := decode.NewRecords(ctx)
	for i, rawQ := range rep.Queries {
		qptr := "/queries/" + strconv.Itoa(i)
		var q query
		var qrest map[string]json.RawMessage
		if err := json.Unmarshal(rawQ, &q); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(qptr, "query skipped: %v", err))
			continue
		}
		_ = json.Unmarshal(rawQ, &qrest)
		for _, k := range queryMapped {
			delete(qrest, k)
		}
		sev := aspm.ParseSeverity(q.Severity)
		if strings.EqualFold(q.Severity, "trace") {
			sev = aspm.SeverityInfo
		}
		cwes := parseCWE(q.CWE)
		for j, rawM := range q.Files {
			ptr := qptr + "/files/" + strconv.Itoa(j)
			var m match
			var mrest map[string]json.RawMessage
			if err := json.Unmarshal(rawM, &m); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "match skipped: %v", err))
				continue
			}
			_ = json.Unmarshal(rawM, &mrest)
			if err := recs.Add(); err != nil {
				return nil, err
			}
			for _, k := range matchMapped {
				delete(mrest, k)
			}
			props := map[string]json.RawMessage{}
			for k, v := range qrest {
				props[k] = v
			}
			for k, v := range mrest {
				props[k] = v
			}
			title := q.Name
			if title == "" {
				title = q.ID
			}
			f := aspm.Finding{
				Kind:         aspm.KindIaC,
				Rule:         q.ID,
				RuleName:     q.Name,
				Title:        decode.Clip(decode.FirstLine(title), lim.MaxText),
				Description:  decode.Clip(q.Description, lim.MaxText),
				Severity:     sev,
				ToolSeverity: q.Severity,
				CWEs:         slices.Clone(cwes),
				Provenance:   aspm.Provenance{Index: len(doc.Findings), Pointer: ptr},
				Properties:   decode.RawProperties(props),
			}
			if q.URL != "" {
				f.References = []string{q.URL}
			}
			if m.SimilarityID != "" {
				f.Fingerprints = map[string]string{FingerprintSimilarityID: m.SimilarityID}
			}
			loc := aspm.Location{File: strings.ReplaceAll(m.FileName, `\`, "/"), Logical: m.SearchKey}
			if m.Line > 0 {
				loc.Region = &aspm.Region{StartLine: m.Line}
			}
			if m.ResourceType != "" || m.ResourceName != "" {
				loc.Resource = &aspm.Resource{Type: m.ResourceType, Name: m.ResourceName, Provider: strings.ToLower(q.Provider)}
			}
			f.Locations = []aspm.Location{loc}
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}

// parseCWE reads KICS's cwe member: "798", "CWE-798", or a number.
func parseCWE(raw json.RawMessage) []int {
	if len(raw) == 0 {
		return nil
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		s = string(raw)
	}
	s = strings.TrimSpace(s)
	if n, err := strconv.Atoi(s); err == nil && n > 0 {
		return []int{n}
	}
	return aspm.ParseCWEs(s)
}
