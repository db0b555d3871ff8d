package reachability_test

import (
	"testing"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/reachability"
	"github.com/posturekit/posture/score/scoretest"
)

var _ score.Scorer = (*reachability.Scorer)(nil)

func TestReachability(t *testing.T) {
	sca := func(l aspm.ReachabilityLevel) aspm.Finding {
		return aspmtest.SCA("GO-2024-0001", "pkg:golang/example.com/m@v1.0.0").Reachability(l).Build()
	}
	called := sca(aspm.ReachFunction)
	called.Reachability.Symbols = []string{"m.Parse"}
	flow := aspmtest.SAST("go/sql-injection", "main.go", 3).Build()
	flow.Reachability = &aspm.Reachability{Trace: []string{"main.handler", "db.Query"}}
	scoretest.Run(t, reachability.New(), []scoretest.Case{
		{Name: "unknown is neutral", Issue: scoretest.Issue(aspmtest.SCA("CVE-2024-1", "pkg:npm/a@1.0.0").Build()), WantOK: false},
		{Name: "unreachable lowers", Issue: scoretest.Issue(sca(aspm.ReachUnreachable)), WantOK: true, WantValue: 0.05, WantInput: "reachability unreachable"},
		{Name: "module", Issue: scoretest.Issue(sca(aspm.ReachModule)), WantOK: true, WantValue: 0.3},
		{Name: "package", Issue: scoretest.Issue(sca(aspm.ReachPackage)), WantOK: true, WantValue: 0.6},
		{Name: "symbol called", Issue: scoretest.Issue(called), WantOK: true, WantValue: 1, WantInput: "reachability function: m.Parse called"},
		{Name: "strongest wins", Issue: scoretest.Issue(sca(aspm.ReachUnreachable), sca(aspm.ReachPackage)), WantOK: true, WantValue: 0.6},
		{Name: "sarif code flow", Issue: scoretest.Issue(flow), WantOK: true, WantValue: 1, WantInput: "reachability function: trace of 2 steps from main.handler"},
	})
	scoretest.Run(t, reachability.New(reachability.WithValues(reachability.Values{Function: 0.9, Unreachable: 0})), []scoretest.Case{
		{Name: "custom values", Issue: scoretest.Issue(sca(aspm.ReachUnreachable)), WantOK: true, WantValue: 0},
	})
}
