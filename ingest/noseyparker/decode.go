package noseyparker

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/redact"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "noseyparker-json"

// Decoder reads Nosey Parker reports (`noseyparker report --format json`
// or `--format jsonl`), v0.16 and later. The zero value is ready to use; it
// is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is a Nosey Parker report: findings (one per
// line, or in an array) with "rule_name" and "matches" beside
// "finding_id", "rule_text_id", "match_content" or "num_matches".
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || !s.Has("rule_name") {
		return false
	}
	return s.Has("finding_id") || s.Has("rule_text_id") || s.Has("match_content") ||
		(s.Has("num_matches") && s.Has("matches"))
}

type finding struct {
	FindingID        string            `json:"finding_id"`
	RuleName         string            `json:"rule_name"`
	RuleTextID       string            `json:"rule_text_id"`
	RuleStructuralID string            `json:"rule_structural_id"`
	MatchContent     string            `json:"match_content"` // v0.16
	Groups           []string          `json:"groups"`        // base64
	Statuses         []string          `json:"statuses"`
	Matches          []json.RawMessage `json:"matches"`
}

var findingKnown = []string{"type", "finding_id", "rule_name", "rule_text_id", "match_content", "groups", "statuses", "matches"}

type match struct {
	Provenance []provenance `json:"provenance"`
	Location   struct {
		SourceSpan struct {
			Start struct{ Line, Column int } `json:"start"`
			End   struct{ Line, Column int } `json:"end"`
		} `json:"source_span"`
	} `json:"location"`
	Groups       []string `json:"groups"`
	MatchContent string   `json:"match_content"`
	Snippet      struct {
		Before   string `json:"before"`
		Matching string `json:"matching"`
		After    string `json:"after"`
	} `json:"snippet"`
	Status       string `json:"status"`
	StructuralID string `json:"structural_id"`
	BlobID       string `json:"blob_id"`
}

type provenance struct {
	Kind        string      `json:"kind"`
	Path        string      `json:"path"`
	RepoPath    string      `json:"repo_path"`
	FirstCommit *commitProv `json:"first_commit"`      // v0.17+
	CommitProv  *commitProv `json:"commit_provenance"` // v0.16
}

type commitProv struct {
	CommitMetadata struct {
		CommitID        string `json:"commit_id"`
		AuthorName      string `json:"author_name"`
		AuthorTimestamp string `json:"author_timestamp"`
		CommitterName   string `json:"committer_name"`
	} `json:"commit_metadata"`
	BlobPath string `json:"blob_path"`
}

// Decode reads one Nosey Parker report.
func (d *Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	items, pointers, err := decode.SplitValues(data, lim.MaxDepth)
	if err != nil {
		return nil, err
	}
	if !decode.AnyObject(items) {
		return nil, fmt.Errorf("%w: no JSON object", decode.ErrNotFormat)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Nosey Parker", Vendor: "Praetorian"}, Format: Format}}
	type record struct {
		f       finding
		matches []match
		raw     json.RawMessage
		pointer string
		value   string
	}
	var records []record
	var values []string
	foreign := 0
	for i, raw := range items {
		p := pointers[i]
		if t := bytes.TrimSpace(raw); len(t) == 0 || t[0] != '{' {
			foreign++
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "finding skipped: not an object"))
			continue
		}
		if string(bytes.Join(bytes.Fields(raw), nil)) == "{}" {
			continue // an empty report line, as Nosey Parker writes with no finding
		}
		var fd finding
		if err := json.Unmarshal(raw, &fd); err != nil {
			// Its secrets are redacted from the others' text all the same.
			var keys map[string]json.RawMessage
			if json.Unmarshal(raw, &keys) == nil {
				values = append(values, decode.Scalar(keys["match_content"]))
				values = append(values, decodeGroups(decode.Scalars(keys["groups"]))...)
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "finding skipped: %v", err))
			continue
		}
		if fd.RuleName == "" && len(fd.Matches) == 0 {
			foreign++
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "finding skipped: no rule_name and no matches"))
			continue
		}
		rec := record{f: fd, raw: raw, pointer: p}
		groups := decodeGroups(fd.Groups)
		values = append(values, groups...)
		values = append(values, fd.Groups...)
		values = append(values, fd.MatchContent)
		for j, mraw := range fd.Matches {
			var m match
			if err := json.Unmarshal(mraw, &m); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(p+"/matches/"+strconv.Itoa(j), "match ignored: %v", err))
				continue
			}
			rec.matches = append(rec.matches, m)
			values = append(values, m.MatchContent, m.Snippet.Matching)
			values = append(values, decodeGroups(m.Groups)...)
			values = append(values, m.Groups...)
		}
		switch {
		case fd.MatchContent != "":
			rec.value = fd.MatchContent
		case len(groups) > 0:
			rec.value = groups[0]
		case len(rec.matches) > 0 && rec.matches[0].MatchContent != "":
			rec.value = rec.matches[0].MatchContent
		case len(rec.matches) > 0:
			if g := decodeGroups(rec.matches[0].Groups); len(g) > 0 {
				rec.value = g[0]
			}
		}
		records = append(records, rec)
	}
	if foreign > 0 && foreign == len(items) {
		return nil, fmt.Errorf("%w: no record has \"rule_name\" or \"matches\"", decode.ErrNotFormat)
	}
	red := redact.New(values...)
	recs := decode.NewRecords(ctx)
	for _, rec := range records {
		if err := recs.Add(); err != nil {
			return nil, err
		}
		f := toFinding(rec.f, rec.matches, rec.value, rec.raw, red, lim)
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: rec.pointer}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

// decodeGroups returns the capture groups, which Nosey Parker writes in
// base64, as text; a group that is not base64 is kept as it is.
func decodeGroups(groups []string) []string {
	out := make([]string, 0, len(groups))
	for _, g := range groups {
		if b, err := base64.StdEncoding.DecodeString(g); err == nil {
			out = append(out, string(b))
		} else {
			out = append(out, g)
		}
	}
	return out
}

func toFinding(fd finding, matches []match, value string, raw json.RawMessage, red *redact.Redactor, lim decode.Limits) aspm.Finding {
	rule := fd.RuleTextID
	if rule == "" {
		rule = fd.RuleName
	}
	f := aspm.Finding{
		Kind:     aspm.KindSecret,
		Rule:     rule,
		RuleName: red.Text(fd.RuleName),
		Title:    red.Text(fd.RuleName),
		Severity: aspm.SeverityHigh,
		Secret:   &aspm.Secret{Type: fd.RuleName},
	}
	if f.Title == "" {
		f.Title = rule
	}
	if value != "" {
		f.Secret.Hash = redact.SecretHash(value)
		f.Secret.Redacted = aspm.RedactSecret(value)
	}
	status := ""
	for _, s := range fd.Statuses {
		status = s
	}
	for _, m := range matches {
		if m.Status != "" {
			status = m.Status
		}
		for _, pv := range m.Provenance {
			cp := pv.FirstCommit
			if cp == nil {
				cp = pv.CommitProv
			}
			loc := aspm.Location{}
			switch {
			case cp != nil:
				loc.File = cleanPath(cp.BlobPath)
				if f.Secret.Commit == "" {
					md := cp.CommitMetadata
					f.Secret.Commit = md.CommitID
					f.Secret.Author = redact.Author(md.AuthorName)
					f.Secret.Date = gitTime(md.AuthorTimestamp)
				}
			case pv.Path != "":
				loc.File = cleanPath(pv.Path)
			default:
				continue
			}
			span := m.Location.SourceSpan
			if span.Start.Line > 0 {
				loc.Region = &aspm.Region{StartLine: span.Start.Line, StartColumn: span.Start.Column, EndLine: span.End.Line, EndColumn: span.End.Column}
			}
			if !containsLoc(f.Locations, loc) {
				f.Locations = append(f.Locations, loc)
			}
		}
	}
	switch strings.ToLower(status) {
	case "reject":
		f.Status = aspm.StatusFalsePositive
	case "accept":
		f.Status = aspm.StatusOpen
	}
	if fd.FindingID != "" {
		f.Fingerprints = map[string]string{"noseyparker-finding-id": fd.FindingID}
	}
	props := decode.RawProperties(decode.Leftovers(raw, findingKnown...))
	if props == nil {
		props = map[string]string{}
	}
	if len(fd.Statuses) > 0 {
		props["statuses"] = strings.Join(fd.Statuses, ",")
	}
	props["matches_listed"] = strconv.Itoa(len(fd.Matches))
	if len(fd.Groups) > 0 {
		props["groups_count"] = strconv.Itoa(len(fd.Groups))
	}
	var ids, blobs []string
	for _, m := range matches {
		ids = append(ids, m.StructuralID)
		blobs = append(blobs, m.BlobID)
	}
	if ids = decode.SortedSet(ids); len(ids) > 0 {
		props["match_structural_ids"] = strings.Join(ids, ",")
	}
	if blobs = decode.SortedSet(blobs); len(blobs) > 0 {
		props["blob_ids"] = strings.Join(blobs, ",")
	}
	// Snippets hold the secret and often other secrets of the same file in
	// their context: only their sizes are kept.
	size := 0
	for _, m := range matches {
		size += len(m.Snippet.Before) + len(m.Snippet.Matching) + len(m.Snippet.After)
	}
	if size > 0 {
		props["snippets_length"] = strconv.Itoa(size)
	}
	f.Properties = red.Props(props)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, lim.MaxText)
	}
	return f
}

func containsLoc(list []aspm.Location, l aspm.Location) bool {
	for _, x := range list {
		if x.File == l.File && (x.Region == nil) == (l.Region == nil) && (x.Region == nil || *x.Region == *l.Region) {
			return true
		}
	}
	return false
}

func cleanPath(p string) string {
	return strings.TrimPrefix(strings.ReplaceAll(p, `\`, "/"), "./")
}

// gitTime turns git's "seconds zone" ("1678401216 +0100") into RFC 3339;
// other text is kept as it is.
func gitTime(s string) string {
	secs, zone, ok := strings.Cut(strings.TrimSpace(s), " ")
	n, err := strconv.ParseInt(secs, 10, 64)
	if !ok || err != nil || len(zone) != 5 {
		return s
	}
	z, err := time.Parse("-0700", zone)
	if err != nil {
		return s
	}
	return time.Unix(n, 0).In(z.Location()).Format(time.RFC3339)
}
