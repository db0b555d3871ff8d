package policy

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRuleKinds(t *testing.T) {
	env, err := newEnv()
	require.NoError(t, err)
	tests := []struct {
		expr string
		want []string
	}{
		{"issue.kind == 'sast' && production", []string{"sast"}},
		{"production && 'sca' == issue.kind", []string{"sca"}},
		{"issue.kind in ['sca', 'container'] && issue.kev", []string{"sca", "container"}},
		{"issue.kind in ['sca', 'container'] && issue.kind == 'sca'", []string{"sca"}},
		{"issue.kind == 'sca' && issue.kind == 'iac'", []string{}},
		{"issue.kind == 'sca' || production", nil},
		{"!(issue.kind == 'sca')", nil},
		{"issue.kind in issue.rules", nil},
		{"issue.kev", nil},
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			a, iss := env.Compile(tt.expr)
			require.NoError(t, iss.Err())
			assert.Equal(t, tt.want, ruleKinds(a))
		})
	}
}

func TestDefaultCatalog(t *testing.T) {
	_, err := defaultCatalog()
	require.NoError(t, err)
	c := DefaultCatalog()
	ids := map[string]int{}
	for _, f := range c.Frameworks {
		ids[f.ID] = len(f.Controls)
	}
	assert.Equal(t, map[string]int{"nist-ssdf": 21, "iso27001": 11, "pci-dss": 9, "soc2": 5, "owasp": 10}, ids)
	assert.Equal(t, "A03", c.OWASP[89])
	assert.Equal(t, "A10", c.OWASP[918])
	assert.Equal(t, "A08", OWASPCategory(502))
	assert.Empty(t, OWASPCategory(999999))
	c.OWASP[89] = "changed"
	assert.Equal(t, "A03", OWASPCategory(89), "DefaultCatalog returns a copy")
}
