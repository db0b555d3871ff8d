package grype

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/vulnid"
)

type cvss struct {
	Source  string `json:"source"`
	Version string `json:"version"`
	Vector  string `json:"vector"`
	Metrics struct {
		BaseScore float64 `json:"baseScore"`
	} `json:"metrics"`
}

// oldCVSS is the cvssV2 and cvssV3 members of Grype before 0.10.
type oldCVSS struct {
	BaseScore float64 `json:"baseScore"`
	Vector    string  `json:"vector"`
}

type epss struct {
	CVE        string  `json:"cve"`
	EPSS       float64 `json:"epss"`
	Percentile float64 `json:"percentile"`
	Date       string  `json:"date"`
}

// vulnMeta is a vulnerability as Grype describes it, for the match's own
// vulnerability and its related ones.
type vulnMeta struct {
	ID             string          `json:"id"`
	Namespace      string          `json:"namespace"`
	Severity       string          `json:"severity"`
	URLs           []string        `json:"urls"`
	Links          []string        `json:"links"`
	Description    string          `json:"description"`
	CVSS           []cvss          `json:"cvss"`
	CVSSV2         *oldCVSS        `json:"cvssV2"`
	CVSSV3         *oldCVSS        `json:"cvssV3"`
	EPSS           []epss          `json:"epss"`
	KnownExploited json.RawMessage `json:"knownExploited"`
	CWEs           json.RawMessage `json:"cwes"`
}

// metaMapped are the members of a vulnMeta that the model holds.
var metaMapped = []string{"id", "severity", "urls", "links", "description", "cvss", "cvssV2", "cvssV3", "epss", "cwes"}

type vulnerability struct {
	vulnMeta
	Fix struct {
		Versions []string `json:"versions"`
	} `json:"fix"`
	FixedInVersion string `json:"fixedInVersion"`
	Advisories     []struct {
		ID   string `json:"id"`
		Link string `json:"link"`
	} `json:"advisories"`
}

type artifact struct {
	Name      string `json:"name"`
	Version   string `json:"version"`
	Type      string `json:"type"`
	Language  string `json:"language"`
	PURL      string `json:"purl"`
	Locations []struct {
		Path    string `json:"path"`
		LayerID string `json:"layerID"`
	} `json:"locations"`
	Licenses json.RawMessage `json:"licenses"`
	CPEs     json.RawMessage `json:"cpes"`
}

var artifactMapped = []string{"name", "version", "purl", "locations", "licenses"}

type match struct {
	Vulnerability          json.RawMessage   `json:"vulnerability"`
	RelatedVulnerabilities []json.RawMessage `json:"relatedVulnerabilities"`
	Artifact               json.RawMessage   `json:"artifact"`
}

var matchMapped = []string{"vulnerability", "relatedVulnerabilities", "artifact"}

// match maps one match, or one ignored match (ignored is set: the finding
// is marked suppressed).
func (d *decoder) match(raw json.RawMessage, ptr string, sc *scope, ignored bool) error {
	var m match
	var mRest, vRest, aRest map[string]json.RawMessage
	var v vulnerability
	var a artifact
	bad := func(err error) error {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "match skipped: %v", err))
		return nil
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		return bad(err)
	}
	_ = json.Unmarshal(raw, &mRest)
	if err := json.Unmarshal(m.Vulnerability, &v); err != nil {
		return bad(err)
	}
	_ = json.Unmarshal(m.Vulnerability, &vRest)
	if len(m.Artifact) > 0 {
		if err := json.Unmarshal(m.Artifact, &a); err != nil {
			return bad(err)
		}
		_ = json.Unmarshal(m.Artifact, &aRest)
	}
	if v.ID == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "match skipped: no vulnerability id"))
		return nil
	}
	related := make([]vulnMeta, 0, len(m.RelatedVulnerabilities))
	var relRest []map[string]string
	for i, rr := range m.RelatedVulnerabilities {
		var rv vulnMeta
		if err := json.Unmarshal(rr, &rv); err != nil {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/relatedVulnerabilities/"+strconv.Itoa(i), "related vulnerability not read: %v", err))
			continue
		}
		related = append(related, rv)
		var rm map[string]json.RawMessage
		_ = json.Unmarshal(rr, &rm)
		relRest = append(relRest, decode.PrefixedProperties(rm, "", metaMapped...))
	}
	if err := d.recs.Add(); err != nil {
		return err
	}

	var relIDs []string
	for _, rv := range related {
		relIDs = append(relIDs, rv.ID)
	}
	aliases, rel := vulnid.Split(v.ID, relIDs)
	f := aspm.Finding{
		Kind:          aspm.KindSCA,
		Rule:          v.ID,
		Title:         decode.Clip(strings.TrimSpace(v.ID+" in "+a.Name+" "+a.Version), d.lim.MaxText),
		Severity:      aspm.ParseSeverity(v.Severity),
		ToolSeverity:  v.Severity,
		Vulns:         []aspm.Vuln{aspm.NewVuln(v.ID, aliases...).AddRelated(rel...)},
		FixedVersions: decode.AppendUnique(nil, v.Fix.Versions...),
		Provenance:    aspm.Provenance{Index: len(d.doc.Findings), Pointer: ptr},
		Properties:    decode.PrefixedProperties(vRest, "", append(slices.Clone(metaMapped), "fix", "fixedInVersion", "advisories")...),
	}
	if sc.container {
		f.Kind = aspm.KindContainer
	}
	if ignored {
		f.Status = aspm.StatusSuppressed
	}
	f.FixedVersions = decode.AppendUnique(f.FixedVersions, v.FixedInVersion)
	var fixRest map[string]json.RawMessage
	if raw := vRest["fix"]; len(raw) > 0 && json.Unmarshal(raw, &fixRest) == nil {
		for k, val := range decode.PrefixedProperties(fixRest, "fix.", "versions") {
			decode.SetProperty(&f, k, val)
		}
	}
	desc := v.Description
	cwes := aspm.ParseCWEs(string(v.CWEs))
	f.CVSS = cvssOf(v.vulnMeta)
	f.References = decode.AppendUnique(nil, append(slices.Clone(v.URLs), v.Links...)...)
	for _, adv := range v.Advisories {
		// Grype's advisories are the vendor advisories that fix the
		// vulnerability: related, never the same.
		f.Vulns[0] = f.Vulns[0].AddRelated(adv.ID)
		f.References = decode.AppendUnique(f.References, adv.Link)
	}
	for _, rv := range related {
		if desc == "" {
			desc = rv.Description
		}
		f.CVSS = appendCVSS(f.CVSS, cvssOf(rv)...)
		f.References = decode.AppendUnique(f.References, rv.URLs...)
		cwes = append(cwes, aspm.ParseCWEs(string(rv.CWEs))...)
	}
	f.Description = decode.Clip(desc, d.lim.MaxText)
	if len(cwes) > 0 {
		slices.Sort(cwes)
		f.CWEs = slices.Compact(cwes)
	}
	if f.Severity == aspm.SeverityUnknown {
		for _, c := range f.CVSS {
			if c.Score > 0 {
				f.Severity = aspm.SeverityFromScore(c.Score)
				break
			}
		}
	}
	exploitation(&f, v.vulnMeta, related)

	if a.Name != "" || a.PURL != "" {
		f.Component = d.component(&a, sc, ptr)
		for k, val := range decode.PrefixedProperties(aRest, "artifact.", artifactMapped...) {
			decode.SetProperty(&f, k, val)
		}
	}
	for _, l := range a.Locations {
		f.Locations = append(f.Locations, aspm.Location{File: decode.Slash(l.Path), Layer: l.LayerID, Image: sc.image})
	}
	if len(f.Locations) == 0 && sc.image != "" {
		f.Locations = []aspm.Location{{Image: sc.image}}
	}
	for k, val := range decode.PrefixedProperties(mRest, "", matchMapped...) {
		decode.SetProperty(&f, k, val)
	}
	if relProps := nonEmpty(relRest); len(relProps) > 0 {
		if b, err := json.Marshal(relProps); err == nil {
			decode.SetProperty(&f, "relatedVulnerabilities", string(b))
		}
	}
	d.doc.Findings = append(d.doc.Findings, f)
	return nil
}

// nonEmpty drops empty property sets.
func nonEmpty(list []map[string]string) []map[string]string {
	var out []map[string]string
	for _, m := range list {
		if len(m) > 0 {
			out = append(out, m)
		}
	}
	return out
}

// component maps the matched artifact: its purl when Grype gives one, else
// one built from its type, language or the distro.
func (d *decoder) component(a *artifact, sc *scope, ptr string) *aspm.Component {
	c := &aspm.Component{Name: a.Name, Version: a.Version, Licenses: licenses(a.Licenses), CPE: firstCPE(a.CPEs)}
	if a.PURL != "" {
		if p, err := aspm.ParsePURL(a.PURL); err == nil {
			c.PURL = p
		} else {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/artifact/purl", "%v", err))
		}
	}
	if c.PURL.IsZero() {
		c.PURL = aspm.PURLFromEcosystem(ecosystem(a.Type, a.Language, sc.distro), a.Name, a.Version)
	}
	for _, l := range a.Locations {
		c.Paths = decode.AppendUnique(c.Paths, decode.Slash(l.Path))
	}
	return c
}

// ecosystem maps Syft's package types and languages onto the ecosystem
// words of aspm.PURLFromEcosystem; OS packages take the scanned distro.
func ecosystem(typ, language, distro string) string {
	switch typ {
	case "deb", "apk", "rpm":
		return distro
	case "npm":
		return "npm"
	case "python":
		return "pypi"
	case "go-module":
		return "go"
	case "java-archive", "jenkins-plugin":
		return "maven"
	case "gem":
		return "gem"
	case "rust-crate":
		return "cargo"
	case "php-composer":
		return "composer"
	case "dotnet", "nuget":
		return "nuget"
	case "pub":
		return "pub"
	case "hex":
		return "hex"
	case "conan":
		return "conan"
	case "cocoapods":
		return "cocoapods"
	case "swift":
		return "swift"
	case "hackage":
		return "hackage"
	case "github-action", "github-action-workflow":
		return "github actions"
	}
	switch language {
	case "javascript":
		return "npm"
	case "python":
		return "pypi"
	case "go":
		return "go"
	case "java":
		return "maven"
	case "ruby":
		return "gem"
	case "rust":
		return "cargo"
	case "php":
		return "composer"
	case "dotnet":
		return "nuget"
	}
	return ""
}

// licenses reads artifact licences: strings (Grype before 0.74) or
// objects with a value and an SPDX expression.
func licenses(raw json.RawMessage) []string {
	var names []string
	if json.Unmarshal(raw, &names) == nil {
		return decode.AppendUnique(nil, names...)
	}
	var objs []struct {
		Value          string `json:"value"`
		SPDXExpression string `json:"spdxExpression"`
	}
	if json.Unmarshal(raw, &objs) != nil {
		return nil
	}
	var out []string
	for _, o := range objs {
		if o.SPDXExpression != "" {
			out = decode.AppendUnique(out, o.SPDXExpression)
		} else {
			out = decode.AppendUnique(out, o.Value)
		}
	}
	return out
}

// firstCPE returns the first CPE string of an artifact (Grype before 0.10
// wrote CPEs as objects, which stay in the properties only).
func firstCPE(raw json.RawMessage) string {
	var cpes []json.RawMessage
	if json.Unmarshal(raw, &cpes) != nil {
		return ""
	}
	for _, c := range cpes {
		var s string
		if json.Unmarshal(c, &s) == nil && s != "" {
			return s
		}
		var o struct {
			CPE string `json:"cpe"`
		}
		if json.Unmarshal(c, &o) == nil && o.CPE != "" {
			return o.CPE
		}
	}
	return ""
}

// cvssOf lists a vulnerability's CVSS entries. An entry without a source
// is attributed to the vulnerability's namespace ("nvd:cpe" gives "nvd",
// "github:language:go" gives "ghsa", "debian:10" gives "debian").
func cvssOf(v vulnMeta) []aspm.CVSS {
	var out []aspm.CVSS
	for _, c := range v.CVSS {
		fallback := c.Version
		out = appendCVSS(out, aspm.CVSS{
			Source:  cvssSource(c.Source, v.Namespace),
			Version: vulnid.CVSSVersion(c.Vector, fallback),
			Vector:  c.Vector,
			Score:   c.Metrics.BaseScore,
		})
	}
	if c := v.CVSSV2; c != nil && (c.Vector != "" || c.BaseScore != 0) {
		out = appendCVSS(out, aspm.CVSS{Source: cvssSource("", v.Namespace), Version: vulnid.CVSSVersion(c.Vector, "2.0"), Vector: c.Vector, Score: c.BaseScore})
	}
	if c := v.CVSSV3; c != nil && (c.Vector != "" || c.BaseScore != 0) {
		out = appendCVSS(out, aspm.CVSS{Source: cvssSource("", v.Namespace), Version: vulnid.CVSSVersion(c.Vector, "3.0"), Vector: c.Vector, Score: c.BaseScore})
	}
	return out
}

// appendCVSS appends the entries list lacks.
func appendCVSS(list []aspm.CVSS, add ...aspm.CVSS) []aspm.CVSS {
	for _, c := range add {
		if !slices.Contains(list, c) {
			list = append(list, c)
		}
	}
	return list
}

// cvssSource names who scored a CVSS entry: the scorer's address mapped
// to a short name, else the first word of the vulnerability's namespace.
func cvssSource(src, namespace string) string {
	s := strings.ToLower(strings.TrimSpace(src))
	switch {
	case s == "nvd@nist.gov":
		return "nvd"
	case strings.HasSuffix(s, "@redhat.com"):
		return "redhat"
	case s == "security-advisories@github.com":
		return "ghsa"
	case s != "":
		return s
	}
	first, _, _ := strings.Cut(strings.ToLower(namespace), ":")
	if first == "github" {
		return "ghsa"
	}
	return first
}

// exploitation records EPSS and CISA KEV data: the highest EPSS
// probability of the vulnerability and its related ones, and kev=true when
// any is known to be exploited.
func exploitation(f *aspm.Finding, v vulnMeta, related []vulnMeta) {
	var best *epss
	kev := false
	for _, m := range append([]vulnMeta{v}, related...) {
		for i := range m.EPSS {
			if best == nil || m.EPSS[i].EPSS > best.EPSS {
				best = &m.EPSS[i]
			}
		}
		if k := bytes.TrimSpace(m.KnownExploited); len(k) > 0 && string(k) != "null" && string(k) != "[]" && string(k) != "false" {
			kev = true
		}
	}
	if best != nil {
		decode.SetProperty(f, "epss", strconv.FormatFloat(best.EPSS, 'f', -1, 64))
		decode.SetProperty(f, "epss_percentile", strconv.FormatFloat(best.Percentile, 'f', -1, 64))
		decode.SetProperty(f, "epss_date", best.Date)
	}
	if kev {
		decode.SetProperty(f, "kev", "true")
	}
}
