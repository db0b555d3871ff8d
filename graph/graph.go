package graph

import (
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/posturekit/posture/aspm"
)

// ErrTooLarge is returned when the graph would outgrow its compact
// encoding: more than 2^31-1 nodes or 2^24 sources.
var ErrTooLarge = errors.New("graph: too many nodes or sources")

// maxSources is the number of distinct provenance entries an edge can name.
const maxSources = 1 << 24

// half is one end of an edge as a node's adjacency list stores it: the
// node at the other end and the edge's kind, VEX state and source packed
// in one word. An edge costs two halves (forward and reverse), 16 bytes.
type half struct {
	n    int32
	meta uint32 // kind: bits 0-4, VEX state: bits 5-7, source: bits 8-31
}

func pack(kind, vex uint8, src uint32) uint32 { return uint32(kind) | uint32(vex)<<5 | src<<8 }

func (h half) kind() uint8 { return uint8(h.meta & 31) }
func (h half) vex() uint8  { return uint8(h.meta>>5) & 7 }
func (h half) src() uint32 { return h.meta >> 8 }

// source is one input that asserted edges: a document or an inventory.
type source struct {
	name string
	doc  int32 // the document's node, -1 for an inventory
}

// docInfo is what the graph knows of a document node.
type docInfo struct {
	findings   int  // findings it reported, over every time it was added
	components int  // components it listed
	scan       bool // a scanner output (see AddDocument)
}

// service is an inventory service as the graph keeps it.
type service struct {
	id  int32
	rec aspm.Service
}

// pattern is one inventory path (sboms, scans) of a service.
type pattern struct {
	service int32
	glob    string
	scan    bool
	src     uint32
}

// Graph is the context graph. Build it with New, then AddDocument and
// AddInventory; query it with the methods in any order. A Graph is safe for
// concurrent use: queries run concurrently with each other and wait for a
// writer, and writers take turns. Query results are copies, sorted, the
// same whatever the order the inputs were added in.
type Graph struct {
	cfg config

	mu    sync.RWMutex
	ids   map[string]int32
	nodes nodeStore
	edges int
	gen   uint64 // bumped by every write; invalidates the caches

	sources  []source
	docs     map[int32]*docInfo
	services map[int32]*service
	teams    map[string]aspm.Team
	patterns []pattern

	cacheMu sync.Mutex
	cache   map[int32]*upward
	cacheAt uint64
}

// New returns an empty graph.
func New(opts ...Option) *Graph {
	return &Graph{
		cfg:      newConfig(opts),
		ids:      map[string]int32{},
		docs:     map[int32]*docInfo{},
		services: map[int32]*service{},
		teams:    map[string]aspm.Team{},
	}
}

// nodeData is one node: its key, kind and adjacency both ways.
type nodeData struct {
	key     string
	out, in []half
	kind    uint8
}

// chunkBits sizes the chunks nodes are stored in: a chunk is never
// moved, so that growing the graph does not copy it.
const chunkBits = 14

// nodeStore holds nodes by id in fixed-size chunks.
type nodeStore struct {
	chunks [][]nodeData
	n      int
}

func (s *nodeStore) at(id int32) *nodeData { return &s.chunks[id>>chunkBits][id&(1<<chunkBits-1)] }

func (s *nodeStore) add(d nodeData) int32 {
	if s.n>>chunkBits == len(s.chunks) {
		s.chunks = append(s.chunks, make([]nodeData, 0, 1<<chunkBits))
	}
	c := &s.chunks[len(s.chunks)-1]
	*c = append(*c, d)
	s.n++
	return int32(s.n - 1)
}

func (g *Graph) key(id int32) string   { return g.nodes.at(id).key }
func (g *Graph) kindOf(id int32) uint8 { return g.nodes.at(id).kind }
func (g *Graph) outs(id int32) []half  { return g.nodes.at(id).out }
func (g *Graph) ins(id int32) []half   { return g.nodes.at(id).in }
func (g *Graph) numNodes() int         { return g.nodes.n }

// node returns the id of key, adding the node when it is new.
func (g *Graph) node(key string, kind NodeKind) (int32, bool, error) {
	if id, ok := g.ids[key]; ok {
		return id, false, nil
	}
	if g.nodes.n >= math.MaxInt32 {
		return 0, false, fmt.Errorf("%w: %d nodes", ErrTooLarge, g.nodes.n)
	}
	id := g.nodes.add(nodeData{key: key, kind: kindCode(kind)})
	g.ids[key] = id
	return id, true, nil
}

// link adds the edge from → to. Callers de-duplicate.
func (g *Graph) link(from, to int32, kind, vex uint8, src uint32) {
	m := pack(kind, vex, src)
	f, t := g.nodes.at(from), g.nodes.at(to)
	f.out = append(f.out, half{to, m})
	t.in = append(t.in, half{from, m})
	g.edges++
}

// addSource records a new provenance entry.
func (g *Graph) addSource(name string, doc int32) (uint32, error) {
	if len(g.sources) >= maxSources {
		return 0, fmt.Errorf("%w: %d sources", ErrTooLarge, len(g.sources))
	}
	g.sources = append(g.sources, source{name: name, doc: doc})
	return uint32(len(g.sources) - 1), nil
}

func (g *Graph) nodeOf(id int32) Node {
	d := g.nodes.at(id)
	return Node{Key: d.key, Kind: nodeKinds[d.kind]}
}

func (g *Graph) isKind(id int32, k NodeKind) bool { return nodeKinds[g.kindOf(id)] == k }

// sortedNodes turns a set of ids into nodes sorted by key.
func (g *Graph) sortedNodes(ids []int32) []Node {
	out := make([]Node, len(ids))
	for i, id := range ids {
		out[i] = g.nodeOf(id)
	}
	slices.SortFunc(out, func(a, b Node) int { return strings.Compare(a.Key, b.Key) })
	return out
}

// Stats counts a graph.
type Stats struct {
	Nodes int `json:"nodes"`
	Edges int `json:"edges"`
	// Sources is how many documents and inventories were added.
	Sources int `json:"sources"`
	// ByKind counts the nodes of each kind.
	ByKind map[NodeKind]int `json:"by_kind"`
}

// Stats returns the graph's size.
func (g *Graph) Stats() Stats {
	g.mu.RLock()
	defer g.mu.RUnlock()
	s := Stats{Nodes: g.numNodes(), Edges: g.edges, Sources: len(g.sources), ByKind: map[NodeKind]int{}}
	for id := range int32(g.numNodes()) {
		s.ByKind[nodeKinds[g.kindOf(id)]]++
	}
	return s
}

// Node returns the node of a key.
func (g *Graph) Node(key string) (Node, bool) {
	g.mu.RLock()
	defer g.mu.RUnlock()
	id, ok := g.ids[key]
	if !ok {
		return Node{}, false
	}
	return g.nodeOf(id), true
}

// Nodes iterates over the nodes of a kind ("" for every kind) in key
// order. The sequence is a snapshot taken when iteration starts.
func (g *Graph) Nodes(kind NodeKind) iter.Seq[Node] {
	return func(yield func(Node) bool) {
		g.mu.RLock()
		var ids []int32
		for id := range int32(g.numNodes()) {
			if kind == "" || nodeKinds[g.kindOf(id)] == kind {
				ids = append(ids, id)
			}
		}
		nodes := g.sortedNodes(ids)
		g.mu.RUnlock()
		for _, n := range nodes {
			if !yield(n) {
				return
			}
		}
	}
}

// Edges iterates over the edges out of the node key (into it when reverse
// is true), each with its provenance, sorted by kind, other end and
// source. The sequence is a snapshot taken when iteration starts.
func (g *Graph) Edges(key string, reverse bool) iter.Seq[Edge] {
	return func(yield func(Edge) bool) {
		g.mu.RLock()
		id, ok := g.ids[key]
		var edges []Edge
		if ok {
			adj := g.outs(id)
			if reverse {
				adj = g.ins(id)
			}
			for _, h := range adj {
				e := Edge{From: key, To: g.key(h.n), Kind: edgeKinds[h.kind()], VEX: vexStates[h.vex()], Source: g.sources[h.src()].name}
				if reverse {
					e.From, e.To = e.To, e.From
				}
				edges = append(edges, e)
			}
		}
		g.mu.RUnlock()
		slices.SortFunc(edges, func(a, b Edge) int {
			if c := strings.Compare(string(a.Kind), string(b.Kind)); c != 0 {
				return c
			}
			if c := strings.Compare(a.From+"\x00"+a.To, b.From+"\x00"+b.To); c != 0 {
				return c
			}
			if c := strings.Compare(string(a.VEX), string(b.VEX)); c != 0 {
				return c
			}
			return strings.Compare(a.Source, b.Source)
		})
		edges = slices.Compact(edges)
		for _, e := range edges {
			if !yield(e) {
				return
			}
		}
	}
}

// touch marks a write: cached query results are stale.
func (g *Graph) touch() { g.gen++ }
