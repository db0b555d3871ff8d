package reachability_test

import (
	"context"
	"fmt"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score/reachability"
)

func ExampleScorer() {
	s := reachability.New()
	for _, r := range []*aspm.Reachability{
		{Level: aspm.ReachFunction, Symbols: []string{"yaml.Unmarshal"}},
		{Level: aspm.ReachUnreachable},
		nil,
	} {
		is := &aspm.Issue{Findings: []*aspm.Finding{{Reachability: r}}}
		f, ok, _ := s.Score(context.Background(), is, nil)
		fmt.Println(ok, f.Value, f.Input)
	}
	// Output:
	// true 1 reachability function: yaml.Unmarshal called
	// true 0.05 reachability unreachable
	// false 0
}
