package dependencycheck

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// members is a JSON object read member by member, so that one member of an
// unexpected type costs that member, not the record.
type members map[string]json.RawMessage

// str takes member k as text: a string as it is, a number or boolean in its
// JSON spelling. It removes k, so that what is left can go to Properties.
func (m members) str(k string) string { return decode.TakeText(m, k) }

// take unmarshals member k into v and removes it; it reports whether k was
// there and readable.
func (m members) take(k string, v any) bool { return decode.Take(m, k, v) }

// rest renders the members left, with keys prefixed.
func (m members) rest(prefix string) map[string]string {
	out := map[string]string{}
	for k, v := range decode.RawProperties(m) {
		if strings.TrimSpace(v) != "" && v != "null" {
			out[prefix+k] = v
		}
	}
	return out
}

type jsonIdent struct {
	ID         string `json:"id"`
	Confidence string `json:"confidence"`
	URL        string `json:"url"`
	Notes      string `json:"notes"`
}

func idents(list []jsonIdent) []ident {
	out := make([]ident, 0, len(list))
	for _, i := range list {
		out = append(out, ident{strings.TrimSpace(i.ID), i.Confidence, strings.TrimSpace(i.URL), i.Notes})
	}
	return out
}

// Decode reads one Dependency-Check JSON report.
func (d *JSONDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top members
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, err
	}
	_, hasSchema := top["reportSchema"]
	_, hasDeps := top["dependencies"]
	_, hasScan := top["scanInfo"]
	if !hasSchema && !(hasDeps && hasScan) {
		return nil, fmt.Errorf("dependencycheck: %w: no reportSchema", decode.ErrNotFormat)
	}
	var diags []aspm.Diagnostic
	schema := top.str("reportSchema")
	if schema != "" && !strings.HasPrefix(schema, "1.") {
		diags = append(diags, aspm.Warnf("/reportSchema", "report schema %q is newer than 1.x; read as 1.1", decode.Clip(schema, 40)))
	}
	var scan members
	top.take("scanInfo", &scan)
	var proj members
	top.take("projectInfo", &proj)
	rep := report{
		engineVersion: scan.str("engineVersion"),
		project: project{
			name: proj.str("name"), groupID: proj.str("groupID"), artifactID: proj.str("artifactID"),
			version: proj.str("version"), reportDate: proj.str("reportDate"),
		},
	}
	var deps []json.RawMessage
	if raw, ok := top["dependencies"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &deps); err != nil {
			return nil, fmt.Errorf("dependencycheck: %w: dependencies is not an array", decode.ErrNotFormat)
		}
	}
	for i, raw := range deps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		where := "/dependencies/" + strconv.Itoa(i)
		dep, err := jsonDependency(raw, where)
		if err != nil {
			diags = append(diags, aspm.Errorf(where, "unreadable dependency: %v", err))
			continue
		}
		for _, raw := range dep.rawVulns {
			vw := fmt.Sprintf("%s/%s/%d", where, raw.list, raw.index)
			v, err := jsonVuln(raw.msg, vw, raw.list == "suppressedVulnerabilities")
			if err != nil {
				diags = append(diags, aspm.Errorf(vw, "unreadable vulnerability: %v", err))
				continue
			}
			dep.vulns = append(dep.vulns, v)
		}
		rep.deps = append(rep.deps, dep.dependency)
	}
	doc, err := build(&rep, FormatJSON, lim, decode.NewRecords(ctx))
	if err != nil {
		return nil, err
	}
	doc.Diagnostics = append(diags, doc.Diagnostics...)
	return doc, nil
}

type rawVuln struct {
	list  string // "vulnerabilities" or "suppressedVulnerabilities"
	index int    // in list
	msg   json.RawMessage
}

type jsonDep struct {
	dependency
	rawVulns []rawVuln
}

func jsonDependency(raw json.RawMessage, where string) (jsonDep, error) {
	var m members
	if err := json.Unmarshal(raw, &m); err != nil {
		return jsonDep{}, err
	}
	if m == nil {
		return jsonDep{}, fmt.Errorf("not an object")
	}
	d := jsonDep{dependency: dependency{
		fileName: strings.TrimSpace(m.str("fileName")), filePath: m.str("filePath"),
		md5: m.str("md5"), sha1: m.str("sha1"), sha256: m.str("sha256"),
		description: m.str("description"), license: m.str("license"), virtual: m.str("isVirtual"),
		where: where,
	}}
	m.take("projectReferences", &d.projectRefs)
	var pk, vi, si []jsonIdent
	m.take("packages", &pk)
	m.take("vulnerabilityIds", &vi)
	m.take("suppressedVulnerabilityIds", &si)
	d.packages, d.vulnIDs, d.suppressedIDs = idents(pk), idents(vi), idents(si)
	var rel []struct {
		IsVirtual  bool        `json:"isVirtual"`
		FileName   string      `json:"fileName"`
		FilePath   string      `json:"filePath"`
		SHA256     string      `json:"sha256"`
		SHA1       string      `json:"sha1"`
		MD5        string      `json:"md5"`
		PackageIDs []jsonIdent `json:"packageIds"`
	}
	m.take("relatedDependencies", &rel)
	for _, r := range rel {
		d.related = append(d.related, related{
			FileName: strings.TrimSpace(r.FileName), FilePath: strings.TrimSpace(r.FilePath),
			SHA256: r.SHA256, SHA1: r.SHA1, MD5: r.MD5, Virtual: r.IsVirtual, Packages: identValues(idents(r.PackageIDs)),
		})
	}
	delete(m, "evidenceCollected") // what the analysers read; not kept
	for _, list := range []string{"vulnerabilities", "suppressedVulnerabilities"} {
		var vs []json.RawMessage
		if raw, ok := m[list]; ok {
			delete(m, list)
			if err := json.Unmarshal(raw, &vs); err != nil {
				return jsonDep{}, fmt.Errorf("%s is not an array", list)
			}
		}
		for i, v := range vs {
			d.rawVulns = append(d.rawVulns, rawVuln{list, i, v})
		}
	}
	d.extra = m.rest("")
	return d, nil
}

func jsonVuln(raw json.RawMessage, where string, suppressed bool) (vuln, error) {
	var m members
	if err := json.Unmarshal(raw, &m); err != nil {
		return vuln{}, err
	}
	if m == nil {
		return vuln{}, fmt.Errorf("not an object")
	}
	v := vuln{
		suppressed: suppressed, where: where,
		source: m.str("source"), name: strings.TrimSpace(m.str("name")),
		severity: m.str("severity"), unscored: m.str("unscored"),
		description: m.str("description"), notes: m.str("notes"),
	}
	for _, b := range []struct{ key, family string }{{"cvssv2", "2"}, {"cvssv3", "3"}, {"cvssv4", "4"}} {
		var cm members
		if !m.take(b.key, &cm) || cm == nil {
			continue
		}
		keys := make([]string, 0, len(cm))
		for k := range cm {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		blk := cvssBlock{family: b.family, prefix: b.key}
		for _, k := range keys {
			blk.fields = append(blk.fields, field{k, decode.ScalarText(cm[k])})
		}
		v.cvss = append(v.cvss, blk)
	}
	legacy := cvssBlock{family: "2", prefix: "cvss"}
	for _, k := range []string{"cvssScore", "cvssAccessVector", "cvssAccessComplexity", "cvssAuthenticationr", "cvssAuthentication", "cvssConfidentialImpact", "cvssIntegrityImpact", "cvssAvailabilityImpact"} {
		if _, ok := m[k]; ok {
			legacy.fields = append(legacy.fields, field{legacyCVSS[k], m.str(k)})
		}
	}
	if len(legacy.fields) > 0 {
		v.cvss = append(v.cvss, legacy)
	}
	var cwes []string
	if !m.take("cwes", &cwes) {
		var one string
		if m.take("cwe", &one) {
			cwes = []string{one}
		}
	}
	v.cwes = cwes
	m.take("references", &v.refs)
	var sw []struct {
		Software map[string]json.RawMessage `json:"software"`
	}
	m.take("vulnerableSoftware", &sw)
	for _, s := range sw {
		e := map[string]string{}
		for k, val := range s.Software {
			e[k] = decode.ScalarText(val)
		}
		v.software = append(v.software, e)
	}
	v.extra = m.rest("")
	return v, nil
}
