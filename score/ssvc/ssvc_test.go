package ssvc_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/kev"
	"github.com/posturekit/posture/score/ssvc"
)

var _ score.Scorer = (*ssvc.Scorer)(nil)

// cisaTree is the CISA SSVC guide's figure 1, one line per leaf:
// exploitation (N, P, A), automatable (N, Y), technical impact (P, T),
// mission and well-being (L, M, H) and the decision (T track, R track*,
// A attend, C act).
const cisaTree = `
N:N:P:L T  N:N:P:M T  N:N:P:H T  N:N:T:L T  N:N:T:M T  N:N:T:H R
N:Y:P:L T  N:Y:P:M T  N:Y:P:H A  N:Y:T:L T  N:Y:T:M T  N:Y:T:H A
P:N:P:L T  P:N:P:M T  P:N:P:H R  P:N:T:L T  P:N:T:M R  P:N:T:H A
P:Y:P:L T  P:Y:P:M T  P:Y:P:H A  P:Y:T:L T  P:Y:T:M R  P:Y:T:H A
A:N:P:L T  A:N:P:M T  A:N:P:H A  A:N:T:L T  A:N:T:M A  A:N:T:H C
A:Y:P:L A  A:Y:P:M A  A:Y:P:H C  A:Y:T:L A  A:Y:T:M C  A:Y:T:H C`

func TestDecideCISATree(t *testing.T) {
	expl := map[byte]ssvc.Exploitation{'N': ssvc.ExploitNone, 'P': ssvc.ExploitPoC, 'A': ssvc.ExploitActive}
	imp := map[byte]ssvc.TechnicalImpact{'P': ssvc.ImpactPartial, 'T': ssvc.ImpactTotal}
	// Prevalence and well-being that give each mission level.
	mission := map[byte]ssvc.Inputs{
		'L': {Prevalence: ssvc.PrevalenceMinimal, WellBeing: ssvc.WellBeingMinimal},
		'M': {Prevalence: ssvc.PrevalenceSupport, WellBeing: ssvc.WellBeingMaterial},
		'H': {Prevalence: ssvc.PrevalenceEssential, WellBeing: ssvc.WellBeingMinimal},
	}
	dec := map[byte]ssvc.Decision{'T': ssvc.Track, 'R': ssvc.TrackStar, 'A': ssvc.Attend, 'C': ssvc.Act}
	leaves := strings.Fields(cisaTree)
	require.Len(t, leaves, 72)
	for i := 0; i < len(leaves); i += 2 {
		k := leaves[i]
		in := mission[k[6]]
		in.Exploitation, in.Automatable, in.Impact = expl[k[0]], k[2] == 'Y', imp[k[4]]
		assert.Equal(t, dec[leaves[i+1][0]], ssvc.Decide(in), k)
	}
}

func TestMissionWellBeing(t *testing.T) {
	tests := []struct {
		p    ssvc.MissionPrevalence
		w    ssvc.WellBeing
		want ssvc.MissionWellBeing
	}{
		{ssvc.PrevalenceMinimal, ssvc.WellBeingMinimal, ssvc.MissionLow},
		{ssvc.PrevalenceMinimal, ssvc.WellBeingMaterial, ssvc.MissionMedium},
		{ssvc.PrevalenceMinimal, ssvc.WellBeingIrreversible, ssvc.MissionHigh},
		{ssvc.PrevalenceSupport, ssvc.WellBeingMinimal, ssvc.MissionMedium},
		{ssvc.PrevalenceSupport, ssvc.WellBeingMaterial, ssvc.MissionMedium},
		{ssvc.PrevalenceSupport, ssvc.WellBeingIrreversible, ssvc.MissionHigh},
		{ssvc.PrevalenceEssential, ssvc.WellBeingMinimal, ssvc.MissionHigh},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, ssvc.Inputs{Prevalence: tt.p, WellBeing: tt.w}.MissionWellBeing())
	}
}

func TestScorer(t *testing.T) {
	cat, err := kev.Load(strings.NewReader(`{"catalogVersion":"2026.11.27","dateReleased":"2026-11-27T12:00:00.000Z","count":1,
		"vulnerabilities":[{"cveID":"CVE-2021-44228","dateAdded":"2021-12-10","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known"}]}`), "kev.json")
	require.NoError(t, err)
	critical := aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
		CVSS("nvd", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").Build()
	local := aspmtest.SCA("CVE-2020-0001", "pkg:npm/a@1.0.0").CVSS("nvd", "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:L/I:N/A:N").Build()
	noVector := aspmtest.SCA("CVE-2020-0002", "pkg:npm/b@1.0.0").Build()
	tests := []struct {
		name  string
		f     aspm.Finding
		ok    bool
		value float64
		input string
	}{
		{"kev, automatable, total", critical, true, 1, "exploitation active, automatable yes, technical impact total, mission medium (prevalence support, well-being minimal) → act"},
		{"local partial", local, true, 0.2, "exploitation none, automatable no, technical impact partial, mission medium (prevalence support, well-being minimal) → track"},
		{"no vector", noVector, false, 0, ""},
	}
	s := ssvc.New(ssvc.WithKEV(cat))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.f
			is := &aspm.Issue{ID: "x", Vulns: []string{f.Vulns[0].ID}, Findings: []*aspm.Finding{&f}}
			fa, ok, err := s.Score(t.Context(), is, graph.Nop())
			require.NoError(t, err)
			require.Equal(t, tt.ok, ok)
			assert.Equal(t, tt.value, fa.Value)
			assert.Equal(t, tt.input, fa.Input)
		})
	}
}
