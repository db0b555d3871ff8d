package aspm

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"github.com/package-url/packageurl-go"
)

// MaxPURLLen bounds a package URL that ParsePURL accepts: its decoded parts
// together may hold at most MaxPURLLen bytes, and its text, which
// percent-encoding can make up to three times longer, 3*MaxPURLLen.
const MaxPURLLen = 4096

// ErrInvalidPURL is wrapped by every error ParsePURL returns.
var ErrInvalidPURL = errors.New("aspm: invalid package URL")

// PURL is a parsed, normalised package URL. It wraps
// github.com/package-url/packageurl-go and mends the places where that
// library and real scanners disagree with the purl specification:
//
//   - golang: module paths keep their case (the library lowercases them);
//   - pypi: names are normalised per PEP 503 (lower case, runs of "-", "_"
//     and "." become one "-");
//   - npm: a scope is the namespace and always starts with "@", also when a
//     tool wrote "@scope/name" as the name;
//   - deb, rpm, apk, alpm: an "epoch" qualifier is folded into the version
//     as "epoch:version"; an epoch of 0 is the same as none in keys;
//   - qualifiers are sorted; only identity-bearing ones (arch, distro,
//     maven's classifier and julia's uuid) are part of Key, and julia's uuid
//     of VersionlessKey too.
//
// The zero value is the absent PURL: IsZero reports true and String returns
// "". A PURL is one word, a reference to its immutable parsed parts, so
// that the findings, components and issues that carry one stay small. It is
// not comparable with ==: Equal reports whether two PURLs print the same,
// and Key is the identity to compare packages by. It marshals to and from
// its string form.
type PURL struct {
	_ [0]func() // not comparable: == would compare references
	p *purlParts
}

// purlParts are a PURL's parsed parts and its precomputed keys; never
// changed once built.
type purlParts struct {
	typ, namespace, name, version, qualifiers, subpath string
	key, vkey                                          string
}

// noParts stands in for the parts of the zero PURL; it is never changed.
var noParts = &purlParts{}

// parts returns p's parts, empty ones for the zero PURL.
func (p PURL) parts() *purlParts {
	if p.p == nil {
		return noParts
	}
	return p.p
}

// Equal reports whether p and q are the same package URL: they print the
// same. Compare Key values to ask whether they name the same package
// version.
func (p PURL) Equal(q PURL) bool {
	a, b := p.parts(), q.parts()
	return a == b || (a.typ == b.typ && a.namespace == b.namespace && a.name == b.name && a.version == b.version &&
		a.qualifiers == b.qualifiers && a.subpath == b.subpath)
}

var pep503 = regexp.MustCompile(`[-_.]+`)

// ParsePURL parses and normalises a package URL.
func ParsePURL(s string) (PURL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return PURL{}, fmt.Errorf("%w: empty", ErrInvalidPURL)
	}
	if len(s) > 3*MaxPURLLen {
		return PURL{}, fmt.Errorf("%w: longer than %d bytes", ErrInvalidPURL, 3*MaxPURLLen)
	}
	p, err := packageurl.FromString(s)
	if err != nil {
		return PURL{}, fmt.Errorf("%w: %q: %v", ErrInvalidPURL, s, err)
	}
	size := len(p.Type) + len(p.Namespace) + len(p.Name) + len(p.Version) + len(p.Subpath)
	for _, q := range p.Qualifiers {
		size += len(q.Key) + len(q.Value)
	}
	if size > MaxPURLLen {
		return PURL{}, fmt.Errorf("%w: parts longer than %d bytes", ErrInvalidPURL, MaxPURLLen)
	}
	if p.Type == "" || p.Name == "" {
		return PURL{}, fmt.Errorf("%w: %q: type and name are required", ErrInvalidPURL, s)
	}
	if strings.EqualFold(p.Type, packageurl.TypeGolang) {
		p.Namespace, p.Name = goModulePath(s, p.Namespace, p.Name)
	}
	out := build(p)
	if out.Name() == "" {
		return PURL{}, fmt.Errorf("%w: %q: the name is empty", ErrInvalidPURL, s)
	}
	return out, nil
}

// MustParsePURL is ParsePURL for constants in tests and examples: it returns
// the zero PURL for an invalid string instead of an error.
func MustParsePURL(s string) PURL {
	p, err := ParsePURL(s)
	if err != nil {
		return PURL{}
	}
	return p
}

// NewPURL builds a PURL from its parts and normalises it as ParsePURL does.
// qualifiers may be nil. It returns the zero PURL when typ or name is empty.
func NewPURL(typ, namespace, name, version string, qualifiers map[string]string) PURL {
	if typ == "" || name == "" {
		return PURL{}
	}
	out := build(packageurl.PackageURL{
		Type: typ, Namespace: namespace, Name: name, Version: version,
		Qualifiers: packageurl.QualifiersFromMap(qualifiers),
	})
	if out.Name() == "" {
		return PURL{}
	}
	return out
}

// goModulePath recovers the original case of a golang purl's namespace and
// name, which packageurl-go lowercases. It returns the library's values when
// the raw string cannot be split the same way.
func goModulePath(raw, ns, name string) (string, string) {
	rest := raw
	if i := strings.IndexByte(rest, '#'); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest = rest[:i]
	}
	if i := strings.IndexByte(rest, ':'); i >= 0 {
		rest = strings.TrimLeft(rest[i+1:], "/")
	}
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[i+1:] // drop the type
	} else {
		return ns, name
	}
	if i := strings.LastIndexByte(rest, '@'); i >= 0 && i > strings.LastIndexByte(rest, '/') {
		rest = rest[:i]
	}
	segs := strings.Split(strings.Trim(rest, "/"), "/")
	for i, seg := range segs {
		dec, err := url.PathUnescape(seg)
		if err != nil {
			return ns, name
		}
		segs[i] = dec
	}
	gotNS, gotName := strings.Join(segs[:len(segs)-1], "/"), segs[len(segs)-1]
	if !strings.EqualFold(gotNS, ns) || !strings.EqualFold(gotName, name) {
		return ns, name
	}
	return gotNS, gotName
}

var identityQualifiers = map[string]bool{"arch": true, "distro": true}

func build(p packageurl.PackageURL) PURL {
	p.Type = strings.ToLower(p.Type)
	switch p.Type {
	case packageurl.TypePyPi:
		p.Name = pep503.ReplaceAllString(strings.ToLower(p.Name), "-")
	case packageurl.TypeNPM:
		if p.Namespace == "" && strings.HasPrefix(p.Name, "@") {
			if i := strings.IndexByte(p.Name, '/'); i > 1 && i < len(p.Name)-1 {
				p.Namespace, p.Name = p.Name[:i], p.Name[i+1:]
			}
		}
		if p.Namespace != "" && !strings.HasPrefix(p.Namespace, "@") {
			p.Namespace = "@" + p.Namespace
		}
	case packageurl.TypeGithub, packageurl.TypeBitbucket, packageurl.TypeComposer:
		p.Namespace, p.Name = strings.ToLower(p.Namespace), strings.ToLower(p.Name)
	case packageurl.TypeDebian, packageurl.TypeRPM, packageurl.TypeApk, "alpm":
		p.Name = strings.ToLower(p.Name)
		p.Namespace = strings.ToLower(p.Namespace)
		quals := p.Qualifiers[:0:0]
		for _, q := range p.Qualifiers {
			if q.Key == "epoch" {
				if q.Value != "" && p.Version != "" && !strings.Contains(p.Version, ":") {
					p.Version = q.Value + ":" + p.Version
				}
				continue
			}
			quals = append(quals, q)
		}
		p.Qualifiers = quals
	}
	sort.Slice(p.Qualifiers, func(i, j int) bool { return p.Qualifiers[i].Key < p.Qualifiers[j].Key })
	out := &purlParts{typ: p.Type, namespace: p.Namespace, name: p.Name, version: p.Version, subpath: p.Subpath}
	if len(p.Qualifiers) > 0 {
		out.qualifiers = p.Qualifiers.String()
	}

	// The identity key: versions without a zero epoch, identity qualifiers
	// only, case folded where the ecosystem ignores case.
	kp := packageurl.PackageURL{Type: p.Type, Namespace: p.Namespace, Name: p.Name, Subpath: p.Subpath}
	if p.Type == packageurl.TypeNuget {
		kp.Name = strings.ToLower(kp.Name)
	}
	vp := packageurl.PackageURL{Type: kp.Type, Namespace: kp.Namespace, Name: kp.Name}
	// A Julia package is its name and uuid: two registries' packages may
	// share a name.
	for _, q := range p.Qualifiers {
		if p.Type == "julia" && q.Key == "uuid" && q.Value != "" {
			vp.Qualifiers = append(vp.Qualifiers, q)
		}
	}
	out.vkey = vp.ToString()
	kp.Version = p.Version
	switch p.Type {
	case packageurl.TypeDebian, packageurl.TypeRPM, packageurl.TypeApk, "alpm":
		kp.Version = strings.TrimPrefix(kp.Version, "0:")
	}
	for _, q := range p.Qualifiers {
		if identityQualifiers[q.Key] || (p.Type == packageurl.TypeMaven && q.Key == "classifier") ||
			(p.Type == "julia" && q.Key == "uuid" && q.Value != "") {
			kp.Qualifiers = append(kp.Qualifiers, q)
		}
	}
	out.key = kp.ToString()
	return PURL{p: out}
}

// IsZero reports whether p is the absent PURL.
func (p PURL) IsZero() bool { return p.p == nil }

// Type returns the package type ("npm", "maven", "deb"), lower case.
func (p PURL) Type() string { return p.parts().typ }

// Namespace returns the namespace (Maven group, npm scope, Go module path
// prefix, distribution), "" when there is none.
func (p PURL) Namespace() string { return p.parts().namespace }

// Name returns the package name.
func (p PURL) Name() string { return p.parts().name }

// Version returns the version, with any epoch folded in, "" when unsaid.
func (p PURL) Version() string { return p.parts().version }

// Subpath returns the subpath, "" when there is none.
func (p PURL) Subpath() string { return p.parts().subpath }

// Qualifier returns the value of qualifier k, "" when it is absent.
func (p PURL) Qualifier(k string) string {
	for kv := range strings.SplitSeq(p.parts().qualifiers, "&") {
		key, v, _ := strings.Cut(kv, "=")
		if key == k {
			dec, err := url.QueryUnescape(v)
			if err != nil {
				return v
			}
			return dec
		}
	}
	return ""
}

// FullName returns namespace and name joined as the ecosystem writes them:
// "group:artifact" for Maven, "namespace/name" elsewhere.
func (p PURL) FullName() string {
	q := p.parts()
	switch {
	case q.namespace == "":
		return q.name
	case q.typ == packageurl.TypeMaven:
		return q.namespace + ":" + q.name
	}
	return q.namespace + "/" + q.name
}

// String returns the canonical package URL with every qualifier.
func (p PURL) String() string {
	if p.IsZero() {
		return ""
	}
	pu := p.pkg()
	return pu.ToString()
}

// pkg rebuilds the library value from the stored parts.
func (p PURL) pkg() packageurl.PackageURL {
	q := p.parts()
	pu := packageurl.PackageURL{Type: q.typ, Namespace: q.namespace, Name: q.name, Version: q.version, Subpath: q.subpath}
	if q.qualifiers == "" {
		return pu
	}
	for kv := range strings.SplitSeq(q.qualifiers, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if dec, err := url.QueryUnescape(v); err == nil {
			v = dec
		}
		pu.Qualifiers = append(pu.Qualifiers, packageurl.Qualifier{Key: k, Value: v})
	}
	return pu
}

// Key returns the normalised identity of the package version: type,
// namespace, name, version (a zero epoch dropped), subpath and the
// identity-bearing qualifiers (arch, distro; maven classifier; julia uuid).
// Two PURLs with equal keys name the same package version.
func (p PURL) Key() string { return p.parts().key }

// VersionlessKey returns the identity of the package across its versions:
// type, namespace and name only.
func (p PURL) VersionlessKey() string { return p.parts().vkey }

// WithVersion returns p with its version replaced.
func (p PURL) WithVersion(v string) PURL {
	if p.IsZero() {
		return p
	}
	pu := p.pkg()
	pu.Version = v
	return build(pu)
}

// MarshalText implements encoding.TextMarshaler.
func (p PURL) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler; "" gives the zero PURL.
func (p *PURL) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = PURL{}
		return nil
	}
	q, err := ParsePURL(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}
