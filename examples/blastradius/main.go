// Command blastradius answers the question a security lead asks when an
// advisory lands: who is affected by this vulnerability, and through which
// dependency paths? It reads an inventory (services, owners, data,
// exposure) and any number of SBOMs or scanner outputs, builds posture's
// context graph, and prints the affected services with their business
// context, the teams to notify, and the paths as evidence:
//
//	go run ./examples/blastradius -inventory examples/blastradius/testdata/inventory.yaml \
//	    CVE-2021-44228 examples/blastradius/testdata/storefront.cdx.json examples/blastradius/testdata/reports.spdx.json
//
// The vulnerability may be named by any of its aliases (a GHSA id finds
// the CVE an SBOM states), or replaced by a purl to ask about a package.
// The command line "posture graph blast-radius" gives the same answer; this
// program shows the library calls behind it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/inventory"
)

func main() {
	inv := flag.String("inventory", "", "the inventory `FILE` (YAML)")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: blastradius [-inventory FILE] VULN-OR-PURL INPUT...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() < 2 {
		flag.Usage()
		os.Exit(2)
	}
	if err := run(context.Background(), os.Stdout, *inv, flag.Arg(0), flag.Args()[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "blastradius:", err)
		os.Exit(1)
	}
}

// run builds the graph from the inventory and inputs and writes the answer
// for target to w.
func run(ctx context.Context, w io.Writer, invPath, target string, inputs []string) error {
	g := graph.New()
	if invPath != "" {
		inv, err := inventory.DecodeFile(ctx, invPath)
		if err != nil {
			return err
		}
		if err := g.AddInventory(inv); err != nil {
			return err
		}
	}
	reg := ingest.Default()
	for _, in := range inputs {
		doc, err := reg.DecodeFile(ctx, "", in)
		if err != nil {
			return err
		}
		if err := g.AddDocument(doc); err != nil {
			return err
		}
	}

	br, err := g.BlastRadius(target)
	if err != nil {
		return err
	}
	if len(br.Vulns) > 0 {
		fmt.Fprintf(w, "%s (also %s)\n", br.Vulns[0], strings.Join(br.Vulns[1:], ", "))
	}
	for _, n := range br.Vulnerable {
		fmt.Fprintf(w, "vulnerable: %s\n", n.Label())
	}
	if len(br.Services) == 0 {
		fmt.Fprintln(w, "no service is affected")
		return nil
	}

	// The business context of each affected service: what an issue about
	// the vulnerable package would carry into scoring and policy.
	fmt.Fprintln(w, "affected services:")
	for _, n := range br.Vulnerable {
		ic := g.IssueContext(&aspm.Issue{Component: n.PURL()})
		for _, s := range ic.Services {
			fmt.Fprintf(w, "  %s (%s): tier %s, %s, %s, data %s, owners %s", s.Name, s.Description, s.Tier, s.Exposure,
				join(s.Environments), join(s.DataClasses), strings.Join(s.Owners, ", "))
			if len(s.Controls) > 0 {
				fmt.Fprintf(w, ", controls %s", join(s.Controls))
			}
			fmt.Fprintln(w)
		}
	}

	fmt.Fprintln(w, "notify:")
	owners, err := g.Owners(target)
	if err != nil {
		return err
	}
	for _, o := range owners {
		fmt.Fprintf(w, "  %s <%s> for %s", o.Team, o.Contact, strings.Join(o.Services, ", "))
		if len(o.Parents) > 0 {
			fmt.Fprintf(w, " (part of %s)", strings.Join(o.Parents, " → "))
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintln(w, "paths:")
	for _, p := range br.Paths {
		fmt.Fprintf(w, "  %s\n", show(p))
	}
	if p, ok := g.ShortestExposedPath(target); ok {
		fmt.Fprintf(w, "shortest path from the internet: %s\n", show(p))
	}
	return nil
}

// show renders a path with short names: services and documents by name,
// components by package name and version.
func show(p graph.Path) string {
	steps := make([]string, len(p))
	for i, key := range p {
		kind, name, _ := strings.Cut(key, ":")
		switch kind {
		case "component":
			if pu, err := aspm.ParsePURL(name); err == nil {
				name = pu.Name() + "@" + pu.Version()
			}
		case "document":
			name = name[strings.LastIndexByte(name, '/')+1:]
		}
		steps[i] = name
	}
	return strings.Join(steps, " → ")
}

func join[T ~string](vs []T) string {
	s := make([]string, len(vs))
	for i, v := range vs {
		s[i] = string(v)
	}
	return strings.Join(s, "+")
}
