// Command unittesting shows how a security engineer keeps their own
// security logic under unit tests. The logic is one rule of the team's,
// "a critical internet-facing service carries no critical or
// known-exploited vulnerability for more than 30 days", written twice:
//
//   - in Go, as StaleExposedRisk in rule.go, for logic that is easier to
//     say in code (or that calls other systems), and
//   - as a posture policy, policies/stale-exposed-risk.yaml, which the
//     CI gate evaluates.
//
// rule_test.go tests both in one-liners with the aspmtest builders
// (findings, documents, inventories) and policytest, and checks that they
// agree. This program runs the rule on real scanner outputs:
//
//	posture scan --inventory examples/demo/inventory.yaml -o json=baseline.json examples/demo/scans
//	# ... weeks later ...
//	go run ./examples/unittesting -inventory examples/demo/inventory.yaml -baseline baseline.json examples/demo/scans
//
// It prints the stale issues with their age, their urgent services and the
// policy's verdict, and exits 3 when there is any, as "posture scan" does
// when the gate fails. The age of an issue is counted from when a baseline
// first saw it; without a baseline every issue is new.
package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"
	"time"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/json"
	"github.com/posturekit/posture/ingest/inventory"
	"github.com/posturekit/posture/policy"
)

// maxAgeDays is the rule's limit; policies/stale-exposed-risk.yaml says
// the same number.
const maxAgeDays = 30

// ruleID is the id of the policy rule.
const ruleID = "stale-exposed-risk"

// policies holds the team's policy files, built into the program.
//
//go:embed policies
var policies embed.FS

// config is what the command line says.
type config struct {
	inventory, baseline string
	inputs              []string
	now                 time.Time
}

func main() {
	var c config
	flag.StringVar(&c.inventory, "inventory", "", "the inventory `FILE` (YAML)")
	flag.StringVar(&c.baseline, "baseline", "", "a previous result `FILE` (posture scan -o json)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: unittesting [-inventory FILE] [-baseline FILE] INPUT...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	c.inputs, c.now = flag.Args(), time.Now()
	stale, err := run(context.Background(), os.Stdout, c)
	if err != nil {
		fmt.Fprintln(os.Stderr, "unittesting:", err)
		os.Exit(1)
	}
	if stale > 0 {
		os.Exit(3)
	}
}

// run scans the inputs, applies the Go rule and the policy, writes the
// stale issues to w and returns how many there are.
func run(ctx context.Context, w io.Writer, c config) (int, error) {
	sub, err := fs.Sub(policies, "policies")
	if err != nil {
		return 0, err
	}
	pol, err := policy.Load(ctx, sub)
	if err != nil {
		return 0, err
	}
	opts := []posture.Option{posture.WithPolicy(pol), posture.WithClock(func() time.Time { return c.now })}
	if c.inventory != "" {
		inv, err := inventory.DecodeFile(ctx, c.inventory)
		if err != nil {
			return 0, err
		}
		opts = append(opts, posture.WithInventory(inv))
	}
	if c.baseline != "" {
		f, err := os.Open(c.baseline)
		if err != nil {
			return 0, err
		}
		prev, err := json.Decode(ctx, f)
		f.Close()
		if err != nil {
			return 0, fmt.Errorf("%s: %w", c.baseline, err)
		}
		opts = append(opts, posture.WithBaseline(prev))
	}
	res, err := posture.New(opts...).Run(ctx, c.inputs...)
	if err != nil {
		return 0, err
	}

	rule := StaleExposedRisk{MaxAgeDays: maxAgeDays, Now: c.now}
	stale := rule.Violations(res.Result.Issues, res.Graph)
	fmt.Fprintf(w, "%d issues, %d open for more than %d days in a critical internet-facing service\n",
		res.Result.Summary.Issues, len(stale), maxAgeDays)
	for _, v := range stale {
		fmt.Fprintf(w, "  %-8s %s: %d days in %s (policy: %s)\n", v.Issue.Severity, v.Issue.Title, v.AgeDays,
			strings.Join(v.Services, ", "), verdict(v.Issue))
	}
	return len(stale), nil
}

// verdict is the policy rule's result for an issue, "pass" when it is not
// violated.
func verdict(is *aspm.Issue) aspm.VerdictResult {
	for _, v := range is.Policy {
		if v.Rule == ruleID {
			return v.Result
		}
	}
	return "pass"
}
