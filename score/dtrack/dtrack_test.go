package dtrack_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score/dtrack"
)

func issues() []aspm.Issue {
	return []aspm.Issue{
		{ID: "1", Severity: aspm.SeverityCritical, Services: []string{"checkout"}, Owners: []string{"payments"}},
		{ID: "2", Severity: aspm.SeverityHigh, Services: []string{"checkout", "search"}, Owners: []string{"payments", "search"}},
		{ID: "3", Severity: aspm.SeverityMedium, Services: []string{"search"}, Owners: []string{"search"}},
		{ID: "4", Severity: aspm.SeverityLow},
		{ID: "5", Severity: aspm.SeverityUnknown, Services: []string{"search"}},
		{ID: "6", Severity: aspm.SeverityInfo, Services: []string{"search"}},
		{ID: "7", Severity: aspm.SeverityCritical, Services: []string{"search"}, Status: aspm.LifecycleFixed},
	}
}

func TestRiskScore(t *testing.T) {
	assert.Equal(t, 10+5+3+1+5, dtrack.RiskScore(issues(), dtrack.DefaultWeights()))
	assert.Equal(t, 0, dtrack.RiskScore(nil, dtrack.DefaultWeights()))
}

func TestByService(t *testing.T) {
	assert.Equal(t, []dtrack.Rollup{
		{Key: "checkout", Critical: 1, High: 1, Score: 15},
		{Key: "search", High: 1, Medium: 1, Info: 1, Unassigned: 1, Score: 13},
		{Key: "", Low: 1, Score: 1},
	}, dtrack.ByService(issues(), dtrack.DefaultWeights()))
	assert.Equal(t, []dtrack.Rollup{
		{Key: "payments", Critical: 1, High: 1, Score: 15},
		{Key: "search", High: 1, Medium: 1, Score: 8},
		{Key: "", Low: 1, Unassigned: 1, Info: 1, Score: 6},
	}, dtrack.ByOwner(issues(), dtrack.DefaultWeights()))
}

func ExampleByService() {
	for _, r := range dtrack.ByService(issues(), dtrack.DefaultWeights()) {
		fmt.Printf("%q %d\n", r.Key, r.Score)
	}
	// Output:
	// "checkout" 15
	// "search" 13
	// "" 1
}
