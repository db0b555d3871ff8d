package openvex_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/openvex"
	"github.com/posturekit/posture/internal/decode"
)

func decodeFile(t *testing.T, name string) (*aspm.Document, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return new(openvex.Decoder).Decode(t.Context(), bytes.NewReader(data))
}

func TestDetect(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"@context":"https://openvex.dev/ns/v0.2.0","@id":"x","statements":[]}`, true},
		{`{"@context":"https://openvex.dev/ns","statements":[]}`, true},
		{`{"@context":"https://spdx.org/rdf/3.0.0/spdx-context.jsonld","@graph":[]}`, false},
		{`{"document":{"csaf_version":"2.0"}}`, false},
		{`["not","a","document"]`, false},
		{`{"bomFormat":"CycloneDX","vulnerabilities":[]}`, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, new(openvex.Decoder).Detect([]byte(tt.head)), tt.head)
	}
}

func TestDecodeV020(t *testing.T) {
	doc, err := decodeFile(t, "v020-mixed.json")
	require.NoError(t, err)
	assert.Equal(t, openvex.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "vexctl", Vendor: "Example Security Team"}, doc.Source.Tool)
	assert.Equal(t, time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), doc.Source.ScanTime)
	assert.Empty(t, doc.Diagnostics)

	require.Len(t, doc.Statements, 4)
	na := doc.Statements[0]
	assert.Equal(t, aspm.NewVuln("CVE-2023-44487", "GHSA-qppj-fm5r-hxr3"), na.Vuln)
	assert.Equal(t, []aspm.PURL{aspm.MustParsePURL("pkg:golang/golang.org/x/net@v0.17.0")}, na.Products)
	assert.Equal(t, aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "vulnerable_code_not_in_execute_path", Impact: "The HTTP/2 server is never started."}, na.Analysis)
	assert.Equal(t, time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC), na.Timestamp, "the document's timestamp")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/statements/0"}, na.Provenance)

	aff := doc.Statements[1]
	assert.Equal(t, "CVE-2024-3094", aff.Vuln.ID)
	assert.Len(t, aff.Products, 1)
	assert.Equal(t, []string{"https://example.com/products/appliance", "cpe:2.3:a:example:appliance:1.0:*:*:*:*:*:*:*"}, aff.ProductRefs)
	assert.Equal(t, []string{"Upgrade xz-utils to 5.6.1-r2 or later."}, aff.Analysis.Response)
	assert.Equal(t, time.Date(2024, 5, 1, 11, 0, 0, 0, time.UTC), aff.Timestamp)

	ui := doc.Statements[2]
	assert.Equal(t, aspm.VEXUnderInvestigation, ui.Analysis.State)
	assert.Equal(t, "Triage in progress.", ui.Analysis.Detail)
	assert.Len(t, ui.Subcomponents, 2)

	assert.Len(t, doc.Statements[3].Products, 2)

	// affected: one finding per product; under_investigation: one per
	// subcomponent; not_affected and fixed: statements only.
	require.Len(t, doc.Findings, 4)
	oci := doc.Findings[0]
	assert.Equal(t, aspm.KindContainer, oci.Kind)
	assert.Equal(t, "CVE-2024-3094", oci.Rule)
	assert.Equal(t, aspm.StatusOpen, oci.Status)
	require.NotNil(t, oci.VEX)
	assert.Equal(t, aspm.VEXAffected, oci.VEX.State)
	assert.Equal(t, "Malicious code in xz upstream tarballs.", oci.Description)
	assert.Equal(t, "/statements/1/products/0", oci.Provenance.Pointer)
	assert.Equal(t, "https://example.com/vex/2024-0001#s2", oci.Properties["statement_id"])
	assert.Equal(t, "pkg:oci/app@sha256:0123456789abcdef?repository_url=registry.example.com%2Fapp", oci.Component.PURL.String())

	cpe := doc.Findings[1]
	assert.Equal(t, aspm.KindSCA, cpe.Kind)
	assert.Equal(t, "cpe:2.3:a:example:appliance:1.0:*:*:*:*:*:*:*", cpe.Component.CPE)
	assert.Equal(t, "https://example.com/products/appliance", cpe.Component.Name)

	glibc := doc.Findings[2]
	assert.Equal(t, "pkg:apk/alpine/glibc@2.35-r0", glibc.Component.PURL.String())
	assert.Equal(t, aspm.VEXUnderInvestigation, glibc.VEX.State)
	assert.Equal(t, "pkg:oci/base@sha256:abcdef", glibc.Properties["product"])
	assert.Equal(t, aspm.KindContainer, glibc.Kind)
	assert.Equal(t, "/statements/2/products/0/subcomponents/1", doc.Findings[3].Provenance.Pointer)
	assert.Equal(t, 3, doc.Findings[3].Provenance.Index)
}

func TestDecodeV001(t *testing.T) {
	doc, err := decodeFile(t, "v001-legacy.json")
	require.NoError(t, err)
	require.Len(t, doc.Statements, 2)
	assert.Equal(t, "CVE-2014-123456", doc.Statements[0].Vuln.ID)
	assert.Equal(t, []aspm.PURL{aspm.MustParsePURL("pkg:apk/wolfi/libcurl@7.87.0-r0")}, doc.Statements[0].Subcomponents)
	assert.False(t, doc.Statements[0].Timestamp.IsZero())
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "pkg:apk/wolfi/libcurl@7.87.0-r0", f.Component.PURL.String())
	assert.Equal(t, "/statements/0/subcomponents/0", f.Provenance.Pointer)
	assert.Equal(t, "Example vulnerability in a component.", f.Description)
	assert.Equal(t, "1", f.Properties["document_version"])
}

func TestDecodeBadStatements(t *testing.T) {
	doc, err := decodeFile(t, "bad-statement.json")
	require.NoError(t, err)
	var pointers []string
	for _, d := range doc.Diagnostics {
		pointers = append(pointers, d.Pointer)
	}
	assert.Equal(t, []string{"/timestamp", "/statements/0", "/statements/1", "/statements/2"}, pointers)
	require.Len(t, doc.Statements, 1)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "CVE-2024-0002", doc.Findings[0].Rule)
	assert.Equal(t, `{"k":1}`, doc.Findings[0].Properties["x_custom"])
}

func TestDecodeErrors(t *testing.T) {
	_, err := decodeFile(t, "truncated.json")
	require.Error(t, err)
	for _, in := range []string{`["not","a","document"]`, `{"@context":"https://example.com","statements":[]}`, `{"runs":[]}`} {
		_, err := new(openvex.Decoder).Decode(t.Context(), strings.NewReader(in))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 2})
	data, err := os.ReadFile(filepath.Join("testdata", "v020-mixed.json"))
	require.NoError(t, err)
	_, err = new(openvex.Decoder).Decode(ctx, bytes.NewReader(data))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
}
