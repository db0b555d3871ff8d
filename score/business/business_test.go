package business_test

import (
	"testing"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/business"
	"github.com/posturekit/posture/score/scoretest"
)

var _ score.Scorer = (*business.Scorer)(nil)

func ctx(tier aspm.Tier, exp aspm.Exposure, env aspm.Environment, data []aspm.DataClass, controls ...aspm.Control) graph.IssueContext {
	return graph.IssueContext{
		Services: []graph.ServiceContext{{Name: "checkout", Tier: tier, Exposure: exp, Environments: []aspm.Environment{env}, DataClasses: data, Controls: controls}},
		Tier:     tier, Exposure: exp, Environments: []string{string(env)}, DataClasses: data, Production: env.IsProduction(),
	}
}

func TestBusiness(t *testing.T) {
	is := scoretest.Issue(aspmtest.SCA("CVE-2024-1", "pkg:npm/a@1.0.0").Build())
	pci := []aspm.DataClass{aspm.DataPII, aspm.DataPCI}
	scoretest.Run(t, business.New(), []scoretest.Case{
		{Name: "unmapped", Issue: is, WantOK: false},
		{Name: "crown jewel", Issue: is, Context: ctx(aspm.TierCritical, aspm.ExposureInternet, aspm.EnvProduction, pci),
			WantOK: true, WantValue: 1, WantInput: "tier critical, data pci, exposure internet, production"},
		{Name: "with waf", Issue: is, Context: ctx(aspm.TierCritical, aspm.ExposureInternet, aspm.EnvProduction, pci, aspm.ControlWAF),
			WantOK: true, WantValue: 0.85, WantInput: "tier critical, data pci, exposure internet, production, controls waf"},
		{Name: "controls floor at half", Issue: is, Context: ctx(aspm.TierCritical, aspm.ExposureInternet, aspm.EnvProduction, pci,
			aspm.ControlWAF, aspm.ControlNetworkIsolation, aspm.ControlRASP, aspm.ControlSandbox),
			WantOK: true, WantValue: 0.5},
		// 0.30·0.25 + 0.25·0.1 + 0.30·0.2 + 0.15·0.3
		{Name: "test sandbox", Issue: is, Context: ctx(aspm.TierLow, aspm.ExposureNone, aspm.EnvTest, []aspm.DataClass{aspm.DataPublic}),
			WantOK: true, WantValue: 0.205, WantInput: "tier low, data public, exposure none, not production"},
		// 0.30·0.5 + 0.25·0.3 + 0.30·0.5 + 0.15·0.6
		{Name: "nothing said", Issue: is, Context: graph.IssueContext{Services: []graph.ServiceContext{{Name: "x"}}},
			WantOK: true, WantValue: 0.465, WantInput: "tier unknown, data none said, exposure unknown, environment unknown"},
	})
}
