package cyclonedx_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/cyclonedx"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

// decodeFile decodes a fixture through a registry of this package's
// decoders, as ingest would.
func decodeFile(t *testing.T, name string) *aspm.Document {
	t.Helper()
	reg := ingest.NewRegistry(&cyclonedx.JSONDecoder{}, &cyclonedx.XMLDecoder{})
	doc, err := reg.Decode(t.Context(), name, bytes.NewReader(read(t, name)))
	require.NoError(t, err)
	return doc
}

func componentByRef(t *testing.T, doc *aspm.Document, ref string) aspm.Component {
	t.Helper()
	for _, c := range doc.Components {
		if c.Ref == ref {
			return c
		}
	}
	t.Fatalf("no component %q", ref)
	return aspm.Component{}
}

func diagnosticsText(doc *aspm.Document) string {
	var b strings.Builder
	for _, d := range doc.Diagnostics {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name       string
		head       string
		json, xml  bool
		jsonFormat aspm.Format
	}{
		{name: "json bomFormat", head: `{"bomFormat":"CycloneDX","specVersion":"1.6","components":[`, json: true},
		{name: "json schema only", head: `{"$schema":"http://cyclonedx.org/schema/bom-1.5.schema.json","specVersion":"1.5"}`, json: true},
		{name: "xml 1.4", head: `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1">`, xml: true},
		{name: "xml 1.2 with extension", head: `<bom xmlns="http://cyclonedx.org/schema/bom/1.2" xmlns:v="http://cyclonedx.org/schema/ext/vulnerability/1.0">`, xml: true},
		{name: "xml prefixed root", head: `<c:bom xmlns:c="http://cyclonedx.org/schema/bom/1.5" version="1">`, xml: true},
		{name: "sarif", head: `{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[]}`},
		{name: "spdx json", head: `{"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT"}`},
		{name: "openvex", head: `{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","statements":[]}`},
		{name: "trivy json", head: `{"SchemaVersion":2,"ArtifactName":"alpine","Results":[]}`},
		{name: "array of boms", head: `[{"bomFormat":"CycloneDX"}]`},
		{name: "other bomFormat", head: `{"bomFormat":"SPDX","specVersion":"1.6"}`},
		{name: "xml bom of another namespace", head: `<bom xmlns="http://example.com/bom">`},
		{name: "xml other root", head: `<?xml version="1.0"?><OWASPZAPReport version="2.11.1">`},
		{name: "dependency-check xml", head: `<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd">`},
		{name: "json sorted, bomFormat past the head", head: `{"components":[{"bom-ref":"aiohttp@3.11.12","name":"aiohttp","type":"library"},{"bom-ref":"yarl`, json: true},
		{name: "json components without bom-ref", head: `{"components":[{"name":"aiohttp","type":"library"}`},
		{name: "json bom-ref under a foreign key", head: `{"components":[{"bom-ref":"a"}],"artifacts":[`},
		{name: "json components of another tool", head: `{"name":"x","components":[{"bom-ref":"a"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.json, (&cyclonedx.JSONDecoder{}).Detect([]byte(tt.head)), "json")
			assert.Equal(t, tt.xml, (&cyclonedx.XMLDecoder{}).Detect([]byte(tt.head)), "xml")
		})
	}
}

func TestDecodeSBOM(t *testing.T) {
	doc := decodeFile(t, "sbom-nested-1.6.json")

	assert.Equal(t, cyclonedx.FormatJSON, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "cyclonedx-npm", Version: "3.1.0", Vendor: "@cyclonedx"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2026, 3, 1, 10, 20, 30, 0, time.UTC), doc.Source.ScanTime)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, aspm.TargetRepository, doc.Source.Target.Kind)
	assert.Equal(t, "pkg:npm/shop@2.0.0", doc.Source.Target.PURL.String())
	assert.Empty(t, doc.Findings)
	assert.Empty(t, doc.Statements)

	var refs []string
	for _, c := range doc.Components {
		refs = append(refs, c.Ref)
	}
	assert.Equal(t, []string{"app", "express", "express/router", "jackson", "broken", "dev-tool", "express", "payments"}, refs, "depth-first, input order")

	express := componentByRef(t, doc, "express")
	assert.Equal(t, "pkg:npm/express@4.18.2", express.PURL.String())
	assert.Equal(t, []string{"MIT", "Custom Licence"}, express.Licenses)
	assert.Equal(t, []aspm.Hash{{Algorithm: "SHA-512", Value: "abcdef"}}, express.Hashes)
	assert.Equal(t, "OpenJS Foundation", express.Supplier)
	assert.Equal(t, []string{"node_modules/express/package.json"}, express.Paths)
	assert.Equal(t, aspm.ScopeDirect, express.Scope)

	jackson := componentByRef(t, doc, "jackson")
	assert.Equal(t, "jackson-databind", jackson.Name, "the group is not folded into the name")
	assert.Equal(t, "com.fasterxml.jackson.core", jackson.PURL.Namespace())
	assert.Equal(t, "FasterXML", jackson.Supplier, "publisher when there is no supplier")
	assert.Equal(t, []string{"Apache-2.0 OR MIT"}, jackson.Licenses)
	assert.Equal(t, aspm.ScopeDirect, jackson.Scope)

	assert.Equal(t, aspm.ScopeTransitive, componentByRef(t, doc, "express/router").Scope)
	broken := componentByRef(t, doc, "broken")
	assert.True(t, broken.PURL.IsZero(), "an invalid purl is dropped")
	assert.Equal(t, aspm.ScopeOptional, broken.Scope, "the BOM's optional wins over transitive")
	assert.Equal(t, aspm.ScopeExcluded, componentByRef(t, doc, "dev-tool").Scope)
	assert.Equal(t, aspm.Scope(""), componentByRef(t, doc, "app").Scope)

	payments := componentByRef(t, doc, "payments")
	assert.Equal(t, "service", payments.Type)
	assert.Equal(t, "Acme", payments.Supplier)

	assert.Equal(t, []aspm.Relationship{
		{To: "app", Type: aspm.RelDescribes},
		{From: "express", To: "express/router", Type: aspm.RelContains},
		{From: "app", To: "express", Type: aspm.RelDependsOn},
		{From: "app", To: "jackson", Type: aspm.RelDependsOn},
		{From: "app", To: "dev-tool", Type: aspm.RelDependsOn},
		{From: "express", To: "express/router", Type: aspm.RelDependsOn},
		{From: "express", To: "ghost", Type: aspm.RelDependsOn},
		{From: "express/router", To: "broken", Type: aspm.RelDependsOn},
	}, doc.Relationships)

	diags := diagnosticsText(doc)
	assert.Len(t, doc.Diagnostics, 3, diags)
	assert.Contains(t, diags, `/components/2: warning: component "broken": aspm: invalid package URL`)
	assert.Contains(t, diags, `bom-ref "express" of "express-duplicate" is already used by "express"`)
	assert.Contains(t, diags, `/dependencies/1/dependsOn/1: warning: dependency ref "ghost" names no component`)
	for _, d := range doc.Diagnostics {
		assert.Equal(t, aspm.DiagWarning, d.Level)
		assert.Equal(t, "sbom-nested-1.6.json", d.File)
	}
}

func TestDecodeVulnerabilities(t *testing.T) {
	doc := decodeFile(t, "vulns-container-1.5.json")

	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, aspm.TargetImage, doc.Source.Target.Kind)
	assert.Equal(t, "registry.example.com/shop:1.2", doc.Source.Target.Name)
	assert.Equal(t, "sha256:abc123", doc.Source.Target.Digest)
	assert.Equal(t, "debian 12.5", doc.Source.Target.OS)
	assert.Equal(t, aspm.Tool{Name: "trivy", Version: "0.50.0", Vendor: "aquasecurity"}, doc.Source.Tool)

	// 3 distinct refs of the first vulnerability, 1 without affects, 1.
	require.Len(t, doc.Findings, 5)
	f := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, f.Kind)
	assert.Equal(t, aspm.Tool{Name: "vex-bot", Version: "1.0", Vendor: "Acme"}, f.Tool, "the vulnerability's own tool")
	assert.Equal(t, "CVE-2024-0727", f.Rule)
	assert.Equal(t, "CVE-2024-0727 in debian/openssl 3.0.11-1", f.Title)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2024-0727", Aliases: []string{"GHSA-9v9h-cgj8-h64p"}}}, f.Vulns)
	assert.Equal(t, aspm.SeverityHigh, f.Severity, "the most severe word of any rating")
	assert.Equal(t, "high", f.ToolSeverity)
	assert.Equal(t, []aspm.CVSS{
		{Source: "nvd", Version: "3.1", Vector: "CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H", Score: 5.5},
		{Source: "nvd", Version: "2.0", Vector: "AV:N/AC:M/Au:N/C:N/I:N/A:P", Score: 4.3},
	}, f.CVSS)
	assert.Equal(t, []int{20, 476}, f.CWEs)
	assert.Equal(t, "Processing a maliciously formatted PKCS12 file may lead OpenSSL to crash.\n\nA NULL pointer dereference in PKCS12 parsing.", f.Description)
	assert.Equal(t, []string{"https://security-tracker.debian.org/tracker/CVE-2024-0727", "https://www.openssl.org/news/secadv/20240125.txt"}, f.References)
	assert.Equal(t, []string{"3.0.13-1", "3.0.14-1"}, f.FixedVersions, "unaffected single versions of both affects entries of the ref")
	require.NotNil(t, f.Component)
	assert.Equal(t, "pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12", f.Component.PURL.String())
	assert.Equal(t, aspm.ScopeTransitive, f.Component.Scope)
	assert.Equal(t, []aspm.Location{{Image: "registry.example.com/shop:1.2"}}, f.Locations)
	assert.Equal(t, &aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "code_not_reachable", Response: []string{"will_not_fix", "update"}, Detail: "PKCS12 files are never parsed."}, f.VEX)
	assert.Equal(t, aspm.Status(""), f.Status)
	assert.Equal(t, aspm.Provenance{File: "vulns-container-1.5.json", Index: 0, Pointer: "/vulnerabilities/0/affects/0"}, f.Provenance)
	assert.Equal(t, "debian", f.Properties["source.name"])
	assert.Equal(t, "https://security-tracker.debian.org/tracker/CVE-2024-0727", f.Properties["source.url"])
	assert.Equal(t, "Upgrade openssl to 3.0.13-1.", f.Properties["recommendation"])
	assert.Equal(t, "2024-01-26T09:15:07+00:00", f.Properties["published"])
	assert.Equal(t, "v1", f.Properties["bom-ref"])
	assert.Equal(t, "fixed\nagain", f.Properties["property:trivy:status"])
	assert.Equal(t, `{"reproductionSteps":"openssl pkcs12 -in crash.p12"}`, f.Properties["proofOfConcept"])
	assert.Contains(t, f.Properties["ratings"], `"method":"OWASP"`)
	assert.Contains(t, f.Properties["references"], `"url":"https://github.com/advisories/GHSA-9v9h-cgj8-h64p"`)
	assert.Contains(t, f.Properties["advisories"], `"title":"Debian tracker"`)
	assert.Contains(t, f.Properties["affects.versions"], `"range":"vers:deb/>=3.0.13-1"`)
	assert.Equal(t, "2024-03-02T00:00:00Z", f.Properties["analysis.lastUpdated"])
	assert.NotEmpty(t, f.ID)

	libssl := doc.Findings[1]
	assert.Equal(t, "libssl3", libssl.Component.Name)
	assert.Empty(t, libssl.FixedVersions)
	assert.Equal(t, "/vulnerabilities/0/affects/1", libssl.Provenance.Pointer)
	assert.NotContains(t, libssl.Properties, "affects.versions")

	unknown := doc.Findings[2]
	require.NotNil(t, unknown.Component)
	assert.Equal(t, "pkg:deb/debian/unknown@1.0", unknown.Component.Ref)
	assert.Equal(t, "pkg:deb/debian/unknown@1.0", unknown.Component.PURL.String(), "an unknown ref that is a purl still names the package")
	assert.Equal(t, "/vulnerabilities/0/affects/3", unknown.Provenance.Pointer)

	noAffects := doc.Findings[3]
	assert.Nil(t, noAffects.Component)
	assert.Equal(t, "GHSA-xxxx-yyyy-zzzz", noAffects.Title)
	assert.Equal(t, aspm.SeverityCritical, noAffects.Severity, "from the score when no rating has a severity")
	assert.Equal(t, "9.1", noAffects.ToolSeverity)
	assert.Nil(t, noAffects.CVSS, "a score without method or vector is not a CVSS assessment")
	assert.Equal(t, "/vulnerabilities/1", noAffects.Provenance.Pointer)
	assert.Equal(t, aspm.Tool{Name: "trivy", Version: "0.50.0", Vendor: "aquasecurity"}, noAffects.Tool)

	fp := doc.Findings[4]
	assert.Equal(t, aspm.StatusFalsePositive, fp.Status)
	assert.Equal(t, aspm.VEXNotAffected, fp.VEX.State)
	assert.Equal(t, []aspm.CVSS{{Version: "4.0", Vector: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", Score: 9.3}}, fp.CVSS)
	assert.Equal(t, "CVE-2023-0001 in vendored-zlib 1.2.11", fp.Title)

	require.Len(t, doc.Statements, 2)
	st := doc.Statements[0]
	assert.Equal(t, aspm.Vuln{ID: "CVE-2024-0727", Aliases: []string{"GHSA-9v9h-cgj8-h64p"}}, st.Vuln)
	var products []string
	for _, p := range st.Products {
		products = append(products, p.String())
	}
	assert.Equal(t, []string{
		"pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12",
		"pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12",
		"pkg:deb/debian/unknown@1.0",
	}, products)
	assert.Equal(t, aspm.VEXNotAffected, st.Analysis.State)
	assert.Equal(t, time.Date(2024, 3, 2, 0, 0, 0, 0, time.UTC), st.Timestamp)
	assert.Equal(t, aspm.Provenance{File: "vulns-container-1.5.json", Index: 0, Pointer: "/vulnerabilities/0"}, st.Provenance)
	assert.Nil(t, doc.Statements[1].Products)
	assert.Equal(t, []string{"no-purl"}, doc.Statements[1].ProductRefs, "a product without a purl is named by its ref")

	assert.Contains(t, diagnosticsText(doc), `/vulnerabilities/0/affects/3: warning: affects ref "pkg:deb/debian/unknown@1.0" names no component`)
}

func TestDecodeXMLMatchesJSON(t *testing.T) {
	x := decodeFile(t, "vulns-1.4.xml")
	j := decodeFile(t, "vulns-1.4.json")
	assert.Equal(t, cyclonedx.FormatXML, x.Source.Format)
	assert.Empty(t, x.Diagnostics, diagnosticsText(x))
	assert.Equal(t, j.Components, x.Components)
	assert.Equal(t, j.Relationships, x.Relationships)
	assert.Equal(t, j.Source.Tool, x.Source.Tool)
	assert.Equal(t, j.Source.ScanTime, x.Source.ScanTime)
	require.Len(t, x.Findings, 1)
	require.Len(t, j.Findings, 1)
	xf, jf := x.Findings[0], j.Findings[0]
	assert.Equal(t, "/bom/vulnerabilities/vulnerability[1]/affects/target[1]", xf.Provenance.Pointer)
	for _, f := range []*aspm.Finding{&xf, &jf} {
		f.ID, f.Format, f.Provenance = "", "", aspm.Provenance{}
	}
	assert.Equal(t, jf, xf)

	assert.Equal(t, "CVE-2021-44228 in org.apache.logging.log4j:log4j-core 2.14.1", xf.Title)
	assert.Equal(t, aspm.KindSCA, xf.Kind)
	assert.Equal(t, []string{"2.17.1"}, xf.FixedVersions)
	assert.Equal(t, []int{502, 917}, xf.CWEs)
	assert.Equal(t, aspm.VEXAffected, xf.VEX.State)
	assert.Equal(t, aspm.ScopeDirect, xf.Component.Scope)
	require.Len(t, x.Statements, 1)
}

func TestDecodeExtensionVulnerabilities(t *testing.T) {
	doc := decodeFile(t, "ext-vuln-1.2.xml")
	assert.Equal(t, aspm.Tool{Name: "grype", Version: "0.7.0", Vendor: "anchore"}, doc.Source.Tool)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, aspm.TargetImage, doc.Source.Target.Kind)
	assert.Equal(t, "sha256:0123456789abcdef", doc.Source.Target.Digest)

	require.Len(t, doc.Findings, 3)
	bash := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, bash.Kind)
	assert.Equal(t, "CVE-2019-18276 in bash 5.0-4", bash.Title)
	require.NotNil(t, bash.Component)
	assert.Equal(t, "bash", bash.Component.Name, "an extension vulnerability affects the component it sits in")
	assert.Equal(t, aspm.SeverityLow, bash.Severity)
	assert.Equal(t, "Low", bash.ToolSeverity)
	assert.Equal(t, []aspm.CVSS{{Version: "2.0", Vector: "AV:L/AC:L/Au:N/C:C/I:C/A:C", Score: 7.2}}, bash.CVSS)
	assert.Equal(t, []int{273}, bash.CWEs)
	assert.Equal(t, "GNU Bash does not drop privileges correctly.", bash.Description)
	assert.Equal(t, []string{"https://security-tracker.debian.org/tracker/CVE-2019-18276"}, bash.References)
	assert.Equal(t, "Upgrade\nOr remove bash", bash.Properties["recommendation"])
	assert.Equal(t, "10.0", bash.Properties["ratings.0.score.impact"])
	assert.Equal(t, "3.9", bash.Properties["ratings.0.score.exploitability"])
	assert.Equal(t, "debian:10", bash.Properties["source.name"])
	assert.Equal(t, "urn:uuid:034795bb-da31-4267-9628-d57648b1b776", bash.Properties["ref"])
	assert.Equal(t, "/bom/components/component[1]/v:vulnerabilities/v:vulnerability[1]", bash.Provenance.Pointer)

	nested := doc.Findings[1]
	assert.Equal(t, "pkg:deb/debian/libreadline8@8.0-3", nested.Component.PURL.String())
	assert.Equal(t, "/bom/components/component[1]/components/component[1]/v:vulnerabilities/v:vulnerability[1]", nested.Provenance.Pointer)

	top := doc.Findings[2]
	assert.Equal(t, "CVE-2018-7489", top.Rule)
	assert.Equal(t, "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.9", top.Component.PURL.String(), "a top-level one names its component by ref")
	assert.Equal(t, aspm.SeverityCritical, top.Severity)
	assert.Equal(t, []aspm.CVSS{{Version: "3.0", Vector: "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", Score: 9.8}}, top.CVSS)
	assert.Equal(t, "/bom/v:vulnerabilities/v:vulnerability[1]", top.Provenance.Pointer)

	diags := diagnosticsText(doc)
	assert.Contains(t, diags, `CWE "x" is not a number`)
	assert.Contains(t, diags, `extension vulnerability "CVE-2000-0001" inside a <component> that is not an inventory component is skipped`)
}

func TestDecodeLatin1(t *testing.T) {
	doc := decodeFile(t, "latin1-1.3.xml")
	require.Len(t, doc.Components, 1)
	assert.Equal(t, "café", doc.Components[0].Name)
	assert.Equal(t, "Société Générale", doc.Components[0].Supplier)
}

func TestDecodeErrors(t *testing.T) {
	deep := func(open, close string, n int) []byte {
		return []byte(strings.Repeat(open, n) + strings.Repeat(close, n))
	}
	const laughs = `<?xml version="1.0"?>
<!DOCTYPE bom [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<bom xmlns="http://cyclonedx.org/schema/bom/1.4" version="1"><components><component type="library"><name>&lol9;</name></component></components></bom>`
	deepXML := append([]byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.4">`), deep("<components><component>", "</component></components>", 50_000)...)
	deepXML = append(deepXML, "</bom>"...)

	tests := []struct {
		name  string
		dec   ingest.Decoder
		input []byte
		is    error  // errors.Is target, nil for any error
		msg   string // substring of the message, "" for any
	}{
		{name: "truncated json", dec: &cyclonedx.JSONDecoder{}, input: read(t, "truncated.json"), msg: "unexpected end of JSON input"},
		{name: "truncated xml", dec: &cyclonedx.XMLDecoder{}, input: read(t, "truncated.xml"), msg: "unexpected EOF"},
		{name: "json array", dec: &cyclonedx.JSONDecoder{}, input: []byte(`[{"bomFormat":"CycloneDX"}]`), is: ingest.ErrNotFormat},
		{name: "json other shape", dec: &cyclonedx.JSONDecoder{}, input: []byte(`{"SchemaVersion":2,"Results":[]}`), is: ingest.ErrNotFormat},
		{name: "json other shape with bad specVersion", dec: &cyclonedx.JSONDecoder{}, input: []byte(`{"specVersion":"9"}`), is: ingest.ErrNotFormat},
		{name: "json unknown version", dec: &cyclonedx.JSONDecoder{}, input: []byte(`{"bomFormat":"CycloneDX","specVersion":"2.0","version":1}`), is: ingest.ErrUnsupported},
		{name: "json too deep", dec: &cyclonedx.JSONDecoder{}, input: append([]byte(`{"bomFormat":"CycloneDX","components":`), deep("[", "]", 100_000)...), is: ingest.ErrTooDeep},
		{name: "xml other root", dec: &cyclonedx.XMLDecoder{}, input: []byte(`<analysis xmlns="https://jeremylong.github.io/DependencyCheck/dependency-check.2.5.xsd"/>`), is: ingest.ErrNotFormat},
		{name: "xml no root", dec: &cyclonedx.XMLDecoder{}, input: []byte(`<?xml version="1.0"?><!-- nothing -->`), is: ingest.ErrNotFormat},
		{name: "xml unknown version", dec: &cyclonedx.XMLDecoder{}, input: []byte(`<bom xmlns="http://cyclonedx.org/schema/bom/1.9" version="1"/>`), is: ingest.ErrUnsupported},
		{name: "xml too deep", dec: &cyclonedx.XMLDecoder{}, input: deepXML, is: ingest.ErrTooDeep},
		{name: "xml billion laughs", dec: &cyclonedx.XMLDecoder{}, input: []byte(laughs), msg: "invalid character entity &lol9;"},
		{name: "xml unknown encoding", dec: &cyclonedx.XMLDecoder{}, input: []byte(`<?xml version="1.0" encoding="EBCDIC"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`), msg: `unsupported XML encoding "EBCDIC"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			doc, err := tt.dec.Decode(t.Context(), bytes.NewReader(tt.input))
			require.Error(t, err)
			assert.Nil(t, doc)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			if tt.msg != "" {
				assert.Contains(t, err.Error(), tt.msg)
			}
			assert.Less(t, time.Since(start), 5*time.Second, "bad input must fail quickly")
		})
	}
}

func TestDecodeLimits(t *testing.T) {
	ctx := t.Context()
	reg := ingest.NewRegistry(&cyclonedx.JSONDecoder{}, &cyclonedx.XMLDecoder{})
	reg.Limits.MaxRecords = 3
	_, err := reg.Decode(ctx, "sbom", bytes.NewReader(read(t, "sbom-nested-1.6.json")))
	assert.ErrorIs(t, err, ingest.ErrTooManyRecords)

	reg = ingest.NewRegistry(&cyclonedx.JSONDecoder{}, &cyclonedx.XMLDecoder{})
	reg.Limits.MaxText = 20
	doc, err := reg.Decode(ctx, "vulns", bytes.NewReader(read(t, "vulns-container-1.5.json")))
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(doc.Findings[0].Description, "Processing a malicio…["), doc.Findings[0].Description)

	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = (&cyclonedx.XMLDecoder{}).Decode(cancelled, bytes.NewReader(read(t, "vulns-1.4.xml")))
	assert.ErrorIs(t, err, context.Canceled)
}

func TestDecodeWrongType(t *testing.T) {
	const in = `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[{"type":"library","name":"a","version":1},{"type":"library","name":"b","bom-ref":"b"}]}`
	doc, err := (&cyclonedx.JSONDecoder{}).Decode(t.Context(), strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, doc.Components, 2, "the rest of the BOM is read")
	assert.Equal(t, "b", doc.Components[1].Ref)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/components/version", doc.Diagnostics[0].Pointer)
	assert.Contains(t, doc.Diagnostics[0].Message, "JSON number")
}

func TestDecodeMissingSpecVersion(t *testing.T) {
	doc, err := (&cyclonedx.JSONDecoder{}).Decode(t.Context(), strings.NewReader(`{"bomFormat":"CycloneDX","components":[{"type":"library","name":"a","bom-ref":"a"}]}`))
	require.NoError(t, err)
	require.Len(t, doc.Components, 1)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/specVersion", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.Tool{Name: "CycloneDX"}, doc.Source.Tool, "a BOM that names no tool")
}

func TestDecodeBadRecords(t *testing.T) {
	const in = `{"bomFormat":"CycloneDX","specVersion":"1.5","version":1,
	"metadata":{"timestamp":"yesterday"},
	"components":[{"type":"library","name":"a","bom-ref":"a","purl":"pkg:"},{"type":"library","name":"b","bom-ref":"b"}],
	"dependencies":[{"ref":"","dependsOn":["a"]},{"ref":"a","dependsOn":["","b"]}],
	"vulnerabilities":[{"id":"","affects":[{"ref":""},{"ref":"b"}],"analysis":{"state":"maybe"}},{"id":"CVE-2020-1234","affects":[{"ref":"urn:cdx:00000000-0000-4000-8000-000000000009/1#pkg"}]}]}`
	doc, err := (&cyclonedx.JSONDecoder{}).Decode(t.Context(), strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, doc.Components, 2)
	assert.Equal(t, []aspm.Relationship{{From: "a", To: "b", Type: aspm.RelDependsOn}}, doc.Relationships)
	require.Len(t, doc.Findings, 2)
	assert.Nil(t, doc.Findings[0].Vulns)
	assert.Equal(t, "vulnerability in b", doc.Findings[0].Title)
	assert.Equal(t, "urn:cdx:00000000-0000-4000-8000-000000000009/1#pkg", doc.Findings[1].Component.Ref)

	diags := diagnosticsText(doc)
	for _, want := range []string{
		`/metadata/timestamp: warning: timestamp "yesterday"`,
		`/components/0: warning: component "a": aspm: invalid package URL`,
		`/dependencies/0: error: dependency without a ref: its 1 dependsOn edges are lost`,
		`/dependencies/1/dependsOn/0: warning: empty dependsOn ref skipped`,
		`/vulnerabilities/0/affects/0: warning: affects entry without a ref skipped`,
		`/vulnerabilities/0: warning: vulnerability without an id`,
		`/vulnerabilities/0/analysis/state: warning: analysis state "maybe"`,
	} {
		assert.Contains(t, diags, want)
	}
	assert.NotContains(t, diags, "urn:cdx:", "BOM-Links are not reported")
}
