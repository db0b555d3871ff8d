package correlate

import (
	"net/url"
	"path"
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
	a, b, c, d string
}

func (k key) String() string {
	return strconv.Itoa(int(k.class)) + "\x00" + k.a + "\x00" + k.b + "\x00" + k.c + "\x00" + k.d
}

func (k key) less(o key) bool {
	if k.class != o.class {
		return k.class < o.class
	}
	if k.a != o.a {
		return k.a < o.a
	}
	if k.b != o.b {
		return k.b < o.b
	}
	if k.c != o.c {
		return k.c < o.c
	}
	return k.d < o.d
}

// fingerprinter computes the keys of findings; it holds the alias groups
// and the cross-tool rule map.
type fingerprinter struct {
	al    *aliases
	rules map[string]string
}

// keys returns a finding's identity keys, the primary (ID-bearing, most
// stable) one first, and its cross-tool link keys. None of them depends on
// the tool's name or version, the input file or the record's position.
func (fp *fingerprinter) keys(f *aspm.Finding, target *aspm.Target) (ids []key, links []key) {
	switch {
	case f.Kind == aspm.KindSecret || f.Secret != nil:
		return fp.secretKeys(f), nil
	case len(f.Vulns) > 0 && f.Component != nil:
		ids = []key{fp.vulnKey(f, target)}
		// A tool's own id for the alert (GitHub's alert node id, say) joins
		// its reports even where one of them lacks the manifest path.
		for _, name := range sortedKeys(f.Fingerprints) {
			ids = append(ids, key{class: classVuln, a: ids[0].a, b: ids[0].b, c: "fp:" + name, d: f.Fingerprints[name]})
		}
		return ids, nil
	case f.Kind == aspm.KindLicense && f.Component != nil:
		return []key{{class: classLicense, a: fp.rule(f), b: pkgKey(f.Component), c: version(f.Component)}}, nil
	case f.Kind == aspm.KindIaC:
		return fp.iacKeys(f), nil
	case f.Kind == aspm.KindDAST:
		return fp.dastKeys(f)
	case f.Kind == aspm.KindSAST:
		return fp.sastKeys(f)
	case len(f.Vulns) > 0:
		// A vulnerability without a package (a host, a URL): by id and place.
		l := primary(f)
		return []key{{class: classVuln, a: fp.al.canonical(f.Vulns[0].ID), c: normPath(l.File) + l.URL, d: l.Image}}, nil
	}
	l := primary(f)
	return []key{{class: classOther, a: fp.rule(f), b: normPath(l.File), c: line(l), d: l.URL + l.Resource.Name}}, nil
}

// vulnKey: alias group + versionless package + installed version + where
// (the image for container findings, else the manifest).
func (fp *fingerprinter) vulnKey(f *aspm.Finding, target *aspm.Target) key {
	group := ""
	for _, v := range f.Vulns {
		if c := fp.al.canonical(v.ID); group == "" || fp.al.less(c, group) {
			group = c
		}
	}
	return key{class: classVuln, a: group, b: pkgKey(f.Component), c: version(f.Component), d: where(f, target)}
}

func pkgKey(c *aspm.Component) string {
	if !c.PURL.IsZero() {
		return c.PURL.VersionlessKey()
	}
	return "name:" + strings.ToLower(c.Name)
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
func where(f *aspm.Finding, target *aspm.Target) string {
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
		return "image:" + normImage(image)
	}
	if len(f.Component.Paths) > 0 {
		return "file:" + normPath(f.Component.Paths[0])
	}
	for _, l := range f.Locations {
		if l.File != "" {
			return "file:" + normPath(l.File)
		}
	}
	if image != "" {
		return "image:" + normImage(image)
	}
	return ""
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

func primary(f *aspm.Finding) aspm.Location {
	if len(f.Locations) > 0 {
		l := f.Locations[0]
		if l.Resource == nil {
			l.Resource = &aspm.Resource{}
		}
		return l
	}
	return aspm.Location{Resource: &aspm.Resource{}}
}

func line(l aspm.Location) string {
	if l.Region == nil || l.Region.StartLine == 0 {
		return ""
	}
	return strconv.Itoa(l.Region.StartLine)
}

// rule is the tool-independent identity of a check: the cross-tool map's
// canonical name when the rule is in it, else the rule id, else the title.
func (fp *fingerprinter) rule(f *aspm.Finding) string {
	if f.Rule == "" {
		return "title:" + strings.ToLower(strings.TrimSpace(f.Title))
	}
	if c, ok := fp.rules[strings.ToLower(f.Rule)]; ok {
		return "map:" + c
	}
	return "rule:" + f.Rule
}

// sastKeys: rule + file + each anchor that survives line shifts (snippet
// hash with its occurrence, tool fingerprints, logical location), and the
// exact line; link keys by CWE + file + line window join other tools' views
// of the same weakness.
func (fp *fingerprinter) sastKeys(f *aspm.Finding) (ids, links []key) {
	l := primary(f)
	r, file := fp.rule(f), normPath(l.File)
	if l.SnippetHash != "" {
		col := ""
		if l.Region != nil && l.Region.StartColumn > 0 {
			col = strconv.Itoa(l.Region.StartColumn)
		}
		ids = append(ids, key{class: classSAST, a: r, b: file, c: "snippet:" + l.SnippetHash, d: col})
	}
	for _, name := range sortedKeys(f.Fingerprints) {
		ids = append(ids, key{class: classSAST, a: r, b: file, c: "fp:" + name, d: f.Fingerprints[name]})
	}
	if l.Logical != "" {
		ids = append(ids, key{class: classSAST, a: r, b: file, c: "logical:" + l.Logical, d: line(l)})
	}
	if n := line(l); n != "" || len(ids) == 0 {
		col := ""
		if l.Region != nil && l.Region.StartColumn > 0 {
			col = strconv.Itoa(l.Region.StartColumn)
		}
		ids = append(ids, key{class: classSAST, a: r, b: file, c: "line:" + n, d: col})
	}
	if l.Region != nil && l.Region.StartLine > 0 && file != "" {
		for _, cwe := range f.CWEs {
			for _, b := range windows(l.Region.StartLine) {
				links = append(links, key{class: classLink, a: "cwe:" + strconv.Itoa(cwe), b: file, c: b})
			}
		}
	}
	return ids, links
}

// lineWindow is how far apart two tools' lines for one weakness may be.
const lineWindow = 3

// windows returns two overlapping buckets, so that lines up to lineWindow
// apart always share one.
func windows(line int) []string {
	w := lineWindow + 1
	return []string{"a" + strconv.Itoa(line/w), "b" + strconv.Itoa((line+w/2)/w)}
}

func (fp *fingerprinter) secretKeys(f *aspm.Finding) []key {
	l := primary(f)
	file := normPath(l.File)
	if f.Secret != nil && f.Secret.Hash != "" {
		return []key{{class: classSecret, a: "sha256:" + f.Secret.Hash, b: file}}
	}
	commit := ""
	if f.Secret != nil {
		commit = f.Secret.Commit
	}
	// Without the value: the tool's fingerprint, else rule + place.
	for _, name := range sortedKeys(f.Fingerprints) {
		return []key{{class: classSecret, a: "fp:" + name + "=" + f.Fingerprints[name], b: file}}
	}
	return []key{{class: classSecret, a: fp.rule(f), b: file, c: commit, d: line(l)}}
}

func (fp *fingerprinter) iacKeys(f *aspm.Finding) []key {
	l := primary(f)
	res := l.Resource.Name
	if res == "" {
		res = l.Resource.ID
	}
	if res == "" {
		res = "line:" + line(l)
	}
	return []key{{class: classIaC, a: fp.rule(f), b: normPath(l.File), c: res}}
}

// dastKeys: alert + normalised URL + method + parameter; the CWE with the
// same place links other tools' alerts.
func (fp *fingerprinter) dastKeys(f *aspm.Finding) (ids, links []key) {
	l := primary(f)
	u, m := normURL(l.URL), strings.ToUpper(l.Method)
	ids = []key{{class: classDAST, a: fp.rule(f), b: u, c: m, d: l.Parameter}}
	for _, cwe := range f.CWEs {
		links = append(links, key{class: classLink, a: "dast-cwe:" + strconv.Itoa(cwe), b: u, c: m, d: l.Parameter})
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
