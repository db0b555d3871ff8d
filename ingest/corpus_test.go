package ingest_test

import (
	"bufio"
	"encoding/csv"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/testenv"
)

// corpusRow is one line of the shared corpus's expected.tsv.
type corpusRow struct {
	path, folder, flags string
	raw, dojo           int // -1 when blank
}

func readExpected(t *testing.T, dir string) []corpusRow {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "expected.tsv"))
	require.NoError(t, err)
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	recs, err := r.ReadAll()
	require.NoError(t, err)
	num := func(s string) int {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			return -1
		}
		return n
	}
	var rows []corpusRow
	for _, rec := range recs[1:] {
		require.GreaterOrEqual(t, len(rec), 6)
		rows = append(rows, corpusRow{path: rec[0], folder: rec[1], raw: num(rec[3]), dojo: num(rec[4]), flags: rec[5]})
	}
	return rows
}

// readTSV reads a testdata table: tab-separated, '#' comments.
func readTSV(t *testing.T, name string) [][]string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name))
	require.NoError(t, err)
	defer f.Close()
	var out [][]string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		out = append(out, strings.Split(line, "\t"))
	}
	require.NoError(t, sc.Err())
	return out
}

type override struct {
	count  int // -1: posture rejects the file
	reason string
}

// TestCorpus decodes every corpus file whose folder has a format listed in
// testdata/corpus-formats.tsv, checks detection picks that format, and
// checks the finding count against expected.tsv or a recorded override.
func TestCorpus(t *testing.T) {
	dir := testenv.Corpus(t)
	type formatRule struct{ prefix, format string }
	var rules []formatRule
	for _, rec := range readTSV(t, "corpus-formats.tsv") {
		require.Len(t, rec, 2, "corpus-formats.tsv: %v", rec)
		rules = append(rules, formatRule{rec[0], rec[1]})
	}
	overrides := map[string]override{}
	for _, rec := range readTSV(t, "corpus-overrides.tsv") {
		require.Len(t, rec, 3, "corpus-overrides.tsv: %v", rec)
		n := -1
		if rec[1] != "error" {
			var err error
			n, err = strconv.Atoi(rec[1])
			require.NoError(t, err, "corpus-overrides.tsv: %v", rec)
		}
		require.NotEmpty(t, rec[2], "corpus-overrides.tsv: every override needs a reason: %v", rec)
		overrides[rec[0]] = override{n, rec[2]}
	}
	reg := ingest.Default()
	for _, row := range readExpected(t, dir) {
		want := ""
		for _, r := range rules {
			if row.path == r.prefix || strings.HasPrefix(row.path, r.prefix+"/") || (strings.Contains(r.prefix, "/") && strings.HasPrefix(row.path, r.prefix)) || row.folder == r.prefix {
				want = r.format
				break
			}
		}
		if want == "" {
			continue // a folder no decoder claims yet
		}
		t.Run(row.path, func(t *testing.T) {
			if _, ok := reg.Lookup(aspm.Format(want)); !ok {
				t.Skipf("format %s is not registered", want)
			}
			ctx := t.Context()
			doc, err := reg.DecodeFile(ctx, "", filepath.Join(dir, row.path))
			if strings.Contains(row.flags, "INPUT") {
				require.Error(t, err, "an input template must not be read as scanner output")
				assert.ErrorIs(t, err, ingest.ErrUnknownFormat)
				return
			}
			ov, hasOv := overrides[row.path]
			if hasOv && ov.count < 0 {
				require.Error(t, err, "override says posture rejects this file: %s", ov.reason)
				var pe *ingest.ParseError
				assert.True(t, errors.As(err, &pe), "error must be a *ParseError: %v", err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, aspm.Format(want), doc.Source.Format, "detected format")
			got := len(doc.Findings)
			switch {
			case hasOv:
				assert.Equal(t, ov.count, got, "override: %s", ov.reason)
			case got == row.raw || got == row.dojo:
			default:
				t.Errorf("%d findings; expected.tsv says raw %d, defectdojo %d; record an override with a reason if posture is right", got, row.raw, row.dojo)
			}
			for _, d := range doc.Diagnostics {
				if d.Level == aspm.DiagError {
					t.Logf("diagnostic: %s", d)
				}
			}
		})
	}
}
