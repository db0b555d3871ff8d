package cvss_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/cvss"
)

var _ score.Scorer = (*cvss.Scorer)(nil)

func TestParseTestdata(t *testing.T) {
	raw, err := os.ReadFile("testdata/vectors.json")
	require.NoError(t, err)
	var cases []struct {
		Vector  string  `json:"vector"`
		Score   float64 `json:"score"`
		Invalid bool    `json:"invalid"`
	}
	require.NoError(t, json.Unmarshal(raw, &cases))
	for _, c := range cases {
		t.Run(c.Vector, func(t *testing.T) {
			m, err := cvss.Parse(c.Vector)
			if c.Invalid {
				require.ErrorIs(t, err, cvss.ErrInvalidVector)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, c.Score, m.Score)
		})
	}
}

func issue(fs ...aspm.Finding) *aspm.Issue {
	is := &aspm.Issue{ID: "i", Severity: aspm.SeverityMedium}
	for i := range fs {
		is.Findings = append(is.Findings, &fs[i])
	}
	return is
}

func TestScorerPreference(t *testing.T) {
	f := aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		CVSS("ghsa", "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H").
		CVSS("nvd", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").
		CVSS("", "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N").
		CVSS("redhat", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").
		CVSS("nvd", "not a vector").Build()
	tests := []struct {
		name  string
		opts  []cvss.Option
		input string
		value float64
	}{
		{"nvd first", nil, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H from nvd", 1.0},
		{"vendor reordered", []cvss.Option{cvss.WithPreference("GHSA", "nvd")}, "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H from ghsa", 0.88},
		{"named before unnamed", []cvss.Option{cvss.WithPreference()}, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H from nvd", 1.0},
		{"redhat", []cvss.Option{cvss.WithPreference("redhat")}, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H from redhat", 0.98},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fa, ok, err := cvss.New(tt.opts...).Score(t.Context(), issue(f), graph.Nop())
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tt.input, fa.Input)
			assert.InDelta(t, tt.value, fa.Value, 1e-9)
			assert.Equal(t, "cvss", fa.Name)
			assert.NotEmpty(t, fa.Explanation)
		})
	}
}

func TestScorerFallbacks(t *testing.T) {
	stated := aspm.Finding{CVSS: []aspm.CVSS{{Source: "nvd", Vector: "garbage", Score: 7.5}}}
	tests := []struct {
		name  string
		is    *aspm.Issue
		ok    bool
		value float64
		input string
	}{
		{"stated score", issue(stated), true, 0.75, "stated CVSS score 7.5 from nvd"},
		{"severity word", &aspm.Issue{Severity: aspm.SeverityCritical}, true, 0.9, "severity critical"},
		{"nothing", &aspm.Issue{Severity: aspm.SeverityUnknown}, false, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, ok, err := cvss.New().Score(t.Context(), tt.is, nil)
			require.NoError(t, err)
			require.Equal(t, tt.ok, ok)
			assert.InDelta(t, tt.value, f.Value, 1e-9)
			assert.Equal(t, tt.input, f.Input)
		})
	}
}

func TestMetrics(t *testing.T) {
	m, err := cvss.Parse("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")
	require.NoError(t, err)
	assert.Equal(t, cvss.Metrics{Version: cvss.V31, Score: 9.8, Network: true, NoPrivileges: true, TotalImpact: true}, m)
	m, err = cvss.Parse("CVSS:4.0/AV:L/AC:L/AT:P/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N")
	require.NoError(t, err)
	assert.Equal(t, cvss.Metrics{Version: cvss.V40, Score: 7.3, Nomenclature: "CVSS-B", TotalImpact: true}, m)
}
