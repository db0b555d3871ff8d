package kev_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/kev"
)

var (
	_ score.Scorer    = (*kev.Scorer)(nil)
	_ score.Diagnoser = (*kev.Scorer)(nil)
)

var now = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }

func load(t *testing.T, name string) (*kev.Catalog, error) {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	require.NoError(t, err)
	defer f.Close()
	return kev.Load(f, name)
}

func TestLoad(t *testing.T) {
	c, err := load(t, "kev-2026-11-27.json")
	require.NoError(t, err)
	assert.Equal(t, "2026.11.27", c.Version)
	assert.Equal(t, 2, c.Len())
	e, ok := c.Lookup("CVE-2021-44228")
	require.True(t, ok)
	assert.Equal(t, kev.Entry{CVE: "CVE-2021-44228", VendorProject: "Apache", Product: "Log4j2", Name: "Apache Log4j2 Remote Code Execution Vulnerability",
		DateAdded: time.Date(2021, 12, 10, 0, 0, 0, 0, time.UTC), DueDate: time.Date(2021, 12, 24, 0, 0, 0, 0, time.UTC), Ransomware: true}, e)
	assert.Empty(t, c.Check(now(), kev.DefaultMaxAge))
}

func TestLoadBad(t *testing.T) {
	tests := []struct {
		name  string
		err   string
		diags []string
	}{
		{name: "kev-truncated.json", err: "kev: not a KEV catalog: kev-truncated.json: truncated JSON"},
		{name: "kev-old.json", diags: []string{"kev-old.json: warning: KEV catalog 2022.03.01 released 2022-03-01 is 1732 days old, older than 30 days: download a fresh one"}},
		{name: "kev-odd.json", diags: []string{
			`kev-odd.json: /vulnerabilities/1/dueDate: warning: CVE-2022-24999: dueDate "26 Jan 2023" is not a date`,
			"kev-odd.json: /count: warning: count says 3 entries, the list has 2: the catalog may be truncated"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, err := load(t, tt.name)
			if tt.err != "" {
				require.ErrorIs(t, err, kev.ErrFormat)
				assert.Contains(t, err.Error(), tt.err)
				return
			}
			require.NoError(t, err)
			var got []string
			for _, d := range c.Check(now(), kev.DefaultMaxAge) {
				got = append(got, d.String())
			}
			assert.Equal(t, tt.diags, got)
		})
	}
}

func TestLoadNotKEV(t *testing.T) {
	for name, text := range map[string]string{
		"csv":      "cve,epss,percentile\n",
		"no list":  `{"title": "x"}`,
		"bad json": `{"vulnerabilities": [}`,
		"empty":    ``,
	} {
		t.Run(name, func(t *testing.T) {
			_, err := kev.Load(strings.NewReader(text), "x.json")
			require.ErrorIs(t, err, kev.ErrFormat)
		})
	}
}

func TestScorer(t *testing.T) {
	c, err := load(t, "kev-2026-11-27.json")
	require.NoError(t, err)
	s := kev.New(c, kev.WithClock(now))
	tests := []struct {
		vulns []string
		ok    bool
		want  aspm.Factor
	}{
		{[]string{"GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"}, true, aspm.Factor{Name: "kev", Value: 1,
			Input:       "CVE-2021-44228 in CISA KEV since 2021-12-10, due 2021-12-24, known ransomware use",
			Explanation: "known to be exploited in the wild, including by ransomware campaigns"}},
		{[]string{"CVE-2022-24999"}, true, aspm.Factor{Name: "kev", Value: 0.9,
			Input: "CVE-2022-24999 in CISA KEV since 2023-01-05, due 2023-01-26", Explanation: "known to be exploited in the wild"}},
		{[]string{"CVE-1999-0001"}, false, aspm.Factor{}},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.vulns, ","), func(t *testing.T) {
			f, ok, err := s.Score(t.Context(), &aspm.Issue{Vulns: tt.vulns}, nil)
			require.NoError(t, err)
			assert.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.want, f)
		})
	}
	_, ok, err := kev.New(nil).Score(t.Context(), &aspm.Issue{Vulns: []string{"CVE-2021-44228"}}, nil)
	require.NoError(t, err)
	assert.False(t, ok)
}
