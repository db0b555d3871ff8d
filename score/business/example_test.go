package business_test

import (
	"context"
	"fmt"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score/business"
	"github.com/posturekit/posture/score/scoretest"
)

func ExampleScorer() {
	view := scoretest.View(ctx(aspm.TierCritical, aspm.ExposureInternet, aspm.EnvProduction, []aspm.DataClass{aspm.DataPCI}, aspm.ControlWAF))
	f, ok, _ := business.New().Score(context.Background(), &aspm.Issue{ID: "x"}, view)
	fmt.Println(ok, f.Value)
	fmt.Println(f.Input)
	fmt.Println(f.Explanation)
	// Output:
	// true 0.85
	// tier critical, data pci, exposure internet, production, controls waf
	// what is at stake in checkout; lowered by compensating controls
}
