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
)

// runCLI runs the command in process and returns its exit code and output.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(t.Context(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	code, _, stderr := runCLI(t, "")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "Usage:")

	code, _, stderr = runCLI(t, "", "frobnicate")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown command "frobnicate"`)

	code, stdout, _ := runCLI(t, "", "help")
	assert.Equal(t, exitOK, code)
	assert.Contains(t, stdout, "posture ingest")

	code, _, stderr = runCLI(t, "", "ingest")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, "no input files")

	code, _, stderr = runCLI(t, "", "ingest", "--format", "nope", "x.json")
	assert.Equal(t, exitUsage, code)
	assert.Contains(t, stderr, `unknown format "nope"`)

	code, _, _ = runCLI(t, "", "ingest", "--bogus-flag", "x.json")
	assert.Equal(t, exitUsage, code)
}

func TestFormats(t *testing.T) {
	code, stdout, _ := runCLI(t, "", "formats", "--json")
	require.Equal(t, exitOK, code)
	var got struct{ Decoders, Encoders []string }
	require.NoError(t, json.Unmarshal([]byte(stdout), &got))
	code, text, _ := runCLI(t, "", "formats")
	require.Equal(t, exitOK, code)
	for _, d := range got.Decoders {
		assert.Contains(t, text, "  "+d+"\n")
	}
}

// TestIngestBadInputs is the contract for broken inputs: one line per bad
// file naming it and the problem, the other files go on, exit 1, never a
// stack trace.
func TestIngestBadInputs(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	bad := map[string]string{
		filepath.Join(dir, "missing.json"): "no such file",
		write("empty.json", ""):            "empty input",
		write("truncated.json", `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"`): "",
		write("random.bin", "\x00\xff\x13\x37garbage\x01"):                                  "unknown format",
		write("unknown.json", `{"hello":"world","items":[1,2,3]}`):                          "unknown format",
		dir: "is a directory",
	}
	args := []string{"ingest"}
	for p := range bad {
		args = append(args, p)
	}
	code, stdout, stderr := runCLI(t, "", args...)
	assert.Equal(t, exitFailed, code)
	assert.Empty(t, stdout)
	assert.NotContains(t, stderr, "goroutine", "no stack trace")
	assert.NotContains(t, stderr, "panic")
	lines := strings.Split(strings.TrimSpace(stderr), "\n")
	assert.Len(t, lines, len(bad), "one line per bad file:\n%s", stderr)
	for p, what := range bad {
		found := false
		for _, l := range lines {
			if strings.HasPrefix(l, "posture: "+p+":") {
				found = true
				assert.Contains(t, l, what)
			}
		}
		assert.True(t, found, "no line names %s:\n%s", p, stderr)
	}
}

func TestIngestCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	var out, errb bytes.Buffer
	code := run(ctx, []string{"ingest", "-"}, strings.NewReader("{}"), &out, &errb)
	assert.Equal(t, exitFailed, code)
}
