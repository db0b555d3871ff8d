package csaf_test

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
	"github.com/posturekit/posture/ingest/csaf"
	"github.com/posturekit/posture/internal/decode"
)

func decodeFile(t *testing.T, name string) (*aspm.Document, error) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return new(csaf.Decoder).Decode(t.Context(), bytes.NewReader(data))
}

func TestDetect(t *testing.T) {
	tests := []struct {
		head string
		want bool
	}{
		{`{"document":{"category":"csaf_vex","csaf_version":"2.0"},"product_tree":{}}`, true},
		{`{"product_tree":{},"document":{"csaf_version":"2.0"}}`, true},
		{`{"document":{"title":"a word document"}}`, false},
		{`{"@context":"https://openvex.dev/ns/v0.2.0","statements":[]}`, false},
		{`[{"document":{"csaf_version":"2.0"}}]`, false},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, new(csaf.Decoder).Detect([]byte(tt.head)), tt.head)
	}
}

func TestDecodeVEX(t *testing.T) {
	doc, err := decodeFile(t, "vex-purl.json")
	require.NoError(t, err)
	assert.Equal(t, csaf.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "Secvisogram", Version: "2.5.0", Vendor: "Acme"}, doc.Source.Tool)
	released := time.Date(2024, 3, 1, 12, 0, 0, 0, time.UTC)
	assert.Equal(t, released, doc.Source.ScanTime)
	assert.Empty(t, doc.Diagnostics)

	vuln := aspm.NewVuln("CVE-2024-11111", "GHSA-abcd-efgh-ijkm")
	libfoo100 := aspm.MustParsePURL("pkg:npm/%40acme/libfoo@1.0.0")
	require.Len(t, doc.Findings, 3)

	lib := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, lib.Kind)
	assert.Equal(t, "CVE-2024-11111", lib.Rule)
	assert.Equal(t, []aspm.Vuln{vuln}, lib.Vulns)
	assert.Equal(t, "Heap overflow in libfoo parser", lib.Title)
	assert.Equal(t, "A crafted document overflows a heap buffer.", lib.Description)
	assert.Equal(t, []int{787}, lib.CWEs)
	assert.Equal(t, libfoo100, lib.Component.PURL)
	assert.Equal(t, "Acme", lib.Component.Supplier)
	assert.Equal(t, []string{"1.0.1"}, lib.FixedVersions)
	assert.Equal(t, aspm.SeverityHigh, lib.Severity)
	assert.Equal(t, "HIGH", lib.ToolSeverity)
	assert.Equal(t, []aspm.CVSS{{Source: "Acme", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H", Score: 8.8}}, lib.CVSS)
	assert.Equal(t, aspm.StatusOpen, lib.Status)
	assert.Equal(t, &aspm.VEXAnalysis{State: aspm.VEXAffected, Response: []string{"vendor_fix"}, Detail: "Upgrade libfoo to 1.0.1."}, lib.VEX)
	assert.Equal(t, []string{"https://acme.example/vex/7", "https://acme.example/fix/7"}, lib.References)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/vulnerabilities/0/product_status/known_affected/0"}, lib.Provenance)
	assert.Equal(t, "ACME-VEX-2024-007", lib.Properties["csaf_tracking_id"])
	assert.Equal(t, `["exploit_status: No known exploitation."]`, lib.Properties["threats"])
	assert.Contains(t, lib.Properties["vulnerability.acknowledgments"], "A. Researcher")

	rel := doc.Findings[1]
	assert.Equal(t, libfoo100, rel.Component.PURL, "the component installed in the product")
	assert.Equal(t, "Acme Server 5.2", rel.Properties["product"])
	assert.Equal(t, "default_component_of", rel.Properties["relationship"])
	assert.Equal(t, aspm.SeverityMedium, rel.Severity, "from the product's CVSS v2 entry")
	assert.Equal(t, "2.0", rel.CVSS[0].Version)
	assert.Equal(t, []string{"1.0.1"}, rel.FixedVersions)

	ui := doc.Findings[2]
	assert.Equal(t, aspm.VEXUnderInvestigation, ui.VEX.State)
	assert.Equal(t, "Important", ui.VEX.Impact)
	assert.Equal(t, aspm.SeverityHigh, ui.Severity, "from the impact threat")
	assert.Equal(t, "UNLISTED-9", ui.Component.Name, "a product the tree does not define keeps its id")

	require.Len(t, doc.Statements, 5)
	assert.Equal(t, aspm.VEXStatement{
		Vuln: vuln, Products: []aspm.PURL{libfoo100}, Timestamp: released,
		Analysis:   aspm.VEXAnalysis{State: aspm.VEXAffected, Response: []string{"vendor_fix"}, Detail: "Upgrade libfoo to 1.0.1."},
		Provenance: aspm.Provenance{Index: 0, Pointer: "/vulnerabilities/0/product_status/known_affected"},
	}, doc.Statements[0])
	assert.Equal(t, []aspm.PURL{aspm.MustParsePURL("pkg:oci/acme-server@sha256%3Aaaaa?tag=5.2")}, doc.Statements[1].Products)
	assert.Equal(t, []aspm.PURL{libfoo100}, doc.Statements[1].Subcomponents)
	assert.Equal(t, []string{"UNLISTED-9"}, doc.Statements[2].ProductRefs)
	na := doc.Statements[3]
	assert.Equal(t, []string{"cpe:2.3:a:acme:server:6.0:*:*:*:*:*:*:*"}, na.ProductRefs)
	assert.Equal(t, aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "vulnerable_code_not_in_execute_path",
		Response: []string{"no_fix_planned"}, Detail: "Server 6.0 does not call the parser."}, na.Analysis)
	assert.Equal(t, aspm.VEXFixed, doc.Statements[4].Analysis.State)
}

func TestDecodeBadRecords(t *testing.T) {
	doc, err := decodeFile(t, "bad-vulnerability.json")
	require.NoError(t, err)
	var pointers []string
	for _, d := range doc.Diagnostics {
		pointers = append(pointers, d.Pointer)
	}
	assert.Equal(t, []string{
		"/document/tracking/current_release_date",
		"/product_tree/full_product_names/0/product_identification_helper",
		"/product_tree/full_product_names/1",
		"/product_tree/full_product_names/2",
		"/vulnerabilities/0",
		"/vulnerabilities/1",
		"/vulnerabilities/2/product_status/fixed/0",
		"/vulnerabilities/2/product_status/x_exploitable",
	}, pointers)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "CVE-2024-22222 affects Widget 1", doc.Findings[0].Title)
	assert.Equal(t, "Widget 1", doc.Findings[0].Component.Name)
	assert.Len(t, doc.Statements, 1)
}

func TestDecodeErrors(t *testing.T) {
	_, err := decodeFile(t, "truncated.json")
	require.Error(t, err)
	_, err = decodeFile(t, "unsupported-version.json")
	assert.ErrorIs(t, err, decode.ErrUnsupported)
	for _, in := range []string{`["a"]`, `{"runs":[]}`, `{"document":{"title":"x"}}`, `{"document":[]}`} {
		_, err := new(csaf.Decoder).Decode(t.Context(), strings.NewReader(in))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "vex-purl.json"))
	require.NoError(t, err)
	_, err = new(csaf.Decoder).Decode(decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 3}), bytes.NewReader(data))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)
}
