package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/ingest"
	"github.com/posturekit/posture/ingest/inventory"
)

// graphQueries are the queries of "posture graph", as DESIGN.md's CLI
// contract names them.
var graphQueries = []string{"blast-radius", "dependents", "dependencies", "paths", "owners", "drift"}

// graphResult is the JSON answer of "posture graph --json": the fields the
// CLI contract requires (query, target, components, services, owners,
// paths; added, removed, changed for drift) and the rest of the blast
// radius.
type graphResult struct {
	Query        string           `json:"query"`
	Target       string           `json:"target"`
	Components   []string         `json:"components"`
	Services     []string         `json:"services"`
	Owners       []string         `json:"owners"`
	Paths        []graph.Path     `json:"paths"`
	Truncated    bool             `json:"truncated,omitempty"`
	Note         string           `json:"note,omitempty"`
	Vulns        []string         `json:"vulns,omitempty"`
	Vulnerable   []string         `json:"vulnerable,omitempty"`
	NotAffected  []string         `json:"not_affected,omitempty"`
	Environments []string         `json:"environments,omitempty"`
	DataClasses  []aspm.DataClass `json:"data_classes,omitempty"`
	Artifacts    []string         `json:"artifacts,omitempty"`
	Repos        []string         `json:"repos,omitempty"`
	Documents    []string         `json:"documents,omitempty"`
	Escalation   []string         `json:"escalation,omitempty"`
	ExposedPath  graph.Path       `json:"exposed_path,omitempty"`
	OwnerDetails []graph.Owner    `json:"owner_details,omitempty"`
	// drift only: always written for drift, never for the other queries
	*DriftResult
}

// DriftResult is the answer of "posture graph drift".
type DriftResult struct {
	Added   []string              `json:"added"`
	Removed []string              `json:"removed"`
	Changed []graph.VersionChange `json:"changed"`
}

func runGraph(ctx context.Context, e *env, args []string) int {
	flags := newFlags(e, "graph", "QUERY TARGET [--inventory FILE] [--json] INPUT...")
	invFile := flags.String("inventory", "", "read services, owners and business context from this inventory `FILE` (YAML)")
	asJSON := flags.Bool("json", false, "write the answer as one JSON object")
	depth := flags.Int("depth", 0, "for dependents and dependencies: at most this many steps away (0: any)")
	maxPaths := flags.Int("max-paths", 100, "show at most this many dependency paths")
	quiet := flags.Bool("quiet", false, "do not print diagnostics")
	flags.Usage = func() {
		fmt.Fprintln(e.stderr, "Usage: posture graph QUERY TARGET [--inventory FILE] [--json] INPUT...")
		fmt.Fprintln(e.stderr, "")
		fmt.Fprintln(e.stderr, "QUERY is one of:")
		fmt.Fprintln(e.stderr, "  blast-radius  TARGET is a purl or a vulnerability id: what it reaches, with paths")
		fmt.Fprintln(e.stderr, "  dependents    TARGET is a purl: every component that depends on it")
		fmt.Fprintln(e.stderr, "  dependencies  TARGET is a purl: every component it depends on")
		fmt.Fprintln(e.stderr, "  paths         TARGET is a purl: every dependency path from a root or service to it")
		fmt.Fprintln(e.stderr, "  owners        TARGET is a purl or a vulnerability id: the teams to notify")
		fmt.Fprintln(e.stderr, "  drift         TARGET is the baseline SBOM: what changed in INPUT")
		fmt.Fprintln(e.stderr, "A purl without a version matches every version. INPUT may be files or directories.")
		fmt.Fprintln(e.stderr, "")
		flags.PrintDefaults()
	}
	pos, code := parseFlags(flags, args)
	if code >= 0 {
		return code
	}
	if len(pos) < 3 {
		e.errorf("graph: want a query, a target and at least one input")
		flags.Usage()
		return exitUsage
	}
	query, target, inputs := pos[0], pos[1], pos[2:]
	if !slices.Contains(graphQueries, query) {
		e.errorf("graph: unknown query %q (want one of %s)", query, strings.Join(graphQueries, ", "))
		return exitUsage
	}
	if query != "drift" && strings.HasPrefix(strings.ToLower(target), "pkg:") {
		if _, err := aspm.ParsePURL(target); err != nil {
			e.errorf("graph: target: %v", err)
			return exitUsage
		}
	}

	g := graph.New(graph.WithMaxPaths(*maxPaths))
	failed := false
	if *invFile != "" {
		inv, err := inventory.DecodeFile(ctx, *invFile)
		if err != nil {
			for line := range strings.SplitSeq(err.Error(), "\n") {
				e.errorf("%s", line)
			}
			return exitFailed
		}
		if err := g.AddInventory(inv); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
	}
	reg := ingest.Default()
	var baseline string
	if query == "drift" {
		doc, err := decodeOne(ctx, e, reg, "", target)
		if err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		if err := g.AddDocument(doc); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		baseline = doc.Source.File
	}
	files, walked, err := expandInputs(inputs)
	if err != nil {
		e.errorf("%v", err)
		failed = true
	}
	var current []string
	for _, file := range files {
		if err := ctx.Err(); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		if file == *invFile || (query == "drift" && walked[file] && file == target) {
			continue // the inventory or the baseline, met again while walking a directory
		}
		doc, err := decodeOne(ctx, e, reg, "", file)
		if err != nil {
			if walked[file] && (errors.Is(err, ingest.ErrUnknownFormat) || errors.Is(err, ingest.ErrEmpty)) {
				if !*quiet {
					fmt.Fprintf(e.stderr, "posture: note: %v (skipped)\n", err)
				}
				continue
			}
			e.errorf("%v", err)
			failed = true
			continue
		}
		if !*quiet {
			for _, d := range doc.Diagnostics {
				fmt.Fprintf(e.stderr, "posture: %s\n", d)
			}
		}
		if err := g.AddDocument(doc); err != nil {
			e.errorf("%v", err)
			return exitFailed
		}
		current = append(current, doc.Source.File)
	}

	res, err := answer(g, query, target, baseline, current, *depth)
	if err != nil {
		e.errorf("graph: %v", err)
		if errors.Is(err, graph.ErrInvalidTarget) && query != "drift" {
			return exitUsage
		}
		return exitFailed
	}
	if res.Note == "" && query != "drift" && len(res.Components) == 0 && len(res.Services) == 0 && len(res.Owners) == 0 {
		if nodes, _ := g.Resolve(target); len(nodes) == 0 && !*quiet {
			fmt.Fprintf(e.stderr, "posture: note: %s is not in the graph\n", target)
		}
	}
	out := bufio.NewWriter(e.stdout)
	if *asJSON {
		enc := json.NewEncoder(out)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		err = enc.Encode(res)
	} else {
		writeGraphText(out, res)
	}
	if err == nil {
		err = out.Flush()
	}
	if err != nil {
		e.errorf("writing output: %v", err)
		return exitFailed
	}
	if failed {
		return exitFailed
	}
	return exitOK
}

// answer runs a query. Every query but drift carries the target's blast
// radius: the services and owners above it and the paths to it.
func answer(g *graph.Graph, query, target, baseline string, current []string, depth int) (graphResult, error) {
	res := graphResult{Query: query, Target: target, Components: []string{}, Services: []string{}, Owners: []string{}, Paths: []graph.Path{}}
	if query == "drift" {
		if len(current) == 0 {
			return res, errors.New("drift: no input to compare with the baseline")
		}
		d, err := g.Drift(baseline, current...)
		if err != nil {
			return res, err
		}
		res.DriftResult = &DriftResult{Added: d.Added, Removed: d.Removed, Changed: d.Changed}
		return res, nil
	}
	br, err := g.BlastRadius(target)
	if err != nil {
		return res, err
	}
	res.Components = labels(br.Components)
	res.Services, res.Owners, res.Paths = br.Services, br.Owners, br.Paths
	res.Truncated, res.Note = br.Truncated, br.Note
	res.Vulns, res.Vulnerable, res.NotAffected = br.Vulns, labels(br.Vulnerable), labels(br.NotAffected)
	res.Environments, res.DataClasses, res.Escalation = br.Environments, br.DataClasses, br.Escalation
	res.Artifacts, res.Repos, res.Documents = br.Artifacts, br.Repos, br.Documents
	res.ExposedPath, _ = g.ShortestExposedPath(target)
	switch query {
	case "dependents":
		res.Components = labels(slices.Collect(g.Dependents(target, depth)))
	case "dependencies":
		res.Components = labels(slices.Collect(g.Dependencies(target, depth)))
	case "paths":
		res.Components = labels(br.Vulnerable)
	case "owners":
		owners, err := g.Owners(target)
		if err != nil {
			return res, err
		}
		res.OwnerDetails = owners
	}
	if res.Paths == nil {
		res.Paths = []graph.Path{}
	}
	if res.Owners == nil {
		res.Owners = []string{}
	}
	return res, nil
}

// labels names nodes as people read them: a purl, or file#ref.
func labels(ns []graph.Node) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Label()
	}
	return out
}

// expandInputs lists the files of the inputs, walking directories (in
// lexical order, skipping hidden ones). walked marks the files found by
// walking, which may be skipped when they are of no known format.
func expandInputs(inputs []string) (files []string, walked map[string]bool, err error) {
	walked = map[string]bool{}
	var errs []error
	for _, in := range inputs {
		st, statErr := os.Stat(in)
		if in == "-" || statErr != nil || !st.IsDir() {
			files = append(files, in) // decoding reports a missing file
			continue
		}
		werr := filepath.WalkDir(in, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() {
				if p != in && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, p)
				walked[p] = true
			}
			return nil
		})
		if werr != nil {
			errs = append(errs, werr)
		}
	}
	return files, walked, errors.Join(errs...)
}

// writeGraphText writes the answer for people.
func writeGraphText(w io.Writer, r graphResult) {
	if r.Query == "drift" {
		for _, a := range r.Added {
			fmt.Fprintf(w, "+ %s\n", a)
		}
		for _, a := range r.Removed {
			fmt.Fprintf(w, "- %s\n", a)
		}
		for _, c := range r.Changed {
			fmt.Fprintf(w, "~ %s %s → %s\n", c.Package, strings.Join(c.From, ","), strings.Join(c.To, ","))
		}
		return
	}
	switch r.Query {
	case "dependents", "dependencies":
		for _, c := range r.Components {
			fmt.Fprintln(w, c)
		}
		return
	case "paths":
		for _, p := range r.Paths {
			fmt.Fprintln(w, strings.Join(p, " → "))
		}
		if r.Note != "" {
			fmt.Fprintf(w, "(%s)\n", r.Note)
		}
		return
	case "owners":
		for _, o := range r.OwnerDetails {
			line := o.Team
			if o.Contact != "" {
				line += " <" + o.Contact + ">"
			}
			line += ": " + strings.Join(o.Services, ", ")
			if len(o.Parents) > 0 {
				line += " (part of " + strings.Join(o.Parents, " → ") + ")"
			}
			fmt.Fprintln(w, line)
		}
		return
	}
	section := func(name string, items []string) {
		if len(items) == 0 {
			return
		}
		fmt.Fprintf(w, "%s (%d):\n", name, len(items))
		for _, it := range items {
			fmt.Fprintf(w, "  %s\n", it)
		}
	}
	if len(r.Vulns) > 0 {
		fmt.Fprintf(w, "vulnerability: %s\n", strings.Join(r.Vulns, " = "))
	}
	section("vulnerable", r.Vulnerable)
	section("not affected (VEX)", r.NotAffected)
	section("components", r.Components)
	section("services", r.Services)
	section("environments", r.Environments)
	var data []string
	for _, d := range r.DataClasses {
		data = append(data, string(d))
	}
	section("data classes", data)
	section("owners", r.Owners)
	section("escalation", r.Escalation)
	section("artifacts", r.Artifacts)
	var paths []string
	for _, p := range r.Paths {
		paths = append(paths, strings.Join(p, " → "))
	}
	section("paths", paths)
	if r.Note != "" {
		fmt.Fprintf(w, "(%s)\n", r.Note)
	}
	if len(r.ExposedPath) > 0 {
		fmt.Fprintf(w, "shortest path from the internet: %s\n", strings.Join(r.ExposedPath, " → "))
	}
}
