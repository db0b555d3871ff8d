package aspm_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
)

func TestParseTier(t *testing.T) {
	tests := []struct {
		in   string
		want aspm.Tier
		ok   bool
	}{
		{"critical", aspm.TierCritical, true}, {"1", aspm.TierCritical, true}, {"Tier-1", aspm.TierCritical, true},
		{"tier2", aspm.TierHigh, true}, {"T3", aspm.TierMedium, true}, {" low ", aspm.TierLow, true}, {"4", aspm.TierLow, true},
		{"5", "", false}, {"", "", false}, {"urgent", "", false},
	}
	for _, tt := range tests {
		got, ok := aspm.ParseTier(tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		assert.Equal(t, tt.ok, ok, tt.in)
	}
	assert.Greater(t, aspm.TierCritical.Rank(), aspm.TierLow.Rank())
	assert.Zero(t, aspm.Tier("").Rank())
	assert.Len(t, aspm.Tiers(), 4)
}

func TestInventoryEnums(t *testing.T) {
	for _, d := range aspm.DataClasses() {
		assert.True(t, d.Valid(), d)
	}
	assert.False(t, aspm.DataClass("top-secret").Valid())
	assert.False(t, aspm.DataClass("PII").Valid(), "the model's values are lower case")
	for _, e := range aspm.Exposures() {
		assert.True(t, e.Valid(), e)
	}
	assert.False(t, aspm.Exposure("everywhere").Valid())
	for _, c := range aspm.Controls() {
		assert.True(t, c.Valid(), c)
	}
	assert.True(t, aspm.Control("x-bot-protection").Valid())
	assert.False(t, aspm.Control("x-").Valid())
	assert.False(t, aspm.Control("firewall").Valid())

	prod := map[aspm.Environment]bool{
		"production": true, "prod": true, "prod-eu": true, "eu-prod": true, "Production": true,
		"staging": false, "preprod": false, "products": false, "development": false,
	}
	for env, want := range prod {
		assert.Equal(t, want, env.IsProduction(), env)
	}
}

func TestServiceClone(t *testing.T) {
	s := aspm.Service{Name: "shop", Owners: []string{"a"}, DataClasses: []aspm.DataClass{aspm.DataPII},
		Environments: []aspm.Environment{aspm.EnvProduction}, Repos: []string{"r"}, Images: []string{"i"},
		SBOMs: []string{"s"}, Scans: []string{"x"}, Components: []aspm.PURL{aspm.MustParsePURL("pkg:npm/a@1")},
		Controls: []aspm.Control{aspm.Controls()[0]}}
	c := s.Clone()
	assert.Equal(t, s, c)
	c.Owners[0], c.DataClasses[0], c.Environments[0], c.Repos[0] = "b", "", "", ""
	c.Images[0], c.SBOMs[0], c.Scans[0], c.Components[0], c.Controls[0] = "", "", "", aspm.PURL{}, ""
	assert.Equal(t, "a", s.Owners[0])
	assert.Equal(t, aspm.DataPII, s.DataClasses[0])
	assert.Equal(t, aspm.EnvProduction, s.Environments[0])
	assert.Equal(t, []string{"r", "i", "s", "x"}, []string{s.Repos[0], s.Images[0], s.SBOMs[0], s.Scans[0]})
	assert.False(t, s.Components[0].IsZero())
	assert.Equal(t, aspm.Controls()[0], s.Controls[0])
}
