package spdx

import (
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// maxDiagnostics bounds the diagnostics of one kind that a document keeps;
// the rest are counted in one closing note, so that a hostile input cannot
// grow the result by a diagnostic per line.
const maxDiagnostics = 200

// pkgInfo is a package as the three syntaxes give it, before mapping.
type pkgInfo struct {
	id, name, version string
	purls             []ref // candidate purls, in input order
	cpes              []string
	licenses          []string // concluded first, then declared
	hashes            []aspm.Hash
	supplier          string
	originator        string
	purpose           string
	where             string // JSON pointer or "line N"
}

// ref is a value with where it was read.
type ref struct{ value, where string }

// relInfo is one relationship edge as the input gives it.
type relInfo struct {
	from, typ, to string
	where         string
}

// relKind says how an input relationship type maps onto the model.
type relKind struct {
	typ     aspm.RelationshipType
	reverse bool // the edge runs from the input's target to its source
	license bool // SPDX 3 licence relationship: read for Licenses
}

// builder turns the elements of one document into an aspm.Document. It is
// shared by the three syntaxes.
type builder struct {
	doc  *aspm.Document
	lim  decode.Limits
	recs *decode.Records

	docID string // the document's own id (SPDXRef-DOCUMENT, an SpdxDocument spdxId)
	name  string // the document's name

	pkgs      []pkgInfo
	pkgAt     map[string]int    // package id → index in pkgs
	other     map[string]string // id of a non-package element → what it is ("file", "snippet")
	rels      []relInfo
	roots     []ref  // ids the document says it describes (documentDescribes, rootElement)
	rootsName string // what roots are called in the syntax, for diagnostics
	relKind   func(string) (relKind, bool)

	security map[string]int // ignored security references or elements, by type
	diagN    map[string]int // diagnostics kept, by kind
	diagLost map[string]int // diagnostics dropped over maxDiagnostics, by kind
}

func newBuilder(doc *aspm.Document, lim decode.Limits, recs *decode.Records, kinds func(string) (relKind, bool)) *builder {
	return &builder{
		doc: doc, lim: lim, recs: recs, relKind: kinds,
		pkgAt: map[string]int{}, other: map[string]string{},
		security: map[string]int{}, diagN: map[string]int{}, diagLost: map[string]int{},
	}
}

// diag appends d unless maxDiagnostics of its kind were already kept.
func (b *builder) diag(kind string, d aspm.Diagnostic) {
	if b.diagN[kind] >= maxDiagnostics {
		b.diagLost[kind]++
		return
	}
	b.diagN[kind]++
	b.doc.Diagnostics = append(b.doc.Diagnostics, d)
}

// addPackage records a package; a second package with an id already seen
// is dropped with a warning (the first occurrence wins).
func (b *builder) addPackage(p pkgInfo) error {
	if p.id == "" {
		b.diag("package", aspm.Errorf(p.where, "package %q has no SPDX id; skipped", decode.Clip(p.name, 200)))
		return nil
	}
	if _, dup := b.pkgAt[p.id]; dup {
		b.diag("package", aspm.Warnf(p.where, "duplicate package id %q; the first occurrence is kept", decode.Clip(p.id, 200)))
		return nil
	}
	if _, dup := b.other[p.id]; dup {
		b.diag("package", aspm.Warnf(p.where, "package id %q is also the id of a %s; the first occurrence is kept", decode.Clip(p.id, 200), b.other[p.id]))
		return nil
	}
	if err := b.recs.Add(); err != nil {
		return err
	}
	b.pkgAt[p.id] = len(b.pkgs)
	b.pkgs = append(b.pkgs, p)
	return nil
}

// addOther records the id of an element that is not a package.
func (b *builder) addOther(id, what string) {
	if id == "" {
		return
	}
	if _, ok := b.pkgAt[id]; ok {
		return
	}
	if _, ok := b.other[id]; !ok {
		b.other[id] = what
	}
}

// finish maps the collected packages and relationships onto the document.
func (b *builder) finish() {
	b.doc.Components = make([]aspm.Component, 0, len(b.pkgs))
	for i := range b.pkgs {
		b.doc.Components = append(b.doc.Components, b.component(&b.pkgs[i]))
	}
	b.relationships()
	b.target()
	if n := sum(b.security); n > 0 {
		b.doc.Diagnostics = append(b.doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo,
			Message: fmt.Sprintf("ignored %d security references or elements (%s): an SBOM's advisory links are not findings; read vulnerabilities from a scanner's output or a VEX document", n, counts(b.security))})
	}
	if n := sum(b.diagLost); n > 0 {
		b.doc.Diagnostics = append(b.doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo,
			Message: fmt.Sprintf("%d further diagnostics not kept (%s)", n, counts(b.diagLost))})
	}
}

func (b *builder) component(p *pkgInfo) aspm.Component {
	c := aspm.Component{
		Ref:     p.id,
		Name:    decode.Clip(p.name, b.lim.MaxText),
		Version: decode.Clip(p.version, b.lim.MaxText),
		Type:    purposeType(p.purpose),
		Hashes:  p.hashes,
	}
	for _, r := range p.purls {
		pu, err := aspm.ParsePURL(r.value)
		if err != nil {
			b.diag("purl", aspm.Warnf(r.where, "package %q: %v", decode.Clip(p.id, 200), err))
			continue
		}
		c.PURL = pu
		break
	}
	if len(p.cpes) > 0 {
		c.CPE = p.cpes[0]
	}
	for _, l := range p.licenses {
		l = strings.TrimSpace(l)
		if l == "" || l == "NOASSERTION" || l == "NONE" || slices.Contains(c.Licenses, l) {
			continue
		}
		c.Licenses = append(c.Licenses, decode.Clip(l, b.lim.MaxText))
	}
	c.Supplier = agentName(p.supplier)
	if c.Supplier == "" {
		c.Supplier = agentName(p.originator)
	}
	return c
}

// relationships resolves the edges, dropping those that do not join two
// packages and saying so in info diagnostics.
func (b *builder) relationships() {
	type edge struct {
		from, to string
		typ      aspm.RelationshipType
	}
	// seen is 1 for an edge read from the document's roots, 2 for one
	// read from a relationship; only a relationship that repeats another
	// counts as a repeat.
	seen := map[edge]int{}
	unmapped := map[string]int{}
	nonPkg := map[string]int{}
	dups := 0
	add := func(e edge, from int) {
		if prev := seen[e]; prev != 0 {
			if prev == 2 && from == 2 {
				dups++
			}
			seen[e] = max(prev, from)
			return
		}
		seen[e] = from
		b.doc.Relationships = append(b.doc.Relationships, aspm.Relationship{From: e.from, To: e.to, Type: e.typ})
	}
	isPkg := func(id string) bool { _, ok := b.pkgAt[id]; return ok }
	// classify says why an id that is not a package cannot be an endpoint;
	// "" means it is unknown to the document.
	classify := func(id string) string {
		switch {
		case id == "NOASSERTION" || id == "NONE":
			return id
		case id == b.docID && id != "":
			return "document"
		case strings.HasPrefix(id, "DocumentRef-"):
			return "external document"
		}
		return b.other[id]
	}
	for _, r := range b.roots {
		switch {
		case isPkg(r.value):
			add(edge{"", r.value, aspm.RelDescribes}, 1)
		case classify(r.value) != "":
			nonPkg[b.rootsName]++
		default:
			b.diag("relationship", aspm.Warnf(r.where, "the document describes %q, which it does not define", decode.Clip(r.value, 200)))
		}
	}
	for _, r := range b.rels {
		k, ok := b.relKind(r.typ)
		if !ok {
			unmapped[r.typ]++
			continue
		}
		if k.license {
			continue // read by the SPDX 3 decoder for Licenses
		}
		from, to := r.from, r.to
		if k.reverse {
			from, to = to, from
		}
		if k.typ == aspm.RelDescribes {
			// The document (or, leniently, anything that is not a package)
			// describes To.
			switch {
			case isPkg(to):
				add(edge{"", to, aspm.RelDescribes}, 2)
			case classify(to) != "":
				nonPkg[r.typ]++
			default:
				b.diag("relationship", aspm.Warnf(r.where, "%s names %q, which the document does not define", r.typ, decode.Clip(to, 200)))
			}
			continue
		}
		fromOK, toOK := isPkg(from), isPkg(to)
		if fromOK && toOK {
			if from != to {
				add(edge{from, to, k.typ}, 2)
			} else {
				dups++ // a package that depends on or contains itself says nothing
			}
			continue
		}
		known := (fromOK || classify(from) != "") && (toOK || classify(to) != "")
		if known {
			nonPkg[r.typ]++
			continue
		}
		missing := from
		if fromOK || classify(from) != "" {
			missing = to
		}
		b.diag("relationship", aspm.Warnf(r.where, "%s names %q, which the document does not define; relationship dropped", r.typ, decode.Clip(missing, 200)))
	}
	if n := sum(nonPkg); n > 0 {
		b.doc.Diagnostics = append(b.doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo,
			Message: fmt.Sprintf("dropped %d relationships that name files, snippets, the document, other documents or NOASSERTION/NONE rather than two packages (%s)", n, counts(nonPkg))})
	}
	if n := sum(unmapped); n > 0 {
		b.doc.Diagnostics = append(b.doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo,
			Message: fmt.Sprintf("dropped %d relationships of types that are neither dependency, containment nor description (%s)", n, counts(unmapped))})
	}
	if dups > 0 {
		b.doc.Diagnostics = append(b.doc.Diagnostics, aspm.Diagnostic{Level: aspm.DiagInfo,
			Message: fmt.Sprintf("dropped %d relationships that repeat another or join a package to itself", dups)})
	}
}

// target sets Source.Target from the first package the document describes,
// or from the document's name.
func (b *builder) target() {
	for _, r := range b.doc.Relationships {
		if r.Type != aspm.RelDescribes {
			continue
		}
		i, ok := b.pkgAt[r.To]
		if !ok {
			continue
		}
		c := &b.doc.Components[i]
		t := &aspm.Target{Kind: aspm.TargetOther, Name: c.Name, PURL: c.PURL}
		if c.Type == "container" || c.PURL.Type() == "oci" || c.PURL.Type() == "docker" {
			t.Kind = aspm.TargetImage
		}
		if t.Name == "" {
			t.Name = c.Ref
		}
		b.doc.Source.Target = t
		return
	}
	if b.name != "" {
		b.doc.Source.Target = &aspm.Target{Kind: aspm.TargetOther, Name: decode.Clip(b.name, b.lim.MaxText)}
	}
}

// purposeType maps an SPDX primary package purpose ("OPERATING-SYSTEM",
// "operatingSystem") onto a lower-case, hyphenated component type.
func purposeType(p string) string {
	p = strings.TrimSpace(p)
	if p == "" {
		return ""
	}
	var sb strings.Builder
	for i, r := range p {
		switch {
		case r == '_' || r == '-' || r == ' ':
			sb.WriteByte('-')
		case unicode.IsUpper(r):
			if i > 0 && p != strings.ToUpper(p) {
				sb.WriteByte('-')
			}
			sb.WriteRune(unicode.ToLower(r))
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

// agentName strips the "Organization: " / "Person: " / "Tool: " prefix of
// an SPDX 2 agent and drops NOASSERTION.
func agentName(s string) string {
	s = strings.TrimSpace(s)
	if s == "NOASSERTION" || s == "NONE" {
		return ""
	}
	for _, p := range []string{"Organization:", "Person:", "Tool:"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			return strings.TrimSpace(rest)
		}
	}
	return s
}

// creatorsTool reads SPDX 2 creationInfo creators into the document's tool:
// the first "Tool:" entry names the tool ("syft-1.50.0" splits into name and
// version) and the first "Organization:" its vendor.
func creatorsTool(list []string) aspm.Tool {
	var t aspm.Tool
	for _, c := range list {
		c = strings.TrimSpace(c)
		if v, ok := strings.CutPrefix(c, "Tool:"); ok && t.Name == "" {
			t.Name, t.Version = splitToolVersion(strings.TrimSpace(v))
		}
		if v, ok := strings.CutPrefix(c, "Organization:"); ok && t.Vendor == "" {
			t.Vendor = strings.TrimSpace(v)
		}
	}
	return t
}

// splitToolVersion splits "name-1.2.3" (or "name-v1.2.3") at its last
// hyphen when what follows starts like a version; otherwise the whole
// string is the name.
func splitToolVersion(s string) (string, string) {
	i := strings.LastIndexByte(s, '-')
	if i <= 0 || i == len(s)-1 {
		return s, ""
	}
	v := s[i+1:]
	d := strings.TrimPrefix(v, "v")
	if d != "" && d[0] >= '0' && d[0] <= '9' {
		return s[:i], v
	}
	return s, ""
}

// parseTime reads an SPDX timestamp ("2022-09-13T13:24:58Z"); zero when
// it cannot.
func parseTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

// counts renders a count map as "A 3, B 1", sorted by key.
func counts(m map[string]int) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s %d", decode.Clip(k, 100), m[k])
	}
	return strings.Join(parts, ", ")
}

// isSecurityRef reports whether an SPDX 2 external reference is a security
// link (advisory, fix, url, swid) rather than an identifier posture reads.
func isSecurityRef(category, typ string) bool {
	c := strings.ToUpper(strings.ReplaceAll(category, "_", "-"))
	return c == "SECURITY" && typ != "cpe22Type" && typ != "cpe23Type"
}

// relKind2 maps SPDX 2 relationship types. "A X_DEPENDENCY_OF B" says A is
// a dependency of B, so the depends_on edge runs from B to A.
func relKind2(t string) (relKind, bool) {
	switch strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(t), "-", "_")) {
	case "DESCRIBES":
		return relKind{typ: aspm.RelDescribes}, true
	case "DESCRIBED_BY":
		return relKind{typ: aspm.RelDescribes, reverse: true}, true
	case "DEPENDS_ON", "HAS_PREREQUISITE", "STATIC_LINK", "DYNAMIC_LINK":
		return relKind{typ: aspm.RelDependsOn}, true
	case "DEPENDENCY_OF", "DEV_DEPENDENCY_OF", "BUILD_DEPENDENCY_OF", "RUNTIME_DEPENDENCY_OF",
		"OPTIONAL_DEPENDENCY_OF", "TEST_DEPENDENCY_OF", "PROVIDED_DEPENDENCY_OF", "PREREQUISITE_FOR":
		return relKind{typ: aspm.RelDependsOn, reverse: true}, true
	case "CONTAINS":
		return relKind{typ: aspm.RelContains}, true
	case "CONTAINED_BY":
		return relKind{typ: aspm.RelContains, reverse: true}, true
	}
	return relKind{}, false
}
