package trufflehog

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/redact"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "trufflehog-json"

// Decoder reads TruffleHog JSON output: v3 (`trufflehog … --json`) and v2
// (`trufflehog --json`), one JSON object per line (a JSON array of the same
// objects is read too). The zero value is ready to use; it is safe for
// concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head is TruffleHog output: objects with v3's
// "SourceMetadata" and "DetectorName" or "DetectorType", or v2's
// "stringsFound" and "reason" beside "printDiff" or "diff".
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON {
		return false
	}
	return (s.Has("SourceMetadata") && (s.Has("DetectorName") || s.Has("DetectorType"))) ||
		(s.Has("stringsFound", "reason") && (s.Has("printDiff") || s.Has("diff")))
}

// v3 is one TruffleHog v3 result.
type v3 struct {
	SourceMetadata struct {
		Data map[string]json.RawMessage `json:"Data"`
	} `json:"SourceMetadata"`
	DetectorName string          `json:"DetectorName"`
	DetectorType json.RawMessage `json:"DetectorType"`
	DecoderName  string          `json:"DecoderName"`
	Verified     bool            `json:"Verified"`
	Raw          string          `json:"Raw"`
	RawV2        string          `json:"RawV2"`
	Redacted     string          `json:"Redacted"`
}

var v3Known = []string{"SourceMetadata", "DetectorName", "Verified", "Raw", "RawV2", "Redacted"}

// v2 is one TruffleHog v2 result.
type v2 struct {
	Branch       string   `json:"branch"`
	Commit       string   `json:"commit"`
	CommitHash   string   `json:"commitHash"`
	Date         string   `json:"date"`
	Diff         string   `json:"diff"`
	Path         string   `json:"path"`
	PrintDiff    string   `json:"printDiff"`
	Reason       string   `json:"reason"`
	StringsFound []string `json:"stringsFound"`
}

var v2Known = []string{"branch", "commit", "commitHash", "date", "diff", "path", "printDiff", "reason", "stringsFound"}

type record struct {
	raw     json.RawMessage
	pointer string
	v3      *v3
	v2      *v2
	raws    []string // secret values
}

// Decode reads TruffleHog output.
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
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "TruffleHog", Vendor: "Truffle Security"}, Format: Format}}
	var records []record
	var values []string
	for i, raw := range items {
		p := pointers[i]
		var keys map[string]json.RawMessage
		if err := json.Unmarshal(raw, &keys); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "record skipped: not an object"))
			continue
		}
		// Secrets of records that fail to decode are redacted from the
		// others' text all the same.
		for _, k := range []string{"Raw", "RawV2"} {
			if s := decode.Scalar(keys[k]); s != "" {
				values = append(values, s, rawValue(s, decode.Scalar(keys["Redacted"])))
			}
		}
		values = append(values, decode.Scalars(keys["stringsFound"])...)
		_, isV3 := keys["SourceMetadata"]
		if _, ok := keys["DetectorName"]; ok {
			isV3 = true
		}
		_, isV2 := keys["stringsFound"]
		switch {
		case isV3:
			var res v3
			if err := json.Unmarshal(raw, &res); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "result skipped: %v", err))
				continue
			}
			value := rawValue(res.Raw, res.Redacted)
			value2 := rawValue(res.RawV2, res.Redacted)
			rec := record{raw: raw, pointer: p, v3: &res, raws: []string{value}}
			records = append(records, rec)
			values = append(values, value, value2, res.Raw, res.RawV2)
		case isV2:
			var res v2
			if err := json.Unmarshal(raw, &res); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(p, "result skipped: %v", err))
				continue
			}
			found := slices.DeleteFunc(slices.Clone(res.StringsFound), func(s string) bool { return s == "" })
			if len(found) == 0 {
				found = []string{""}
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(p, "result names no string found"))
			}
			records = append(records, record{raw: raw, pointer: p, v2: &res, raws: found})
			values = append(values, found...)
		default:
			// TruffleHog v3 logs are JSON too when --json is set and they
			// reach the same stream; they are not results.
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(p, "record skipped: not a TruffleHog result"))
		}
	}
	red := redact.New(values...)
	recs := decode.NewRecords(ctx)
	for _, rec := range records {
		for j, value := range rec.raws {
			if err := recs.Add(); err != nil {
				return nil, err
			}
			var f aspm.Finding
			if rec.v3 != nil {
				f = fromV3(rec.v3, value, rec.raw, red, lim)
			} else {
				f = fromV2(rec.v2, value, j, rec.raw, red, lim)
			}
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: rec.pointer}
			if rec.v2 != nil && len(rec.raws) > 1 {
				f.Provenance.Pointer = rec.pointer + "/stringsFound/" + strconv.Itoa(j)
			}
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}

// rawValue returns the secret TruffleHog found. Early v3 releases wrote Raw
// as bytes, which encoding/json renders in base64; later ones write the
// text. A value that decodes from base64 to printable text is taken as
// encoded when the tool's own redacted form starts like the decoded text,
// or when the undecoded text would not be printable base64 of printable
// text by chance (a random key is not).
func rawValue(raw, redacted string) string {
	if raw == "" || len(raw)%4 != 0 {
		return raw
	}
	b, err := base64.StdEncoding.DecodeString(raw)
	if err != nil || len(b) == 0 || !printable(b) {
		return raw
	}
	dec := string(b)
	if redacted != "" {
		n := min(4, len(redacted), len(dec))
		if redacted[:n] == dec[:n] {
			return dec
		}
		if n := min(4, len(redacted), len(raw)); redacted[:n] == raw[:n] {
			return raw
		}
	}
	return dec
}

func printable(b []byte) bool {
	if !utf8.Valid(b) {
		return false
	}
	for _, r := range string(b) {
		if !unicode.IsPrint(r) && r != '\n' && r != '\r' && r != '\t' {
			return false
		}
	}
	return true
}

func fromV3(res *v3, value string, raw json.RawMessage, red *redact.Redactor, lim decode.Limits) aspm.Finding {
	f := aspm.Finding{
		Kind:     aspm.KindSecret,
		Rule:     res.DetectorName,
		Title:    res.DetectorName,
		Severity: aspm.SeverityHigh,
		Secret:   &aspm.Secret{Type: res.DetectorName, Verified: res.Verified},
	}
	if f.Rule == "" {
		f.Rule = decode.Scalar(res.DetectorType)
		f.Title = "Detector " + f.Rule
	}
	if value != "" {
		f.Secret.Hash = redact.SecretHash(value)
		f.Secret.Redacted = aspm.RedactSecret(value)
	}
	props := map[string]string{}
	for k, v := range decode.RawProperties(decode.Leftovers(raw, v3Known...)) {
		// Members that later releases may add to carry the value itself
		// (secret parts, raw forms) keep only their size.
		if l := strings.ToLower(k); strings.Contains(l, "secret") || strings.Contains(l, "raw") {
			props[k+"_length"] = strconv.Itoa(len(v))
			continue
		}
		props[k] = v
	}
	if res.Raw != "" {
		props["Raw_length"] = strconv.Itoa(len(value))
	}
	if res.RawV2 != "" {
		v2 := rawValue(res.RawV2, res.Redacted)
		props["RawV2_length"] = strconv.Itoa(len(v2))
		if v2 != value {
			f.Fingerprints = map[string]string{"trufflehog-rawv2-sha256": redact.SecretHash(v2)}
		}
	}
	loc := aspm.Location{}
	sources := make([]string, 0, len(res.SourceMetadata.Data))
	for k := range res.SourceMetadata.Data {
		sources = append(sources, k)
	}
	slices.Sort(sources)
	for _, src := range sources {
		var meta map[string]json.RawMessage
		if json.Unmarshal(res.SourceMetadata.Data[src], &meta) != nil {
			continue
		}
		props["source"] = src
		sourceLocation(&loc, f.Secret, meta)
		for k, v := range decode.RawProperties(meta) {
			switch strings.ToLower(k) {
			case "file", "path", "line", "commit", "email", "timestamp", "image", "layer":
				continue
			}
			props[src+"."+k] = v
		}
		break // a result has one source
	}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	f.Properties = red.Props(props)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, lim.MaxText)
	}
	return f
}

// sourceLocation reads the file, line and commit of a v3 source's metadata
// (Git, Github, Gitlab, Filesystem, S3, Docker and the like).
func sourceLocation(loc *aspm.Location, sec *aspm.Secret, meta map[string]json.RawMessage) {
	get := func(keys ...string) string {
		for _, k := range keys {
			for mk, v := range meta {
				if strings.EqualFold(mk, k) {
					if s := decode.Scalar(v); s != "" {
						return s
					}
				}
			}
		}
		return ""
	}
	loc.File = strings.ReplaceAll(get("file", "path"), `\`, "/")
	if n, err := strconv.Atoi(get("line")); err == nil && n > 0 {
		loc.Region = &aspm.Region{StartLine: n}
	}
	loc.Image = get("image")
	loc.Layer = get("layer")
	sec.Commit = get("commit")
	sec.Date = get("timestamp")
	sec.Author = redact.Author(get("email"))
}

func fromV2(res *v2, value string, j int, raw json.RawMessage, red *redact.Redactor, lim decode.Limits) aspm.Finding {
	f := aspm.Finding{
		Kind:     aspm.KindSecret,
		Rule:     res.Reason,
		Title:    red.Text(res.Reason),
		Severity: aspm.SeverityHigh,
		Secret:   &aspm.Secret{Type: res.Reason, Commit: res.CommitHash, Date: res.Date},
	}
	if value != "" {
		f.Secret.Hash = redact.SecretHash(value)
		f.Secret.Redacted = aspm.RedactSecret(value)
	}
	if res.Path != "" {
		f.Locations = []aspm.Location{{File: strings.ReplaceAll(res.Path, `\`, "/")}}
	}
	props := decode.RawProperties(decode.Leftovers(raw, v2Known...))
	if props == nil {
		props = map[string]string{}
	}
	if res.Branch != "" {
		props["branch"] = res.Branch
	}
	if res.Commit != "" {
		props["commit"] = redact.Emails(res.Commit) // the commit message
	}
	// The diff holds the secret and others of the same commit in forms
	// (split lines, colour codes) that cannot be redacted reliably: only its
	// size is kept.
	if res.Diff != "" {
		props["diff_length"] = strconv.Itoa(len(res.Diff))
	}
	if res.PrintDiff != "" {
		props["printDiff_length"] = strconv.Itoa(len(res.PrintDiff))
	}
	if len(res.StringsFound) > 1 {
		props["stringsFound_count"] = strconv.Itoa(len(res.StringsFound))
		props["stringsFound_index"] = strconv.Itoa(j)
	}
	f.Properties = red.Props(props)
	for k, v := range f.Properties {
		f.Properties[k] = decode.Clip(v, lim.MaxText)
	}
	return f
}
