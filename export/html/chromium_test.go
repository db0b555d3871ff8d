package html_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/html"
)

// chromium finds Debian's headless browser (.ci/run installs it); the test
// skips where there is none.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{os.Getenv("POSTURE_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"} {
		if name == "" {
			continue
		}
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no headless Chromium: install Debian's chromium package (.ci/run does)")
	return ""
}

// headless runs Chromium with its network and background services off.
func headless(t *testing.T, bin string, args ...string) []byte {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 5*time.Minute)
	defer cancel()
	base := []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--user-data-dir=" + t.TempDir(), "--virtual-time-budget=3000"}
	cmd := exec.CommandContext(ctx, bin, append(base, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	require.NoError(t, cmd.Run(), "chromium: %s", errb.String())
	return out.Bytes()
}

// TestChromium opens a report full of hostile text in headless Chromium:
// the page must render the issue table, and no injected script may run
// (each payload would mark the document if it did). A screenshot is saved
// in POSTURE_ARTIFACTS (a temporary directory when unset).
func TestChromium(t *testing.T) {
	bin := chromium(t)
	res := exporttest.Hostile()
	// Payloads that leave a mark on the document if they ever run.
	for i, p := range []string{
		`<script>document.documentElement.setAttribute('data-pwned','script')</script>`,
		`<img src=x onerror="document.documentElement.setAttribute('data-pwned','img')">`,
		`"><svg onload="document.documentElement.setAttribute('data-pwned','svg')">`,
		`javascript:document.documentElement.setAttribute('data-pwned','link')`,
	} {
		res.Issues = append(res.Issues, aspm.Issue{ID: "i-mark" + string(rune('a'+i)), Kind: aspm.KindSAST, Title: p,
			Severity: aspm.SeverityHigh, Vulns: []string{}, Tools: []string{p}, Services: []string{p}, Owners: []string{p},
			Locations: []aspm.Location{{File: p, URL: p}}, Policy: []aspm.Verdict{}})
	}
	var buf bytes.Buffer
	require.NoError(t, (&html.Encoder{}).Encode(t.Context(), &buf, res))
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	require.NoError(t, os.WriteFile(page, buf.Bytes(), 0o644))

	dom := string(headless(t, bin, "--dump-dom", "file://"+page))
	assert.Contains(t, dom, `<table id="issues"`, "the issue table rendered")
	assert.Contains(t, dom, "i-marka", "the issues are in the page")
	assert.NotContains(t, dom, `data-pwned="`, "no injected script ran")
	assert.NotContains(t, strings.ToLower(dom), `href="javascript:`, "no javascript: link survives")

	shots := os.Getenv("POSTURE_ARTIFACTS")
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	shot := filepath.Join(shots, "html-report-hostile.png")
	headless(t, bin, "--window-size=1280,2400", "--screenshot="+shot, "file://"+page)
	st, err := os.Stat(shot)
	require.NoError(t, err)
	assert.Positive(t, st.Size())
	t.Logf("screenshot: %s", shot)
}

// TestChromiumLarge: the report of 100,000 issues stays under 50 MB and
// opens in Chromium with its issue table (the 10,000 highest-scored rows,
// DefaultMaxRows, and a note of the rest).
func TestChromiumLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("large report: skipped with -short")
	}
	bin := chromium(t)
	var buf bytes.Buffer
	require.NoError(t, (&html.Encoder{}).Encode(t.Context(), &buf, exporttest.Large(100_000)))
	assert.Less(t, buf.Len(), 50<<20, "under 50 MB")
	page := filepath.Join(t.TempDir(), "large.html")
	require.NoError(t, os.WriteFile(page, buf.Bytes(), 0o644))
	dom := headless(t, bin, "--dump-dom", "file://"+page)
	assert.Contains(t, string(dom), `<table id="issues"`)
	assert.Contains(t, string(dom), "10000 matching issue(s)", "the table holds the 10,000 highest-scored issues")
	t.Logf("report %.1f MB, rendered DOM %.1f MB", float64(buf.Len())/(1<<20), float64(len(dom))/(1<<20))
}
