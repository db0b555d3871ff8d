package cyclonedx

import (
	"context"
	"strconv"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// pointers spells record locations in the input's own syntax: JSON pointers
// for JSON, XPath-like paths for XML.
type pointers interface {
	top() string // the parent of top-level components
	metadataComponent() string
	component(parent string, i int) string
	service(parent string, i int) string
	dependency(i int) string
	dependsOn(i, j int) string
	affects(vuln string, j int) string
}

type jsonPointers struct{}

func (jsonPointers) top() string               { return "" }
func (jsonPointers) metadataComponent() string { return "/metadata/component" }
func (jsonPointers) component(parent string, i int) string {
	return parent + "/components/" + strconv.Itoa(i)
}
func (jsonPointers) service(parent string, i int) string {
	return parent + "/services/" + strconv.Itoa(i)
}
func (jsonPointers) dependency(i int) string { return "/dependencies/" + strconv.Itoa(i) }
func (jsonPointers) dependsOn(i, j int) string {
	return "/dependencies/" + strconv.Itoa(i) + "/dependsOn/" + strconv.Itoa(j)
}
func (jsonPointers) affects(vuln string, j int) string { return vuln + "/affects/" + strconv.Itoa(j) }

type xmlPointers struct{}

func (xmlPointers) top() string               { return "/bom" }
func (xmlPointers) metadataComponent() string { return "/bom/metadata/component" }
func (xmlPointers) component(parent string, i int) string {
	return parent + "/components/component[" + strconv.Itoa(i+1) + "]"
}
func (xmlPointers) service(parent string, i int) string {
	return parent + "/services/service[" + strconv.Itoa(i+1) + "]"
}
func (xmlPointers) dependency(i int) string {
	return "/bom/dependencies/dependency[" + strconv.Itoa(i+1) + "]"
}
func (xmlPointers) dependsOn(i, j int) string {
	return "/bom/dependencies/dependency[" + strconv.Itoa(i+1) + "]/dependency[" + strconv.Itoa(j+1) + "]"
}
func (xmlPointers) affects(vuln string, j int) string {
	return vuln + "/affects/target[" + strconv.Itoa(j+1) + "]"
}

// vulnRecord is one vulnerability to map, with where it was read.
type vulnRecord struct {
	v   *cdx.Vulnerability
	ptr string
	// owner is the pointer of the component an extension vulnerability sits
	// in; that component is the one affected. Empty otherwise.
	owner string
	// ext marks a vulnerability of the extension schema; extra holds its
	// fields that the core model lacks, as finding properties.
	ext   bool
	extra []cdx.Property
}

// mapper turns one decoded BOM into a document.
type mapper struct {
	lim  decode.Limits
	recs *decode.Records
	ptrs pointers
	doc  *aspm.Document

	byRef     map[string]int // bom-ref → index in doc.Components; the first wins
	byPtr     map[string]int // component pointer → index, for extension vulnerabilities
	wantPtr   bool
	rootIdx   int
	container bool
	unknown   map[string]int32 // dependency refs that name no component → graph node
	edges     []int32          // depends_on edges as from, to graph nodes
	slab      slab
}

func newMapper(ctx context.Context, format aspm.Format, ptrs pointers) *mapper {
	return &mapper{
		lim:     decode.LimitsFrom(ctx),
		recs:    decode.NewRecords(ctx),
		ptrs:    ptrs,
		doc:     &aspm.Document{Source: aspm.Source{Format: format}},
		rootIdx: -1,
	}
}

func (m *mapper) warn(ptr, format string, args ...any) {
	m.doc.Diagnostics = append(m.doc.Diagnostics, aspm.Warnf(ptr, format, args...))
}

func (m *mapper) errorf(ptr, format string, args ...any) {
	m.doc.Diagnostics = append(m.doc.Diagnostics, aspm.Errorf(ptr, format, args...))
}

// run maps bom and its vulnerabilities into the document.
func (m *mapper) run(bom *cdx.BOM, vulns []vulnRecord) (*aspm.Document, error) {
	for _, r := range vulns {
		if r.owner != "" {
			m.wantPtr = true
			m.byPtr = make(map[string]int)
			break
		}
	}
	n := 0
	if bom.Components != nil {
		n = len(*bom.Components)
	}
	m.byRef = make(map[string]int, n+1)
	m.doc.Components = make([]aspm.Component, 0, n+1)

	md := bom.Metadata
	if md != nil {
		m.doc.Source.Tool = m.tool(md.Tools)
		if md.Timestamp != "" {
			if t, ok := parseTime(md.Timestamp); ok {
				m.doc.Source.ScanTime = t
			} else {
				m.warn(m.ptrs.top()+"/metadata/timestamp", "timestamp %q is not an RFC 3339 date-time", md.Timestamp)
			}
		}
		if md.Component != nil {
			ptr := m.ptrs.metadataComponent()
			idx, err := m.addComponent(md.Component, -1, &location{i: -1, ptr: ptr})
			if err != nil {
				return nil, err
			}
			m.rootIdx = idx
			m.container = md.Component.Type == cdx.ComponentTypeContainer
			if md.Component.BOMRef != "" {
				m.doc.Relationships = append(m.doc.Relationships, aspm.Relationship{To: md.Component.BOMRef, Type: aspm.RelDescribes})
			}
			if md.Component.Components != nil {
				if err := m.components(*md.Component.Components, idx, ptr); err != nil {
					return nil, err
				}
			}
		}
	}
	if m.doc.Source.Tool.Name == "" {
		m.doc.Source.Tool.Name = "CycloneDX"
	}
	if bom.Components != nil {
		if err := m.components(*bom.Components, -1, m.ptrs.top()); err != nil {
			return nil, err
		}
	}
	if bom.Services != nil {
		if err := m.services(*bom.Services, -1, m.ptrs.top()); err != nil {
			return nil, err
		}
	}
	if m.rootIdx >= 0 {
		m.doc.Source.Target = m.target()
	}
	if bom.Dependencies != nil {
		m.dependencies(*bom.Dependencies)
	}
	m.scopes()
	if len(vulns) > 0 {
		n := 0
		for _, r := range vulns {
			if r.v.Affects != nil && len(*r.v.Affects) > 1 {
				n += len(*r.v.Affects)
			} else {
				n++
			}
		}
		m.doc.Findings = make([]aspm.Finding, 0, n)
	}
	for _, r := range vulns {
		if err := m.vulnerability(r); err != nil {
			return nil, err
		}
	}
	return m.doc, nil
}

// location is where a component was read; its pointer is spelled only
// when someone needs it.
type location struct {
	parent string // the parent's pointer
	i      int    // the index in the parent's list; -1 when ptr is set
	ptr    string
}

func (l *location) pointer(p pointers) string {
	if l.ptr == "" && l.i >= 0 {
		l.ptr = p.component(l.parent, l.i)
	}
	return l.ptr
}

// components adds list and, depth first, the components nested in each,
// with a contains relationship from parent (an index, -1 for none).
func (m *mapper) components(list []cdx.Component, parent int, parentPtr string) error {
	for i := range list {
		c := &list[i]
		loc := location{parent: parentPtr, i: i}
		idx, err := m.addComponent(c, parent, &loc)
		if err != nil {
			return err
		}
		if c.Components != nil && len(*c.Components) > 0 {
			if err := m.components(*c.Components, idx, loc.pointer(m.ptrs)); err != nil {
				return err
			}
		}
	}
	return nil
}

// addComponent maps c, appends it and returns its index.
func (m *mapper) addComponent(c *cdx.Component, parent int, loc *location) (int, error) {
	if err := m.recs.Add(); err != nil {
		return -1, err
	}
	out := aspm.Component{
		Ref:     c.BOMRef,
		Name:    c.Name,
		Version: c.Version,
		Type:    string(c.Type),
		CPE:     c.CPE,
		Scope:   scope(c.Scope),
	}
	if c.PackageURL != "" {
		p, err := aspm.ParsePURL(c.PackageURL)
		if err != nil {
			m.warn(loc.pointer(m.ptrs), "component %q: %v; kept without a purl", c.Name, err)
		} else {
			out.PURL = p
		}
	}
	out.Licenses = m.licenses(c.Licenses)
	if c.Hashes != nil && len(*c.Hashes) > 0 {
		out.Hashes = m.slab.hashes(len(*c.Hashes))
		for _, h := range *c.Hashes {
			out.Hashes = append(out.Hashes, aspm.Hash{Algorithm: string(h.Algorithm), Value: h.Value})
		}
	}
	switch {
	case c.Supplier != nil && c.Supplier.Name != "":
		out.Supplier = c.Supplier.Name
	case c.Publisher != "":
		out.Supplier = c.Publisher
	}
	if c.Evidence != nil && c.Evidence.Occurrences != nil {
		for _, o := range *c.Evidence.Occurrences {
			if o.Location != "" {
				out.Paths = appendUnique(out.Paths, o.Location)
			}
		}
	}
	return m.add(out, parent, loc, c.Name), nil
}

// add appends a mapped component, indexes its ref and pointer, and links it
// to its parent.
func (m *mapper) add(out aspm.Component, parent int, loc *location, name string) int {
	idx := len(m.doc.Components)
	if out.Ref != "" {
		if first, dup := m.byRef[out.Ref]; dup {
			m.warn(loc.pointer(m.ptrs), "bom-ref %q of %q is already used by %q; references resolve to the first", out.Ref, name, m.doc.Components[first].Name)
		} else {
			m.byRef[out.Ref] = idx
		}
	}
	if m.wantPtr {
		m.byPtr[loc.pointer(m.ptrs)] = idx
	}
	m.doc.Components = append(m.doc.Components, out)
	if parent >= 0 {
		from, to := nodeName(&m.doc.Components[parent]), nodeName(&m.doc.Components[idx])
		if from != "" && to != "" {
			m.doc.Relationships = append(m.doc.Relationships, aspm.Relationship{From: from, To: to, Type: aspm.RelContains})
		}
	}
	return idx
}

// nodeName names a component in a relationship: its ref, else its key.
func nodeName(c *aspm.Component) string {
	if c.Ref != "" {
		return c.Ref
	}
	return c.Key()
}

// services adds services and their nested services as components of type
// "service".
func (m *mapper) services(list []cdx.Service, parent int, parentPtr string) error {
	for i := range list {
		s := &list[i]
		if err := m.recs.Add(); err != nil {
			return err
		}
		loc := location{i: -1, ptr: m.ptrs.service(parentPtr, i)}
		out := aspm.Component{Ref: s.BOMRef, Name: s.Name, Version: s.Version, Type: "service", Licenses: m.licenses(s.Licenses)}
		if s.Provider != nil {
			out.Supplier = s.Provider.Name
		}
		idx := m.add(out, parent, &loc, s.Name)
		if s.Services != nil && len(*s.Services) > 0 {
			if err := m.services(*s.Services, idx, loc.ptr); err != nil {
				return err
			}
		}
	}
	return nil
}

// dependencies adds a depends_on relationship per dependsOn entry, in input
// order. Unknown refs are reported once each; their edges are kept.
func (m *mapper) dependencies(deps []cdx.Dependency) {
	total := 0
	for i := range deps {
		if deps[i].Dependencies != nil {
			total += len(*deps[i].Dependencies)
		}
	}
	m.doc.Relationships = append(make([]aspm.Relationship, 0, len(m.doc.Relationships)+total), m.doc.Relationships...)
	m.edges = make([]int32, 0, 2*total)
	for i := range deps {
		d := &deps[i]
		from := strings.TrimSpace(d.Ref)
		n := 0
		if d.Dependencies != nil {
			n = len(*d.Dependencies)
		}
		if from == "" {
			if n > 0 {
				m.errorf(m.ptrs.dependency(i), "dependency without a ref: its %d dependsOn edges are lost", n)
			}
			continue
		}
		fromNode := m.node(from, i, -1)
		for j := 0; j < n; j++ {
			to := strings.TrimSpace((*d.Dependencies)[j])
			if to == "" {
				m.warn(m.ptrs.dependsOn(i, j), "empty dependsOn ref skipped")
				continue
			}
			m.edges = append(m.edges, fromNode, m.node(to, i, j))
			m.doc.Relationships = append(m.doc.Relationships, aspm.Relationship{From: from, To: to, Type: aspm.RelDependsOn})
		}
	}
}

// node returns the graph node of a dependency ref: the index of the
// component it names, or a number past the components for a ref that names
// none. An unknown ref is reported the first time; BOM-Links (urn:cdx:) name
// objects of other BOMs and are not reported.
func (m *mapper) node(ref string, i, j int) int32 {
	if idx, ok := m.byRef[ref]; ok {
		return int32(idx)
	}
	if n, ok := m.unknown[ref]; ok {
		return n
	}
	if m.unknown == nil {
		m.unknown = make(map[string]int32)
	}
	n := int32(len(m.doc.Components) + len(m.unknown))
	m.unknown[ref] = n
	if !strings.HasPrefix(ref, "urn:cdx:") {
		ptr := m.ptrs.dependency(i)
		if j >= 0 {
			ptr = m.ptrs.dependsOn(i, j)
		}
		m.warn(ptr, "dependency ref %q names no component or service in this BOM; the edge is kept", ref)
	}
	return n
}

// scopes marks the components that the root depends on directly as direct
// and the others it reaches through depends_on as transitive, leaving
// components whose scope the BOM gave as optional or excluded alone.
func (m *mapper) scopes() {
	if m.rootIdx < 0 || len(m.edges) == 0 {
		return
	}
	// The graph in compressed sparse rows: the targets of node v are
	// adj[start[v]:start[v+1]].
	n := len(m.doc.Components) + len(m.unknown)
	start := make([]int32, n+1)
	for k := 0; k < len(m.edges); k += 2 {
		start[m.edges[k]+1]++
	}
	for v := 0; v < n; v++ {
		start[v+1] += start[v]
	}
	adj := make([]int32, len(m.edges)/2)
	next := append([]int32(nil), start[:n]...)
	for k := 0; k < len(m.edges); k += 2 {
		from := m.edges[k]
		adj[next[from]] = m.edges[k+1]
		next[from]++
	}
	root := int32(m.rootIdx)
	seen := make([]bool, n)
	seen[root] = true
	level := []int32{root}
	for depth := 1; len(level) > 0; depth++ {
		var following []int32
		for _, v := range level {
			for _, w := range adj[start[v]:start[v+1]] {
				if seen[w] {
					continue
				}
				seen[w] = true
				following = append(following, w)
				if int(w) >= len(m.doc.Components) {
					continue
				}
				if c := &m.doc.Components[w]; c.Scope == "" {
					c.Scope = aspm.ScopeTransitive
					if depth == 1 {
						c.Scope = aspm.ScopeDirect
					}
				}
			}
		}
		level = following
	}
}

// target describes the root component as the scan's target.
func (m *mapper) target() *aspm.Target {
	c := &m.doc.Components[m.rootIdx]
	t := &aspm.Target{Name: c.Name, PURL: c.PURL}
	switch c.Type {
	case string(cdx.ComponentTypeContainer):
		t.Kind = aspm.TargetImage
	case string(cdx.ComponentTypeApplication), string(cdx.ComponentTypeLibrary), string(cdx.ComponentTypeFramework), string(cdx.ComponentTypeFile), "":
		t.Kind = aspm.TargetRepository
	default:
		t.Kind = aspm.TargetOther
	}
	switch {
	case strings.HasPrefix(c.Version, "sha256:"):
		t.Digest = c.Version
	case c.PURL.Type() == "oci" && strings.HasPrefix(c.PURL.Version(), "sha256:"):
		t.Digest = c.PURL.Version()
	}
	if t.Kind == aspm.TargetImage {
		for i := range m.doc.Components {
			if c := &m.doc.Components[i]; c.Type == string(cdx.ComponentTypeOS) {
				t.OS = strings.TrimSpace(c.Name + " " + c.Version)
				break
			}
		}
	}
	return t
}

// tool returns the first tool of a tools list, in either of its forms.
func (m *mapper) tool(tc *cdx.ToolsChoice) aspm.Tool {
	if tc == nil {
		return aspm.Tool{}
	}
	if tc.Tools != nil {
		for _, t := range *tc.Tools {
			if t.Name != "" {
				return aspm.Tool{Name: t.Name, Version: t.Version, Vendor: t.Vendor}
			}
		}
	}
	if tc.Components != nil {
		for i := range *tc.Components {
			c := &(*tc.Components)[i]
			if c.Name == "" {
				continue
			}
			vendor := c.Group
			switch {
			case vendor != "":
			case c.Manufacturer != nil && c.Manufacturer.Name != "":
				vendor = c.Manufacturer.Name
			case c.Supplier != nil && c.Supplier.Name != "":
				vendor = c.Supplier.Name
			case c.Publisher != "":
				vendor = c.Publisher
			default:
				vendor = c.Author
			}
			return aspm.Tool{Name: c.Name, Version: c.Version, Vendor: vendor}
		}
	}
	if tc.Services != nil {
		for _, s := range *tc.Services {
			if s.Name == "" {
				continue
			}
			vendor := s.Group
			if vendor == "" && s.Provider != nil {
				vendor = s.Provider.Name
			}
			return aspm.Tool{Name: s.Name, Version: s.Version, Vendor: vendor}
		}
	}
	return aspm.Tool{}
}

func scope(s cdx.Scope) aspm.Scope {
	switch s {
	case cdx.ScopeOptional:
		return aspm.ScopeOptional
	case cdx.ScopeExcluded:
		return aspm.ScopeExcluded
	}
	return ""
}

// licenses lists license ids, names and expressions, without repeats.
func (m *mapper) licenses(l *cdx.Licenses) []string {
	if l == nil || len(*l) == 0 {
		return nil
	}
	out := m.slab.strings(len(*l))
	for _, lc := range *l {
		s := lc.Expression
		if lc.License != nil {
			if lc.License.ID != "" {
				s = lc.License.ID
			} else if lc.License.Name != "" {
				s = lc.License.Name
			}
		}
		if s = strings.TrimSpace(s); s != "" {
			out = appendUnique(out, s)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// slab hands out the small slices of many components from shared chunks,
// to spare an allocation per slice. Each slice's capacity is its own share,
// so appending to one never writes into another.
type slab struct {
	h []aspm.Hash
	s []string
}

const slabChunk = 4096

func (b *slab) hashes(n int) []aspm.Hash {
	if cap(b.h)-len(b.h) < n {
		b.h = make([]aspm.Hash, 0, max(n, slabChunk))
	}
	out := b.h[len(b.h) : len(b.h) : len(b.h)+n]
	b.h = b.h[:len(b.h)+n]
	return out
}

func (b *slab) strings(n int) []string {
	if cap(b.s)-len(b.s) < n {
		b.s = make([]string, 0, max(n, slabChunk))
	}
	out := b.s[len(b.s) : len(b.s) : len(b.s)+n]
	b.s = b.s[:len(b.s)+n]
	return out
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

var timeLayouts = []string{time.RFC3339Nano, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05Z07:00", "2006-01-02"}

// parseTime reads a date-time as CycloneDX writes it (RFC 3339), and the
// near misses some tools write.
func parseTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	for _, l := range timeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
