package graph

import (
	"errors"
	"fmt"
	"path"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// AddDocument adds what one decoded input says: its components and the
// relationships between them, the packages its findings are about, the
// vulnerabilities that affect them, and what it scanned.
//
//   - Each component is a node keyed by its purl (see [ComponentKey]), with
//     a version edge from its package node; a component without a purl is
//     keyed by its ref scoped by the document ([RefKey]), or by its name.
//   - Relationships become depends_on and contains edges between the
//     components their refs name. A ref that names no component of the
//     document is a node of its own (a purl when it parses as one). Self
//     loops are dropped.
//   - The document is a node ([DocumentKey]) with a describes edge to each
//     component the document describes and a lists edge to every other.
//   - Each finding's component gets a reports edge from the document, and
//     each of its vulnerability ids an affects edge to the component (with
//     the finding's VEX state) and alias edges to the ids' aliases; a
//     finding located in an image adds an artifact node containing the
//     component. VEX statements add affects edges with their state, to the
//     product's package node when the product purl has no version.
//   - The scan target, when it is an image, is an artifact ([ArtifactKey])
//     described by the document; a repository URL is a repo node.
//   - Inventory services whose sboms or scans name the document (see
//     AddInventory) get a described_by edge to it.
//
// A document is a scanner output when it has findings, or when it has
// neither components nor VEX statements (a scan that found nothing), or
// when an inventory lists it under scans; otherwise it is an SBOM or a VEX
// document. Coverage uses the difference.
//
// Every edge records the document as its source. Adding a document twice
// records its assertions twice, each with its own source entry. A nil
// document is ignored. The only error is ErrTooLarge.
func (g *Graph) AddDocument(doc *aspm.Document) error {
	if doc == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.touch()
	file := DocumentName(doc.Source.File)
	if file == "" {
		file = fmt.Sprintf("unnamed-%d", len(g.sources))
	}
	docID, _, err := g.node(DocumentKey(file), NodeDocument)
	if err != nil {
		return err
	}
	src, err := g.addSource(file, docID)
	if err != nil {
		return err
	}
	b := &docBuilder{
		g: g, file: file, doc: docID, src: src,
		refs:      make(map[string]int32, len(doc.Components)),
		members:   make([]int32, 0, len(doc.Components)),
		described: map[int32]bool{},
	}
	if err := b.build(doc); err != nil {
		return err
	}
	info := g.docs[docID]
	if info == nil {
		info = &docInfo{}
		g.docs[docID] = info
	}
	info.findings += len(doc.Findings)
	info.components += len(doc.Components)
	if len(doc.Findings) > 0 || (len(doc.Components) == 0 && len(doc.Statements) == 0) {
		info.scan = true
	}
	for _, p := range g.patterns {
		if matchPath(p.glob, file) {
			g.linkOnce(p.service, docID, eDescribedBy, p.src)
			info.scan = info.scan || p.scan
		}
	}
	return nil
}

// edgeKey de-duplicates the edges of one document.
type edgeKey struct {
	from, to int32
	meta     uint32
}

type docBuilder struct {
	g       *Graph
	file    string
	doc     int32
	src     uint32
	refs    map[string]int32 // document ref → node; the first component with a ref wins
	byKey   map[string]int32 // component key → node, built when a relationship names a key
	comps   []*aspm.Component
	compIDs []int32
	seen    map[edgeKey]struct{}
	indexed map[int32]bool // nodes of many edges whose edges are in seen
	members []int32        // the components the document names, with repeats
	batch   []pending      // the document's relationship edges, linked together
	// described are the components the document describes.
	described map[int32]bool
}

// pending is an edge waiting to be linked with the rest of its batch.
type pending struct {
	from, to int32
	meta     uint32
}

// smallDegree is the out-degree up to which edge looks for a repeat by
// scanning the node's edges rather than in a map.
const smallDegree = 32

// edge adds an edge of the document once.
func (b *docBuilder) edge(from, to int32, kind, vex uint8) {
	m := pack(kind, vex, b.src)
	out := b.g.outs(from)
	if len(out) <= smallDegree {
		for _, h := range out {
			if h.n == to && h.meta == m {
				return
			}
		}
	} else {
		if b.seen == nil {
			b.seen, b.indexed = map[edgeKey]struct{}{}, map[int32]bool{}
		}
		if !b.indexed[from] {
			b.indexed[from] = true
			for _, h := range out {
				if h.src() == b.src {
					b.seen[edgeKey{from, h.n, h.meta}] = struct{}{}
				}
			}
		}
		k := edgeKey{from, to, m}
		if _, dup := b.seen[k]; dup {
			return
		}
		b.seen[k] = struct{}{}
	}
	b.g.link(from, to, kind, vex, b.src)
}

func (b *docBuilder) addMember(id int32) { b.members = append(b.members, id) }

// flush links the batch: sorted, without repeats, each node's edge slices
// grown once for the batch rather than once per edge.
func (b *docBuilder) flush() {
	p := b.batch
	slices.SortFunc(p, func(x, y pending) int {
		if x.from != y.from {
			return int(x.from - y.from)
		}
		if x.to != y.to {
			return int(x.to - y.to)
		}
		return int(x.meta) - int(y.meta)
	})
	p = slices.Compact(p)
	for i := 0; i < len(p); {
		j := i + 1
		for j < len(p) && p[j].from == p[i].from {
			j++
		}
		n := b.g.nodes.at(p[i].from)
		n.out = slices.Grow(n.out, j-i)
		for _, e := range p[i:j] {
			n.out = append(n.out, half{e.to, e.meta})
		}
		i = j
	}
	slices.SortFunc(p, func(x, y pending) int { return int(x.to - y.to) })
	for i := 0; i < len(p); {
		j := i + 1
		for j < len(p) && p[j].to == p[i].to {
			j++
		}
		n := b.g.nodes.at(p[i].to)
		n.in = slices.Grow(n.in, j-i)
		for _, e := range p[i:j] {
			n.in = append(n.in, half{e.from, e.meta})
		}
		i = j
	}
	b.g.edges += len(p)
	b.batch = nil
}

// purlNode returns the component node of a purl, adding it and its
// package's version edge when new.
func (b *docBuilder) purlNode(p aspm.PURL) (int32, error) {
	id, added, err := b.g.node(ComponentKey(p), NodeComponent)
	if err != nil || !added {
		return id, err
	}
	pkg, _, err := b.g.node(PackageKey(p), NodePackage)
	if err != nil {
		return 0, err
	}
	b.g.link(pkg, id, eVersion, 0, b.src)
	return id, nil
}

// packageNode returns the package node of a purl.
func (b *docBuilder) packageNode(p aspm.PURL) (int32, error) {
	id, _, err := b.g.node(PackageKey(p), NodePackage)
	return id, err
}

// component returns the node of a component; ok is false for a component
// with nothing to name it by.
func (b *docBuilder) component(c *aspm.Component) (int32, bool, error) {
	switch {
	case !c.PURL.IsZero():
		id, err := b.purlNode(c.PURL)
		return id, err == nil, err
	case c.Ref != "":
		if id, ok := b.refs[c.Ref]; ok {
			return id, true, nil
		}
		id, _, err := b.g.node(RefKey(b.file, c.Ref), NodeComponent)
		return id, err == nil, err
	}
	if k := c.Key(); k != "" {
		id, _, err := b.g.node("component:"+k, NodeComponent)
		return id, err == nil, err
	}
	return 0, false, nil
}

// ref resolves a relationship's end: a component's ref (or key), else a
// node of its own.
func (b *docBuilder) ref(r string) (int32, error) {
	if id, ok := b.refs[r]; ok {
		return id, nil
	}
	if b.byKey == nil {
		b.byKey = make(map[string]int32, len(b.comps))
		for i, c := range b.comps {
			if k := c.Key(); k != "" && b.compIDs[i] >= 0 {
				if _, dup := b.byKey[k]; !dup {
					b.byKey[k] = b.compIDs[i]
				}
			}
		}
	}
	if id, ok := b.byKey[r]; ok {
		return id, nil
	}
	var id int32
	var err error
	if p, perr := aspm.ParsePURL(r); perr == nil && strings.HasPrefix(r, "pkg:") {
		id, err = b.purlNode(p)
	} else {
		id, _, err = b.g.node(RefKey(b.file, r), NodeComponent)
	}
	if err != nil {
		return 0, err
	}
	b.g.cfg.log.Debug("graph: a relationship names no component of the document", "file", b.file, "ref", r)
	b.refs[r] = id
	b.addMember(id)
	return id, nil
}

func (b *docBuilder) build(doc *aspm.Document) error {
	// Relationships name components by ref, or by key when they have no
	// ref (see ref).
	b.comps = make([]*aspm.Component, len(doc.Components))
	b.compIDs = make([]int32, len(doc.Components))
	for i := range doc.Components {
		c := &doc.Components[i]
		b.comps[i], b.compIDs[i] = c, -1
		id, ok, err := b.component(c)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		b.compIDs[i] = id
		b.addMember(id)
		if c.Ref == "" {
			continue
		}
		if _, dup := b.refs[c.Ref]; dup {
			b.g.cfg.log.Debug("graph: two components share a ref; the first wins", "file", b.file, "ref", c.Ref)
			continue
		}
		b.refs[c.Ref] = id
	}
	for _, r := range doc.Relationships {
		var kind uint8
		switch r.Type {
		case aspm.RelDependsOn:
			kind = eDependsOn
		case aspm.RelContains:
			kind = eContains
		case aspm.RelDescribes:
			if r.To == "" {
				continue
			}
			if r.From != "" {
				b.g.cfg.log.Debug("graph: a describes relationship between components", "file", b.file, "from", r.From, "to", r.To)
				continue
			}
			to, err := b.ref(r.To)
			if err != nil {
				return err
			}
			b.described[to] = true
			continue
		default:
			b.g.cfg.log.Debug("graph: relationship of an unknown type", "file", b.file, "type", r.Type)
			continue
		}
		if r.From == "" || r.To == "" {
			continue
		}
		from, err := b.ref(r.From)
		if err != nil {
			return err
		}
		to, err := b.ref(r.To)
		if err != nil {
			return err
		}
		if from != to {
			b.batch = append(b.batch, pending{from, to, pack(kind, 0, b.src)})
		}
	}
	for _, id := range b.members {
		kind := eLists
		if b.described[id] {
			kind = eDescribes
		}
		b.batch = append(b.batch, pending{b.doc, id, pack(kind, 0, b.src)})
	}
	b.flush()
	for i := range doc.Findings {
		if err := b.finding(&doc.Findings[i]); err != nil {
			return err
		}
	}
	for i := range doc.Statements {
		if err := b.statement(&doc.Statements[i]); err != nil {
			return err
		}
	}
	return b.target(doc.Source.Target)
}

// vuln returns the node of a vulnerability with alias edges to its
// aliases.
func (b *docBuilder) vuln(v aspm.Vuln) (int32, bool, error) {
	id := aspm.NormalizeVulnID(v.ID)
	if id == "" {
		return 0, false, nil
	}
	vid, _, err := b.g.node(VulnKey(id), NodeVuln)
	if err != nil {
		return 0, false, err
	}
	for _, a := range v.Aliases {
		a = aspm.NormalizeVulnID(a)
		if a == "" || a == id {
			continue
		}
		aid, _, err := b.g.node(VulnKey(a), NodeVuln)
		if err != nil {
			return 0, false, err
		}
		b.edge(vid, aid, eAlias, 0)
	}
	return vid, true, nil
}

func (b *docBuilder) finding(f *aspm.Finding) error {
	var comp int32
	hasComp := false
	if f.Component != nil {
		c := *f.Component
		if id, ok := b.refs[c.Ref]; ok && c.Ref != "" {
			comp, hasComp = id, true
		} else {
			c.Ref = "" // a finding's component is named by its package, not by a ref
			id, ok, err := b.component(&c)
			if err != nil {
				return err
			}
			comp, hasComp = id, ok
		}
	}
	if hasComp {
		b.edge(b.doc, comp, eReports, 0)
	}
	var vex uint8
	if f.VEX != nil {
		vex = vexCode(f.VEX.State)
	}
	for _, v := range f.Vulns {
		vid, ok, err := b.vuln(v)
		if err != nil {
			return err
		}
		if ok && hasComp {
			b.edge(vid, comp, eAffects, vex)
		}
	}
	if !hasComp {
		return nil
	}
	for _, l := range f.Locations {
		if l.Image == "" {
			continue
		}
		art, err := b.artifact(l.Image)
		if err != nil {
			return err
		}
		b.edge(art, comp, eContains, 0)
	}
	return nil
}

func (b *docBuilder) statement(st *aspm.VEXStatement) error {
	vid, ok, err := b.vuln(st.Vuln)
	if err != nil || !ok {
		return err
	}
	vex := vexCode(st.Analysis.State)
	products := st.Subcomponents
	if len(products) == 0 {
		products = st.Products
	}
	for _, p := range products {
		var id int32
		if p.Version() == "" {
			id, err = b.packageNode(p)
		} else {
			id, err = b.purlNode(p)
		}
		if err != nil {
			return err
		}
		b.edge(vid, id, eAffects, vex)
	}
	if len(st.Subcomponents) == 0 {
		for _, r := range st.ProductRefs {
			if id, ok := b.refs[r]; ok {
				b.edge(vid, id, eAffects, vex)
			}
		}
	}
	return nil
}

// artifact returns the node of an image reference, linked by same_as
// edges to its digest's node when the reference has both a name and a
// digest.
func (b *docBuilder) artifact(ref string) (int32, error) {
	return b.g.artifact(ref, b.src, b.edge)
}

func (g *Graph) artifact(ref string, src uint32, edge func(from, to int32, kind, vex uint8)) (int32, error) {
	key := ArtifactKey(ref)
	id, _, err := g.node(key, NodeArtifact)
	if err != nil {
		return 0, err
	}
	if i := strings.LastIndexByte(ref, '@'); i > 0 && key != "artifact:"+ref {
		name, _, err := g.node("artifact:"+ref[:i], NodeArtifact)
		if err != nil {
			return 0, err
		}
		edge(name, id, eSameAs, 0)
		edge(id, name, eSameAs, 0)
	}
	return id, nil
}

func (b *docBuilder) target(t *aspm.Target) error {
	if t == nil {
		return nil
	}
	switch t.Kind {
	case aspm.TargetImage:
		var ids []int32
		if t.Digest != "" {
			id, err := b.artifact(t.Digest)
			if err != nil {
				return err
			}
			ids = append(ids, id)
		}
		if t.Name != "" {
			id, err := b.artifact(t.Name)
			if err != nil {
				return err
			}
			if len(ids) > 0 && id != ids[0] {
				b.edge(id, ids[0], eSameAs, 0)
				b.edge(ids[0], id, eSameAs, 0)
			}
			ids = append(ids, id)
		}
		for _, id := range ids {
			b.edge(id, b.doc, eDescribedBy, 0)
		}
	case aspm.TargetRepository:
		if looksLikeRepo(t.Name) {
			id, _, err := b.g.node(RepoKey(t.Name), NodeRepo)
			if err != nil {
				return err
			}
			b.edge(id, b.doc, eDescribedBy, 0)
		}
	}
	return nil
}

// linkOnce adds an edge unless from already has one of the kind to to.
// It scans from's edges: use it for nodes of few edges (services, teams).
func (g *Graph) linkOnce(from, to int32, kind uint8, src uint32) {
	for _, h := range g.outs(from) {
		if h.n == to && h.kind() == kind {
			return
		}
	}
	g.link(from, to, kind, 0, src)
}

// ErrInvalidInventory is wrapped by the errors of AddInventory.
var ErrInvalidInventory = errors.New("graph: invalid inventory")

// AddInventory adds an inventory: each service is a node ([ServiceKey])
// with edges to its owners (owned_by; each team part_of its parent),
// environments (deployed_to), data classes (handles), exposure (exposed),
// repositories (built_from, [RepoKey]), images (deployed_as,
// [ArtifactKey]), components (uses: a purl without a version names the
// package node, so every version), and to the documents its sboms and
// scans name (described_by).
//
// An inventory path matches a document's name (as the caller gave it to
// the decoder, cleaned with [DocumentName]) when
//
//   - without glob characters, it equals the name or is its trailing path
//     segments: "sboms/app.json" matches "sboms/app.json",
//     "./sboms/app.json" and "/ci/out/sboms/app.json", and a bare
//     "app.json" matches any file of that base name;
//   - with glob characters (path.Match syntax: *, ?, [...]), it matches the
//     name's last as many segments as the pattern has ("scans/*.sarif"
//     matches "/ci/scans/semgrep.sarif"); an absolute pattern matches the
//     whole name.
//
// Documents added before or after the inventory are matched alike.
// Finding provenance files are matched by the same rule in IssueContext.
//
// A service added again (by a later inventory) takes the later record;
// edges accumulate. Teams may be named by owners without being declared.
// AddInventory fails, adding nothing, when a service has no name, two
// services share a name, a service's component is the zero PURL, or parent
// teams form a cycle (counting the teams
// of inventories added before); the error wraps ErrInvalidInventory. A
// nil inventory is ignored.
func (g *Graph) AddInventory(inv *aspm.Inventory) error {
	if inv == nil {
		return nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if err := g.checkInventory(inv); err != nil {
		return err
	}
	g.touch()
	name := DocumentName(inv.File)
	if name == "" {
		name = "inventory"
	}
	src, err := g.addSource(name, -1)
	if err != nil {
		return err
	}
	edge := func(from, to int32, kind, _ uint8) { g.linkOnce(from, to, kind, src) }
	team := func(name string) (int32, error) {
		if _, ok := g.teams[name]; !ok {
			g.teams[name] = aspm.Team{Name: name}
		}
		id, _, err := g.node(OwnerKey(name), NodeOwner)
		return id, err
	}
	for _, t := range inv.Teams {
		g.teams[t.Name] = t
		id, err := team(t.Name)
		if err != nil {
			return err
		}
		if t.Parent != "" {
			pid, err := team(t.Parent)
			if err != nil {
				return err
			}
			edge(id, pid, ePartOf, 0)
		}
	}
	for i := range inv.Services {
		s := inv.Services[i].Clone()
		id, _, err := g.node(ServiceKey(s.Name), NodeService)
		if err != nil {
			return err
		}
		g.services[id] = &service{id: id, rec: s}
		to := func(key string, kind NodeKind, ek uint8) error {
			n, _, err := g.node(key, kind)
			if err == nil {
				edge(id, n, ek, 0)
			}
			return err
		}
		var errs []error
		for _, o := range s.Owners {
			oid, err := team(o)
			errs = append(errs, err)
			if err == nil {
				edge(id, oid, eOwnedBy, 0)
			}
		}
		for _, d := range s.DataClasses {
			errs = append(errs, to(DataKey(d), NodeData, eHandles))
		}
		if s.Exposure != "" {
			errs = append(errs, to("exposure:"+string(s.Exposure), NodeExposure, eExposed))
		}
		for _, e := range s.Environments {
			errs = append(errs, to(EnvKey(e), NodeEnv, eDeployedTo))
		}
		for _, r := range s.Repos {
			errs = append(errs, to(RepoKey(r), NodeRepo, eBuiltFrom))
		}
		for _, img := range s.Images {
			aid, err := g.artifact(img, src, edge)
			errs = append(errs, err)
			if err == nil {
				edge(id, aid, eDeployedAs, 0)
			}
		}
		for _, p := range s.Components {
			b := &docBuilder{g: g, src: src}
			var cid int32
			if p.Version() == "" {
				cid, err = b.packageNode(p)
			} else {
				cid, err = b.purlNode(p)
			}
			errs = append(errs, err)
			if err == nil {
				edge(id, cid, eUses, 0)
			}
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
		for _, glob := range s.SBOMs {
			g.addPattern(pattern{service: id, glob: glob, src: src})
		}
		for _, glob := range s.Scans {
			g.addPattern(pattern{service: id, glob: glob, scan: true, src: src})
		}
	}
	return nil
}

// addPattern records an inventory path and links the documents it
// matches.
func (g *Graph) addPattern(p pattern) {
	g.patterns = append(g.patterns, p)
	for doc, info := range g.docs {
		if matchPath(p.glob, strings.TrimPrefix(g.key(doc), "document:")) {
			g.linkOnce(p.service, doc, eDescribedBy, p.src)
			info.scan = info.scan || p.scan
		}
	}
}

func (g *Graph) checkInventory(inv *aspm.Inventory) error {
	var errs []error
	names := map[string]bool{}
	for i, s := range inv.Services {
		switch {
		case strings.TrimSpace(s.Name) == "":
			errs = append(errs, fmt.Errorf("%w: %s: services[%d] has no name", ErrInvalidInventory, inv.File, i))
		case names[s.Name]:
			errs = append(errs, fmt.Errorf("%w: %s: services[%d]: two services named %q", ErrInvalidInventory, inv.File, i, s.Name))
		}
		names[s.Name] = true
		for j, p := range s.Components {
			if p.IsZero() {
				errs = append(errs, fmt.Errorf("%w: %s: services[%d] %q: components[%d] is not a package URL", ErrInvalidInventory, inv.File, i, s.Name, j))
			}
		}
	}
	parent := map[string]string{}
	for name, t := range g.teams {
		parent[name] = t.Parent
	}
	for _, t := range inv.Teams {
		if strings.TrimSpace(t.Name) == "" {
			errs = append(errs, fmt.Errorf("%w: %s: a team has no name", ErrInvalidInventory, inv.File))
			continue
		}
		parent[t.Name] = t.Parent
	}
	for _, t := range inv.Teams {
		seen := map[string]bool{t.Name: true}
		for cur := parent[t.Name]; cur != ""; cur = parent[cur] {
			if seen[cur] {
				errs = append(errs, fmt.Errorf("%w: %s: team %q: its parents form a cycle through %q", ErrInvalidInventory, inv.File, t.Name, cur))
				break
			}
			seen[cur] = true
		}
	}
	return errors.Join(errs...)
}

// matchPath reports whether the inventory path pattern names the file;
// see AddInventory.
func matchPath(pattern, file string) bool {
	p, f := DocumentName(strings.TrimSpace(pattern)), DocumentName(file)
	if p == "" || p == "." || f == "" {
		return false
	}
	if !strings.ContainsAny(p, `*?[\`) {
		return f == p || strings.HasSuffix(f, "/"+p)
	}
	if path.IsAbs(p) {
		ok, _ := path.Match(p, f)
		return ok
	}
	n := strings.Count(p, "/") + 1
	segs := strings.Split(f, "/")
	if len(segs) < n {
		return false
	}
	ok, _ := path.Match(p, strings.Join(segs[len(segs)-n:], "/"))
	return ok
}
