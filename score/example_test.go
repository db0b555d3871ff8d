package score_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
)

func Example() {
	// A scorer of one's own: secrets that a tool verified as live are
	// urgent.
	live := score.Func("live-secret", func(_ context.Context, is *aspm.Issue, _ graph.View) (aspm.Factor, bool, error) {
		for _, f := range is.Findings {
			if f.Secret != nil {
				v := 0.5
				if f.Secret.Verified {
					v = 1
				}
				return aspm.Factor{Input: fmt.Sprintf("verified=%t", f.Secret.Verified), Value: v}, true, nil
			}
		}
		return aspm.Factor{}, false, nil
	})
	severity := score.Func("severity", func(_ context.Context, is *aspm.Issue, _ graph.View) (aspm.Factor, bool, error) {
		return aspm.Factor{Input: string(is.Severity), Value: float64(is.Severity.Rank()) / 5}, true, nil
	})
	eng := score.New(
		score.WithScorer(severity, 1),
		score.WithScorer(live, 2),
		score.WithClock(func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }),
	)
	issues := []aspm.Issue{
		{ID: "a", Severity: aspm.SeverityHigh, Findings: []*aspm.Finding{{Secret: &aspm.Secret{Verified: true}}}},
		{ID: "b", Severity: aspm.SeverityMedium},
	}
	if err := eng.ScoreAll(context.Background(), issues, graph.Nop()); err != nil {
		fmt.Println(err)
		return
	}
	score.Sort(issues)
	for _, is := range issues {
		fmt.Println(is.ID, is.Score.Value, is.Priority, is.SLADue.Format(time.DateOnly))
		for _, f := range is.Score.Factors {
			fmt.Printf("  %s %s: %.4f × %.2f → %.2f\n", f.Name, f.Input, f.Value, f.Weight, f.Contribution)
		}
	}
	// Output:
	// a 93.33 P0 2026-12-05
	//   severity high: 0.8000 × 0.33 → 26.67
	//   live-secret verified=true: 1.0000 × 0.67 → 66.66
	// b 60 P1 2026-12-28
	//   severity medium: 0.6000 × 1.00 → 60.00
}

func ExampleLoadConfig() {
	_, err := score.LoadConfig(strings.NewReader("weights:\n  cvss: 0.3\n  epss: high\n"))
	fmt.Println(err)
	cfg, err := score.LoadConfig(strings.NewReader("weights:\n  cvss: 0.6\nbuckets:\n  - {priority: fix-now, min: 70, sla_days: 2}\n  - {priority: later, min: 0}\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(cfg.Weights, cfg.Buckets)
	// Output:
	// score: config: line 3: weight of "epss": want a number >= 0, got "high"
	// map[cvss:0.6] [{fix-now 70 2} {later 0 0}]
}
