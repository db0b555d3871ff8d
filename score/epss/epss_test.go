package epss_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/epss"
)

var (
	_ score.Scorer    = (*epss.Scorer)(nil)
	_ score.Diagnoser = (*epss.Scorer)(nil)
)

var now = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }

func load(t *testing.T, name string) (*epss.Data, error) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	require.NoError(t, err)
	defer f.Close()
	return epss.Load(f, name)
}

func TestLoad(t *testing.T) {
	for _, name := range []string{"epss-2026-11-27.csv", "epss-2026-11-27.csv.gz"} {
		t.Run(name, func(t *testing.T) {
			d, err := load(t, name)
			require.NoError(t, err)
			assert.Equal(t, "v2025.03.14", d.ModelVersion)
			assert.Equal(t, time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC), d.ScoreDate)
			assert.Equal(t, 3, d.Len())
			e, ok := d.Lookup("CVE-2021-44228")
			assert.True(t, ok)
			assert.Equal(t, epss.Entry{EPSS: 0.94358, Percentile: 0.99962}, e)
			assert.Empty(t, d.Check(now(), epss.DefaultMaxAge))
		})
	}
}

func TestLoadBad(t *testing.T) {
	tests := []struct {
		name    string
		err     string
		diags   []string
		entries int
	}{
		{name: "epss-truncated.csv.gz", err: "unexpected EOF"},
		{name: "epss-cut.csv", entries: 1, diags: []string{`epss-cut.csv: line 4: error: last line has no newline, the file looks truncated: "CVE-2022-2" skipped`}},
		{name: "epss-badrows.csv", entries: 1, diags: []string{
			`line 2: error: CVE-2021-44228: epss "1.5" and percentile "0.9" must be numbers in [0,1]`,
			`line 3: error: "not-a-cve" is not a CVE id`,
			`line 4: error: row "CVE-2022-0001,0.1" has 2 columns, want 3`,
			"EPSS file has no score_date: its age is unknown"}},
		{name: "epss-old.csv", entries: 1, diags: []string{"epss-old.csv: warning: EPSS scores dated 2022-02-04 (model v2022.01.01) are 1758 days old, older than 30 days: download a fresh file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := load(t, tt.name)
			if tt.err != "" {
				require.Error(t, err)
				assert.Contains(t, err.Error(), tt.name)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.entries, d.Len())
			var got []string
			for _, dg := range d.Check(now(), epss.DefaultMaxAge) {
				got = append(got, dg.String())
			}
			require.Len(t, got, len(tt.diags), "%q", got)
			for i := range got {
				assert.Contains(t, got[i], tt.diags[i])
			}
		})
	}
}

func TestLoadNotEPSS(t *testing.T) {
	for name, text := range map[string]string{
		"json":      `{"vulnerabilities": []}`,
		"no rows":   "cve,epss,percentile\n",
		"empty":     "",
		"wrong csv": "id,score\nCVE-2021-1,0.1\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := epss.Load(strings.NewReader(text), "x.csv")
			require.ErrorIs(t, err, epss.ErrFormat)
		})
	}
}

func TestScorer(t *testing.T) {
	d, err := load(t, "epss-2026-11-27.csv")
	require.NoError(t, err)
	s := epss.New(d, epss.WithClock(now))
	f, ok, err := s.Score(t.Context(), &aspm.Issue{Vulns: []string{"GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"}}, nil)
	require.NoError(t, err)
	require.True(t, ok)
	assert.Equal(t, aspm.Factor{Name: "epss", Input: "EPSS 0.94358 (percentile 0.99962) for CVE-2021-44228 on 2026-11-27", Value: 0.94358,
		Explanation: "probability of exploitation in the next 30 days: 0.94358"}, f)
	_, ok, err = s.Score(t.Context(), &aspm.Issue{Vulns: []string{"CVE-1999-0001"}}, nil)
	require.NoError(t, err)
	assert.False(t, ok)
	// Without data: no opinion, no error.
	_, ok, err = epss.New(nil).Score(t.Context(), &aspm.Issue{Vulns: []string{"CVE-2021-44228"}}, nil)
	require.NoError(t, err)
	assert.False(t, ok)
	assert.Empty(t, epss.New(nil).Diagnostics())
}
