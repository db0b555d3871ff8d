package dependencycheck

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// xmlNode is any element, kept whole: members posture has no field for are
// rendered from it into Properties.
type xmlNode struct {
	XMLName  xml.Name
	Attrs    []xml.Attr `xml:",any,attr"`
	Text     string     `xml:",chardata"`
	Children []xmlNode  `xml:",any"`
}

// render returns a leaf's text, or a JSON object of an element's attributes
// and children.
func (n *xmlNode) render() string {
	if len(n.Children) == 0 && len(n.Attrs) == 0 {
		return strings.TrimSpace(n.Text)
	}
	return jsonText(n.object())
}

func (n *xmlNode) object() any {
	if len(n.Children) == 0 && len(n.Attrs) == 0 {
		return strings.TrimSpace(n.Text)
	}
	m := map[string]any{}
	for _, a := range n.Attrs {
		m["@"+a.Name.Local] = a.Value
	}
	for i := range n.Children {
		c := &n.Children[i]
		k := c.XMLName.Local
		switch prev := m[k].(type) {
		case nil:
			m[k] = c.object()
		case []any:
			m[k] = append(prev, c.object())
		default:
			m[k] = []any{prev, c.object()}
		}
	}
	if t := strings.TrimSpace(n.Text); t != "" {
		m["#text"] = t
	}
	return m
}

type xmlAnalysis struct {
	XMLName  xml.Name
	ScanInfo struct {
		EngineVersion string `xml:"engineVersion"`
	} `xml:"scanInfo"`
	ProjectInfo struct {
		Name       string `xml:"name"`
		GroupID    string `xml:"groupID"`
		ArtifactID string `xml:"artifactID"`
		Version    string `xml:"version"`
		ReportDate string `xml:"reportDate"`
	} `xml:"projectInfo"`
	Dependencies []xmlDependency `xml:"dependencies>dependency"`
}

type xmlIdent struct {
	Type       string `xml:"type,attr"`
	Confidence string `xml:"confidence,attr"`
	ID         string `xml:"id"`
	Name       string `xml:"name"` // Dependency-Check 1.x <identifier>
	URL        string `xml:"url"`
	Notes      string `xml:"notes"`
}

type xmlIdentifiers struct {
	Packages   []xmlIdent       `xml:"package"`
	VulnIDs    []xmlIdent       `xml:"vulnerabilityIds"`
	Suppressed []xmlIdent       `xml:"suppressedIdentifier"`
	Legacy     []xmlIdent       `xml:"identifier"`
	Nested     []xmlIdentifiers `xml:"identifiers"` // seen in edited reports
}

type xmlRelated struct {
	IsVirtual   string         `xml:"isVirtual,attr"`
	FileName    string         `xml:"fileName"`
	FilePath    string         `xml:"filePath"`
	SHA256      string         `xml:"sha256"`
	SHA1        string         `xml:"sha1"`
	MD5         string         `xml:"md5"`
	Identifiers xmlIdentifiers `xml:"identifiers"`
}

type xmlDependency struct {
	IsVirtual         string       `xml:"isVirtual,attr"`
	FileName          string       `xml:"fileName"`
	FilePath          string       `xml:"filePath"`
	MD5               string       `xml:"md5"`
	SHA1              string       `xml:"sha1"`
	SHA256            string       `xml:"sha256"`
	Description       string       `xml:"description"`
	License           string       `xml:"license"`
	ProjectReferences []string     `xml:"projectReferences>projectReference"`
	Related           []xmlRelated `xml:"relatedDependencies>relatedDependency"`
	// Evidence is what the analysers read; it is not kept.
	Evidence        struct{}         `xml:"evidenceCollected"`
	Identifiers     []xmlIdentifiers `xml:"identifiers"`
	Vulnerabilities struct {
		Items []xmlVuln `xml:",any"`
	} `xml:"vulnerabilities"`
	Extra []xmlNode `xml:",any"` // includedBy and members of later schemas
}

type xmlVuln struct {
	XMLName  xml.Name
	Source   string `xml:"source,attr"`
	Name     string `xml:"name"`
	Severity struct {
		Unscored string `xml:"unscored,attr"`
		Value    string `xml:",chardata"`
	} `xml:"severity"`
	CVSSv2      *xmlNode  `xml:"cvssV2"`
	CVSSv3      *xmlNode  `xml:"cvssV3"`
	CVSSv4      *xmlNode  `xml:"cvssV4"`
	CWEs        []string  `xml:"cwes>cwe"`
	CWE         []string  `xml:"cwe"` // Dependency-Check 1.x
	Description string    `xml:"description"`
	Notes       string    `xml:"notes"`
	References  []xmlRef  `xml:"references>reference"`
	Software    []xmlNode `xml:"vulnerableSoftware>software"`
	Extra       []xmlNode `xml:",any"`
}

type xmlRef struct {
	Source string `xml:"source"`
	URL    string `xml:"url"`
	Name   string `xml:"name"`
}

func (ids *xmlIdentifiers) flatten(d *dependency) {
	for _, p := range ids.Packages {
		d.packages = append(d.packages, ident{strings.TrimSpace(p.ID), p.Confidence, strings.TrimSpace(p.URL), p.Notes})
	}
	for _, p := range ids.VulnIDs {
		d.vulnIDs = append(d.vulnIDs, ident{strings.TrimSpace(p.ID), p.Confidence, strings.TrimSpace(p.URL), p.Notes})
	}
	for _, p := range ids.Suppressed {
		d.suppressedIDs = append(d.suppressedIDs, ident{strings.TrimSpace(p.ID), p.Confidence, strings.TrimSpace(p.URL), p.Notes})
	}
	for _, p := range ids.Legacy {
		d.legacy = append(d.legacy, ident{strings.TrimSpace(p.Type) + ":" + strings.TrimSpace(p.Name), p.Confidence, strings.TrimSpace(p.URL), p.Notes})
	}
	for i := range ids.Nested {
		ids.Nested[i].flatten(d)
	}
}

// legacyCVSS names the CVSS v2 members of Dependency-Check 1.x, which sit
// directly in <vulnerability> with a "cvss" prefix.
var legacyCVSS = map[string]string{
	"cvssScore": "score", "cvssAccessVector": "accessVector", "cvssAccessComplexity": "accessComplexity",
	"cvssAuthenticationr": "authenticationr", "cvssAuthentication": "authentication",
	"cvssConfidentialImpact": "confidentialImpact", "cvssIntegrityImpact": "integrityImpact",
	"cvssAvailabilityImpact": "availabilityImpact",
}

func blockFromNode(family, prefix string, n *xmlNode) cvssBlock {
	b := cvssBlock{family: family, prefix: prefix}
	for i := range n.Children {
		c := &n.Children[i]
		b.fields = append(b.fields, field{c.XMLName.Local, c.render()})
	}
	return b
}

func (x *xmlVuln) vuln(where string) vuln {
	v := vuln{
		suppressed:  x.XMLName.Local == "suppressedVulnerability",
		source:      x.Source,
		name:        strings.TrimSpace(x.Name),
		severity:    strings.TrimSpace(x.Severity.Value),
		unscored:    x.Severity.Unscored,
		description: x.Description,
		notes:       x.Notes,
		where:       where,
		extra:       map[string]string{},
	}
	for _, c := range append(x.CWEs, x.CWE...) {
		if c = strings.TrimSpace(c); c != "" {
			v.cwes = append(v.cwes, c)
		}
	}
	if x.CVSSv2 != nil {
		v.cvss = append(v.cvss, blockFromNode("2", "cvssV2", x.CVSSv2))
	}
	if x.CVSSv3 != nil {
		v.cvss = append(v.cvss, blockFromNode("3", "cvssV3", x.CVSSv3))
	}
	if x.CVSSv4 != nil {
		v.cvss = append(v.cvss, blockFromNode("4", "cvssV4", x.CVSSv4))
	}
	legacy := cvssBlock{family: "2", prefix: "cvss"}
	for i := range x.Extra {
		e := &x.Extra[i]
		k := e.XMLName.Local
		if name, ok := legacyCVSS[k]; ok {
			legacy.fields = append(legacy.fields, field{name, e.render()})
			continue
		}
		if s := e.render(); s != "" {
			v.extra[k] = s
		}
	}
	if len(legacy.fields) > 0 {
		v.cvss = append(v.cvss, legacy)
	}
	for _, r := range x.References {
		v.refs = append(v.refs, reference{strings.TrimSpace(r.Source), strings.TrimSpace(r.URL), strings.TrimSpace(r.Name)})
	}
	for i := range x.Software {
		s := &x.Software[i]
		m := map[string]string{"id": strings.TrimSpace(s.Text)}
		for _, a := range s.Attrs {
			m[a.Name.Local] = a.Value
		}
		v.software = append(v.software, m)
	}
	return v
}

// Decode reads one Dependency-Check XML report.
func (d *XMLDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := checkXMLDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	var a xmlAnalysis
	dec := xml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&a); err != nil {
		if err == io.EOF {
			return nil, fmt.Errorf("dependencycheck: %w: no XML element", decode.ErrNotFormat)
		}
		return nil, err
	}
	if a.XMLName.Local != "analysis" {
		return nil, fmt.Errorf("dependencycheck: %w: root element <%s>, want <analysis>", decode.ErrNotFormat, decode.Clip(a.XMLName.Local, 60))
	}
	var diags []aspm.Diagnostic
	switch ns := a.XMLName.Space; {
	case isDCNamespace(ns):
	case ns == "":
		diags = append(diags, aspm.Warnf("/analysis", "no Dependency-Check namespace; read as a Dependency-Check report"))
	default:
		return nil, fmt.Errorf("dependencycheck: %w: namespace %q", decode.ErrNotFormat, decode.Clip(ns, 200))
	}
	rep := report{
		engineVersion: a.ScanInfo.EngineVersion,
		project: project{
			name: a.ProjectInfo.Name, groupID: a.ProjectInfo.GroupID, artifactID: a.ProjectInfo.ArtifactID,
			version: a.ProjectInfo.Version, reportDate: a.ProjectInfo.ReportDate,
		},
	}
	for i := range a.Dependencies {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		x := &a.Dependencies[i]
		where := fmt.Sprintf("/analysis/dependencies/dependency[%d]", i+1)
		dep := dependency{
			fileName: strings.TrimSpace(x.FileName), filePath: x.FilePath,
			md5: x.MD5, sha1: x.SHA1, sha256: x.SHA256,
			description: x.Description, license: x.License, virtual: x.IsVirtual,
			where: where, extra: map[string]string{},
		}
		for _, p := range x.ProjectReferences {
			if p = strings.TrimSpace(p); p != "" {
				dep.projectRefs = append(dep.projectRefs, p)
			}
		}
		for i := range x.Extra {
			e := &x.Extra[i]
			if s := e.render(); s != "" {
				dep.extra[e.XMLName.Local] = s
			}
		}
		for i := range x.Identifiers {
			x.Identifiers[i].flatten(&dep)
		}
		for _, rd := range x.Related {
			rel := related{
				FileName: strings.TrimSpace(rd.FileName), FilePath: strings.TrimSpace(rd.FilePath),
				SHA256: strings.TrimSpace(rd.SHA256), SHA1: strings.TrimSpace(rd.SHA1), MD5: strings.TrimSpace(rd.MD5),
				Virtual: rd.IsVirtual == "true",
			}
			var tmp dependency
			rd.Identifiers.flatten(&tmp)
			rel.Packages = identValues(tmp.packages)
			dep.related = append(dep.related, rel)
		}
		counts := map[string]int{}
		for j := range x.Vulnerabilities.Items {
			item := &x.Vulnerabilities.Items[j]
			k := item.XMLName.Local
			counts[k]++
			vw := fmt.Sprintf("%s/vulnerabilities/%s[%d]", where, k, counts[k])
			if k != "vulnerability" && k != "suppressedVulnerability" {
				diags = append(diags, aspm.Warnf(vw, "unknown element <%s> in <vulnerabilities>; ignored", decode.Clip(k, 60)))
				continue
			}
			dep.vulns = append(dep.vulns, item.vuln(vw))
		}
		rep.deps = append(rep.deps, dep)
	}
	doc, err := build(&rep, FormatXML, lim, decode.NewRecords(ctx))
	if err != nil {
		return nil, err
	}
	doc.Diagnostics = append(diags, doc.Diagnostics...)
	return doc, nil
}

// isDCNamespace reports whether ns is a Dependency-Check report schema
// ("https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd").
func isDCNamespace(ns string) bool {
	return strings.Contains(ns, "/DependencyCheck/dependency-check.") && strings.HasSuffix(ns, ".xsd")
}
