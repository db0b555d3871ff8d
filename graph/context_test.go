package graph_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
)

// issue wraps findings in an issue as correlation would.
func issue(component string, fs ...aspm.Finding) *aspm.Issue {
	is := &aspm.Issue{ID: "i-test"}
	if component != "" {
		is.Component = aspm.MustParsePURL(component)
	}
	for i := range fs {
		is.Findings = append(is.Findings, &fs[i])
	}
	return is
}

func TestIssueContext(t *testing.T) {
	g := shop(t, false)
	checkout := graph.ServiceContext{
		Name: "checkout", Owners: []string{"payments"}, BusinessUnit: "commerce", Tier: aspm.TierCritical,
		DataClasses: []aspm.DataClass{aspm.DataPCI, aspm.DataPII}, Exposure: aspm.ExposureInternet,
		Environments: []aspm.Environment{aspm.EnvProduction}, Controls: []aspm.Control{aspm.ControlWAF},
	}

	sast := aspmtest.SAST("go/sql-injection", "internal/db.go", 12).Build()
	sast.Provenance.File = "/ci/run-7/scans/trivy-checkout.json"
	fromImage := aspmtest.Container("CVE-2023-0001", "pkg:deb/debian/openssl@3.0.2", "registry.shop.example/checkout:1.0.0").Build()
	fromImage.Provenance.File = "out/trivy.json"

	tests := []struct {
		name     string
		is       *aspm.Issue
		services []string
		via      map[string][]string
		tier     aspm.Tier
		exposure aspm.Exposure
		prod     bool
		owners   []string
		paths    int
		exposed  bool
		deps     int
	}{
		{
			name: "vulnerable package", is: issue(purlQS),
			services: []string{"checkout"}, via: map[string][]string{"checkout": {"component " + purlQS}},
			tier: aspm.TierCritical, exposure: aspm.ExposureInternet, prod: true, owners: []string{"payments"}, paths: 2, exposed: true, deps: 2,
		},
		{
			name: "every version", is: issue("pkg:npm/qs"),
			services: []string{"checkout", "ledger"}, tier: aspm.TierCritical, exposure: aspm.ExposureInternet, prod: true,
			owners: []string{"payments"}, paths: 3, exposed: true, deps: 3,
		},
		{
			name: "package of a service's inventory components", is: issue(purlLodash),
			services: []string{"batch", "checkout"}, tier: aspm.TierCritical, exposure: aspm.ExposureInternet, prod: true,
			owners: []string{"payments", "platform"}, paths: 2, exposed: true, deps: 1,
		},
		{
			name: "code finding read from a scan output of the service", is: issue("", sast),
			services: []string{"checkout"}, via: map[string][]string{"checkout": {"file /ci/run-7/scans/trivy-checkout.json"}},
			tier: aspm.TierCritical, exposure: aspm.ExposureInternet, prod: true, owners: []string{"payments"},
		},
		{
			name: "image finding", is: issue("pkg:deb/debian/openssl@3.0.2", fromImage),
			services: []string{"checkout"}, via: map[string][]string{"checkout": {"file out/trivy.json", "image registry.shop.example/checkout:1.0.0"}},
			tier: aspm.TierCritical, exposure: aspm.ExposureInternet, prod: true, owners: []string{"payments"},
		},
		{
			name: "internal service", is: issue(purlLog4j),
			services: []string{"ledger"}, tier: aspm.TierHigh, exposure: aspm.ExposureInternal, prod: true, owners: []string{"payments"}, paths: 1, deps: 1,
		},
		{name: "unknown package", is: issue("pkg:npm/nope@1"), owners: []string{}},
	}
	// A later inventory names one more scan output of checkout.
	require.NoError(t, g.AddInventory(&aspm.Inventory{File: "extra.yaml", Services: []aspm.Service{{Name: "checkout", Owners: []string{"payments"},
		BusinessUnit: "commerce", Tier: aspm.TierCritical, DataClasses: []aspm.DataClass{aspm.DataPCI, aspm.DataPII}, Exposure: aspm.ExposureInternet,
		Environments: []aspm.Environment{aspm.EnvProduction}, Controls: []aspm.Control{aspm.ControlWAF}, Scans: []string{"trivy.json"}}}}))
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ic := g.IssueContext(tt.is)
			var names []string
			for _, s := range ic.Services {
				names = append(names, s.Name)
				if want, ok := tt.via[s.Name]; ok {
					assert.Equal(t, want, s.Via, s.Name)
				}
				if s.Name == "checkout" {
					s.Via = nil
					assert.Equal(t, checkout, s)
				}
			}
			assert.Equal(t, tt.services, names)
			assert.Equal(t, tt.tier, ic.Tier)
			assert.Equal(t, tt.exposure, ic.Exposure)
			assert.Equal(t, tt.prod, ic.Production)
			assert.Equal(t, tt.owners, ic.Owners)
			assert.Len(t, ic.Paths, tt.paths)
			assert.Equal(t, tt.exposed, ic.ExposedPath != nil)
			assert.Equal(t, tt.deps, ic.Dependents)
		})
	}
	assert.Equal(t, graph.IssueContext{}, g.IssueContext(nil))
}

// The context of an issue reflects documents added after an earlier
// query: the cache does not outlive a write.
func TestIssueContextAfterWrite(t *testing.T) {
	g := graph.New()
	require.NoError(t, g.AddInventory(shopInventory()))
	is := issue(purlQS)
	assert.Empty(t, g.IssueContext(is).Services)
	require.NoError(t, g.AddDocument(shopDocs()[0]))
	assert.Len(t, g.IssueContext(is).Services, 1)
}

func TestNopView(t *testing.T) {
	var v graph.View = graph.Nop()
	assert.Empty(t, v.IssueContext(issue(purlQS)).Services)
	assert.Equal(t, graph.CoverageUnknown, v.Coverage(purlQS).State)
}
