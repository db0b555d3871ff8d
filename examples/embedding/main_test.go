package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest/inventory"
	"github.com/posturekit/posture/policy"
)

const demo = "../demo"

// demoScans are the demo's scanner outputs by the path the inventory knows
// them by.
var demoScans = []string{
	"scans/catalog/codeql.sarif", "scans/catalog/osv-scanner.json", "scans/catalog/semgrep.json", "scans/catalog/trivy-fs.json",
	"scans/checkout/gitleaks.json", "scans/checkout/grype-image.json", "scans/checkout/trivy-image.json", "scans/checkout/trufflehog.jsonl",
	"scans/reports/checkov.json",
}

// newTestServer serves the demo's inventory and the starter policy at a
// fixed time, as main does with -inventory and -policy.
func newTestServer(t *testing.T, maxBytes int64) *httptest.Server {
	t.Helper()
	inv, err := inventory.DecodeFile(t.Context(), filepath.Join(demo, "inventory.yaml"))
	require.NoError(t, err)
	pol, err := policy.LoadPath(t.Context(), filepath.Join("..", "..", "policies", "starter"))
	require.NoError(t, err)
	p := posture.New(posture.WithInventory(inv), posture.WithPolicy(pol),
		posture.WithClock(func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }))
	srv := httptest.NewServer(newService(p, maxBytes, slog.New(slog.DiscardHandler)).routes())
	t.Cleanup(srv.Close)
	return srv
}

// multipartBody puts the named demo files in a form, each as a file part
// whose file name is its path.
func multipartBody(t *testing.T, names ...string) (io.Reader, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	require.NoError(t, mw.WriteField("note", "a form field is not a file"))
	for _, name := range names {
		b, err := os.ReadFile(filepath.Join(demo, name))
		require.NoError(t, err)
		fw, err := mw.CreateFormFile("file", name)
		require.NoError(t, err)
		_, err = fw.Write(b)
		require.NoError(t, err)
	}
	require.NoError(t, mw.Close())
	return &buf, mw.FormDataContentType()
}

func post(t *testing.T, url, contentType string, body io.Reader) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, url, body)
	require.NoError(t, err)
	req.Header.Set("Content-Type", contentType)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, "application/json", resp.Header.Get("Content-Type"))
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, b
}

// Every demo scan in one multipart request: the same issues as "posture
// scan examples/demo/scans", in their business context, and the starter
// policy's gate.
func TestScanMultipart(t *testing.T) {
	srv := newTestServer(t, 0)
	body, ct := multipartBody(t, demoScans...)
	status, b := post(t, srv.URL+"/scan?top=3", ct, body)
	require.Equal(t, http.StatusOK, status, string(b))

	var a Answer
	require.NoError(t, json.Unmarshal(b, &a))
	assert.Equal(t, aspm.GateFail, a.Gate)
	assert.Equal(t, 13, a.Findings)
	assert.Equal(t, 8, a.Issues)
	require.Len(t, a.Files, len(demoScans))
	assert.Equal(t, File{Name: "scans/catalog/codeql.sarif", Format: "sarif", Findings: 1}, a.Files[0])

	require.Len(t, a.Top, 3)
	log4shell := a.Top[0]
	assert.Equal(t, "CVE-2021-44228 in org.apache.logging.log4j:log4j-core@2.14.1", log4shell.Title)
	assert.Equal(t, aspm.SeverityCritical, log4shell.Severity)
	assert.Equal(t, []string{"Grype", "Trivy"}, log4shell.Tools)
	assert.Equal(t, []string{"checkout"}, log4shell.Services, "the inventory's scans: [scans/checkout/*] matched the part's file name")
	assert.Equal(t, []string{"payments"}, log4shell.Owners)
	assert.Contains(t, log4shell.Failed, "critical-internet-production")
	for i := 1; i < len(a.Top); i++ {
		assert.GreaterOrEqual(t, a.Top[i-1].Score, a.Top[i].Score, "best first")
	}
}

// One scanner output as the raw body, named in the query.
func TestScanRawBody(t *testing.T) {
	srv := newTestServer(t, 0)
	b, err := os.ReadFile(filepath.Join(demo, "scans", "catalog", "semgrep.json"))
	require.NoError(t, err)
	status, out := post(t, srv.URL+"/scan?name=scans/catalog/semgrep.json", "application/json", bytes.NewReader(b))
	require.Equal(t, http.StatusOK, status, string(out))

	var a Answer
	require.NoError(t, json.Unmarshal(out, &a))
	assert.Equal(t, []File{{Name: "scans/catalog/semgrep.json", Format: "semgrep-json", Findings: a.Findings}}, a.Files)
	require.NotEmpty(t, a.Top)
	for _, is := range a.Top {
		assert.Equal(t, []string{"catalog"}, is.Services)
	}
}

// Requests that cannot be scanned get a JSON error and a 4xx status.
func TestScanErrors(t *testing.T) {
	semgrep, err := os.ReadFile(filepath.Join(demo, "scans", "catalog", "semgrep.json"))
	require.NoError(t, err)
	onlyField := func() (io.Reader, string) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		require.NoError(t, mw.WriteField("note", "no file"))
		require.NoError(t, mw.Close())
		return &buf, mw.FormDataContentType()
	}
	tests := []struct {
		name        string
		query       string
		contentType string
		body        func() (io.Reader, string)
		maxBytes    int64
		status      int
		want        string
	}{
		{"raw body without a name", "", "application/json", raw(semgrep), 0, http.StatusBadRequest, "?name=PATH"},
		{"unknown format", "?name=notes.txt", "text/plain", raw([]byte("just some notes\n")), 0, http.StatusBadRequest, "notes.txt: "},
		{"form without files", "", "", onlyField, 0, http.StatusBadRequest, "no files"},
		{"broken multipart", "", "multipart/form-data; boundary=xyz", raw([]byte("--xyz\r\nbroken")), 0, http.StatusBadRequest, "multipart"},
		{"too large", "?name=semgrep.json", "application/json", raw(semgrep), 100, http.StatusRequestEntityTooLarge, "larger than 100 bytes"},
		{"bad top", "?name=semgrep.json&top=-1", "application/json", raw(semgrep), 0, http.StatusBadRequest, "top="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newTestServer(t, tt.maxBytes)
			body, ct := tt.body()
			status, b := post(t, srv.URL+"/scan"+tt.query, cmp.Or(tt.contentType, ct), body)
			assert.Equal(t, tt.status, status)
			var e errorAnswer
			require.NoError(t, json.Unmarshal(b, &e), string(b))
			assert.Contains(t, e.Error, tt.want)
		})
	}

	srv := newTestServer(t, 0)
	resp, err := http.Get(srv.URL + "/scan")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestCleanName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"scans/checkout/trivy.json", "scans/checkout/trivy.json"},
		{"/etc/passwd", "etc/passwd"},
		{"../../scans/a.json", "scans/a.json"},
		{`scans\win\a.json`, "scans/win/a.json"},
		{"", ""},
		{"..", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, cleanName(tt.in), tt.in)
	}
}

func raw(b []byte) func() (io.Reader, string) {
	return func() (io.Reader, string) { return bytes.NewReader(b), "" }
}
