package kev_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score/kev"
)

func ExampleLoad() {
	c, err := kev.Load(strings.NewReader(`{"catalogVersion":"2026.11.27","dateReleased":"2026-11-27T15:00:00.000Z","count":1,
		"vulnerabilities":[{"cveID":"CVE-2021-44228","vendorProject":"Apache","product":"Log4j2","dateAdded":"2021-12-10",
		"dueDate":"2021-12-24","knownRansomwareCampaignUse":"Known"}]}`), "kev.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	f, ok, _ := kev.New(c).Score(context.Background(), &aspm.Issue{Vulns: []string{"CVE-2021-44228"}}, nil)
	fmt.Println(ok, f.Value, f.Input)
	_, err = kev.Load(strings.NewReader(`{"vulnerabilities":[{"cveID":"CVE-2021-4`), "cut.json")
	fmt.Println(err)
	// Output:
	// true 1 CVE-2021-44228 in CISA KEV since 2021-12-10, due 2021-12-24, known ransomware use
	// kev: not a KEV catalog: cut.json: truncated JSON: unexpected EOF
}
