package correlate_test

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/correlate"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/testenv"
)

// TestCorpusGroundTruth folds each ground-truth group of the shared corpus
// (the same scan in two formats, two runs, two tools, a file and its edited
// subsets) and checks the issue count against expected_unique, or against
// a count recorded with its reason in testdata/groundtruth-overrides.tsv.
func TestCorpusGroundTruth(t *testing.T) {
	dir := testenv.Corpus(t)
	raw, err := os.ReadFile(filepath.Join(dir, "groundtruth.json"))
	require.NoError(t, err)
	var groups []struct {
		ID             string `json:"id"`
		Name           string `json:"name"`
		ExpectedUnique int    `json:"expected_unique"`
		Key            string `json:"key"`
		Files          []struct {
			Path string `json:"path"`
		} `json:"files"`
	}
	require.NoError(t, json.Unmarshal(raw, &groups))
	overrides := readOverrides(t)
	reg := ingest.Default()
	for _, g := range groups {
		t.Run(g.ID+"-"+g.Name, func(t *testing.T) {
			var docs []*aspm.Document
			for _, f := range g.Files {
				doc, err := reg.DecodeFile(t.Context(), "", filepath.Join(dir, f.Path))
				if err != nil {
					t.Skipf("%s does not decode yet: %v", f.Path, err)
				}
				docs = append(docs, doc)
			}
			res, err := correlate.Correlate(t.Context(), docs)
			require.NoError(t, err)
			want, reason := g.ExpectedUnique, "expected_unique, by the rule "+g.Key
			if ov, ok := overrides[g.ID]; ok {
				want, reason = ov.count, ov.reason
			}
			if !assert.Equal(t, want, len(res.Issues), reason) {
				for _, is := range res.Issues {
					t.Logf("%s %s %s tools=%v findings=%d", is.ID, is.Kind, is.Title, is.Tools, len(is.Findings))
				}
			}
		})
	}
}

type gtOverride struct {
	count  int
	reason string
}

func readOverrides(t *testing.T) map[string]gtOverride {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "groundtruth-overrides.tsv"))
	require.NoError(t, err)
	defer f.Close()
	out := map[string]gtOverride{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "\t")
		require.Len(t, parts, 3, line)
		n, err := strconv.Atoi(parts[1])
		require.NoError(t, err, line)
		require.NotEmpty(t, parts[2], "an override needs its reason: %s", line)
		out[parts[0]] = gtOverride{n, parts[2]}
	}
	require.NoError(t, sc.Err())
	return out
}
