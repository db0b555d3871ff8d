package graph_test

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
)

// The generated organisation of the benchmarks: 100 SBOMs of 10,000
// components each (1,000,000 component nodes, 200,000 packages of five
// versions) with 5,000,000 depends_on edges, and one hub package that
// exactly 10,000 components depend on, directly or transitively.
//
// In every SBOM component i depends on i+1 and on four (five for i < 15)
// other components j > i drawn at random, so the graph is a DAG and no
// component reaches one of a lower index. In the first ten SBOMs component
// 999 also depends on the hub: the hub's dependents are components 0 to
// 999 of those ten, 10,000 in all. An inventory makes each SBOM a service.
const (
	benchDocs       = 100
	benchPerDoc     = 10_000
	benchHubDocs    = 10
	benchHubReach   = 1_000
	benchHub        = "pkg:npm/hub@1.0.0"
	benchDependents = benchHubDocs * benchHubReach
)

func benchPURL(i int) aspm.PURL {
	return aspm.NewPURL("npm", "", "gen-"+strconv.Itoa(i/5), "1."+strconv.Itoa(i%5)+".0", nil)
}

// benchDoc generates SBOM d.
func benchDoc(d int, rng *rand.Rand) *aspm.Document {
	doc := &aspm.Document{Source: aspm.Source{File: fmt.Sprintf("sboms/gen-%03d.cdx.json", d), Format: "cyclonedx-json"}}
	doc.Components = make([]aspm.Component, 0, benchPerDoc+1)
	refs := make([]string, benchPerDoc)
	for i := range benchPerDoc {
		refs[i] = "r" + strconv.Itoa(i)
		doc.Components = append(doc.Components, aspm.Component{Ref: refs[i], PURL: benchPURL(d*benchPerDoc + i), Type: "library"})
	}
	doc.Relationships = make([]aspm.Relationship, 0, 5*benchPerDoc+1)
	dep := func(from, to string) {
		doc.Relationships = append(doc.Relationships, aspm.Relationship{From: from, To: to, Type: aspm.RelDependsOn})
	}
	picked := map[int]bool{}
	for i := range benchPerDoc - 1 {
		dep(refs[i], refs[i+1])
		want := 4
		if i < 15 {
			want = 5
		}
		clear(picked)
		for tries := 0; len(picked) < want && tries < 64; tries++ {
			lo := i + 2
			if lo >= benchPerDoc {
				break
			}
			j := lo + rng.IntN(benchPerDoc-lo)
			if !picked[j] {
				picked[j] = true
				dep(refs[i], refs[j])
			}
		}
	}
	if d < benchHubDocs {
		doc.Components = append(doc.Components, aspm.Component{Ref: "hub", PURL: aspm.MustParsePURL(benchHub), Type: "library"})
		dep(refs[benchHubReach-1], "hub")
	}
	doc.Relationships = append(doc.Relationships, aspm.Relationship{To: refs[0], Type: aspm.RelDescribes})
	return doc
}

func benchInventory() *aspm.Inventory {
	inv := &aspm.Inventory{File: "inventory.yaml"}
	for d := range benchDocs {
		exp := aspm.ExposureInternal
		if d%2 == 0 {
			exp = aspm.ExposureInternet
		}
		inv.Services = append(inv.Services, aspm.Service{
			Name: fmt.Sprintf("svc-%03d", d), Owners: []string{fmt.Sprintf("team-%d", d%7)}, Exposure: exp,
			Environments: []aspm.Environment{aspm.EnvProduction}, SBOMs: []string{fmt.Sprintf("gen-%03d.cdx.json", d)},
		})
	}
	return inv
}

// buildBench builds the generated graph, timing only AddDocument and
// AddInventory, and measures the heap the graph holds.
func buildBench(b *testing.B) (g *graph.Graph, took time.Duration, heap uint64, relationships int) {
	b.StopTimer()
	rng := rand.New(rand.NewPCG(1, 2))
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	g = graph.New()
	for d := range benchDocs {
		doc := benchDoc(d, rng)
		relationships += len(doc.Relationships)
		start := time.Now()
		b.StartTimer()
		if err := g.AddDocument(doc); err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		took += time.Since(start)
	}
	start := time.Now()
	b.StartTimer()
	if err := g.AddInventory(benchInventory()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	took += time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heap = ms.HeapAlloc - before
	runtime.KeepAlive(g)
	return g, took, heap, relationships
}

var (
	benchOnce  sync.Once
	benchGraph *graph.Graph
)

// BenchmarkBuild builds the generated graph of 1,000,000 components and
// 5,000,000 dependency edges. It reports the build time, the graph's
// nodes and edges (every kind: dependencies, versions, document lists,
// inventory edges), and the heap it holds divided by each.
func BenchmarkBuild(b *testing.B) {
	for range b.N {
		g, took, heap, rels := buildBench(b)
		st := g.Stats()
		if st.ByKind[graph.NodeComponent] < benchDocs*benchPerDoc {
			b.Fatalf("%d components", st.ByKind[graph.NodeComponent])
		}
		b.ReportMetric(took.Seconds(), "build-s")
		b.ReportMetric(float64(st.ByKind[graph.NodeComponent]), "components")
		b.ReportMetric(float64(rels), "relationships")
		b.ReportMetric(float64(st.Nodes), "nodes")
		b.ReportMetric(float64(st.Edges), "edges")
		b.ReportMetric(float64(heap)/(1<<20), "heap-MiB")
		b.ReportMetric(float64(heap)/float64(st.Nodes), "B/node")
		b.ReportMetric(float64(heap)/float64(st.Edges), "B/edge")
		b.ReportMetric(float64(heap)/float64(rels), "B/dependency-edge")
		benchOnce.Do(func() { benchGraph = g })
	}
}

// BenchmarkBlastRadius queries the blast radius of the hub package, which
// 10,000 components depend on, in the generated graph.
func BenchmarkBlastRadius(b *testing.B) {
	benchOnce.Do(func() { benchGraph, _, _, _ = buildBench(b) })
	g := benchGraph
	b.ResetTimer()
	b.StartTimer()
	for range b.N {
		br, err := g.BlastRadius(benchHub)
		if err != nil {
			b.Fatal(err)
		}
		if len(br.Components) != benchDependents+1 || len(br.Services) != benchHubDocs {
			b.Fatalf("%d components, %d services", len(br.Components), len(br.Services))
		}
	}
}
