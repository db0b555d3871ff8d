package govulncheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// LegacyFormat is the name of the single-object JSON that govulncheck wrote
// before its 1.0 message protocol (the vulncheck.Result of the 0.0.x
// releases: call graph, import graph, module graph and Vulns).
const LegacyFormat aspm.Format = "govulncheck-json-legacy"

// LegacyDecoder reads the pre-1.0 govulncheck JSON. The zero value is ready
// to use; it is safe for concurrent use.
type LegacyDecoder struct{}

// Format returns [LegacyFormat].
func (*LegacyDecoder) Format() aspm.Format { return LegacyFormat }

// Detect reports whether head is a pre-1.0 govulncheck result: an object
// with Vulns beside the Calls, Imports and Requires graphs, or an object
// that starts with a Calls graph of functions and call sites.
func (*LegacyDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || len(s.Keys) == 0 {
		return false
	}
	if s.Has("Calls", "Imports", "Requires", "Vulns") {
		return true
	}
	return s.Keys[0] == "Calls" && bytes.Contains(head, []byte(`"Functions"`)) && bytes.Contains(head, []byte(`"CallSites"`))
}

type legacyResult struct {
	Calls *struct {
		Functions map[string]json.RawMessage `json:"Functions"`
	} `json:"Calls"`
	Requires *struct {
		Modules map[string]json.RawMessage `json:"Modules"`
		Entries []int                      `json:"Entries"`
	} `json:"Requires"`
	Vulns   []json.RawMessage `json:"Vulns"`
	Modules []json.RawMessage `json:"Modules"`
}

// legacyGraphs are the call graph and module graph by node id; nodes that
// could not be read are absent.
type legacyGraphs struct {
	funcs   map[int]*legacyFunc
	modules map[int]*legacyModule
	roots   []int
	list    []legacyModuleEntry
}

func readGraphs(doc *aspm.Document, res *legacyResult) *legacyGraphs {
	g := &legacyGraphs{funcs: map[int]*legacyFunc{}, modules: map[int]*legacyModule{}}
	bad := 0
	if res.Calls != nil {
		for k, raw := range res.Calls.Functions {
			var fn legacyFunc
			id, err := strconv.Atoi(k)
			if err != nil || json.Unmarshal(raw, &fn) != nil {
				bad++
				continue
			}
			g.funcs[id] = &fn
		}
	}
	if res.Requires != nil {
		g.roots = res.Requires.Entries
		for k, raw := range res.Requires.Modules {
			var m legacyModule
			id, err := strconv.Atoi(k)
			if err != nil || json.Unmarshal(raw, &m) != nil {
				bad++
				continue
			}
			g.modules[id] = &m
		}
	}
	if bad > 0 {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("", "%d call or module graph nodes could not be read", bad))
	}
	for i, raw := range res.Modules {
		var m legacyModuleEntry
		if err := json.Unmarshal(raw, &m); err != nil || m.Path == "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(fmt.Sprintf("/Modules/%d", i), "module entry skipped"))
			continue
		}
		g.list = append(g.list, m)
	}
	return g
}

type legacyVuln struct {
	OSV         *osvEntry `json:"OSV"`
	Symbol      string    `json:"Symbol"`
	PkgPath     string    `json:"PkgPath"`
	ModPath     string    `json:"ModPath"`
	CallSink    int       `json:"CallSink"`
	ImportSink  int       `json:"ImportSink"`
	RequireSink int       `json:"RequireSink"`
}

type legacyFunc struct {
	Name      string       `json:"Name"`
	RecvType  string       `json:"RecvType"`
	PkgPath   string       `json:"PkgPath"`
	Pos       *legacyPos   `json:"Pos"`
	CallSites []legacySite `json:"CallSites"`
}

type legacySite struct {
	Parent int        `json:"Parent"`
	Pos    *legacyPos `json:"Pos"`
}

type legacyPos struct {
	Filename string `json:"Filename"`
	Line     int    `json:"Line"`
	Column   int    `json:"Column"`
}

type legacyModule struct {
	Path       string `json:"Path"`
	Version    string `json:"Version"`
	RequiredBy []int  `json:"RequiredBy"`
}

type legacyModuleEntry struct {
	Path    string `json:"Path"`
	Version string `json:"Version"`
	Replace *struct {
		Path    string `json:"Path"`
		Version string `json:"Version"`
	} `json:"Replace"`
}

// Decode reads one pre-1.0 govulncheck result. See the package
// documentation for the mapping.
func (*LegacyDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field == "" {
			return nil, fmt.Errorf("%w: top level is a JSON %s, not an object", decode.ErrNotFormat, te.Value)
		}
		return nil, err
	}
	_, hasVulns := top["Vulns"]
	_, hasCalls := top["Calls"]
	_, hasRequires := top["Requires"]
	if !hasVulns || !(hasCalls || hasRequires) {
		return nil, fmt.Errorf("%w: no Vulns beside a Calls or Requires graph", decode.ErrNotFormat)
	}
	var res legacyResult
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("%w: %w", decode.ErrNotFormat, err)
	}
	recs := decode.NewRecords(ctx)
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "govulncheck"}, Format: LegacyFormat}}
	g := readGraphs(doc, &res)
	goVersion, err := legacyComponents(doc, g, recs)
	if err != nil {
		return nil, err
	}

	var aggs aggregator
	entries := map[*agg]*osvEntry{}
	for i, raw := range res.Vulns {
		ptr := fmt.Sprintf("/Vulns/%d", i)
		var v legacyVuln
		if err := json.Unmarshal(raw, &v); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: %v", err))
			continue
		}
		if v.OSV == nil || v.OSV.ID == "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "vulnerability without an OSV id skipped"))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		a := aggs.get(v.OSV.ID, v.ModPath, ptr)
		if entries[a] == nil {
			entries[a] = v.OSV
		}
		if a.version == "" {
			a.version = g.version(v)
		}
		switch {
		case v.CallSink > 0:
			trace := g.trace(v.CallSink)
			symbol := v.Symbol
			if v.PkgPath != "" && symbol != "" {
				symbol = v.PkgPath + "." + symbol
			}
			if symbol == "" && len(trace) > 0 {
				symbol = trace[0].symbol()
			}
			a.add(aspm.ReachFunction, v.PkgPath, symbol, trace)
		case v.ImportSink > 0:
			a.add(aspm.ReachPackage, v.PkgPath, "", nil)
		default:
			a.add(aspm.ReachModule, v.PkgPath, "", nil)
		}
	}
	for _, a := range aggs.order {
		e := entries[a]
		f := a.finding(e, goVersion, nil, lim)
		f.FixedVersions = fixedFor(e, a.module, a.version)
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: a.ptr}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

// version is the version of the vulnerable module: from the module graph
// node the vulnerability names, else from the module list.
func (g *legacyGraphs) version(v legacyVuln) string {
	if m := g.modules[v.RequireSink]; m != nil && m.Version != "" {
		return m.Version
	}
	for _, m := range g.list {
		if m.Path == v.ModPath {
			if m.Replace != nil && m.Replace.Version != "" {
				return m.Replace.Version
			}
			return m.Version
		}
	}
	return ""
}

// legacyTrace walks the call graph from the vulnerable function to an
// entry point along each function's first call site, vulnerable symbol
// first. The walk stops at a cycle and after 256 steps.
func (g *legacyGraphs) trace(sink int) []frame {
	var trace []frame
	seen := map[int]bool{}
	id := sink
	var pos *legacyPos
	for step := 0; step < 256 && id > 0 && !seen[id]; step++ {
		seen[id] = true
		fn := g.funcs[id]
		if fn == nil {
			break
		}
		if step == 0 {
			pos = fn.Pos
		}
		fr := frame{Package: fn.PkgPath, Function: fn.Name, Receiver: fn.RecvType}
		if pos != nil {
			fr.File, fr.Line, fr.Column = pos.Filename, pos.Line, pos.Column
		}
		trace = append(trace, fr)
		if len(fn.CallSites) == 0 {
			break
		}
		id, pos = fn.CallSites[0].Parent, fn.CallSites[0].Pos
	}
	return trace
}

// legacyComponents turns the module list and module graph into components
// and relationships, and returns the Go version (the stdlib module's).
func legacyComponents(doc *aspm.Document, g *legacyGraphs, recs *decode.Records) (string, error) {
	goVersion := ""
	keys := map[string]int{} // module path → index in doc.Components
	for _, m := range g.list {
		if _, dup := keys[m.Path]; dup {
			continue
		}
		if err := recs.Add(); err != nil {
			return "", err
		}
		c := aspm.Component{PURL: aspm.PURLFromEcosystem("Go", m.Path, m.Version), Name: m.Path, Version: m.Version, Ecosystem: "Go", Type: "library"}
		if m.Path == "stdlib" {
			goVersion = m.Version
		}
		keys[m.Path] = len(doc.Components)
		doc.Components = append(doc.Components, c)
	}
	key := func(m *legacyModule) (string, bool) {
		if m == nil {
			return "", false
		}
		i, ok := keys[m.Path]
		if !ok {
			return "", false
		}
		return doc.Components[i].Key(), true
	}
	for _, root := range g.roots {
		if k, ok := key(g.modules[root]); ok {
			doc.Components[keys[g.modules[root].Path]].Type = "application"
			doc.Relationships = append(doc.Relationships, aspm.Relationship{To: k, Type: aspm.RelDescribes})
		}
	}
	ids := slices.Sorted(maps.Keys(g.modules))
	for _, id := range ids {
		m := g.modules[id]
		to, ok := key(m)
		if !ok {
			continue
		}
		for _, by := range m.RequiredBy {
			from, ok := key(g.modules[by])
			if !ok || from == to {
				continue
			}
			doc.Relationships = append(doc.Relationships, aspm.Relationship{From: from, To: to, Type: aspm.RelDependsOn})
		}
	}
	return goVersion, nil
}
