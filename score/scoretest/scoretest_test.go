package scoretest_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/scoretest"
)

// internetFacing is a custom scorer as a user would write one: issues in
// internet-facing services are riskier.
func internetFacing() score.Scorer {
	return score.Func("internet", func(_ context.Context, is *aspm.Issue, g graph.View) (aspm.Factor, bool, error) {
		if g == nil {
			return aspm.Factor{}, false, nil
		}
		ic := g.IssueContext(is)
		if ic.Exposure == "" {
			return aspm.Factor{}, false, nil
		}
		v := 0.2
		if ic.Exposure == aspm.ExposureInternet {
			v = 1
		}
		return aspm.Factor{Input: "exposure " + string(ic.Exposure), Value: v}, true, nil
	})
}

func TestRun(t *testing.T) {
	is := scoretest.Issue(aspmtest.SCA("CVE-2024-1", "pkg:npm/a@1.0.0").Build())
	scoretest.Run(t, internetFacing(), []scoretest.Case{
		{Name: "internet", Issue: is, Context: graph.IssueContext{Exposure: aspm.ExposureInternet}, WantOK: true, WantValue: 1, WantInput: "exposure internet"},
		{Name: "internal", Issue: is, Context: graph.IssueContext{Exposure: aspm.ExposureInternal}, WantOK: true, WantValue: 0.2},
		{Name: "unknown", Issue: is, WantOK: false},
	})
}

func TestIssue(t *testing.T) {
	is := scoretest.Issue(
		aspmtest.SCA("GHSA-jfh8-c2jp-5v3q", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Aliases("CVE-2021-44228").Severity(aspm.SeverityMedium).Tool("grype").Build(),
		aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Severity(aspm.SeverityCritical).Tool("trivy").Build(),
	)
	assert.Equal(t, []string{"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}, is.Vulns)
	assert.Equal(t, aspm.SeverityCritical, is.Severity)
	assert.Equal(t, []string{"grype", "trivy"}, is.Tools)
	assert.Len(t, is.Findings, 2)
	assert.False(t, is.Component.IsZero())
}
