package aspmtest

import (
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// FindingBuilder builds one aspm.Finding; chain its setters and call Build.
type FindingBuilder struct{ f aspm.Finding }

// Build returns the finding, with its content-derived ID set.
func (b *FindingBuilder) Build() aspm.Finding {
	f := b.f
	if f.Severity == "" {
		f.Severity = aspm.SeverityUnknown
	}
	f.ID = aspm.FindingID(&f)
	return f
}

// SCA starts a vulnerable-dependency finding: vulnerability id and the
// package's purl (with its version).
func SCA(vuln, purl string) *FindingBuilder {
	p := aspm.MustParsePURL(purl)
	return &FindingBuilder{f: aspm.Finding{
		Kind: aspm.KindSCA, Rule: vuln, Title: vuln, Severity: aspm.SeverityHigh,
		Vulns:     []aspm.Vuln{aspm.NewVuln(vuln)},
		Component: &aspm.Component{PURL: p, Name: p.Name(), Version: p.Version()},
	}}
}

// Container starts a finding of a vulnerable package in an image.
func Container(vuln, purl, image string) *FindingBuilder {
	b := SCA(vuln, purl)
	b.f.Kind = aspm.KindContainer
	b.f.Locations = []aspm.Location{{Image: image}}
	return b
}

// SAST starts a code finding: rule id, file and line.
func SAST(rule, file string, line int) *FindingBuilder {
	return &FindingBuilder{f: aspm.Finding{
		Kind: aspm.KindSAST, Rule: rule, Title: rule, Severity: aspm.SeverityMedium,
		Locations: []aspm.Location{{File: file, Region: &aspm.Region{StartLine: line, EndLine: line}}},
	}}
}

// Secret starts a leaked-secret finding. The value is hashed and redacted
// as decoders do; it is not kept.
func Secret(value, file string, line int) *FindingBuilder {
	return &FindingBuilder{f: aspm.Finding{
		Kind: aspm.KindSecret, Rule: "generic-secret", Title: "Secret in " + file, Severity: aspm.SeverityHigh,
		Secret:    &aspm.Secret{Type: "generic-secret", Hash: aspm.SecretHash(value), Redacted: aspm.RedactSecret(value)},
		Locations: []aspm.Location{{File: file, Region: &aspm.Region{StartLine: line}}},
	}}
}

// IaC starts a misconfiguration finding: check id, resource address
// ("aws_s3_bucket.logs") and file.
func IaC(check, resource, file string) *FindingBuilder {
	typ, _, _ := strings.Cut(resource, ".")
	return &FindingBuilder{f: aspm.Finding{
		Kind: aspm.KindIaC, Rule: check, Title: check, Severity: aspm.SeverityMedium,
		Locations: []aspm.Location{{File: file, Resource: &aspm.Resource{Type: typ, Name: resource}}},
	}}
}

// DAST starts a web finding: alert id, method, URL and parameter.
func DAST(alert, method, url, param string) *FindingBuilder {
	return &FindingBuilder{f: aspm.Finding{
		Kind: aspm.KindDAST, Rule: alert, Title: alert, Severity: aspm.SeverityMedium,
		Locations: []aspm.Location{{URL: url, Method: method, Parameter: param}},
	}}
}

// Tool sets the tool's name.
func (b *FindingBuilder) Tool(name string) *FindingBuilder { b.f.Tool.Name = name; return b }

// Title sets the title.
func (b *FindingBuilder) Title(t string) *FindingBuilder { b.f.Title = t; return b }

// Rule sets the rule id.
func (b *FindingBuilder) Rule(r string) *FindingBuilder { b.f.Rule = r; return b }

// Kind sets the kind.
func (b *FindingBuilder) Kind(k aspm.Kind) *FindingBuilder { b.f.Kind = k; return b }

// Severity sets the severity.
func (b *FindingBuilder) Severity(s aspm.Severity) *FindingBuilder { b.f.Severity = s; return b }

// CWE adds CWE numbers.
func (b *FindingBuilder) CWE(n ...int) *FindingBuilder { b.f.CWEs = append(b.f.CWEs, n...); return b }

// Aliases adds aliases to the first vulnerability.
func (b *FindingBuilder) Aliases(ids ...string) *FindingBuilder {
	if len(b.f.Vulns) == 0 {
		return b
	}
	v := b.f.Vulns[0]
	b.f.Vulns[0] = aspm.NewVuln(v.ID, append(v.Aliases, ids...)...)
	return b
}

// Fixed sets the fixed versions.
func (b *FindingBuilder) Fixed(versions ...string) *FindingBuilder {
	b.f.FixedVersions = versions
	return b
}

// Manifest sets the lockfile or manifest the package was found in.
func (b *FindingBuilder) Manifest(path string) *FindingBuilder {
	if b.f.Component != nil {
		b.f.Component.Paths = []string{path}
	}
	return b
}

// Image sets the container image of the primary location.
func (b *FindingBuilder) Image(ref string) *FindingBuilder {
	b.loc().Image = ref
	return b
}

// Line moves the primary location to another line.
func (b *FindingBuilder) Line(n int) *FindingBuilder {
	l := b.loc()
	l.Region = &aspm.Region{StartLine: n, EndLine: n}
	return b
}

// Snippet sets the primary location's source text (and its hash).
func (b *FindingBuilder) Snippet(text string) *FindingBuilder {
	l := b.loc()
	l.Snippet, l.SnippetHash = text, aspm.SnippetHash(text)
	return b
}

// Fingerprint adds a tool fingerprint.
func (b *FindingBuilder) Fingerprint(name, value string) *FindingBuilder {
	if b.f.Fingerprints == nil {
		b.f.Fingerprints = map[string]string{}
	}
	b.f.Fingerprints[name] = value
	return b
}

// Reachability sets the reachability level.
func (b *FindingBuilder) Reachability(level aspm.ReachabilityLevel) *FindingBuilder {
	b.f.Reachability = &aspm.Reachability{Level: level}
	return b
}

// CVSS adds a CVSS vector from a source.
func (b *FindingBuilder) CVSS(source, vector string) *FindingBuilder {
	b.f.CVSS = append(b.f.CVSS, aspm.CVSS{Source: source, Vector: vector})
	return b
}

func (b *FindingBuilder) loc() *aspm.Location {
	if len(b.f.Locations) == 0 {
		b.f.Locations = []aspm.Location{{}}
	}
	return &b.f.Locations[0]
}

// Doc wraps findings in a document from tool, read from "<tool>.json", with
// each finding's provenance, format and tool filled in as a decoder and the
// ingest registry would.
func Doc(tool string, findings ...aspm.Finding) *aspm.Document {
	d := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: tool}, Format: aspm.Format(tool + "-json"), File: tool + ".json"}}
	for i, f := range findings {
		if f.Tool.Name == "" {
			f.Tool.Name = tool
		}
		f.Format = d.Source.Format
		f.Provenance = aspm.Provenance{File: d.Source.File, Index: i, Pointer: "/" + strconv.Itoa(i)}
		f.ID = aspm.FindingID(&f)
		d.Findings = append(d.Findings, f)
	}
	return d
}

// Component returns a component for a purl, as an SBOM decoder would make
// it (Ref is the purl).
func Component(purl string) aspm.Component {
	p := aspm.MustParsePURL(purl)
	return aspm.Component{Ref: purl, PURL: p, Name: p.Name(), Version: p.Version(), Type: "library"}
}

// SBOM returns a document of components and depends-on edges, each edge a
// pair of purls (from, to).
func SBOM(name string, edges [][2]string, purls ...string) *aspm.Document {
	d := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "sbom"}, Format: "cyclonedx-json", File: name}}
	seen := map[string]bool{}
	add := func(p string) {
		if !seen[p] {
			seen[p] = true
			d.Components = append(d.Components, Component(p))
		}
	}
	for _, p := range purls {
		add(p)
	}
	for _, e := range edges {
		add(e[0])
		add(e[1])
		d.Relationships = append(d.Relationships, aspm.Relationship{From: e[0], To: e[1], Type: aspm.RelDependsOn})
	}
	return d
}
