package pipaudit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "pip-audit"

// Decoder reads pip-audit JSON. The zero value is ready to use; it is safe
// for concurrent use.
type Decoder struct{}

// Format returns Format.
func (*Decoder) Format() aspm.Format { return Format }

// Detect accepts an object whose only members are "dependencies" (and
// "fixes") and that names "vulns" or "skip_reason", or an array whose first
// element has "name" with "version" and "vulns" or with "skip_reason".
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON {
		return false
	}
	if s.Array {
		switch {
		case s.Has("name", "version", "vulns"):
			return len(s.Keys) <= 4
		case s.Has("name", "skip_reason"):
			return len(s.Keys) <= 3
		}
		return false
	}
	if !s.Has("dependencies") {
		return false
	}
	for _, k := range s.Keys {
		if k != "dependencies" && k != "fixes" {
			return false
		}
	}
	return bytes.Contains(head, []byte(`"vulns"`)) || bytes.Contains(head, []byte(`"skip_reason"`))
}

type dependency struct {
	Name       string            `json:"name"`
	Version    string            `json:"version"`
	Vulns      []json.RawMessage `json:"vulns"`
	SkipReason string            `json:"skip_reason"`
}

type vuln struct {
	ID          string   `json:"id"`
	FixVersions []string `json:"fix_versions"`
	Aliases     []string `json:"aliases"`
	Description string   `json:"description"`
}

type fix struct {
	Name       string `json:"name"`
	OldVersion string `json:"old_version"`
	NewVersion string `json:"new_version"`
	SkipReason string `json:"skip_reason"`
}

// Decode reads pip-audit JSON.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var rawDeps []json.RawMessage
	prefix := ""
	var fixes []fix
	var diags []aspm.Diagnostic
	if t := bytes.TrimSpace(data); len(t) > 0 && t[0] == '[' {
		if err := decode.Unmarshal(data, lim.MaxDepth, &rawDeps); err != nil {
			return nil, decode.ShapeError(err)
		}
	} else {
		var top map[string]json.RawMessage
		if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
			return nil, decode.ShapeError(err)
		}
		raw, ok := top["dependencies"]
		if !ok {
			return nil, fmt.Errorf("%w: no dependencies", decode.ErrNotFormat)
		}
		if err := json.Unmarshal(raw, &rawDeps); err != nil {
			return nil, fmt.Errorf("%w: dependencies is not an array", decode.ErrNotFormat)
		}
		prefix = "/dependencies"
		if raw, ok := top["fixes"]; ok {
			if err := json.Unmarshal(raw, &fixes); err != nil {
				diags = append(diags, aspm.Warnf("/fixes", "fixes skipped: %v", err))
			}
		}
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "pip-audit"}, Format: Format}, Diagnostics: diags}
	recs := decode.NewRecords(ctx)
	for i, raw := range rawDeps {
		ptr := fmt.Sprintf("%s/%d", prefix, i)
		var d dependency
		if err := json.Unmarshal(raw, &d); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "dependency skipped: %v", err))
			continue
		}
		if strings.TrimSpace(d.Name) == "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "dependency without a name skipped"))
			continue
		}
		if d.SkipReason != "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo, Pointer: ptr,
				Message: fmt.Sprintf("pip-audit skipped %s: %s", d.Name, decode.Clip(d.SkipReason, lim.MaxText))})
		}
		comp := aspm.Component{PURL: aspm.PURLFromEcosystem("pypi", d.Name, d.Version), Name: d.Name, Version: d.Version, Ecosystem: "PyPI"}
		if d.Version != "" {
			if err := recs.Add(); err != nil {
				return nil, err
			}
			doc.Components = append(doc.Components, comp)
		}
		for j, rawVuln := range d.Vulns {
			vptr := fmt.Sprintf("%s/vulns/%d", ptr, j)
			var members map[string]json.RawMessage
			var v vuln
			if err := json.Unmarshal(rawVuln, &members); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(vptr, "vulnerability skipped: %v", err))
				continue
			}
			if err := json.Unmarshal(rawVuln, &v); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(vptr, "vulnerability skipped: %v", err))
				continue
			}
			if strings.TrimSpace(v.ID) == "" {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(vptr, "vulnerability without an id skipped"))
				continue
			}
			if err := recs.Add(); err != nil {
				return nil, err
			}
			c := comp
			f := aspm.Finding{
				Kind:          aspm.KindSCA,
				Rule:          v.ID,
				Title:         strings.TrimSpace(v.ID + " in " + d.Name + " " + d.Version),
				Description:   decode.Clip(v.Description, lim.MaxText),
				Severity:      aspm.SeverityUnknown,
				Vulns:         []aspm.Vuln{aspm.NewVuln(v.ID, v.Aliases...)},
				Component:     &c,
				FixedVersions: nonEmpty(v.FixVersions),
				Provenance:    aspm.Provenance{Index: len(doc.Findings), Pointer: vptr},
				Properties:    decode.MemberProperties(members, "id", "fix_versions", "aliases", "description"),
			}
			if k := slices.IndexFunc(fixes, func(x fix) bool { return strings.EqualFold(x.Name, d.Name) && x.NewVersion != "" }); k >= 0 {
				if f.Properties == nil {
					f.Properties = map[string]string{}
				}
				f.Properties["fix_applied"] = fixes[k].NewVersion
			}
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}

func nonEmpty(ss []string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" && !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}
