package builtin_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/correlate"
	"github.com/posturekit/posture/score"
	"github.com/posturekit/posture/score/builtin"
	"github.com/posturekit/posture/score/kev"
)

func ExampleNew() {
	ctx := context.Background()
	doc := aspmtest.Doc("grype",
		aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").
			CVSS("nvd", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H").Build(),
		aspmtest.SCA("CVE-2022-24999", "pkg:npm/qs@6.5.2").CVSS("nvd", "CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H").
			Reachability(aspm.ReachUnreachable).Build(),
	)
	res, err := correlate.Correlate(ctx, []*aspm.Document{doc})
	if err != nil {
		fmt.Println(err)
		return
	}
	catalog, err := kev.Load(strings.NewReader(`{"dateReleased":"2026-11-27T00:00:00Z","vulnerabilities":[
		{"cveID":"CVE-2021-44228","dateAdded":"2021-12-10","dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known"}]}`), "kev.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg, err := score.LoadConfig(strings.NewReader("weights:\n  reachability: 0.3\n"))
	if err != nil {
		fmt.Println(err)
		return
	}
	clock := func() time.Time { return time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC) }
	eng := builtin.New(builtin.Config{KEV: catalog, Clock: clock}, score.WithConfig(cfg), score.WithClock(clock))
	if err := eng.ScoreAll(ctx, res.Issues, nil); err != nil {
		fmt.Println(err)
		return
	}
	score.Sort(res.Issues)
	for _, is := range res.Issues {
		fmt.Println(is.Vulns[0], is.Score.Value, is.Priority, is.SLADue.Format(time.DateOnly))
		for _, f := range is.Score.Factors {
			fmt.Printf("  %-12s %5.2f  %s\n", f.Name, f.Contribution, f.Input)
		}
	}
	// Output:
	// CVE-2021-44228 100 P0 2026-12-05
	//   cvss         54.55  CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H from nvd
	//   kev          27.27  CVE-2021-44228 in CISA KEV since 2021-12-10, due 2021-12-24, known ransomware use
	//   ssvc         18.18  exploitation active, automatable yes, technical impact total, mission medium (prevalence support, well-being minimal) → act
	// CVE-2022-24999 30.29 P3 2027-03-28
	//   cvss         25.29  CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:N/I:N/A:H from nvd
	//   ssvc          2.86  exploitation none, automatable no, technical impact partial, mission medium (prevalence support, well-being minimal) → track
	//   reachability  2.14  reachability unreachable
}
