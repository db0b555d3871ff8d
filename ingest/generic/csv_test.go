package generic_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/generic"
	"github.com/posturekit/posture/internal/decode"
)

func TestDecodeCSV(t *testing.T) {
	var d generic.CSVDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "pentest.csv")))
	require.NoError(t, err)
	assert.Equal(t, aspm.Tool{Name: generic.CSVTool}, doc.Source.Tool)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindPentest, f.Kind)
	assert.Equal(t, "Stored XSS in the review form", f.Title)
	assert.Equal(t, `The review text is rendered without encoding, see "Reviews".`, f.Description)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "ACME-XSS-01", f.Rule)
	assert.Equal(t, []int{79, 116}, f.CWEs)
	assert.Equal(t, []aspm.Vuln{{ID: "ACME-2024-007", Aliases: []string{"CVE-2024-12345"}}}, f.Vulns)
	assert.Equal(t, "pkg:npm/review-widget@2.1.0", f.Component.PURL.String())
	assert.Equal(t, []string{"2.1.1"}, f.FixedVersions)
	assert.Equal(t, []aspm.Location{{
		File: "web/reviews.tsx", Region: &aspm.Region{StartLine: 42, EndLine: 44},
		URL: "https://shop.example.com/reviews", Method: "POST", Parameter: "text",
	}}, f.Locations)
	assert.Equal(t, []string{"https://owasp.org/www-community/attacks/xss/", "https://cwe.mitre.org/data/definitions/79.html"}, f.References)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "line 2"}, f.Provenance)

	f = doc.Findings[1]
	assert.Equal(t, aspm.KindIaC, f.Kind)
	assert.Equal(t, []aspm.Location{{File: "infra/s3.tf", Region: &aspm.Region{StartLine: 3}, Resource: &aspm.Resource{Type: "aws_s3_bucket", Name: "aws_s3_bucket.assets"}}}, f.Locations)
	assert.Nil(t, f.Component)
	assert.Equal(t, "line 3", f.Provenance.Pointer)

	f = doc.Findings[2]
	assert.Equal(t, "Open redirect", f.Title)
	assert.Equal(t, []int{601}, f.CWEs)
	assert.Equal(t, []aspm.Vuln{{ID: "GHSA-aaaa-bbbb-cccc"}}, f.Vulns)
	assert.Nil(t, f.Component)
	assert.Equal(t, []aspm.Location{{URL: "https://shop.example.com/login", Method: "GET", Parameter: "next"}}, f.Locations)
	assert.Equal(t, "line 6", f.Provenance.Pointer)

	assert.Equal(t, []string{
		"error line 4: row skipped: 3 fields, the header has 18",
		"error line 5: row skipped: a finding needs a title",
		`warning line 6: cwe "nine" is not a CWE id; ignored`,
		"warning line 6: aliases without a vuln: the first alias is taken as the id",
		`warning line 6: line "twelve" is not a line number or a range such as 12-15; ignored`,
		`warning line 6: severity "severe" is not one of [critical high medium low info unknown]; read as high`,
	}, messages(doc.Diagnostics[:6]))
	require.Len(t, doc.Diagnostics, 7)
	assert.Contains(t, doc.Diagnostics[6].Message, "component purl: aspm: invalid package URL")
}

func TestDecodeCSVEdges(t *testing.T) {
	var d generic.CSVDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "header-only.csv")))
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)

	in := generic.CSVHeader + "\r\n" +
		`"bare "quote",sast,low,,,,,,,,,,,,,,,` + "\r\n" +
		`SQL injection,sast,high,R1,,89,,,,app/db.go,7,,,,,,,` + "\r\n"
	doc, err = d.Decode(t.Context(), strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1, "a row CSV cannot parse is skipped and reading goes on")
	assert.Equal(t, "SQL injection", doc.Findings[0].Title)
	assert.Equal(t, "line 3", doc.Findings[0].Provenance.Pointer)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "line 2", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
}

func TestDecodeCSVWrongHeader(t *testing.T) {
	var d generic.CSVDecoder
	for _, in := range []string{string(read(t, "wrong-header.csv")), "", `{"schema": "posture-generic/v1"}`} {
		_, err := d.Decode(t.Context(), strings.NewReader(in))
		require.Error(t, err)
		assert.ErrorIs(t, err, decode.ErrNotFormat)
		assert.Contains(t, err.Error(), generic.CSVHeader, "the message shows the expected header")
	}
}
