package epss_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score/epss"
)

func ExampleLoad() {
	csv := "#model_version:v2025.03.14,score_date:2025-03-15T00:00:00+0000\ncve,epss,percentile\nCVE-2021-44228,0.94358,0.99962\n"
	d, err := epss.Load(strings.NewReader(csv), "epss_scores-2025-03-15.csv")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.ModelVersion, d.ScoreDate.Format(time.DateOnly), d.Len())
	s := epss.New(d, epss.WithClock(func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }))
	f, _, _ := s.Score(context.Background(), &aspm.Issue{Vulns: []string{"CVE-2021-44228"}}, nil)
	fmt.Println(f.Input)
	for _, dg := range s.Diagnostics() {
		fmt.Println(dg)
	}
	// Output:
	// v2025.03.14 2025-03-15 1
	// EPSS 0.94358 (percentile 0.99962) for CVE-2021-44228 on 2025-03-15
	// epss_scores-2025-03-15.csv: warning: EPSS scores dated 2025-03-15 (model v2025.03.14) are 623 days old, older than 30 days: download a fresh file
}
