package correlate

import (
	"math/bits"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// class separates the identity spaces: keys of different classes never
// match.
type class uint8

const (
	classVuln    class = iota + 1 // a vulnerability in a package (SCA, container)
	classLicense                  // a licence problem of a package
	classSAST                     // a weakness in source code
	classSecret                   // a leaked secret
	classIaC                      // an infrastructure misconfiguration
	classDAST                     // a weakness of a running application
	classOther                    // anything else
	classLink                     // cross-tool links (SAST and DAST by CWE and place)
)

// key is one identity of a finding. Findings that share a key are the same
// problem. It is a comparable struct; it is hashed only to print issue IDs.
type key struct {
	class      class
	rk         ruleKind // how a names the rule (SAST, IaC, DAST, other)
	tag        tag      // what c and d hold
	a, b, c, d string
}

// ruleKind says whether a rule identity is a mapped check, a rule id, a
// title or a CWE.
type ruleKind uint8

const (
	rkNone ruleKind = iota
	rkMap
	rkRule
	rkTitle
	rkCWE
)

// tag says what a key's c and d fields hold.
type tag uint8

const (
	tagNone    tag = iota
	tagFile        // where: a manifest path
	tagImage       // where: an image
	tagSnippet     // c: snippet hash, d: column
	tagPrint       // c: fingerprint name, d: value
	tagLogical     // c: logical location, d: line
	tagLine        // c: line, d: column
	tagWindowA     // c: line bucket
	tagWindowB     // c: line bucket, shifted by half a window
	tagDAST        // a DAST link
	tagResLine     // IaC: no resource, c is the line
)

// appendTo appends the key's bytes, as hashed for issue IDs, to b.
func (k key) appendTo(b []byte) []byte {
	b = append(b, byte(k.class), byte(k.rk), byte(k.tag))
	for _, s := range [...]string{k.a, k.b, k.c, k.d} {
		b = append(b, s...)
		b = append(b, 0)
	}
	return b
}

// hash128 is a key's 128-bit FNV-1a hash: deterministic, and wide enough
// that two different keys never meet in practice (a collision among a
// billion keys has odds below 1e-20).
type hash128 struct{ hi, lo uint64 }

func (h hash128) compare(o hash128) int {
	switch {
	case h.hi != o.hi:
		return cmpU64(h.hi, o.hi)
	case h.lo != o.lo:
		return cmpU64(h.lo, o.lo)
	}
	return 0
}

func cmpU64(a, b uint64) int {
	if a < b {
		return -1
	}
	return 1
}

func (k key) hash() hash128 {
	// FNV-1a, 128 bits: offset basis and prime from the FNV specification.
	hi, lo := uint64(0x6c62272e07bb0142), uint64(0x62b821756295c58d)
	step := func(b byte) {
		lo ^= uint64(b)
		h, l := bits.Mul64(lo, 0x13b)
		hi, lo = h+hi*0x13b+lo<<24, l
	}
	step(byte(k.class))
	step(byte(k.rk))
	step(byte(k.tag))
	for _, s := range [...]string{k.a, k.b, k.c, k.d} {
		for i := 0; i < len(s); i++ {
			step(s[i])
		}
		step(0)
	}
	return hash128{hi, lo}
}

// fingerprinter computes the keys of findings; it holds the alias groups
// and the cross-tool rule map. It is not safe for concurrent use.
type fingerprinter struct {
	al     *aliases
	rules  map[string]string
	lowers map[string]string // rule ids in lower case, cached
	// vague holds the tool fingerprints that one input gives to results at
	// different places: they do not tell problems apart, so they are not
	// identities (Snyk Code, for one, shares some across a file).
	vague map[printKey]bool
	// vroot is the alias root of the finding being keyed, when the caller
	// knows it (the finding has one advisory), else -1.
	vroot int32
	// scratch holds reusable key buffers (see joinedOn), locs the places
	// of the issue being built.
	scratch [4][]key
	locs    []locID
}

// printKey is one fingerprint value in one input.
type printKey struct{ file, name, value string }

// markVague finds the fingerprints that one input gives to findings at
// different places.
func markVague(ms []member) map[printKey]bool {
	type place struct {
		file    string
		line    int
		col     int
		url     string
		present bool
	}
	first := map[printKey]place{}
	vague := map[printKey]bool{}
	for _, m := range ms {
		f := m.f
		if len(f.Fingerprints) == 0 {
			continue
		}
		l := primary(f)
		p := place{file: normPath(l.File), url: l.URL, present: true}
		if l.Region != nil {
			p.line, p.col = l.Region.StartLine, l.Region.StartColumn
		}
		for name, v := range f.Fingerprints {
			k := printKey{f.Provenance.File, name, v}
			if q, ok := first[k]; !ok {
				first[k] = p
			} else if q != p {
				vague[k] = true
			}
		}
	}
	return vague
}

// prints returns a finding's fingerprint names that identify it, sorted.
func (fp *fingerprinter) prints(f *aspm.Finding) []string {
	names := sortedKeys(f.Fingerprints)
	if len(fp.vague) == 0 {
		return names
	}
	return slices.DeleteFunc(names, func(n string) bool {
		return fp.vague[printKey{f.Provenance.File, n, f.Fingerprints[n]}]
	})
}

// keys returns a finding's identity keys and link keys; see appendKeys.
func (fp *fingerprinter) keys(f *aspm.Finding, target *aspm.Target) (ids, links []key) {
	return fp.appendKeys(nil, nil, f, target)
}

// appendKeys appends a finding's identity keys to ids, the primary
// (ID-bearing, most stable) one first, and its cross-tool link keys to
// links. None of them depends on the tool's name or version, the input file
// or the record's position.
func (fp *fingerprinter) appendKeys(ids, links []key, f *aspm.Finding, target *aspm.Target) ([]key, []key) {
	switch {
	case f.Kind == aspm.KindSecret || f.Secret != nil:
		return fp.secretKeys(ids, f), links
	case len(f.Vulns) > 0 && f.Component != nil:
		first := fp.vulnKey(f, target)
		prints := fp.prints(f)
		// Without a version and an artifact, the advisory and package name
		// alone would fold every such report together: the tool's own id
		// for the alert is then the identity.
		if first.c != "" || first.d != "" || len(prints) == 0 {
			ids = append(ids, first)
		}
		// A tool's own id for the alert (GitHub's alert node id, say) joins
		// its reports even where one of them lacks the manifest path.
		for _, name := range prints {
			ids = append(ids, key{class: classVuln, tag: tagPrint, a: first.a, b: first.b, c: name, d: f.Fingerprints[name]})
		}
		return ids, links
	case f.Kind == aspm.KindLicense && f.Component != nil:
		rk, r := fp.rule(f)
		return append(ids, key{class: classLicense, rk: rk, a: r, b: pkgKey(f.Component), c: version(f.Component)}), links
	case f.Kind == aspm.KindIaC:
		return append(ids, fp.iacKey(f)), links
	case f.Kind == aspm.KindDAST:
		return fp.dastKeys(ids, links, f)
	case f.Kind == aspm.KindSAST:
		return fp.sastKeys(ids, links, f)
	case len(f.Vulns) > 0:
		// A vulnerability without a package (a host, a URL): by id and place.
		l := primary(f)
		return append(ids, key{class: classVuln, a: fp.al.canonical(f.Vulns[0].ID), c: normPath(l.File) + l.URL, d: l.Image}), links
	}
	l := primary(f)
	rk, r := fp.rule(f)
	return append(ids, key{class: classOther, rk: rk, a: r, b: normPath(l.File), c: line(l), d: l.URL + l.Resource.Name}), links
}

// vulnKey: alias group + versionless package + installed version + where
// (the image for container findings, else the manifest).
func (fp *fingerprinter) vulnKey(f *aspm.Finding, target *aspm.Target) key {
	group := ""
	if len(f.Vulns) == 1 {
		group = f.Vulns[0].ID
		if fp.vroot >= 0 {
			group = fp.al.ids[fp.al.canon[fp.vroot]]
		} else {
			group = fp.al.canonical(group)
		}
	} else {
		for _, v := range f.Vulns {
			if c := fp.al.canonical(v.ID); group == "" || fp.al.less(c, group) {
				group = c
			}
		}
	}
	t, w := where(f, target)
	return key{class: classVuln, tag: t, a: group, b: pkgKey(f.Component), c: version(f.Component), d: w}
}

// pkgKey names a package for identity: its short name (no group, scope or
// distribution), lower case, with runs of "-", "_" and "." folded to "-".
// The rest of the vulnerability key (advisory, version, artifact) already
// pins the package down; a name, unlike a full purl, is what every tool
// gives, so a purl-less CycloneDX component and a purl'd Grype match agree.
func pkgKey(c *aspm.Component) string {
	name := c.Name
	if !c.PURL.IsZero() {
		name = c.PURL.Name()
	}
	if i := strings.LastIndexAny(name, "/:"); i >= 0 {
		name = name[i+1:]
	}
	return foldName(name)
}

// foldName lower-cases and folds separator runs, allocating only when it
// changes something.
func foldName(s string) string {
	clean := true
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c == '_' || c == '.' || c >= 0x80 || (c == '-' && i > 0 && s[i-1] == '-') {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r == '-' || r == '_' || r == '.' {
			if !dash {
				b.WriteByte('-')
			}
			dash = true
			continue
		}
		dash = false
		b.WriteRune(r)
	}
	return b.String()
}

// version is the installed version, with a "v" before a digit dropped so
// that Go's "v1.2.3" and "1.2.3" agree.
func version(c *aspm.Component) string {
	v := c.Version
	if v == "" {
		v = c.PURL.Version()
	}
	if len(v) > 1 && v[0] == 'v' && v[1] >= '0' && v[1] <= '9' {
		v = v[1:]
	}
	return v
}

// where is the artifact a package was found in: an image for container
// findings, else the manifest or lockfile, else "".
func where(f *aspm.Finding, target *aspm.Target) (tag, string) {
	image := ""
	for _, l := range f.Locations {
		if l.Image != "" {
			image = l.Image
			break
		}
	}
	if image == "" && target != nil && target.Kind == aspm.TargetImage {
		image = target.Name
		if image == "" {
			image = target.Digest
		}
	}
	if image != "" && f.Kind == aspm.KindContainer {
		return tagImage, normImage(image)
	}
	if len(f.Component.Paths) > 0 {
		return tagFile, normPath(f.Component.Paths[0])
	}
	for _, l := range f.Locations {
		if l.File != "" {
			return tagFile, normPath(l.File)
		}
	}
	if image != "" {
		return tagImage, normImage(image)
	}
	return tagNone, ""
}

// normImage drops the default registry and namespace, and a digest when a
// tag is present: "docker.io/library/nginx:1.25@sha256:…" is "nginx:1.25".
func normImage(ref string) string {
	ref = strings.ToLower(strings.TrimSpace(ref))
	if at := strings.Index(ref, "@"); at > 0 {
		name := ref[:at]
		if strings.LastIndex(name, ":") > strings.LastIndex(name, "/") {
			ref = name
		}
	}
	ref = strings.TrimPrefix(ref, "docker.io/")
	ref = strings.TrimPrefix(ref, "index.docker.io/")
	ref = strings.TrimPrefix(ref, "library/")
	return ref
}

// normPath makes tools' spellings of one file agree: forward slashes, no
// "file://" scheme, no leading "./" or "/", cleaned.
func normPath(p string) string {
	if p == "" {
		return ""
	}
	p = strings.ReplaceAll(p, "\\", "/")
	p = strings.TrimPrefix(p, "file://")
	p = path.Clean(p)
	p = strings.TrimLeft(p, "/")
	p = strings.TrimPrefix(p, "./")
	if p == "." {
		return ""
	}
	return p
}

// noResource stands in for an absent resource; it is never changed.
var noResource = &aspm.Resource{}

func primary(f *aspm.Finding) aspm.Location {
	if len(f.Locations) > 0 {
		l := f.Locations[0]
		if l.Resource == nil {
			l.Resource = noResource
		}
		return l
	}
	return aspm.Location{Resource: noResource}
}

func line(l aspm.Location) string {
	if l.Region == nil || l.Region.StartLine == 0 {
		return ""
	}
	return strconv.Itoa(l.Region.StartLine)
}

// rule is the tool-independent identity of a check: the cross-tool map's
// canonical name when the rule is in it, else the rule id, else the title.
func (fp *fingerprinter) rule(f *aspm.Finding) (ruleKind, string) {
	if f.Rule == "" {
		return rkTitle, strings.ToLower(strings.TrimSpace(f.Title))
	}
	if len(fp.rules) > 0 {
		lr, ok := fp.lowers[f.Rule]
		if !ok {
			lr = lower(f.Rule)
			if fp.lowers == nil {
				fp.lowers = map[string]string{}
			}
			if len(fp.lowers) < 1<<16 {
				fp.lowers[f.Rule] = lr
			}
		}
		if c, ok := fp.rules[lr]; ok {
			return rkMap, c
		}
	}
	return rkRule, f.Rule
}

// lower is strings.ToLower without an allocation for text that is already
// lower case.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// ruleText renders a rule identity for explanations.
func ruleText(rk ruleKind, s string) string {
	switch rk {
	case rkMap:
		return "check " + s
	case rkTitle:
		return "title " + s
	case rkCWE:
		return "CWE-" + s
	}
	return s
}

// sastKeys: rule + file + each anchor that survives line shifts (snippet
// hash with its occurrence, tool fingerprints, logical location), and the
// exact line; link keys by CWE + file + line window join other tools' views
// of the same weakness.
func (fp *fingerprinter) sastKeys(ids, links []key, f *aspm.Finding) ([]key, []key) {
	n0 := len(ids)
	l := primary(f)
	rk, r := fp.rule(f)
	file := normPath(l.File)
	col := ""
	if l.Region != nil && l.Region.StartColumn > 0 {
		col = strconv.Itoa(l.Region.StartColumn)
	}
	if l.SnippetHash != "" {
		ids = append(ids, key{class: classSAST, rk: rk, tag: tagSnippet, a: r, b: file, c: l.SnippetHash, d: col})
	}
	for _, name := range fp.prints(f) {
		ids = append(ids, key{class: classSAST, rk: rk, tag: tagPrint, a: r, b: file, c: name, d: f.Fingerprints[name]})
	}
	if l.Logical != "" {
		ids = append(ids, key{class: classSAST, rk: rk, tag: tagLogical, a: r, b: file, c: l.Logical, d: line(l)})
	}
	if n := line(l); n != "" || len(ids) == n0 {
		ids = append(ids, key{class: classSAST, rk: rk, tag: tagLine, a: r, b: file, c: n, d: col})
	}
	if l.Region != nil && l.Region.StartLine > 0 && file != "" {
		w := lineWindow + 1
		n := l.Region.StartLine
		for _, cwe := range f.CWEs {
			c := strconv.Itoa(cwe)
			links = append(links,
				key{class: classLink, rk: rkCWE, tag: tagWindowA, a: c, b: file, c: strconv.Itoa(n / w)},
				key{class: classLink, rk: rkCWE, tag: tagWindowB, a: c, b: file, c: strconv.Itoa((n + w/2) / w)})
		}
	}
	return ids, links
}

// lineWindow is how far apart two tools' lines for one weakness may be:
// link keys use two line buckets of lineWindow+1 lines, the second shifted
// by half a bucket, so lines up to half a bucket apart always share one.
const lineWindow = 3

func (fp *fingerprinter) secretKeys(ids []key, f *aspm.Finding) []key {
	l := primary(f)
	file := normPath(l.File)
	if f.Secret != nil && f.Secret.Hash != "" {
		return append(ids, key{class: classSecret, a: f.Secret.Hash, b: file})
	}
	commit := ""
	if f.Secret != nil {
		commit = f.Secret.Commit
	}
	// Without the value: the tool's fingerprint, else rule + place.
	for _, name := range fp.prints(f) {
		return append(ids, key{class: classSecret, tag: tagPrint, a: name + "=" + f.Fingerprints[name], b: file})
	}
	rk, r := fp.rule(f)
	return append(ids, key{class: classSecret, rk: rk, a: r, b: file, c: commit, d: line(l)})
}

func (fp *fingerprinter) iacKey(f *aspm.Finding) key {
	l := primary(f)
	file := normPath(l.File)
	res, t := l.Resource.Name, tagNone
	if res == "" {
		res = l.Resource.ID
	}
	if res == "" || normPath(res) == file {
		// No resource, or the file itself (a Dockerfile lint): the line
		// tells the problems apart.
		res, t = line(l), tagResLine
	}
	rk, r := fp.rule(f)
	return key{class: classIaC, rk: rk, tag: t, a: r, b: file, c: res}
}

// dastKeys: alert + normalised URL + method + parameter; the CWE with the
// same place links other tools' alerts.
func (fp *fingerprinter) dastKeys(ids, links []key, f *aspm.Finding) ([]key, []key) {
	l := primary(f)
	u, m := normURL(l.URL), strings.ToUpper(l.Method)
	rk, r := fp.rule(f)
	ids = append(ids, key{class: classDAST, rk: rk, a: r, b: u, c: m, d: l.Parameter})
	for _, cwe := range f.CWEs {
		links = append(links, key{class: classLink, rk: rkCWE, tag: tagDAST, a: strconv.Itoa(cwe), b: u, c: m, d: l.Parameter})
	}
	return ids, links
}

// normURL makes one endpoint's spellings agree: scheme and host lower-case,
// default ports, fragments and query values dropped, query keys sorted, and
// path segments that are ids (numbers, UUIDs, long hex) replaced by "{id}".
func normURL(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return raw
	}
	host := strings.ToLower(u.Host)
	if (u.Scheme == "http" && strings.HasSuffix(host, ":80")) || (u.Scheme == "https" && strings.HasSuffix(host, ":443")) {
		host = host[:strings.LastIndex(host, ":")]
	}
	segs := strings.Split(u.EscapedPath(), "/")
	for i, seg := range segs {
		if isID(seg) {
			segs[i] = "{id}"
		}
	}
	out := strings.ToLower(u.Scheme) + "://" + host + strings.Join(segs, "/")
	if q := u.Query(); len(q) > 0 {
		keys := make([]string, 0, len(q))
		for k := range q {
			keys = append(keys, k)
		}
		sortStrings(keys)
		out += "?" + strings.Join(keys, "&")
	}
	return out
}

func isID(seg string) bool {
	if seg == "" {
		return false
	}
	digits, hex := true, len(seg) >= 16
	for _, c := range seg {
		if c < '0' || c > '9' {
			digits = false
		}
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' || c == '-') {
			hex = false
		}
	}
	return digits || hex
}

func sortedKeys(m map[string]string) []string {
	if len(m) == 0 {
		return nil
	}
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sortStrings(out)
	return out
}
