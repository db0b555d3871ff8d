package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/generic"
)

// The scanner's output is read by posture's default registry, detected as
// generic-json, with no diagnostics.
func TestScanTestdata(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, scan(filepath.Join("testdata", "project"), &out))

	doc, err := ingest.Default().Decode(t.Context(), "custom.json", &out)
	require.NoError(t, err)
	assert.Equal(t, generic.FormatJSON, doc.Source.Format)
	assert.Equal(t, aspm.Tool{Name: "customscanner", Version: "0.1.0"}, doc.Source.Tool)
	assert.Empty(t, doc.Diagnostics)
	require.Len(t, doc.Findings, 2)

	f := doc.Findings[0]
	assert.Equal(t, aspm.KindSAST, f.Kind)
	assert.Equal(t, "security-todo", f.Rule)
	assert.Equal(t, "Security TODO left in the code: compare in constant time", f.Title)
	assert.Equal(t, aspm.SeverityLow, f.Severity)
	assert.Equal(t, []int{546}, f.CWEs)
	require.Len(t, f.Locations, 1)
	assert.Equal(t, "src/login.go", f.Locations[0].File)
	assert.Equal(t, &aspm.Region{StartLine: 5, StartColumn: 5}, f.Locations[0].Region)
	assert.NotEmpty(t, f.Locations[0].SnippetHash)
	assert.Equal(t, "custom.json", f.Provenance.File)

	assert.Equal(t, "src/upload.py", doc.Findings[1].Locations[0].File)
	assert.Equal(t, 2, doc.Findings[1].Locations[0].Region.StartLine)
}

func TestScanWorldWritable(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, "deploy.sh")
	require.NoError(t, os.WriteFile(name, []byte("#!/bin/sh\n"), 0o644))
	require.NoError(t, os.Chmod(name, 0o666))

	var out bytes.Buffer
	require.NoError(t, scan(dir, &out))
	doc, err := ingest.Default().Decode(t.Context(), "custom.json", &out)
	require.NoError(t, err)
	require.Len(t, doc.Findings, 1)
	f := doc.Findings[0]
	assert.Equal(t, "world-writable", f.Rule)
	assert.Equal(t, aspm.SeverityMedium, f.Severity)
	assert.Equal(t, []int{732}, f.CWEs)
	assert.Equal(t, "deploy.sh", f.Locations[0].File)
	assert.Equal(t, "0666", f.Properties["mode"])
}

func TestScanCleanDirectory(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, scan(t.TempDir(), &out))
	doc, err := ingest.Default().Decode(t.Context(), "custom.json", &out)
	require.NoError(t, err)
	assert.Empty(t, doc.Findings)
	assert.Empty(t, doc.Diagnostics)
}
