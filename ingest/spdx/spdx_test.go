package spdx_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/spdx"
	"github.com/posturekit/posture/internal/decode"
)

type decoder interface {
	Format() aspm.Format
	Detect([]byte) bool
	Decode(context.Context, io.Reader) (*aspm.Document, error)
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func decodeFixture(t *testing.T, d decoder, name string) *aspm.Document {
	t.Helper()
	doc, err := d.Decode(t.Context(), bytes.NewReader(readFixture(t, name)))
	require.NoError(t, err)
	require.NotNil(t, doc)
	return doc
}

func component(t *testing.T, doc *aspm.Document, ref string) aspm.Component {
	t.Helper()
	for _, c := range doc.Components {
		if c.Ref == ref {
			return c
		}
	}
	t.Fatalf("no component %q", ref)
	return aspm.Component{}
}

func infos(doc *aspm.Document) string {
	var b strings.Builder
	for _, d := range doc.Diagnostics {
		b.WriteString(d.String())
		b.WriteByte('\n')
	}
	return b.String()
}

func TestDetect(t *testing.T) {
	heads := map[string]string{
		"spdx2":        `{"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","packages":[]}`,
		"spdx2-late":   `{"files":[{"fileName":"a","SPDXID":"SPDXRef-File-a"}],"packages":[`,
		"spdx1":        `{"spdxVersion":"SPDX-1.2","SPDXID":"SPDXRef-DOCUMENT"}`,
		"tv":           "# generated\n\nSPDXVersion: SPDX-2.2\nDataLicense: CC0-1.0\n",
		"tv-later":     "DataLicense: CC0-1.0\nSPDXVersion: SPDX-2.2\n",
		"spdx3":        `{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":[]}`,
		"spdx3-list":   `{"@context":["https://spdx.org/rdf/3.0.1/spdx-context.jsonld",{"x":"y"}],"@graph":[]}`,
		"spdx3-mixed":  `{"spdxVersion":"SPDX-3.0","@context":"https://spdx.org/rdf/3.0.0/spdx-context.jsonld","@graph":[]}`,
		"openvex":      `{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","statements":[]}`,
		"cyclonedx":    `{"bomFormat":"CycloneDX","specVersion":"1.5","components":[]}`,
		"trivy":        `{"SchemaVersion":2,"ArtifactName":"x","Results":[]}`,
		"files-no-id":  `{"files":[{"path":"a"}]}`,
		"xml":          `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`,
		"plain-text":   "hello: world\n",
		"sarif":        `{"version":"2.1.0","runs":[]}`,
		"dependencyck": `{"reportSchema":"1.1","scanInfo":{},"dependencies":[]}`,
	}
	tests := []struct {
		dec  decoder
		want []string
	}{
		{&spdx.JSONDecoder{}, []string{"spdx2", "spdx2-late", "spdx1"}},
		{&spdx.TagValueDecoder{}, []string{"tv"}},
		{&spdx.JSONLDDecoder{}, []string{"spdx3", "spdx3-list", "spdx3-mixed"}},
	}
	for _, tt := range tests {
		for name, head := range heads {
			t.Run(string(tt.dec.Format())+"/"+name, func(t *testing.T) {
				want := false
				for _, w := range tt.want {
					want = want || w == name
				}
				assert.Equal(t, want, tt.dec.Detect([]byte(head)))
			})
		}
	}
}

func TestDecodeJSON(t *testing.T) {
	doc := decodeFixture(t, &spdx.JSONDecoder{}, "image-two-packages.spdx.json")
	assert.Equal(t, spdx.FormatJSON, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "syft", Version: "1.4.1", Vendor: "Example Corp"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2024, 3, 1, 10, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, aspm.TargetImage, doc.Source.Target.Kind)
	assert.Equal(t, "registry.example/shop", doc.Source.Target.Name)
	assert.Equal(t, "oci", doc.Source.Target.PURL.Type())
	assert.Empty(t, doc.Findings)
	require.Len(t, doc.Components, 4)

	ssl := component(t, doc, "SPDXRef-Package-openssl")
	assert.Equal(t, "pkg:apk/alpine/openssl@3.0.7-r0?arch=x86_64&distro=alpine-3.17", ssl.PURL.Key())
	assert.Equal(t, "openssl", ssl.Name)
	assert.Equal(t, "3.0.7-r0", ssl.Version)
	assert.Equal(t, []string{"Apache-2.0"}, ssl.Licenses, "NOASSERTION is skipped")
	assert.Equal(t, "Alpine Linux", ssl.Supplier)
	assert.Equal(t, "operating-system", ssl.Type)
	assert.Equal(t, "cpe:2.3:a:openssl:openssl:3.0.7:*:*:*:*:*:*:*", ssl.CPE)
	assert.Equal(t, []aspm.Hash{{Algorithm: "SHA256", Value: "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}, ssl.Hashes)

	lodash := component(t, doc, "SPDXRef-Package-lodash")
	assert.Equal(t, "pkg:npm/lodash@4.17.20", lodash.PURL.String(), "the first valid purl wins")
	assert.Equal(t, []string{"MIT"}, lodash.Licenses, "concluded and declared are de-duplicated")
	assert.Equal(t, "John-David Dalton", lodash.Supplier, "originator when there is no supplier")
	assert.Equal(t, "cpe:/a:lodash:lodash:4.17.20", lodash.CPE)
	assert.Equal(t, "container", component(t, doc, "SPDXRef-Image").Type)

	assert.Equal(t, []aspm.Relationship{
		{From: "", To: "SPDXRef-Image", Type: aspm.RelDescribes},
		{From: "SPDXRef-Image", To: "SPDXRef-Package-openssl", Type: aspm.RelContains},
		{From: "SPDXRef-Image", To: "SPDXRef-Package-lodash", Type: aspm.RelContains},
		{From: "SPDXRef-Package-lodash", To: "SPDXRef-Package-openssl", Type: aspm.RelDependsOn},
		{From: "SPDXRef-Package-lodash", To: "SPDXRef-Package-jest", Type: aspm.RelDependsOn},
	}, doc.Relationships)

	diags := infos(doc)
	assert.Contains(t, diags, "/packages/2/externalRefs/0: warning:")
	assert.Contains(t, diags, "dropped 2 relationships that name files")
	assert.Contains(t, diags, "GENERATED_FROM 1")
	assert.Contains(t, diags, "SPDXRef-Package-ghost")
	assert.Contains(t, diags, "ignored 1 security references or elements (advisory 1)")
}

func TestDecodeJSONFilesFirst(t *testing.T) {
	d := &spdx.JSONDecoder{}
	head := readFixture(t, "files-first.spdx.json")
	assert.True(t, d.Detect(head[:120]), "detected before spdxVersion is seen")
	doc := decodeFixture(t, d, "files-first.spdx.json")
	assert.Equal(t, aspm.Tool{Name: "Microsoft.SBOMTool", Version: "1.1.1", Vendor: "Example"}, doc.Source.Tool)
	require.Len(t, doc.Components, 2)
	assert.Equal(t, aspm.TargetOther, doc.Source.Target.Kind)
	assert.Equal(t, "tool", doc.Source.Target.Name)
	assert.Equal(t, []aspm.Relationship{
		{From: "", To: "SPDXRef-RootPackage", Type: aspm.RelDescribes},
		{From: "SPDXRef-RootPackage", To: "SPDXRef-Package-9F3E", Type: aspm.RelDependsOn},
	}, doc.Relationships, "documentDescribes and DESCRIBES give one edge")
	assert.NotContains(t, infos(doc), "repeat")
}

func TestDecodeJSONBadRecords(t *testing.T) {
	doc := decodeFixture(t, &spdx.JSONDecoder{}, "bad-package.spdx.json")
	require.Len(t, doc.Components, 1, "bad, id-less and duplicate packages are skipped")
	assert.Equal(t, "pkg:pypi/b@1.0", doc.Components[0].PURL.String())
	diags := infos(doc)
	assert.Contains(t, diags, "/packages/0: error: unreadable package")
	assert.Contains(t, diags, "/packages/2: error:")
	assert.Contains(t, diags, "/packages/3: warning: duplicate package id")
	assert.Contains(t, diags, "/relationships/0: warning:")
	assert.Contains(t, diags, "/relationships/1: error:")
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name string
		dec  decoder
		in   string
		want error
	}{
		{"json wrong shape", &spdx.JSONDecoder{}, `{"bomFormat":"CycloneDX"}`, decode.ErrNotFormat},
		{"json array", &spdx.JSONDecoder{}, `[1,2]`, nil},
		{"json version 3", &spdx.JSONDecoder{}, `{"spdxVersion":"SPDX-3.0","SPDXID":"x"}`, decode.ErrUnsupported},
		{"tag-value wrong start", &spdx.TagValueDecoder{}, "DataLicense: CC0-1.0\nSPDXVersion: SPDX-2.2\n", decode.ErrNotFormat},
		{"tag-value empty", &spdx.TagValueDecoder{}, "# only a comment\n", decode.ErrNotFormat},
		{"tag-value version 1", &spdx.TagValueDecoder{}, "SPDXVersion: SPDX-1.2\n", decode.ErrUnsupported},
		{"jsonld no context", &spdx.JSONLDDecoder{}, `{"@context":"https://openvex.dev/ns","@graph":[]}`, decode.ErrNotFormat},
		{"jsonld no graph", &spdx.JSONLDDecoder{}, `{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}`, decode.ErrNotFormat},
		{"jsonld graph object", &spdx.JSONLDDecoder{}, `{"@context":"https://spdx.org/rdf/3.0.1/spdx-context.jsonld","@graph":{}}`, decode.ErrNotFormat},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.dec.Decode(t.Context(), strings.NewReader(tt.in))
			require.Error(t, err)
			if tt.want != nil {
				assert.ErrorIs(t, err, tt.want)
			}
		})
	}
}

func TestTruncated(t *testing.T) {
	reg := ingest.NewRegistry(&spdx.JSONDecoder{}, &spdx.TagValueDecoder{})
	for _, name := range []string{"truncated.spdx.json", "unclosed-text.spdx"} {
		t.Run(name, func(t *testing.T) {
			_, err := reg.DecodeFile(t.Context(), "", filepath.Join("testdata", name))
			require.Error(t, err)
			var pe *ingest.ParseError
			require.True(t, errors.As(err, &pe), "%v", err)
			assert.ErrorIs(t, err, ingest.ErrTruncated)
		})
	}
	_, err := (&spdx.TagValueDecoder{}).Decode(t.Context(), bytes.NewReader(readFixture(t, "unclosed-text.spdx")))
	assert.ErrorContains(t, err, "line 7:", "the error names the line where the text opens")
}

func TestDecodeTagValue(t *testing.T) {
	doc := decodeFixture(t, &spdx.TagValueDecoder{}, "image.spdx")
	assert.Equal(t, spdx.FormatTagValue, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "trivy", Version: "0.50.1", Vendor: "aquasecurity"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2022, 9, 13, 13, 24, 58, 796907000, time.UTC), doc.Source.ScanTime)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, aspm.TargetImage, doc.Source.Target.Kind)
	assert.Equal(t, "centos-7.tar.gz", doc.Source.Target.Name)
	require.Len(t, doc.Components, 3)

	bash := component(t, doc, "SPDXRef-Package-bash")
	assert.Equal(t, "pkg:rpm/centos/bash@4.2.46-31.el7?arch=x86_64&distro=centos-7.6.1810", bash.PURL.String())
	assert.Equal(t, "4.2.46", bash.Version)
	assert.Equal(t, []string{"GPLv3+"}, bash.Licenses)
	assert.Equal(t, "CentOS", bash.Supplier)
	assert.Equal(t, "cpe:2.3:a:gnu:bash:4.2.46:*:*:*:*:*:*:*", bash.CPE)
	assert.Equal(t, []aspm.Hash{{Algorithm: "SHA1", Value: "85ed0e6b8ba1f3f4a3d4cbd5f3f6f1aa6a1b0e12"}}, bash.Hashes)
	assert.Equal(t, "container", component(t, doc, "SPDXRef-ContainerImage").Type)

	assert.Equal(t, []aspm.Relationship{
		{From: "", To: "SPDXRef-ContainerImage", Type: aspm.RelDescribes},
		{From: "SPDXRef-ContainerImage", To: "SPDXRef-Package-bash", Type: aspm.RelContains},
		{From: "SPDXRef-Package-bash", To: "SPDXRef-Package-glibc", Type: aspm.RelDependsOn},
	}, doc.Relationships)

	diags := infos(doc)
	assert.Contains(t, diags, "line 35: warning: not a \"Tag: value\" line")
	assert.Contains(t, diags, "line 54: warning: relationship")
	assert.Contains(t, diags, "dropped 1 relationships that name files")
	assert.Contains(t, diags, "advisory 1")
}

func TestTagValueLines(t *testing.T) {
	in := "SPDXVersion: SPDX-2.3\r\n" +
		"SPDXID: SPDXRef-DOCUMENT\r\n" +
		"PackageVersion: 1.0\r\n" + // line 3: outside a package
		"PackageName: a\r\n" +
		"SPDXID: SPDXRef-a\r\n" +
		"PackageComment: <text>one</text> trailing\r\n" + // line 6
		"PackageChecksum: SHA1\r\n" + // line 7: no value
		"ExternalRef: PACKAGE-MANAGER purl\r\n" + // line 8: two fields
		"PackageVersion: 2.0\r\n" +
		"bad tag!: x\r\n" // line 10
	doc, err := (&spdx.TagValueDecoder{}).Decode(t.Context(), strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, doc.Components, 1)
	assert.Equal(t, "2.0", doc.Components[0].Version, "CRLF line ends are handled")
	diags := infos(doc)
	for _, want := range []string{"line 3: warning: PackageVersion outside a package", "line 6: warning: text after", "line 7: warning: checksum", "line 8: warning: external reference", "line 10: warning:"} {
		assert.Contains(t, diags, want)
	}
}

func TestTagValueDiagnosticsBounded(t *testing.T) {
	in := "SPDXVersion: SPDX-2.3\n" + strings.Repeat("garbage\n", 5000)
	doc, err := (&spdx.TagValueDecoder{}).Decode(t.Context(), strings.NewReader(in))
	require.NoError(t, err)
	assert.Less(t, len(doc.Diagnostics), 300)
	assert.Contains(t, infos(doc), "further diagnostics not kept")
}

func TestDecodeJSONLD(t *testing.T) {
	doc := decodeFixture(t, &spdx.JSONLDDecoder{}, "app.spdx3.json")
	assert.Equal(t, spdx.FormatJSONLD, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "spdx-gen", Version: "2.1.0"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2024, 5, 2, 8, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	require.NotNil(t, doc.Source.Target)
	assert.Equal(t, "webapp", doc.Source.Target.Name)
	assert.Equal(t, "pkg:npm/webapp@1.2.0", doc.Source.Target.PURL.String())
	require.Len(t, doc.Components, 3)

	app := component(t, doc, "https://example.com/spdx/pkg-app")
	assert.Equal(t, "application", app.Type)
	assert.Equal(t, "Acme", app.Supplier)
	express := component(t, doc, "https://example.com/spdx/pkg-express")
	assert.Equal(t, "pkg:npm/express@4.18.2", express.PURL.String())
	assert.Equal(t, "4.18.2", express.Version)
	assert.Equal(t, "cpe:2.3:a:expressjs:express:4.18.2:*:*:*:*:node.js:*:*", express.CPE)
	assert.Equal(t, []string{"MIT"}, express.Licenses)
	assert.Equal(t, []aspm.Hash{{Algorithm: "sha256", Value: "0123456789abcdef"}}, express.Hashes)
	assert.Equal(t, "operating-system", component(t, doc, "https://example.com/spdx/pkg-os").Type)

	assert.Equal(t, []aspm.Relationship{
		{From: "", To: "https://example.com/spdx/pkg-app", Type: aspm.RelDescribes},
		{From: "https://example.com/spdx/pkg-app", To: "https://example.com/spdx/pkg-express", Type: aspm.RelDependsOn},
		{From: "https://example.com/spdx/pkg-app", To: "https://example.com/spdx/pkg-os", Type: aspm.RelDependsOn},
	}, doc.Relationships)
	diags := infos(doc)
	assert.Contains(t, diags, "/@graph/19: error: unreadable element")
	assert.Contains(t, diags, "contains 1")
	assert.Contains(t, diags, "generates 1")
	assert.Contains(t, diags, "hasAssociatedVulnerability 1")
	assert.Contains(t, diags, "security_Vulnerability 1")
}

func TestRecordLimit(t *testing.T) {
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 2})
	_, err := (&spdx.JSONDecoder{}).Decode(ctx, bytes.NewReader(readFixture(t, "image-two-packages.spdx.json")))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
	_, err = (&spdx.TagValueDecoder{}).Decode(ctx, bytes.NewReader(readFixture(t, "image.spdx")))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
	_, err = (&spdx.JSONLDDecoder{}).Decode(ctx, bytes.NewReader(readFixture(t, "app.spdx3.json")))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
}

func TestDeterministic(t *testing.T) {
	for _, tt := range []struct {
		dec  decoder
		file string
	}{{&spdx.JSONDecoder{}, "image-two-packages.spdx.json"}, {&spdx.TagValueDecoder{}, "image.spdx"}, {&spdx.JSONLDDecoder{}, "app.spdx3.json"}} {
		a := decodeFixture(t, tt.dec, tt.file)
		b := decodeFixture(t, tt.dec, tt.file)
		assert.Equal(t, a, b, tt.file)
	}
}
