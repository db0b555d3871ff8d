package corpustest_test

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/correlate"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/internal/testenv"
	"github.com/posturekit/posture/policy"
)

const starter = "../../../policies/starter"

func clock() time.Time { return time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC) }

// fixtureGraph is an inventory that places none of the corpus files: the
// issues have no services.
func fixtureGraph(t *testing.T) graph.View {
	t.Helper()
	g := graph.New()
	require.NoError(t, g.AddInventory(&aspm.Inventory{Services: []aspm.Service{{Name: "elsewhere",
		Environments: []aspm.Environment{aspm.EnvProduction}, Scans: []string{"nothing-here.json"}}}}))
	return g
}

// TestStarterPackOnCorpus runs the starter pack over issues correlated from
// real scanner outputs of the shared corpus (skipped without
// POSTURE_CORPUS): every rule evaluates without error, every verdict names
// a starter rule, the gate agrees with the verdicts, and a second run gives
// the same verdicts.
func TestStarterPackOnCorpus(t *testing.T) {
	dir := testenv.Corpus(t)
	files := []string{
		"anchore_grype/check_all_fields.json", "bandit/many_vulns.json", "checkov/checkov-report-many-vuln.json",
		"gitleaks/gitleaks8_many.json", "zap/0_zap_sample.xml", "kics/many_findings.json",
	}
	reg := ingest.Default()
	var docs []*aspm.Document
	var read []string
	for _, f := range files {
		path := filepath.Join(dir, f)
		if _, err := os.Stat(path); err != nil {
			continue
		}
		doc, err := reg.DecodeFile(t.Context(), "", path)
		require.NoError(t, err, f)
		docs, read = append(docs, doc), append(read, f)
	}
	require.NotEmpty(t, docs)
	res, err := correlate.Correlate(t.Context(), docs)
	require.NoError(t, err)
	require.NotEmpty(t, res.Issues)

	p, err := policy.LoadPath(t.Context(), starter)
	require.NoError(t, err)
	var ids []string
	for _, r := range p.Rules() {
		ids = append(ids, r.ID)
	}
	rep, err := policy.Evaluate(t.Context(), res.Issues, fixtureGraph(t), policy.WithPolicy(p), policy.WithClock(clock))
	require.NoError(t, err)
	fails := 0
	first := map[string][]aspm.Verdict{}
	for _, is := range res.Issues {
		first[is.ID] = is.Policy
		for _, v := range is.Policy {
			assert.Contains(t, ids, v.Rule)
			if v.Result == aspm.VerdictFail {
				fails++
			}
		}
	}
	assert.Equal(t, fails, rep.Gate.Counts[aspm.VerdictFail])
	assert.Equal(t, fails > 0, rep.Gate.Result == aspm.GateFail)
	t.Logf("%d issues from %d files: gate %s, counts %v", len(res.Issues), len(docs), rep.Gate.Result, rep.Gate.Counts)
	for _, r := range rep.Rules {
		t.Logf("  %-30s %v", r.Rule, r.Counts)
		if r.Rule == "iac-public-exposure" && slices.Contains(read, "kics/many_findings.json") {
			// By hand from the KICS titles: "S3 Bucket Access to Any
			// Principal" and "S3 Bucket Allows Get Action From All
			// Principals" (both high); the other checks are not about
			// public access.
			assert.Equal(t, 2, r.Counts[aspm.VerdictFail])
		}
	}

	again := slices.Clone(res.Issues)
	_, err = policy.Evaluate(t.Context(), again, fixtureGraph(t), policy.WithPolicy(p), policy.WithClock(clock), policy.WithWorkers(1))
	require.NoError(t, err)
	for _, is := range again {
		assert.Equal(t, first[is.ID], is.Policy, is.ID)
	}
}
