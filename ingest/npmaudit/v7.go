package npmaudit

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
	"github.com/posturekit/posture/internal/npmadvisory"
)

// FormatV7 is the name of the npm 7 and later audit report format.
const FormatV7 aspm.Format = "npm-audit-v7"

// V7Decoder reads npm 7 and later audit reports (auditReportVersion 2). The
// zero value is ready to use; it is safe for concurrent use.
type V7Decoder struct{}

// Format returns FormatV7.
func (*V7Decoder) Format() aspm.Format { return FormatV7 }

// Detect accepts a JSON object with the members "auditReportVersion" and
// "vulnerabilities".
func (*V7Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	return s.JSON && !s.Array && s.Has("auditReportVersion", "vulnerabilities")
}

type v7Package struct {
	Name         string            `json:"name"`
	Severity     string            `json:"severity"`
	IsDirect     *bool             `json:"isDirect"`
	Via          []json.RawMessage `json:"via"`
	Effects      []string          `json:"effects"`
	Range        string            `json:"range"`
	Nodes        []string          `json:"nodes"`
	FixAvailable json.RawMessage   `json:"fixAvailable"`
}

type v7Via struct {
	Source     json.RawMessage   `json:"source"`
	Name       string            `json:"name"`
	Dependency string            `json:"dependency"`
	Title      string            `json:"title"`
	URL        string            `json:"url"`
	Severity   string            `json:"severity"`
	CWE        json.RawMessage   `json:"cwe"`
	CVSS       *npmadvisory.CVSS `json:"cvss"`
	Range      string            `json:"range"`
}

// v7ViaConsumed are the advisory members that the finding holds elsewhere.
var v7ViaConsumed = []string{"source", "name", "title", "url", "severity", "cwe", "cvss", "range"}

// Decode reads an npm 7 audit report.
func (*V7Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, decode.ShapeError(err)
	}
	rawVersion, ok := top["auditReportVersion"]
	if !ok {
		return nil, fmt.Errorf("%w: no auditReportVersion", decode.ErrNotFormat)
	}
	if v := decode.RawText(rawVersion); v != "2" {
		return nil, fmt.Errorf("%w: npm audit report version %q", decode.ErrUnsupported, v)
	}
	var pkgs map[string]json.RawMessage
	if err := json.Unmarshal(top["vulnerabilities"], &pkgs); err != nil {
		return nil, fmt.Errorf("%w: vulnerabilities is not an object", decode.ErrNotFormat)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "npm audit"}, Format: FormatV7}}
	recs := decode.NewRecords(ctx)
	for _, key := range sortedKeys(pkgs) {
		ptr := "/vulnerabilities/" + decode.PointerToken(key)
		var p v7Package
		if err := json.Unmarshal(pkgs[key], &p); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "package skipped: %v", err))
			continue
		}
		if p.Name == "" {
			p.Name = key
		}
		var seen, through []string
		for i, raw := range p.Via {
			vptr := fmt.Sprintf("%s/via/%d", ptr, i)
			raw = bytes.TrimSpace(raw)
			if len(raw) > 0 && raw[0] == '"' {
				if name := decode.RawText(raw); name != "" {
					through = append(through, name)
				}
				continue
			}
			var members map[string]json.RawMessage
			var via v7Via
			if err := json.Unmarshal(raw, &members); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(vptr, "advisory skipped: %v", err))
				continue
			}
			if err := json.Unmarshal(raw, &via); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(vptr, "advisory skipped: %v", err))
				continue
			}
			id := decode.RawText(via.Source)
			dedup := id
			if dedup == "" {
				dedup = via.URL + "\x00" + via.Title
			}
			if slices.Contains(seen, dedup) {
				continue
			}
			seen = append(seen, dedup)
			if err := recs.Add(); err != nil {
				return nil, err
			}
			doc.Findings = append(doc.Findings, v7Finding(lim, &p, &via, members, id, len(doc.Findings), vptr))
		}
		if len(seen) > 0 && len(through) > 0 {
			// the package is also vulnerable through others: say so on its own findings
			for i := len(doc.Findings) - len(seen); i < len(doc.Findings); i++ {
				decode.SetProperty(&doc.Findings[i], "via", npmadvisory.JSONList(through))
			}
		}
	}
	return doc, nil
}

func v7Finding(lim decode.Limits, p *v7Package, via *v7Via, members map[string]json.RawMessage, id string, index int, ptr string) aspm.Finding {
	name := decode.FirstNonEmpty(via.Name, p.Name)
	f := aspm.Finding{
		Kind:         aspm.KindSCA,
		Rule:         id,
		RuleName:     strings.TrimSpace(via.Title),
		Title:        decode.Clip(decode.FirstLine(via.Title), lim.MaxText),
		Severity:     aspm.ParseSeverity(decode.FirstNonEmpty(via.Severity, p.Severity)),
		ToolSeverity: decode.FirstNonEmpty(via.Severity, p.Severity),
		CWEs:         aspm.ParseCWEs(string(via.CWE)),
		Vulns:        npmadvisory.Vulns(npmadvisory.GHSAFromURL(via.URL), nil),
		CVSS:         via.CVSS.Scores(),
		References:   npmadvisory.References(via.URL, ""),
		Provenance:   aspm.Provenance{Index: index, Pointer: ptr},
		Properties:   decode.MemberProperties(members, v7ViaConsumed...),
	}
	if f.Title == "" {
		f.Title = "npm advisory " + id
	}
	f.FixedVersions = npmadvisory.FixedFromVulnerable(via.Range)
	c := &aspm.Component{PURL: aspm.PURLFromEcosystem("npm", name, ""), Name: name, Ecosystem: "npm", Paths: slices.Clone(p.Nodes)}
	if p.IsDirect != nil {
		c.Scope = aspm.ScopeTransitive
		if *p.IsDirect {
			c.Scope = aspm.ScopeDirect
		}
	}
	f.Component = c
	decode.SetProperty(&f, "npm_advisory_id", id)
	decode.SetProperty(&f, "vulnerable_range", via.Range)
	decode.SetProperty(&f, "range", p.Range)
	decode.SetProperty(&f, "effects", npmadvisory.JSONList(p.Effects))
	decode.SetProperty(&f, "fix_available", decode.RawText(p.FixAvailable))
	if name != p.Name {
		decode.SetProperty(&f, "package", p.Name)
	}
	return f
}
