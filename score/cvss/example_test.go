package cvss_test

import (
	"context"
	"fmt"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score/cvss"
)

func ExampleParse() {
	for _, v := range []string{
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:L/SI:L/SA:N",
		"(AV:N/AC:L/Au:N/C:C/I:C/A:C)",
		"CVSS:3.1/AV:N",
	} {
		m, err := cvss.Parse(v)
		if err != nil {
			fmt.Println("invalid")
			continue
		}
		fmt.Println(m.Version, m.Score)
	}
	// Output:
	// 3.1 9.8
	// 4.0 6.9
	// 2.0 10
	// invalid
}

func ExampleScorer() {
	f := &aspm.Finding{CVSS: []aspm.CVSS{
		{Source: "ghsa", Vector: "CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:H/I:H/A:H"},
		{Source: "nvd", Vector: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H"},
	}}
	is := &aspm.Issue{Findings: []*aspm.Finding{f}}
	for _, s := range []*cvss.Scorer{cvss.New(), cvss.New(cvss.WithPreference("ghsa", "nvd"))} {
		fa, _, _ := s.Score(context.Background(), is, nil)
		fmt.Println(fa.Value, fa.Explanation)
	}
	// Output:
	// 1 CVSS 3.1 base score 10.0 from nvd
	// 0.88 CVSS 3.1 base score 8.8 from ghsa
}
