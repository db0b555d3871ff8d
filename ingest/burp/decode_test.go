package burp_test

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
	"github.com/posturekit/posture/ingest/burp"
	"github.com/posturekit/posture/internal/decode"
)

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return b
}

func TestDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"export with DTD", string(read(t, "three-issues.xml")), true},
		{"no burpVersion", `<issues><issue><serialNumber>1</serialNumber></issue></issues>`, true},
		{"other issues root", `<issues><issue id="1"/></issues>`, false},
		{"zap", `<OWASPZAPReport version="2.14.0"></OWASPZAPReport>`, false},
		{"json", `{"issues": []}`, false},
	}
	var d burp.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecode(t *testing.T) {
	var d burp.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "three-issues.xml")))
	require.NoError(t, err)
	assert.Equal(t, aspm.Tool{Name: "Burp Suite", Version: "2023.10.3"}, doc.Source.Tool)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetURL, Name: "http://shop.example.com"}, doc.Source.Target)
	require.Len(t, doc.Findings, 3)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindDAST, f.Kind)
	assert.Equal(t, "1049088", f.Rule)
	assert.Equal(t, "SQL injection", f.Title)
	assert.Equal(t, "The <b>b_id</b> cookie appears to be vulnerable to SQL injection attacks.", f.Description)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, "High", f.ToolSeverity)
	assert.Equal(t, "Firm", f.Confidence)
	assert.Equal(t, []int{89, 116}, f.CWEs)
	assert.Equal(t, []string{
		"https://portswigger.net/web-security/sql-injection",
		"https://cwe.mitre.org/data/definitions/89.html",
		"https://cwe.mitre.org/data/definitions/116.html",
	}, f.References)
	require.Len(t, f.Locations, 1)
	loc := f.Locations[0]
	assert.Equal(t, "http://shop.example.com/basket.jsp", loc.URL)
	assert.Equal(t, "POST", loc.Method)
	assert.Equal(t, "b_id", loc.Parameter)
	assert.True(t, strings.HasPrefix(loc.Evidence, "POST /basket.jsp HTTP/1.1\r\nHost: shop.example.com"), loc.Evidence)
	assert.Contains(t, loc.Evidence, "HTTP/1.1 500 Internal Server Error")
	assert.Equal(t, "7121655797013284864", f.Properties["serialNumber"])
	assert.Equal(t, "192.0.2.7", f.Properties["ip"])
	assert.Equal(t, "/basket.jsp [b_id cookie]", f.Properties["location"])
	assert.Equal(t, "payload: '\ndatabase: Microsoft SQL Server", f.Properties["issueDetailItems"])
	assert.Equal(t, "2", f.Properties["requestresponse_count"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/issues/issue[1]"}, f.Provenance)

	f = doc.Findings[1]
	assert.Equal(t, "The application allows users to connect to it over unencrypted connections.", f.Description, "background when there is no detail")
	assert.Equal(t, aspm.SeverityLow, f.Severity)
	assert.Equal(t, []int{326}, f.CWEs)
	assert.Equal(t, aspm.Location{URL: "http://shop.example.com/"}, f.Locations[0])

	f = doc.Findings[2]
	assert.Equal(t, aspm.StatusFalsePositive, f.Status)
	assert.Equal(t, aspm.SeverityInfo, f.Severity)
	assert.Equal(t, "test", f.Locations[0].Parameter)
	assert.Equal(t, "GET", f.Locations[0].Method, "read from the request line")
	assert.LessOrEqual(t, len(f.Locations[0].Evidence), decode.DefaultMaxEvidence+32, "the 50 kB response is cut")
	assert.Equal(t, "reflected in a script context", f.Properties["staticAnalysis"])

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/issues/issue[4]", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
}

func TestDecodeHostile(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"billion laughs", string(read(t, "billion-laughs.xml")), nil},
		{"deep nesting", `<issues>` + strings.Repeat("<issue>", 100_000) + strings.Repeat("</issue>", 100_000) + `</issues>`, decode.ErrTooDeep},
		{"deep nesting never closed", strings.Repeat("<a>", 1_000_000), decode.ErrTooDeep},
		{"truncated", string(read(t, "truncated.xml")), nil},
		{"other root", `<OWASPZAPReport/>`, decode.ErrNotFormat},
		{"json", `{"issues": []}`, nil},
	}
	var d burp.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			_, err := d.Decode(t.Context(), strings.NewReader(tt.input))
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
			assert.Less(t, time.Since(start), 5*time.Second)
		})
	}
}
