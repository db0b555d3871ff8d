package zap_test

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
	"github.com/posturekit/posture/ingest/zap"
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
		name      string
		head      string
		xml, json bool
	}{
		{"xml report", string(read(t, "two-alerts.xml")), true, false},
		{"json report", string(read(t, "two-sites.json")), false, true},
		{"burp", `<?xml version="1.0"?><issues burpVersion="2021.4.2"><issue/></issues>`, false, false},
		{"cyclonedx xml", `<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.4"/>`, false, false},
		{"nuclei", `{"template-id":"x","info":{},"host":"h"}`, false, false},
		{"json with site only", `{"site":[]}`, false, false},
	}
	var x zap.XMLDecoder
	var j zap.JSONDecoder
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.xml, x.Detect([]byte(tt.head)), "xml")
			assert.Equal(t, tt.json, j.Detect([]byte(tt.head)), "json")
		})
	}
}

func TestDecodeXML(t *testing.T) {
	var d zap.XMLDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "two-alerts.xml")))
	require.NoError(t, err)
	assert.Equal(t, aspm.Tool{Name: "ZAP", Version: "2.14.0"}, doc.Source.Tool)
	assert.Equal(t, &aspm.Target{Kind: aspm.TargetURL, Name: "https://shop.example.com"}, doc.Source.Target)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindDAST, f.Kind)
	assert.Equal(t, "10011", f.Rule)
	assert.Equal(t, "Cookie Without Secure Flag", f.Title)
	assert.Equal(t, "<p>A cookie has been set without the secure flag.</p>", f.Description)
	assert.Equal(t, aspm.SeverityLow, f.Severity)
	assert.Equal(t, "Low", f.ToolSeverity)
	assert.Equal(t, "Medium", f.Confidence)
	assert.Empty(t, f.Status)
	assert.Equal(t, []int{614}, f.CWEs)
	assert.Equal(t, []string{"CWE-614", "OWASP_2021_A05"}, f.Tags)
	assert.Equal(t, []string{
		"https://owasp.org/www-project-web-security-testing-guide/cookies",
		"https://cwe.mitre.org/data/definitions/614.html",
		"https://owasp.org/Top10/A05_2021-Security_Misconfiguration/",
	}, f.References)
	assert.Equal(t, []aspm.Location{
		{URL: "https://shop.example.com/login", Method: "GET", Parameter: "sid", Evidence: "Set-Cookie: sid"},
		{URL: "https://shop.example.com/cart", Method: "POST", Parameter: "cart", Evidence: "Set-Cookie: cart"},
	}, f.Locations)
	assert.Equal(t, "<p>Set the secure flag.</p>", f.Properties["solution"])
	assert.Equal(t, "seen after login", f.Properties["instances/1/otherinfo"])
	assert.Equal(t, "13", f.Properties["wascid"])
	assert.Equal(t, "2", f.Properties["count"])
	assert.Equal(t, "false", f.Properties["systemic"], "unknown elements are kept")
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/OWASPZAPReport/site[1]/alerts/alertitem[1]"}, f.Provenance)

	f = doc.Findings[1]
	assert.Equal(t, "40018-1", f.Rule, "alertRef tells the variants of a plugin apart")
	assert.Equal(t, "40018", f.Properties["pluginid"])
	assert.Equal(t, "SQL Injection", f.Properties["alert"])
	assert.Equal(t, "SQL Injection - MySQL", f.Title)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.Equal(t, aspm.StatusFalsePositive, f.Status)
	assert.Equal(t, "x' OR '1'='1", f.Properties["instances/0/attack"])
	require.Len(t, f.Locations, 1)
	ev := f.Locations[0].Evidence
	assert.True(t, strings.HasPrefix(ev, "You have an error in your SQL syntax\n\nGET https://shop.example.com/search"), ev)
	assert.Contains(t, ev, "HTTP/1.1 500 Internal Server Error")
	assert.Contains(t, ev, "<html>You have an error")

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, aspm.DiagError, doc.Diagnostics[0].Level)
	assert.Equal(t, "/OWASPZAPReport/site[1]/alerts/alertitem[3]", doc.Diagnostics[0].Pointer)
}

func TestDecodeJSON(t *testing.T) {
	var d zap.JSONDecoder
	doc, err := d.Decode(t.Context(), bytes.NewReader(read(t, "two-sites.json")))
	require.NoError(t, err)
	assert.Equal(t, aspm.Tool{Name: "ZAP", Version: "2.14.0"}, doc.Source.Tool)
	assert.Nil(t, doc.Source.Target, "two sites: no single target")
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, "10020-1", f.Rule)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, []int{1021}, f.CWEs)
	assert.Equal(t, []string{"CWE-1021", "OWASP_2021_A05"}, f.Tags, "tag names sorted")
	assert.Equal(t, "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options", f.References[0])
	require.Len(t, f.Locations, 2)
	assert.Equal(t, aspm.Location{URL: "https://shop.example.com/", Method: "GET", Parameter: "x-frame-options"}, f.Locations[0])
	assert.Contains(t, f.Locations[1].Evidence, "GET https://shop.example.com/about HTTP/1.1")
	assert.Contains(t, f.Locations[1].Evidence, "<html></html>")
	assert.Equal(t, "/site/0/alerts/0", f.Provenance.Pointer)

	f = doc.Findings[1]
	assert.Equal(t, "10096", f.Rule, "numbers are read as strings")
	assert.Equal(t, aspm.SeverityInfo, f.Severity)
	assert.Equal(t, "Low", f.Confidence)
	assert.Empty(t, f.CWEs, "cweid -1 means none")
	assert.Equal(t, "/site/1/alerts/0", f.Provenance.Pointer)
	assert.Equal(t, 1, f.Provenance.Index)

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/site/1/alerts/1", doc.Diagnostics[0].Pointer)
}

func TestEvidenceIsBounded(t *testing.T) {
	body := strings.Repeat("A", 100_000)
	in := `<OWASPZAPReport version="2"><site name="s"><alerts><alertitem><pluginid>1</pluginid><name>n</name>
	<instances><instance><uri>https://x/</uri><evidence>e</evidence><responsebody>` + body + `</responsebody></instance></instances>
	</alertitem></alerts></site></OWASPZAPReport>`
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxEvidence: 256})
	var d zap.XMLDecoder
	doc, err := d.Decode(ctx, strings.NewReader(in))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	ev := doc.Findings[0].Locations[0].Evidence
	assert.Less(t, len(ev), 300)
	assert.Contains(t, ev, "bytes cut]")
}

func TestDecodeHostileXML(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"billion laughs", string(read(t, "billion-laughs.xml")), nil},
		{"deep nesting", `<OWASPZAPReport>` + strings.Repeat("<a>", 100_000) + strings.Repeat("</a>", 100_000) + `</OWASPZAPReport>`, decode.ErrTooDeep},
		{"deep nesting never closed", strings.Repeat("<a>", 1_000_000), decode.ErrTooDeep},
		{"truncated", string(read(t, "truncated.xml")), nil},
		{"other root", `<issues burpVersion="1"></issues>`, decode.ErrNotFormat},
		{"not xml", `{"site": []}`, nil},
	}
	var d zap.XMLDecoder
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

func TestDecodeJSONErrors(t *testing.T) {
	tests := []struct {
		name  string
		input string
		is    error
	}{
		{"truncated", string(read(t, "truncated.json")), nil},
		{"array", `[{"site": []}]`, decode.ErrNotFormat},
		{"no site", `{"@version": "2.14.0"}`, decode.ErrNotFormat},
		{"site is a string", `{"@version": "2.14.0", "site": "x"}`, decode.ErrNotFormat},
		{"too deep", `{"site":` + strings.Repeat("[", 600) + strings.Repeat("]", 600) + `}`, decode.ErrTooDeep},
	}
	var d zap.JSONDecoder
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

func TestDecodeJSONLegacySiteObject(t *testing.T) {
	var d zap.JSONDecoder
	doc, err := d.Decode(t.Context(), strings.NewReader(`{"@version": "2.9.0", "site": {"@name": "http://x", "alerts": [{"pluginid": "1", "name": "n", "riskcode": "1"}]}}`))
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	assert.Equal(t, "/site/alerts/0", doc.Findings[0].Provenance.Pointer)
	assert.Equal(t, "http://x", doc.Source.Target.Name)
}
