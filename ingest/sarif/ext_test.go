package sarif_test

import (
	"bufio"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/sarif"
	"github.com/posturekit/posture/internal/testenv"
)

// registry is the default registry, with the SARIF decoder added last when
// the build does not list it yet.
func registry() *ingest.Registry {
	reg := ingest.Default()
	if _, ok := reg.Lookup(sarif.Format); !ok {
		reg = ingest.NewRegistry(append(reg.Decoders(), &sarif.Decoder{})...)
	}
	return reg
}

// catalogResults reads the SARIF result counts of the shared CATALOG.tsv,
// by path below the ext folder.
func catalogResults(t *testing.T, dir string) map[string]int {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "CATALOG.tsv"))
	require.NoError(t, err)
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	col := -1
	for sc.Scan() {
		fields := strings.Split(sc.Text(), "\t")
		if col < 0 {
			for i, name := range fields {
				if name == "results" {
					col = i
				}
			}
			require.GreaterOrEqual(t, col, 0, "CATALOG.tsv has no results column")
			continue
		}
		if len(fields) > col {
			if n, err := strconv.Atoi(fields[col]); err == nil {
				out[fields[0]] = n
			}
		}
	}
	require.NoError(t, sc.Err())
	return out
}

// TestExt decodes every SARIF log of the shared ext folder through the
// registry: each decodes as sarif with the catalogued result count, or is
// refused as an unsupported (pre-2.1.0) version.
func TestExt(t *testing.T) {
	dir := testenv.Ext(t)
	counts := catalogResults(t, dir)
	reg := registry()
	n := 0
	err := filepath.WalkDir(filepath.Join(dir, "sarif"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		n++
		t.Run(rel, func(t *testing.T) {
			doc, err := reg.DecodeFile(t.Context(), "", path)
			if err != nil {
				require.ErrorIs(t, err, ingest.ErrUnsupported, "only a version other than 2.1.0 may be refused")
				var pe *ingest.ParseError
				require.True(t, errors.As(err, &pe))
				assert.Equal(t, sarif.Format, pe.Format, "refused by the SARIF decoder, not for want of one")
				return
			}
			assert.Equal(t, sarif.Format, doc.Source.Format)
			if want, ok := counts[rel]; ok {
				assert.Len(t, doc.Findings, want, "CATALOG.tsv results")
			}
			for _, f := range doc.Findings {
				assert.NotEmpty(t, f.Title)
				assert.NotEqual(t, aspm.SeverityUnknown, f.Severity)
				assert.True(t, f.Kind.Valid())
			}
		})
		return nil
	})
	require.NoError(t, err)
	require.NotZero(t, n, "no SARIF logs under %s", dir)
}

// TestCorpusFolders checks the corpus folders this decoder owns (sarif and
// snyk_code) the way ingest's TestCorpus does: detection picks sarif and
// the finding count equals raw_records or defectdojo_findings.
func TestCorpusFolders(t *testing.T) {
	dir := testenv.Corpus(t)
	f, err := os.Open(filepath.Join(dir, "expected.tsv"))
	require.NoError(t, err)
	defer f.Close()
	reg := registry()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	seen := 0
	for sc.Scan() {
		rec := strings.Split(sc.Text(), "\t")
		if len(rec) < 6 || (rec[1] != "sarif" && rec[1] != "snyk_code") {
			continue
		}
		seen++
		path, raw, dojo := rec[0], rec[3], rec[4]
		t.Run(path, func(t *testing.T) {
			doc, err := reg.DecodeFile(t.Context(), "", filepath.Join(dir, path))
			require.NoError(t, err)
			assert.Equal(t, sarif.Format, doc.Source.Format)
			got := strconv.Itoa(len(doc.Findings))
			assert.True(t, got == raw || got == dojo, "%s findings; raw %s, defectdojo %s", got, raw, dojo)
		})
	}
	require.NoError(t, sc.Err())
	require.NotZero(t, seen)
}
