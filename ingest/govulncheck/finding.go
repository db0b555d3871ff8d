package govulncheck

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Bounds on what one finding keeps of govulncheck's call stacks.
const (
	maxTraces      = 10 // distinct call stacks kept per finding
	maxTraceFrames = 30 // frames kept per call stack summary
)

// frame is one call-stack entry, in either JSON generation.
type frame struct {
	Module, Version, Package, Function, Receiver string
	File                                         string
	Line, Column                                 int
}

// symbol names the frame's function as govulncheck's text output does:
// "pkg.Func" or "pkg.Recv.Func", the receiver without its pointer star or
// package qualifier.
func (fr frame) symbol() string {
	name := fr.Function
	if recv := strings.TrimLeft(fr.Receiver, "*"); recv != "" {
		if i := strings.LastIndexByte(recv, '.'); i >= 0 {
			recv = recv[i+1:]
		}
		name = recv + "." + name
	}
	if fr.Package != "" {
		name = fr.Package + "." + name
	}
	return name
}

// String renders "pkg.Func (file:line)".
func (fr frame) String() string {
	s := fr.symbol()
	if fr.File != "" {
		s += " (" + fr.File
		if fr.Line > 0 {
			s += ":" + strconv.Itoa(fr.Line)
		}
		s += ")"
	}
	return s
}

func levelRank(l aspm.ReachabilityLevel) int {
	switch l {
	case aspm.ReachFunction:
		return 3
	case aspm.ReachPackage:
		return 2
	case aspm.ReachModule:
		return 1
	}
	return 0
}

// agg gathers every report of one vulnerability in one module: govulncheck
// reports a vulnerability once per level it reached (module, package, and
// each called symbol or call stack), and posture makes one finding of them.
type agg struct {
	osv, module, version, fixed string
	level                       aspm.ReachabilityLevel
	packages, symbols           []string
	traces                      [][]frame // distinct call stacks, vulnerable symbol first
	traceCount                  int
	seen                        map[string]bool
	ptr                         string
}

type aggregator struct {
	order []*agg
	byKey map[[2]string]*agg
}

func (g *aggregator) get(osv, module, ptr string) *agg {
	if g.byKey == nil {
		g.byKey = map[[2]string]*agg{}
	}
	k := [2]string{aspm.NormalizeVulnID(osv), module}
	a := g.byKey[k]
	if a == nil {
		a = &agg{osv: osv, module: module, ptr: ptr, seen: map[string]bool{}}
		g.byKey[k] = a
		g.order = append(g.order, a)
	}
	return a
}

// add records one report at a level, with its call stack (vulnerable symbol
// first) when it has one.
func (a *agg) add(level aspm.ReachabilityLevel, pkg, symbol string, trace []frame) {
	if levelRank(level) > levelRank(a.level) {
		a.level = level
	}
	if pkg != "" && !slices.Contains(a.packages, pkg) {
		a.packages = append(a.packages, pkg)
	}
	if symbol != "" && !slices.Contains(a.symbols, symbol) {
		a.symbols = append(a.symbols, symbol)
	}
	if level != aspm.ReachFunction || len(trace) == 0 {
		return
	}
	key := ""
	for _, fr := range trace {
		key += fr.String() + "\x00"
	}
	if a.seen[key] {
		return
	}
	a.seen[key] = true
	a.traceCount++
	if len(a.traces) < maxTraces {
		a.traces = append(a.traces, trace)
	}
}

// summary renders a call stack entry point first, bounded to
// maxTraceFrames: the frames nearest the entry point and those nearest the
// vulnerable symbol are kept, with a marker for the cut.
func summary(trace []frame) []string {
	out := make([]string, 0, len(trace))
	for i := len(trace) - 1; i >= 0; i-- {
		out = append(out, trace[i].String())
	}
	if len(out) <= maxTraceFrames {
		return out
	}
	head := maxTraceFrames/2 - 1
	tail := maxTraceFrames - head - 1
	cut := len(out) - head - tail
	return slices.Concat(out[:head], []string{fmt.Sprintf("… %d frames …", cut)}, out[len(out)-tail:])
}

// finding builds the finding of an aggregate.
func (a *agg) finding(e *osvEntry, goVersion string, common map[string]string, lim decode.Limits) aspm.Finding {
	f := aspm.Finding{Kind: aspm.KindSCA, Severity: aspm.SeverityUnknown}
	vulnFields(&f, a.osv, a.module, e, lim)
	version := a.version
	if version == "" && a.module == "stdlib" {
		version = goSemver(goVersion)
	}
	if a.module != "" {
		f.Component = &aspm.Component{
			PURL:      aspm.PURLFromEcosystem("Go", a.module, version),
			Name:      a.module,
			Version:   version,
			Ecosystem: "Go",
		}
	}
	if a.fixed != "" {
		f.FixedVersions = []string{a.fixed}
	}
	if a.level != aspm.ReachUnknown {
		r := &aspm.Reachability{Level: a.level}
		if a.level == aspm.ReachFunction {
			r.Symbols = slices.Sorted(slices.Values(a.symbols))
		}
		if len(a.traces) > 0 {
			r.Trace = summary(a.traces[0])
		}
		f.Reachability = r
	}
	for _, t := range a.traces {
		entry := t[len(t)-1]
		if entry.File == "" {
			continue
		}
		loc := aspm.Location{File: strings.ReplaceAll(entry.File, "\\", "/"), Logical: entry.symbol()}
		if entry.Line > 0 {
			loc.Region = &aspm.Region{StartLine: entry.Line, StartColumn: max(entry.Column, 0)}
		}
		if !slices.ContainsFunc(f.Locations, func(l aspm.Location) bool { return sameLocation(l, loc) }) {
			f.Locations = append(f.Locations, loc)
		}
	}
	props := maps.Clone(common)
	if props == nil {
		props = map[string]string{}
	}
	if len(a.packages) > 0 {
		props["packages"] = jsonText(a.packages)
	}
	if len(a.traces) > 0 {
		all := make([][]string, len(a.traces))
		for i, t := range a.traces {
			all[i] = summary(t)
		}
		props["traces"] = decode.Clip(jsonText(all), lim.MaxText)
		props["trace_count"] = strconv.Itoa(a.traceCount)
	}
	if e != nil {
		set := func(k, v string) {
			if v != "" {
				props[k] = v
			}
		}
		set("osv_modified", e.Modified)
		set("osv_published", e.Published)
		set("osv_withdrawn", e.Withdrawn)
		for _, af := range e.Affected {
			if af.Package.Name == a.module && len(af.EcosystemSpecific) > 0 {
				set("ecosystem_specific", decode.Clip(compact(af.EcosystemSpecific), lim.MaxText))
				break
			}
		}
	}
	if len(props) > 0 {
		f.Properties = props
	}
	return f
}

// goSemver turns a Go toolchain version ("go1.21.4") into the module
// version govulncheck gives the standard library ("v1.21.4").
func goSemver(v string) string {
	v = strings.TrimSpace(v)
	if rest, ok := strings.CutPrefix(v, "go"); ok {
		return "v" + rest
	}
	return v
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}

func sameLocation(x, y aspm.Location) bool {
	if (x.Region == nil) != (y.Region == nil) || (x.Region != nil && *x.Region != *y.Region) {
		return false
	}
	return x.File == y.File && x.Logical == y.Logical
}
