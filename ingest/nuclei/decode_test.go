package nuclei_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/nuclei"
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
		{"json lines", string(read(t, "lines-three-results.jsonl")), true},
		{"export array", string(read(t, "export-array.json")), true},
		{"pretty object", string(read(t, "pretty-object.json")), true},
		{"nuclei template is input", "id: CVE-2021-44228\ninfo:\n  name: Log4j\n", false},
		{"zap json", `{"@version":"2.14.0","site":[]}`, false},
		{"hadolint", `[{"line":1,"code":"DL3008","level":"warning","file":"Dockerfile"}]`, false},
	}
	var d nuclei.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, d.Detect([]byte(tt.head)))
		})
	}
}

func TestDecodeLines(t *testing.T) {
	var d nuclei.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "lines-three-results.jsonl")))
	require.NoError(t, err)
	assert.Equal(t, "Nuclei", doc.Source.Tool.Name)
	require.Len(t, doc.Findings, 3, "the broken third line is skipped")

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindDAST, f.Kind)
	assert.Equal(t, "CVE-2021-44228", f.Rule)
	assert.Equal(t, "Apache Log4j2 Remote Code Injection", f.Title)
	assert.Equal(t, aspm.SeverityCritical, f.Severity)
	assert.Equal(t, "critical", f.ToolSeverity)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2021-44228"}}, f.Vulns)
	assert.Equal(t, []int{502, 917}, f.CWEs)
	assert.Equal(t, []aspm.CVSS{{Source: "nuclei", Version: "3.1", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", Score: 10}}, f.CVSS)
	assert.Equal(t, []string{"https://logging.apache.org/log4j/2.x/security.html", "https://nvd.nist.gov/vuln/detail/CVE-2021-44228"}, f.References)
	assert.Equal(t, []string{"cve", "cve2021", "rce", "log4j", "kev"}, f.Tags)
	require.Len(t, f.Locations, 1)
	loc := f.Locations[0]
	assert.Equal(t, "https://app.example.com/api/login", loc.URL)
	assert.Equal(t, "POST", loc.Method)
	assert.True(t, strings.HasPrefix(loc.Evidence, "dns-callback\n\nPOST /api/login HTTP/1.1"), loc.Evidence)
	assert.Contains(t, loc.Evidence, "HTTP/1.1 200 OK")
	assert.Equal(t, "203.0.113.10", f.Properties["ip"])
	assert.Equal(t, "http", f.Properties["type"])
	assert.Equal(t, "dns", f.Properties["matcher-name"])
	assert.Equal(t, "true", f.Properties["matcher-status"])
	assert.Equal(t, "Upgrade to Log4j 2.17.1 or later.", f.Properties["info.remediation"])
	assert.Equal(t, `["melbadry9","dhiyaneshDK"]`, f.Properties["info.author"])
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "line 1"}, f.Provenance)

	f = doc.Findings[1]
	assert.Equal(t, aspm.SeverityInfo, f.Severity)
	assert.Equal(t, []string{"tech", "detect"}, f.Tags)
	assert.Equal(t, []string{"https://www.wappalyzer.com"}, f.References)
	assert.Empty(t, f.Locations[0].Method)
	assert.Equal(t, "line 2", f.Provenance.Pointer)

	f = doc.Findings[2]
	assert.Equal(t, "openssh5.3-detect", f.Rule, "templateID before Nuclei 2.6")
	assert.Equal(t, "app.example.com:22", f.Locations[0].URL)
	assert.Equal(t, "OpenSSH_5.3", f.Locations[0].Evidence)
	assert.Equal(t, []aspm.Vuln{{ID: "CVE-2016-6210"}}, f.Vulns)
	assert.Empty(t, f.CWEs, "nvd-cve-other is no CWE")
	assert.Equal(t, "line 4", f.Provenance.Pointer)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "line 3", doc.Diagnostics[0].Pointer)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
}

func TestDecodeArray(t *testing.T) {
	var d nuclei.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "export-array.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	loc := doc.Findings[0].Locations[0]
	assert.Equal(t, aspm.Location{URL: "https://app.example.com/metrics", Method: "GET", Parameter: "path", Evidence: "GET /metrics HTTP/1.1\r\nHost: app.example.com"}, loc)
	assert.Equal(t, "/0", doc.Findings[0].Provenance.Pointer)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/1", doc.Diagnostics[0].Pointer)
}

func TestDecodePrettyObject(t *testing.T) {
	var d nuclei.Decoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "pretty-object.json")))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, []int{79, 89}, doc.Findings[0].CWEs)
	assert.Equal(t, "line 1", doc.Findings[0].Provenance.Pointer)
	assert.Empty(t, doc.Diagnostics)
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"broken first line", "{\"template-id\": \n", nil},
		{"other object", `{"runs": []}`, decode.ErrNotFormat},
		{"array of numbers", `[1, 2]`, decode.ErrNotFormat},
		{"string", `"x"`, decode.ErrNotFormat},
		{"too deep", strings.Repeat("[", 600) + strings.Repeat("]", 600), decode.ErrTooDeep},
	}
	var d nuclei.Decoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Decode(t.Context(), strings.NewReader(tt.input))
			require.Error(t, err)
			if tt.is != nil {
				assert.ErrorIs(t, err, tt.is)
			}
		})
	}
}

func TestDecodeBrokenFirstLine(t *testing.T) {
	in := "{\"template-id\": \"cut\n" + `{"template-id":"tech-detect","info":{"name":"n","severity":"info"},"host":"h"}` + "\n"
	var d nuclei.Decoder
	doc, err := d.Decode(t.Context(), strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "line 2", doc.Findings[0].Provenance.Pointer)
	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "line 1", doc.Diagnostics[0].Pointer)
}
