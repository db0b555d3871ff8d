package ssvc_test

import (
	"fmt"

	"github.com/posturekit/posture/score/ssvc"
)

func ExampleDecide() {
	in := ssvc.Inputs{
		Exploitation: ssvc.ExploitActive,
		Automatable:  true,
		Impact:       ssvc.ImpactPartial,
		Prevalence:   ssvc.PrevalenceSupport,
		WellBeing:    ssvc.WellBeingMinimal,
	}
	fmt.Println(in.MissionWellBeing(), ssvc.Decide(in))
	in.Exploitation = ssvc.ExploitPoC
	fmt.Println(in.MissionWellBeing(), ssvc.Decide(in))
	// Output:
	// medium attend
	// medium track
}
