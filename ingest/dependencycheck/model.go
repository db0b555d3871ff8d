package dependencycheck

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// report is a Dependency-Check report as both syntaxes give it, before
// mapping.
type report struct {
	engineVersion string
	project       project
	deps          []dependency
}

type project struct {
	name, groupID, artifactID, version, reportDate string
}

// ident is a package or vulnerable-software identifier.
type ident struct {
	id, confidence, url, notes string
}

// related is one entry of a dependency's relatedDependencies.
type related struct {
	FileName string   `json:"fileName,omitempty"`
	FilePath string   `json:"filePath,omitempty"`
	SHA256   string   `json:"sha256,omitempty"`
	SHA1     string   `json:"sha1,omitempty"`
	MD5      string   `json:"md5,omitempty"`
	Virtual  bool     `json:"isVirtual,omitempty"`
	Packages []string `json:"packageIds,omitempty"`
}

type dependency struct {
	fileName, filePath   string
	md5, sha1, sha256    string
	description, license string
	virtual              string
	projectRefs          []string
	packages             []ident // purls, by the report's confidence order
	legacy               []ident // Dependency-Check 1.x <identifier type=…>: id is "type:name"
	vulnIDs              []ident // CPEs that vulnerabilities were looked up by
	suppressedIDs        []ident
	related              []related
	extra                map[string]string // other dependency members, rendered
	vulns                []vuln
	where                string
}

// field is one member of a CVSS block, in input order.
type field struct{ name, value string }

// cvssBlock is a cvssV2, cvssV3 or cvssV4 block; family is "2", "3" or "4".
type cvssBlock struct {
	family string
	prefix string // the block's name in the input, for Properties
	fields []field
}

func (c *cvssBlock) get(names ...string) (string, bool) {
	for _, n := range names {
		for _, f := range c.fields {
			if strings.EqualFold(f.name, n) {
				return strings.TrimSpace(f.value), true
			}
		}
	}
	return "", false
}

type reference struct {
	Source string `json:"source,omitempty"`
	URL    string `json:"url,omitempty"`
	Name   string `json:"name,omitempty"`
}

type vuln struct {
	suppressed         bool
	source, name       string
	severity, unscored string
	cvss               []cvssBlock
	cwes               []string
	description, notes string
	refs               []reference
	software           []map[string]string // vulnerableSoftware entries: "id" and the attributes
	extra              map[string]string   // other members, rendered
	where              string
}

var tool = aspm.Tool{Name: "Dependency-Check", Vendor: "OWASP"}

// build maps a report onto a document: one finding per vulnerability (or
// suppressed vulnerability) of each dependency.
func build(r *report, format aspm.Format, lim decode.Limits, recs *decode.Records) (*aspm.Document, error) {
	doc := &aspm.Document{Source: aspm.Source{Tool: tool, Format: format}}
	doc.Source.Tool.Version = strings.TrimSpace(r.engineVersion)
	doc.Source.ScanTime = parseTime(r.project.reportDate)
	if t := target(&r.project); t != nil {
		doc.Source.Target = t
	}
	for i := range r.deps {
		d := &r.deps[i]
		comp := component(d, lim, doc)
		for j := range d.vulns {
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f := finding(d, &d.vulns[j], comp, lim)
			f.Provenance.Index = len(doc.Findings)
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}

func target(p *project) *aspm.Target {
	name := strings.TrimSpace(p.name)
	g, a, v := strings.TrimSpace(p.groupID), strings.TrimSpace(p.artifactID), strings.TrimSpace(p.version)
	if name == "" && a == "" {
		return nil
	}
	t := &aspm.Target{Kind: aspm.TargetRepository, Name: name}
	if a != "" {
		if g != "" {
			t.PURL = aspm.PURLFromEcosystem("Maven", g+":"+a, v)
		}
		if t.Name == "" {
			t.Name = a
		}
	}
	return t
}

// component builds the dependency's component: its purl is the first
// package identifier that parses (else a Dependency-Check 1.x maven
// identifier), its paths the dependency's file path.
func component(d *dependency, lim decode.Limits, doc *aspm.Document) *aspm.Component {
	c := &aspm.Component{}
	for i, p := range d.packages {
		pu, err := aspm.ParsePURL(p.id)
		if err != nil {
			if strings.HasPrefix(strings.TrimSpace(p.id), "pkg:") {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(fmt.Sprintf("%s/packages/%d", d.where, i), "%v", err))
			}
			continue
		}
		c.PURL = pu
		break
	}
	if c.PURL.IsZero() {
		for _, l := range d.legacy {
			typ, name, _ := strings.Cut(l.id, ":")
			if strings.EqualFold(typ, "maven") {
				ga, ver := name, ""
				if k := strings.LastIndexByte(name, ':'); k > 0 && strings.Count(name, ":") >= 2 {
					ga, ver = name[:k], name[k+1:]
				}
				if c.PURL = aspm.PURLFromEcosystem("Maven", ga, ver); !c.PURL.IsZero() {
					break
				}
			}
		}
	}
	for _, v := range d.vulnIDs {
		if strings.HasPrefix(v.id, "cpe:") {
			c.CPE = v.id
			break
		}
	}
	if c.CPE == "" {
		for _, l := range d.legacy {
			if typ, name, _ := strings.Cut(l.id, ":"); strings.EqualFold(typ, "cpe") {
				c.CPE = name
				break
			}
		}
	}
	if !c.PURL.IsZero() {
		c.Name, c.Version = c.PURL.FullName(), c.PURL.Version()
	} else {
		c.Name = decode.Clip(d.fileName, lim.MaxText)
	}
	if p := cleanPath(d.filePath); p != "" {
		c.Paths = []string{p}
	}
	for _, h := range []aspm.Hash{{Algorithm: "MD5", Value: d.md5}, {Algorithm: "SHA1", Value: d.sha1}, {Algorithm: "SHA256", Value: d.sha256}} {
		if h.Value = strings.TrimSpace(h.Value); h.Value != "" {
			c.Hashes = append(c.Hashes, h)
		}
	}
	if l := strings.TrimSpace(d.license); l != "" {
		c.Licenses = []string{decode.Clip(l, lim.MaxText)}
	}
	return c
}

// cleanPath trims a report path and turns backslashes into slashes.
func cleanPath(p string) string {
	return strings.ReplaceAll(strings.TrimSpace(p), `\`, "/")
}

// idLike reports whether a vulnerability name is an identifier (CVE-…,
// GHSA-…, sonatype-…, an npm advisory number) rather than a sentence (OSS
// Index names some entries by their CWE title).
func idLike(s string) bool {
	return s != "" && len(s) <= 128 && !strings.ContainsAny(s, " \t\r\n:")
}

// vulnID returns the advisory id of a vulnerability name; a bare number
// (an npm advisory) is prefixed with its source ("NPM-1500") so that it
// cannot be mistaken for another database's number.
func vulnID(name, source string) string {
	if _, err := strconv.ParseUint(name, 10, 64); err == nil && source != "" {
		return strings.ToUpper(source) + "-" + name
	}
	return name
}

func finding(d *dependency, v *vuln, comp *aspm.Component, lim decode.Limits) aspm.Finding {
	name := strings.TrimSpace(v.name)
	source := strings.TrimSpace(v.source)
	c := *comp
	f := aspm.Finding{
		Kind:         aspm.KindSCA,
		Rule:         decode.Clip(name, 256),
		Description:  decode.Clip(strings.TrimSpace(v.description), lim.MaxText),
		ToolSeverity: strings.TrimSpace(v.severity),
		Component:    &c,
		Provenance:   aspm.Provenance{Pointer: v.where},
	}
	first, _, _ := strings.Cut(name, "\n")
	what := c.Name
	if c.Version != "" {
		what += "@" + c.Version
	}
	if what == "" {
		what = "an unnamed dependency"
	}
	f.Title = decode.Clip(strings.TrimSpace(first), 256) + " in " + what
	if idLike(name) {
		f.Vulns = []aspm.Vuln{aspm.NewVuln(vulnID(name, source))}
	}
	cweTexts := slices.Clone(v.cwes)
	if !idLike(name) {
		cweTexts = append(cweTexts, name) // "CWE-400: Uncontrolled Resource Consumption"
	}
	f.CWEs = aspm.ParseCWEs(cweTexts...)
	if p := cleanPath(d.filePath); p != "" {
		f.Locations = append(f.Locations, aspm.Location{File: p})
	}
	for _, r := range d.related {
		if p := cleanPath(r.FilePath); p != "" {
			f.Locations = append(f.Locations, aspm.Location{File: p})
		}
	}
	if len(d.packages) > 0 {
		f.Confidence = strings.TrimSpace(d.packages[0].confidence)
	}
	props := map[string]string{}
	f.CVSS = cvssList(v.cvss, strings.ToLower(source), props)
	f.Severity = aspm.ParseSeverity(f.ToolSeverity)
	if f.Severity == aspm.SeverityUnknown {
		f.Severity = scoreSeverity(f.CVSS)
	}
	if v.suppressed {
		f.Status = aspm.StatusSuppressed
	}
	allURLs := true
	for _, r := range v.refs {
		u := strings.TrimSpace(r.URL)
		if u == "" {
			allURLs = false
			continue
		}
		if !slices.Contains(f.References, u) {
			f.References = append(f.References, u)
		}
	}
	// Properties: what the model has no field for.
	set := func(k, val string) {
		if val = strings.TrimSpace(val); val != "" {
			props[k] = decode.Clip(val, lim.MaxText)
		}
	}
	set("source", source)
	set("notes", v.notes)
	set("unscored", v.unscored)
	set("fileName", d.fileName)
	set("dependency.description", d.description)
	set("isVirtual", d.virtual)
	if !allURLs {
		set("references", jsonText(v.refs))
	}
	if len(v.software) > 0 {
		set("vulnerableSoftware", jsonText(v.software))
	}
	if len(d.projectRefs) > 0 {
		set("projectReferences", jsonText(d.projectRefs))
	}
	if len(d.related) > 0 {
		set("relatedDependencies", jsonText(d.related))
	}
	if ids := identValues(d.vulnIDs); len(ids) > 1 {
		set("vulnerabilityIds", jsonText(ids))
	}
	if ids := identValues(d.suppressedIDs); len(ids) > 0 {
		set("suppressedIdentifiers", jsonText(ids))
	}
	if len(d.packages) > 1 {
		set("packages", jsonText(identValues(d.packages)))
	}
	for k, val := range d.extra {
		set(k, val)
	}
	for k, val := range v.extra {
		set(k, val)
	}
	if len(props) > 0 {
		f.Properties = props
	}
	return f
}

func identValues(ids []ident) []string {
	var out []string
	for _, i := range ids {
		if s := strings.TrimSpace(i.id); s != "" {
			out = append(out, s)
		}
	}
	return out
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

// scoreSeverity maps the newest CVSS score the finding has onto a severity.
func scoreSeverity(list []aspm.CVSS) aspm.Severity {
	best, bestVer := -1.0, ""
	for _, c := range list {
		if c.Score > 0 && c.Version >= bestVer {
			best, bestVer = c.Score, c.Version
		}
	}
	if best < 0 {
		return aspm.SeverityUnknown
	}
	return aspm.SeverityFromScore(best)
}

// The CVSS metric words Dependency-Check writes (NVD's enumerations), by
// metric, with their vector letters. A value that is already a letter is
// accepted as it is.
var (
	v3Metrics = []struct {
		key   string
		names []string
		vals  map[string]string
	}{
		{"AV", []string{"attackVector"}, map[string]string{"NETWORK": "N", "ADJACENT_NETWORK": "A", "ADJACENT": "A", "LOCAL": "L", "PHYSICAL": "P"}},
		{"AC", []string{"attackComplexity"}, map[string]string{"LOW": "L", "HIGH": "H"}},
		{"PR", []string{"privilegesRequired"}, map[string]string{"NONE": "N", "LOW": "L", "HIGH": "H"}},
		{"UI", []string{"userInteraction"}, map[string]string{"NONE": "N", "REQUIRED": "R"}},
		{"S", []string{"scope"}, map[string]string{"UNCHANGED": "U", "CHANGED": "C"}},
		{"C", []string{"confidentialityImpact"}, map[string]string{"HIGH": "H", "LOW": "L", "NONE": "N"}},
		{"I", []string{"integrityImpact"}, map[string]string{"HIGH": "H", "LOW": "L", "NONE": "N"}},
		{"A", []string{"availabilityImpact"}, map[string]string{"HIGH": "H", "LOW": "L", "NONE": "N"}},
	}
	v2Metrics = []struct {
		key   string
		names []string
		vals  map[string]string
	}{
		{"AV", []string{"accessVector"}, map[string]string{"NETWORK": "N", "ADJACENT_NETWORK": "A", "LOCAL": "L"}},
		{"AC", []string{"accessComplexity"}, map[string]string{"LOW": "L", "MEDIUM": "M", "HIGH": "H"}},
		{"Au", []string{"authenticationr", "authentication"}, map[string]string{"NONE": "N", "SINGLE": "S", "SINGLE_INSTANCE": "S", "MULTIPLE": "M", "MULTIPLE_INSTANCES": "M"}},
		{"C", []string{"confidentialImpact", "confidentialityImpact"}, map[string]string{"NONE": "N", "PARTIAL": "P", "COMPLETE": "C"}},
		{"I", []string{"integrityImpact"}, map[string]string{"NONE": "N", "PARTIAL": "P", "COMPLETE": "C"}},
		{"A", []string{"availabilityImpact"}, map[string]string{"NONE": "N", "PARTIAL": "P", "COMPLETE": "C"}},
	}
)

func letter(v string, vals map[string]string) (string, bool) {
	v = strings.ToUpper(strings.TrimSpace(v))
	if l, ok := vals[v]; ok {
		return l, true
	}
	for _, l := range vals {
		if v == l {
			return l, true
		}
	}
	return "", false
}

// cvssList turns the CVSS blocks into assessments, rebuilding the vector
// from the metric words when every base metric is there. Members not used
// for the score or the vector go to props as "<block>.<member>".
func cvssList(blocks []cvssBlock, source string, props map[string]string) []aspm.CVSS {
	var out []aspm.CVSS
	for i := range blocks {
		b := &blocks[i]
		used := map[string]bool{}
		mark := func(names ...string) (string, bool) {
			for _, n := range names {
				if v, ok := b.get(n); ok {
					used[strings.ToLower(n)] = true
					return v, true
				}
			}
			return "", false
		}
		c := aspm.CVSS{Source: source}
		switch b.family {
		case "2":
			c.Version = "2.0"
			s, _ := mark("score", "baseScore")
			c.Score = score(s)
			var parts []string
			for _, m := range v2Metrics {
				v, ok := mark(m.names...)
				l, okL := letter(v, m.vals)
				if !ok || !okL {
					parts = nil
					break
				}
				parts = append(parts, m.key+":"+l)
			}
			if len(parts) == len(v2Metrics) {
				c.Vector = strings.Join(parts, "/")
			}
			mark("version")
		case "3":
			ver, _ := mark("version")
			c.Version = "3.1"
			if ver == "3.0" {
				c.Version = "3.0"
			}
			s, _ := mark("baseScore", "score")
			c.Score = score(s)
			parts := []string{"CVSS:" + c.Version}
			for _, m := range v3Metrics {
				v, ok := mark(m.names...)
				l, okL := letter(v, m.vals)
				if !ok || !okL {
					parts = nil
					break
				}
				parts = append(parts, m.key+":"+l)
			}
			if len(parts) == len(v3Metrics)+1 {
				c.Vector = strings.Join(parts, "/")
			}
		case "4":
			c.Version = "4.0"
			vec, _ := mark("vectorString")
			if strings.HasPrefix(vec, "CVSS:4") {
				c.Vector = vec
			}
			s, _ := mark("baseScore", "score")
			c.Score = score(s)
			if src, ok := mark("source"); ok && src != "" {
				// Dependency-Check names the scorer of v4 data
				// ("nvd@nist.gov"); keep the report's source for
				// consistency and the scorer in Properties.
				props[b.prefix+".source"] = src
			}
		}
		if c.Vector == "" && c.Score == 0 {
			used = map[string]bool{} // nothing read: keep every member
		} else {
			out = append(out, c)
		}
		if c.Vector == "" {
			// The metric words are not in a vector: keep them.
			for k := range used {
				if k != "score" && k != "basescore" {
					delete(used, k)
				}
			}
		}
		for _, f := range b.fields {
			if !used[strings.ToLower(f.name)] && strings.TrimSpace(f.value) != "" {
				props[b.prefix+"."+f.name] = strings.TrimSpace(f.value)
			}
		}
	}
	return out
}

func score(s string) float64 {
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || v < 0 || v > 10 {
		return 0
	}
	return v
}

// parseTime reads Dependency-Check's report dates, which come with and
// without a zone, and with "-0400" style offsets.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999-0700", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}
