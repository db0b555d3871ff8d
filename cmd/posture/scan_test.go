package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/internal/golden"
	"github.com/posturekit/posture/internal/testenv"
)

// TestScanDemo pins the README's main command: posture scan examples/demo.
func TestScanDemo(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	code, stdout, stderr := runCLI(t, "", "scan", "--now", "2026-11-28T09:00:00Z", "../../examples/demo")
	require.Equal(t, exitGateRed, code, "the starter pack fails the demo's gate: %s", stderr)
	golden.Assert(t, "demo.txt", []byte(stdout))
	// The story: Trivy and Grype fold into one log4j issue, Gitleaks and
	// TruffleHog into one secret, each with its service and owner.
	assert.Contains(t, stdout, "CVE-2021-44228")
	assert.Regexp(t, `checkout\s+payments`, stdout)
	assert.Regexp(t, `Gitleaks,TruffleHog`, stdout)
	assert.Contains(t, stdout, "fail: critical-internet-production")
	assert.Contains(t, stdout, "excepted: leaked-secret (EXC-2026-014)")
	assert.Contains(t, stdout, "gate: fail")
}

func TestScanUsage(t *testing.T) {
	code, _, stderr := runCLI(t, "", "scan")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "no inputs")
	code, _, stderr = runCLI(t, "", "scan", "-o", "nope", "x")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown output format "nope"`)
	code, _, stderr = runCLI(t, "", "scan", "does-not-exist")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, stderr, "does-not-exist")
}

// TestScanCorpus: scanning the whole corpus completes, reports per-file
// failures, and its raw count equals the sum of posture ingest's lines.
func TestScanCorpus(t *testing.T) {
	dir := testenv.Corpus(t)
	run, err := posture.New().Run(t.Context(), dir)
	require.NoError(t, err)
	lines := 0
	for _, d := range run.Documents {
		var out, errb bytes.Buffer
		code := run2(t.Context(), []string{"ingest", "--quiet", d.Source.File}, &out, &errb)
		require.Equal(t, exitOK, code, errb.String())
		lines += strings.Count(out.String(), "\n")
	}
	assert.Equal(t, lines, run.Result.Summary.Findings)
	assert.NotEmpty(t, run.Failed, "the corpus holds inputs that fail (empty files, not-scanner-output)")
	assert.Equal(t, len(run.Failed), countErrors(run), "each failure is a diagnostic")
	t.Logf("%d inputs, %d skipped, %d failed, %d findings, %d issues", len(run.Documents), len(run.Skipped), len(run.Failed), run.Result.Summary.Findings, run.Result.Summary.Issues)
}

func run2(ctx context.Context, args []string, out, errb *bytes.Buffer) int {
	return run(ctx, args, strings.NewReader(""), out, errb)
}

func countErrors(r *posture.Run) int {
	n := 0
	for _, d := range r.Result.Diagnostics {
		if d.Level == "error" && d.Pointer == "" && strings.HasPrefix(d.Message, d.File) {
			n++
		}
	}
	return n
}

// TestScanBaselineRoundTrip: a scan's -o json read back as the baseline
// of the same scan gives "unchanged" for every issue.
func TestScanBaselineRoundTrip(t *testing.T) {
	dir := t.TempDir()
	first := filepath.Join(dir, "first.json")
	code, _, stderr := runCLI(t, "", "scan", "--now", "2026-11-28T09:00:00Z", "-o", "json="+first, "../../examples/demo")
	require.Equal(t, exitGateRed, code, stderr)
	second := filepath.Join(dir, "second.json")
	code, _, stderr = runCLI(t, "", "scan", "--now", "2026-11-29T09:00:00Z", "--baseline", first, "-o", "json="+second, "../../examples/demo")
	require.Equal(t, exitGateRed, code, stderr)
	var res struct {
		Issues []struct {
			ID, Status string
		}
		Summary struct {
			ByStatus map[string]int `json:"by_status"`
		}
	}
	b, err := os.ReadFile(second)
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &res))
	require.NotEmpty(t, res.Issues)
	for _, is := range res.Issues {
		assert.Equal(t, "unchanged", is.Status, is.ID)
	}
	assert.Equal(t, map[string]int{"unchanged": len(res.Issues)}, res.Summary.ByStatus)

	code, _, stderr = runCLI(t, "", "scan", "--baseline", filepath.Join(dir, "missing.json"), "../../examples/demo")
	assert.Equal(t, exitFailed, code)
	assert.Contains(t, stderr, "missing.json")
}

func TestScanOutputs(t *testing.T) {
	dir := t.TempDir()
	args := []string{"scan", "--now", "2026-11-28T09:00:00Z"}
	for _, f := range encoderFormats() {
		args = append(args, "-o", f+"="+filepath.Join(dir, "out."+f))
	}
	code, _, stderr := runCLI(t, "", append(args, "../../examples/demo")...)
	require.Equal(t, exitGateRed, code, stderr)
	for _, f := range encoderFormats() {
		st, err := os.Stat(filepath.Join(dir, "out."+f))
		if f == "openvex" && err != nil {
			continue // nothing to state without triage decisions or exceptions
		}
		require.NoError(t, err, f)
		assert.Positive(t, st.Size(), f)
	}
}
