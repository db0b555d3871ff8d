package generic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// FormatJSON is the name of the JSON format.
const FormatJSON aspm.Format = "generic-json"

// JSONDecoder reads posture-generic JSON reports. The zero value is ready
// to use; it is safe for concurrent use.
type JSONDecoder struct{}

// Format returns [FormatJSON].
func (*JSONDecoder) Format() aspm.Format { return FormatJSON }

// Detect reports whether head is a JSON object whose schema member names a
// version of the posture-generic format. Other versions than v1 are
// detected so that decoding can say they are unsupported.
func (*JSONDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	return s.JSON && !s.Array && strings.HasPrefix(s.Strings["schema"], schemaPrefix)
}

// Decode reads one posture-generic/v1 report. Members the format does not
// define are reported as warnings; a finding-level one is also kept in the
// finding's properties.
func (*JSONDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("%w: a %s report is a JSON object", decode.ErrNotFormat, SchemaV1)
		}
		return nil, err
	}
	var schema string
	if raw, ok := top["schema"]; !ok || json.Unmarshal(raw, &schema) != nil {
		return nil, fmt.Errorf("%w: no schema member naming %s", decode.ErrNotFormat, SchemaV1)
	}
	switch {
	case schema == SchemaV1:
	case strings.HasPrefix(schema, schemaPrefix):
		return nil, fmt.Errorf("%w: %q (this version of posture reads %s)", decode.ErrUnsupported, schema, SchemaV1)
	default:
		return nil, fmt.Errorf("%w: schema %q is not %s", decode.ErrNotFormat, schema, SchemaV1)
	}
	doc := &aspm.Document{Source: aspm.Source{Format: FormatJSON}}
	warn := func(ptr, format string, args ...any) {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(ptr, format, args...))
	}
	doc.Diagnostics = append(doc.Diagnostics, unknownMembers(data, reflect.TypeFor[Report](), "", "/findings")...)

	if raw, ok := top["tool"]; ok {
		var t Tool
		if err := json.Unmarshal(raw, &t); err != nil {
			warn("/tool", "tool ignored: %v", err)
		}
		doc.Source.Tool = aspm.Tool{Name: strings.TrimSpace(t.Name), Version: strings.TrimSpace(t.Version), Vendor: strings.TrimSpace(t.Vendor)}
	}
	if doc.Source.Tool.Name == "" {
		warn("/tool/name", "the report names no tool")
	}
	if raw, ok := top["target"]; ok && string(raw) != "null" {
		var t Target
		if err := json.Unmarshal(raw, &t); err != nil {
			warn("/target", "target ignored: %v", err)
		} else if t.Name != "" {
			kind := aspm.TargetKind(strings.ToLower(strings.TrimSpace(t.Kind)))
			switch kind {
			case "", aspm.TargetImage, aspm.TargetRepository, aspm.TargetManifest, aspm.TargetURL, aspm.TargetCluster, aspm.TargetOther:
			default:
				warn("/target/kind", "target kind %q is not image, repository, manifest, url, cluster or other; read as other", t.Kind)
				kind = aspm.TargetOther
			}
			doc.Source.Target = &aspm.Target{Kind: kind, Name: strings.TrimSpace(t.Name)}
		}
	}
	if raw, ok := top["scan_time"]; ok && string(raw) != "null" {
		var ts time.Time
		if err := json.Unmarshal(raw, &ts); err != nil {
			warn("/scan_time", "scan_time is not an RFC 3339 time: %v", err)
		} else {
			doc.Source.ScanTime = ts.UTC()
		}
	}
	var findings []json.RawMessage
	raw, ok := top["findings"]
	if !ok {
		warn("/findings", "the report has no findings member; read as none")
	} else if err := json.Unmarshal(raw, &findings); err != nil {
		return nil, fmt.Errorf("%w: findings is not an array", decode.ErrNotFormat)
	}
	recs := decode.NewRecords(ctx)
	known := jsonNames(reflect.TypeFor[Finding]())
	for i, raw := range findings {
		ptr := "/findings/" + strconv.Itoa(i)
		var w Finding
		if err := json.Unmarshal(raw, &w); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "finding skipped: %s", describe(err)))
			continue
		}
		doc.Diagnostics = append(doc.Diagnostics, unknownMembers(raw, reflect.TypeFor[Finding](), ptr, "")...)
		f, diags, err := w.finding(lim, ptr)
		doc.Diagnostics = append(doc.Diagnostics, diags...)
		if err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "finding skipped: %v", err))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		var members map[string]json.RawMessage
		_ = json.Unmarshal(raw, &members)
		extra := map[string]json.RawMessage{}
		for k, v := range members {
			if _, prop := f.Properties[k]; !slices.Contains(known, k) && !prop {
				extra[k] = v
			}
		}
		for k, v := range decode.RawProperties(extra) {
			if f.Properties == nil {
				f.Properties = map[string]string{}
			}
			f.Properties[k] = decode.Clip(v, lim.MaxText)
		}
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: ptr}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

// describe renders a JSON type error with the member's name.
func describe(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return fmt.Sprintf("%s: JSON %s where %s was expected", te.Field, te.Value, te.Type)
	}
	return err.Error()
}

// unknownMembers returns a warning for each member of the JSON object raw,
// and of the objects inside it, that type t does not define. skip names a
// member (a JSON pointer below ptr) that is checked elsewhere.
func unknownMembers(raw json.RawMessage, t reflect.Type, ptr, skip string) []aspm.Diagnostic {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		if t == reflect.TypeFor[time.Time]() {
			return nil
		}
		var members map[string]json.RawMessage
		if json.Unmarshal(raw, &members) != nil {
			return nil // not an object: the typed decoding reports it
		}
		names := make([]string, 0, len(members))
		for k := range members {
			names = append(names, k)
		}
		slices.Sort(names)
		var diags []aspm.Diagnostic
		for _, k := range names {
			p := ptr + "/" + escapePointer(k)
			if p == skip {
				continue
			}
			field, ok := fieldByName(t, k)
			if !ok {
				diags = append(diags, aspm.Warnf(p, "unknown member %q", k))
				continue
			}
			diags = append(diags, unknownMembers(members[k], field.Type, p, skip)...)
		}
		return diags
	case reflect.Slice:
		var items []json.RawMessage
		if json.Unmarshal(raw, &items) != nil {
			return nil
		}
		var diags []aspm.Diagnostic
		for i, it := range items {
			diags = append(diags, unknownMembers(it, t.Elem(), ptr+"/"+strconv.Itoa(i), skip)...)
		}
		return diags
	}
	return nil
}

func fieldByName(t reflect.Type, name string) (reflect.StructField, bool) {
	for i := range t.NumField() {
		f := t.Field(i)
		if tagName(f) == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

func jsonNames(t reflect.Type) []string {
	var out []string
	for i := range t.NumField() {
		out = append(out, tagName(t.Field(i)))
	}
	return out
}

func tagName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
	if name == "" {
		return f.Name
	}
	return name
}

var pointerEscaper = strings.NewReplacer("~", "~0", "/", "~1")

func escapePointer(s string) string { return pointerEscaper.Replace(s) }
