package main

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
)

func TestRun(t *testing.T) {
	var out bytes.Buffer
	err := run(t.Context(), []string{filepath.Join("testdata", "nightly.acme"), filepath.Join("testdata", "pentest.json")}, &out)
	require.NoError(t, err)
	want := `testdata/nightly.acme: acme-findings, 2 findings
  high     dast  Admin console reachable without MFA (https://shop.example.com/admin)
  low      sast  Lockfile out of date (package-lock.json)
  testdata/nightly.acme: line 4: error: 3 cells, want 5
testdata/pentest.json: generic-json, 1 findings
  high     pentest Stored XSS in the review form ()
`
	assert.Equal(t, want, out.String())
}

func TestRegistry(t *testing.T) {
	name := filepath.Join("testdata", "nightly.acme")
	doc, err := newRegistry().DecodeFile(t.Context(), "", name)
	require.NoError(t, err)
	assert.Equal(t, acmeFormat, doc.Source.Format)
	require.Len(t, doc.Findings, 2)
	f := doc.Findings[0]
	assert.Equal(t, []int{308}, f.CWEs)
	assert.Equal(t, aspm.SeverityHigh, f.Severity)
	assert.NotEmpty(t, f.ID, "the registry fills ids, formats and provenance files")
	assert.Equal(t, name, f.Provenance.File)

	_, err = ingest.Default().DecodeFile(t.Context(), "", name)
	assert.ErrorIs(t, err, ingest.ErrUnknownFormat, "the built-in registry does not know the in-house format")

	_, err = newRegistry().DecodeFormat(t.Context(), acmeFormat, "x", bytes.NewReader([]byte("not acme\n")))
	assert.ErrorIs(t, err, ingest.ErrNotFormat)
}
