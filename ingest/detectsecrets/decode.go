package detectsecrets

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "detect-secrets"

// Decoder reads detect-secrets baselines (`detect-secrets scan`). The zero
// value is ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a detect-secrets baseline: an object with
// "plugins_used" or "filters_used", or with "results" beside
// "generated_at" and "hashed_secret" records.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	if s.Has("plugins_used") || s.Has("filters_used") {
		return true
	}
	return s.Has("results", "generated_at") && strings.Contains(string(head), `"hashed_secret"`)
}

type baseline struct {
	Version     string                     `json:"version"`
	Results     map[string]json.RawMessage `json:"results"`
	GeneratedAt string                     `json:"generated_at"`
}

type secret struct {
	Type         string `json:"type"`
	Filename     string `json:"filename"`
	HashedSecret string `json:"hashed_secret"`
	IsVerified   bool   `json:"is_verified"`
	LineNumber   int    `json:"line_number"`
	IsSecret     *bool  `json:"is_secret"`
}

var known = []string{"type", "filename", "hashed_secret", "is_verified", "line_number"}

// Decode reads one baseline.
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
	if _, ok := probe["results"]; !ok {
		return nil, fmt.Errorf("%w: no \"results\" member", decode.ErrNotFormat)
	}
	var bl baseline
	if err := json.Unmarshal(data, &bl); err != nil {
		return nil, fmt.Errorf("%w: %v", decode.ErrNotFormat, err)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "detect-secrets", Vendor: "Yelp", Version: bl.Version}, Format: Format}}
	if bl.GeneratedAt != "" {
		if t, err := time.Parse(time.RFC3339, bl.GeneratedAt); err == nil {
			doc.Source.ScanTime = t
		} else {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/generated_at", "unreadable time %q", bl.GeneratedAt))
		}
	}
	files := make([]string, 0, len(bl.Results))
	for k := range bl.Results {
		files = append(files, k)
	}
	slices.Sort(files)
	recs := decode.NewRecords(ctx)
	for _, file := range files {
		base := "/results/" + decode.PointerToken(file)
		var list []json.RawMessage
		if err := json.Unmarshal(bl.Results[file], &list); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(base, "file skipped: %v", err))
			continue
		}
		for i, raw := range list {
			p := decode.PointerIndex(base, i)
			var s secret
			if err := json.Unmarshal(raw, &s); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "secret skipped: %v", err))
				continue
			}
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f := toFinding(s, file, raw, lim)
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: p}
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}

func toFinding(s secret, file string, raw json.RawMessage, lim decode.Limits) aspm.Finding {
	f := aspm.Finding{
		Kind:     aspm.KindSecret,
		Rule:     s.Type,
		Title:    s.Type,
		Severity: aspm.SeverityHigh,
		// detect-secrets keeps only a SHA-1 of the secret: there is no value
		// to hash with SHA-256, so Hash stays empty and the SHA-1 is a
		// fingerprint.
		Secret: &aspm.Secret{Type: s.Type, Verified: s.IsVerified},
	}
	if f.Title == "" {
		f.Title = "Secret"
	}
	if s.HashedSecret != "" {
		f.Fingerprints = map[string]string{"detect-secrets-sha1": strings.ToLower(s.HashedSecret)}
	}
	if s.IsSecret != nil {
		if *s.IsSecret {
			f.Status = aspm.StatusOpen
		} else {
			f.Status = aspm.StatusFalsePositive
		}
	}
	name := s.Filename
	if name == "" {
		name = file
	}
	loc := aspm.Location{File: strings.ReplaceAll(name, `\`, "/")}
	if s.LineNumber > 0 {
		loc.Region = &aspm.Region{StartLine: s.LineNumber}
	}
	f.Locations = []aspm.Location{loc}
	f.Properties = decode.RawProperties(decode.Leftovers(raw, known...))
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, lim.MaxText)
	}
	return f
}
