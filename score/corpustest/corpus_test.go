// Package corpustest scores the shared scanner-output corpus with every
// built-in scorer (POSTURE_CORPUS); it holds tests only, apart from
// score/builtin so that builtin's own tests do not build the decoders.
package corpustest_test

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/correlate"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/testenv"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/builtin"
	"github.com/posturekit/posture/score/epss"
	"github.com/posturekit/posture/score/kev"
	"github.com/posturekit/posture/score/scoretest"
)

// TestCorpusContributionsAddUp decodes every file of the shared corpus
// that decodes, builds the graph, correlates, scores with every built-in
// scorer, and checks every factor of every issue: name, input, weight and
// contribution, and contributions adding up to the score.
func TestCorpusContributionsAddUp(t *testing.T) {
	dir := testenv.Corpus(t)
	reg := ingest.Default()
	g := graph.New()
	var docs []*aspm.Document
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".md") || strings.HasSuffix(path, ".tsv") || filepath.Base(path) == "groundtruth.json" {
			return err
		}
		doc, err := reg.DecodeFile(t.Context(), "", path)
		if err != nil {
			return nil // formats posture does not read yet
		}
		require.NoError(t, g.AddDocument(doc))
		docs = append(docs, doc)
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, docs)
	res, err := correlate.Correlate(t.Context(), docs)
	require.NoError(t, err)
	require.NotEmpty(t, res.Issues)
	require.NoError(t, builtin.New(config(t), score.WithClock(now)).ScoreAll(t.Context(), res.Issues, g))
	scoretest.CheckScores(t, res.Issues)
	counts := map[string]int{}
	prios := map[aspm.Priority]int{}
	for _, is := range res.Issues {
		prios[is.Priority]++
		for _, f := range is.Score.Factors {
			counts[f.Name]++
		}
	}
	assert.Positive(t, counts["cvss"])
	assert.Positive(t, counts["reachability"], "govulncheck and SARIF code flows")
	t.Logf("%d documents, %d issues; factors %v; priorities %v", len(docs), len(res.Issues), counts, prios)
}

var now = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }

// config loads small EPSS and KEV data naming corpus CVEs.
func config(t *testing.T) builtin.Config {
	t.Helper()
	d, err := epss.Load(strings.NewReader("#model_version:v2025.03.14,score_date:2026-11-27T00:00:00+0000\ncve,epss,percentile\n"+
		"CVE-2021-44228,0.94358,0.99962\nCVE-2022-24999,0.01,0.75\nCVE-2018-1000656,0.02,0.8\n"), "epss.csv")
	require.NoError(t, err)
	c, err := kev.Load(strings.NewReader(`{"dateReleased":"2026-11-27T00:00:00Z","vulnerabilities":[
		{"cveID":"CVE-2021-44228","dateAdded":"2021-12-10","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known"}]}`), "kev.json")
	require.NoError(t, err)
	return builtin.Config{EPSS: d, KEV: c, Clock: now}
}
