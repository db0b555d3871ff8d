package govulncheck_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/govulncheck"
	"github.com/posturekit/posture/internal/decode"
)

type decoder interface {
	Detect([]byte) bool
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	return data
}

func decodeStream(t *testing.T, name string) (*aspm.Document, error) {
	t.Helper()
	return new(govulncheck.Decoder).Decode(t.Context(), bytes.NewReader(readFixture(t, name)))
}

func decodeLegacy(t *testing.T, name string) (*aspm.Document, error) {
	t.Helper()
	return new(govulncheck.LegacyDecoder).Decode(t.Context(), bytes.NewReader(readFixture(t, name)))
}

func TestDetect(t *testing.T) {
	stream, legacy := new(govulncheck.Decoder), new(govulncheck.LegacyDecoder)
	tests := []struct {
		name         string
		head         string
		isStream     bool
		isLegacyJSON bool
	}{
		{"stream", `{"config":{"protocol_version":"v1.0.0","scanner_name":"govulncheck"}}` + "\n" + `{"progress":{}}`, true, false},
		{"array", `[{"config":{"go_version":"go1.21.4"}},{"progress":{}}]`, true, false},
		{"cut config", `{"config":{"protocol_version":"v1.0`, true, false},
		{"other config", `{"config":{"name":"x"},"rules":[]}`, false, false},
		{"legacy", `{"Calls":{"Functions":{}},"Imports":{},"Requires":{},"Vulns":null}`, false, true},
		{"legacy cut in calls", `{"Calls":{"Functions":{"1":{"ID":1,"CallSites":[{"Parent":2`, false, true},
		{"sarif", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"govulncheck"}}}]}`, false, false},
		{"osv-scanner", `{"results":[{"source":{},"packages":[]}]}`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.isStream, stream.Detect([]byte(tt.head)), "stream")
			assert.Equal(t, tt.isLegacyJSON, legacy.Detect([]byte(tt.head)), "legacy")
		})
	}
	for name, d := range map[string]decoder{
		"stream-symbol.json": stream, "stream-array.json": stream, "stream-bad-message.json": stream,
		"legacy.json": legacy, "legacy-no-vulns.json": legacy,
	} {
		assert.True(t, d.Detect(readFixture(t, name)), name)
	}
}

func TestDecodeStream(t *testing.T) {
	doc, err := decodeStream(t, "stream-symbol.json")
	require.NoError(t, err)
	assert.Equal(t, govulncheck.Format, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "govulncheck", Version: "v1.1.3"}, doc.Source.Tool)
	assert.Empty(t, doc.Diagnostics)
	require.Len(t, doc.Findings, 3, "one per OSV id and module, GO-2020-0015 has no finding message")

	gjson := doc.Findings[0]
	assert.Equal(t, aspm.KindSCA, gjson.Kind)
	assert.Equal(t, "GO-2021-0265", gjson.Rule)
	assert.Equal(t, "Denial of service in github.com/tidwall/gjson", gjson.Title)
	assert.Equal(t, []aspm.Vuln{aspm.NewVuln("GO-2021-0265", "CVE-2021-42248", "GHSA-c9gm-7rfj-8w5h")}, gjson.Vulns)
	assert.Equal(t, "pkg:golang/github.com/tidwall/gjson@v1.6.5", gjson.Component.PURL.String())
	assert.Equal(t, []string{"v1.9.3"}, gjson.FixedVersions)
	assert.Equal(t, aspm.SeverityUnknown, gjson.Severity)
	require.NotNil(t, gjson.Reachability)
	assert.Equal(t, aspm.ReachFunction, gjson.Reachability.Level)
	assert.Equal(t, []string{"github.com/tidwall/gjson.Get", "github.com/tidwall/gjson.Result.Get"}, gjson.Reachability.Symbols)
	assert.Equal(t, []string{
		"example.com/app.main (main.go:14)",
		"github.com/tidwall/gjson.Result.Get (gjson.go:296)",
	}, gjson.Reachability.Trace)
	assert.Equal(t, []aspm.Location{
		{File: "main.go", Region: &aspm.Region{StartLine: 14, StartColumn: 20}, Logical: "example.com/app.main"},
		{File: "main.go", Region: &aspm.Region{StartLine: 16, StartColumn: 3}, Logical: "example.com/app.main"},
	}, gjson.Locations)
	assert.Equal(t, aspm.Provenance{Index: 0, Pointer: "/4/finding"}, gjson.Provenance)
	assert.Equal(t, "2", gjson.Properties["trace_count"])
	assert.Contains(t, gjson.Properties["traces"], "example.com/app.server.handle (server.go:31)")
	assert.Equal(t, "symbol", gjson.Properties["scan_level"])
	assert.Contains(t, gjson.References, "https://pkg.go.dev/vuln/GO-2021-0265")

	text := doc.Findings[1]
	assert.Equal(t, aspm.ReachPackage, text.Reachability.Level)
	assert.Empty(t, text.Reachability.Symbols)
	assert.Equal(t, `["golang.org/x/text/language"]`, text.Properties["packages"])
	assert.Nil(t, text.Locations)

	std := doc.Findings[2]
	assert.Equal(t, aspm.ReachModule, std.Reachability.Level)
	assert.Equal(t, "pkg:golang/stdlib@v1.21.4", std.Component.PURL.String(), "stdlib version from go_version")

	require.Len(t, doc.Components, 4)
	assert.Equal(t, "application", doc.Components[0].Type)
	assert.Equal(t, []aspm.Relationship{{To: "pkg:golang/example.com/app", Type: aspm.RelDescribes}}, doc.Relationships)
}

func TestDecodeStreamArray(t *testing.T) {
	doc, err := decodeStream(t, "stream-array.json")
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "pkg:golang/stdlib@v1.19.0", f.Component.PURL.String())
	assert.Equal(t, []string{"net/http.ListenAndServe"}, f.Reachability.Symbols)
	assert.Equal(t, []string{"net/http.ListenAndServe"}, f.Reachability.Trace, "binary mode: one frame without position")
	assert.Equal(t, "GO-2022-0969 in stdlib", f.Title, "no OSV record in the stream")
}

func TestDecodeStreamBadMessages(t *testing.T) {
	doc, err := decodeStream(t, "stream-bad-message.json")
	require.NoError(t, err)
	var pointers []string
	for _, d := range doc.Diagnostics {
		pointers = append(pointers, d.Pointer)
	}
	assert.Equal(t, []string{"/1", "/2", "/3", "/4/finding", "/5/finding"}, pointers)
	require.Len(t, doc.Findings, 2, "the traceless report cannot be tied to a module")
	assert.Nil(t, doc.Findings[0].Component)
	assert.Equal(t, "pkg:golang/golang.org/x/net@v0.22.0", doc.Findings[1].Component.PURL.String())
	assert.Equal(t, []string{"v0.23.0"}, doc.Findings[1].FixedVersions)
}

func TestDecodeLegacy(t *testing.T) {
	doc, err := decodeLegacy(t, "legacy.json")
	require.NoError(t, err)
	assert.Equal(t, govulncheck.LegacyFormat, doc.Source.Format)
	require.Len(t, doc.Findings, 3)

	http := doc.Findings[0]
	assert.Equal(t, "GO-2022-0969", http.Rule)
	assert.Equal(t, "pkg:golang/stdlib@v1.19.0", http.Component.PURL.String())
	assert.Equal(t, []string{"v1.19.1"}, http.FixedVersions, "the range holding v1.19.0")
	assert.Equal(t, aspm.ReachFunction, http.Reachability.Level)
	assert.Equal(t, []string{"net/http.ListenAndServe", "net/http.http2Server.ServeConn"}, http.Reachability.Symbols)
	assert.Equal(t, []string{
		"example.com/app.main (/src/app/main.go:22)",
		"net/http.ListenAndServe (/go/src/net/http/server.go:3253)",
	}, http.Reachability.Trace)
	assert.Contains(t, http.Properties["traces"], "net/http.http2Server.ServeConn (/go/src/net/http/h2_bundle.go:4079)")
	assert.Equal(t, []aspm.Location{{File: "/src/app/main.go", Region: &aspm.Region{StartLine: 22, StartColumn: 21}, Logical: "example.com/app.main"}}, http.Locations)

	text := doc.Findings[1]
	assert.Equal(t, aspm.ReachPackage, text.Reachability.Level)
	assert.Equal(t, "pkg:golang/golang.org/x/text@v0.3.5", text.Component.PURL.String())
	assert.Equal(t, []string{"v0.3.7"}, text.FixedVersions)
	assert.Equal(t, "Out-of-bounds read in golang.org/x/text/language", text.Title)

	cyc := doc.Findings[2]
	assert.Equal(t, []string{"net/http.loop"}, cyc.Reachability.Symbols, "a call-graph cycle ends the walk")

	require.Len(t, doc.Diagnostics, 1)
	assert.Equal(t, "/Vulns/3", doc.Diagnostics[0].Pointer)
	assert.Len(t, doc.Components, 3)
	assert.Contains(t, doc.Relationships, aspm.Relationship{From: "pkg:golang/example.com/app", To: "pkg:golang/stdlib@v1.19.0", Type: aspm.RelDependsOn})
}

func TestDecodeLegacyNoVulns(t *testing.T) {
	doc, err := decodeLegacy(t, "legacy-no-vulns.json")
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Len(t, doc.Components, 1)
}

func TestDecodeErrors(t *testing.T) {
	_, err := decodeStream(t, "truncated.json")
	require.Error(t, err)
	_, err = new(govulncheck.Decoder).Decode(t.Context(), strings.NewReader(`{"config":{}} {"finding":`))
	require.Error(t, err)
	_, err = new(govulncheck.Decoder).Decode(t.Context(), strings.NewReader(`[{"config":{}}] {}`))
	require.Error(t, err, "data after the array")

	for _, in := range []string{`{"runs":[]}`, `["a"]`, `7`} {
		_, err := new(govulncheck.Decoder).Decode(t.Context(), strings.NewReader(in))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
	for _, in := range []string{`{"runs":[]}`, `["a"]`, `{"Vulns":[]}`, `{"Calls":{},"Vulns":5}`} {
		_, err := new(govulncheck.LegacyDecoder).Decode(t.Context(), strings.NewReader(in))
		assert.ErrorIs(t, err, decode.ErrNotFormat, in)
	}
}

func TestDecodeLimits(t *testing.T) {
	ctx := decode.WithLimits(t.Context(), decode.Limits{MaxRecords: 2})
	_, err := new(govulncheck.Decoder).Decode(ctx, bytes.NewReader(readFixture(t, "stream-symbol.json")))
	assert.ErrorIs(t, err, decode.ErrTooManyRecords)

	ctx = decode.WithLimits(t.Context(), decode.Limits{MaxBytes: 100})
	_, err = new(govulncheck.Decoder).Decode(ctx, bytes.NewReader(readFixture(t, "stream-symbol.json")))
	assert.ErrorIs(t, err, decode.ErrTooLarge)

	ctx = decode.WithLimits(t.Context(), decode.Limits{MaxDepth: 3})
	_, err = new(govulncheck.Decoder).Decode(ctx, bytes.NewReader(readFixture(t, "stream-symbol.json")))
	assert.ErrorIs(t, err, decode.ErrTooDeep)
}

func TestLongTraceIsBounded(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"config":{"protocol_version":"v1.0.0"}}{"finding":{"osv":"GO-2024-0001","trace":[`)
	for i := range 50 {
		if i > 0 {
			b.WriteString(",")
		}
		b.WriteString(`{"module":"example.com/m","package":"example.com/m","function":"f` + string(rune('A'+i%26)) + `"}`)
	}
	b.WriteString(`]}}`)
	doc, err := new(govulncheck.Decoder).Decode(t.Context(), strings.NewReader(b.String()))
	require.NoError(t, err)
	tr := doc.Findings[0].Reachability.Trace
	assert.Len(t, tr, 30)
	assert.Equal(t, "… 21 frames …", tr[14])
	assert.Equal(t, "example.com/m.fA", tr[29], "the vulnerable symbol ends the trace")
}
