package sarif

import (
	"net/url"
	"slices"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"
)

// maxBaseChain bounds how many uriBaseId links are followed, so that a
// cycle in originalUriBaseIds cannot loop.
const maxBaseChain = 8

// paths resolves a run's artifact locations to the files posture reports.
type paths struct {
	bases     map[string]*gosarif.ArtifactLocation
	artifacts []*artifact
	// roots are the run's absolute base directories (originalUriBaseIds
	// that resolve to an absolute URI, and the invocations' working
	// directories) in canonical form with a trailing slash.
	roots []string
}

func newPaths(r *run) *paths {
	p := &paths{bases: r.OriginalUriBaseIDs, artifacts: r.Artifacts}
	for id := range r.OriginalUriBaseIDs {
		if abs, ok := p.absoluteBase(id); ok {
			p.addRoot(abs)
		}
	}
	for _, inv := range r.Invocations {
		if inv != nil && inv.WorkingDirectory != nil && inv.WorkingDirectory.URI != nil {
			p.addRoot(*inv.WorkingDirectory.URI)
		}
	}
	// Longest first, so that the deepest base wins.
	slices.SortFunc(p.roots, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	p.roots = slices.Compact(p.roots)
	return p
}

func (p *paths) addRoot(uri string) {
	c := canonical(strings.TrimSpace(uri))
	if c == "" || !isAbsolute(c) {
		return
	}
	if !strings.HasSuffix(c, "/") {
		c += "/"
	}
	p.roots = append(p.roots, c)
}

// absoluteBase follows the chain of base id and reports the absolute URI it
// ends in, with the relative parts joined on.
func (p *paths) absoluteBase(id string) (string, bool) {
	rel := ""
	for range maxBaseChain {
		b := p.bases[id]
		if b == nil || b.URI == nil {
			return "", false
		}
		u := strings.TrimSpace(*b.URI)
		if isAbsolute(u) {
			return joinURI(u, rel), true
		}
		rel = joinURI(u, rel)
		if b.URIBaseId == nil {
			return "", false
		}
		id = *b.URIBaseId
	}
	return "", false
}

// file returns the path of an artifact location: relative to the run's
// root when the URI is relative to a base (the relative parts of the base
// chain joined on), relative to a root when an absolute URI lies under one,
// and otherwise the URI as given.
func (p *paths) file(loc *gosarif.ArtifactLocation) string {
	if loc == nil {
		return ""
	}
	uri, base := loc.URI, loc.URIBaseId
	if uri == nil && loc.Index != nil && *loc.Index < uint(len(p.artifacts)) {
		if a := p.artifacts[*loc.Index]; a != nil && a.Location != nil {
			uri, base = a.Location.URI, a.Location.URIBaseId
		}
	}
	if uri == nil {
		return ""
	}
	u := strings.TrimSpace(*uri)
	if u == "" {
		return ""
	}
	if isAbsolute(u) {
		c := canonical(u)
		for _, r := range p.roots {
			if strings.HasPrefix(c, r) && len(c) > len(r) {
				return cleanRelative(c[len(r):])
			}
		}
		return u
	}
	if base != nil && len(p.bases) > 0 {
		id := *base
		for range maxBaseChain {
			b := p.bases[id]
			if b == nil || b.URI == nil {
				break
			}
			bu := strings.TrimSpace(*b.URI)
			if bu == "" || isAbsolute(bu) {
				break
			}
			u = joinURI(bu, u)
			if b.URIBaseId == nil {
				break
			}
			id = *b.URIBaseId
		}
	}
	return cleanRelative(u)
}

// isAbsolute reports whether u is an absolute URI or path: it has a scheme
// ("file:", "https:"), starts with a slash, or names a Windows drive.
func isAbsolute(u string) bool {
	if u == "" {
		return false
	}
	if u[0] == '/' || u[0] == '\\' {
		return true
	}
	for i := 0; i < len(u); i++ {
		c := u[i]
		switch {
		case c == ':':
			return i > 0
		case isAlnum(c) || (i > 0 && (c == '+' || c == '-' || c == '.')):
		default:
			return false
		}
	}
	return false
}

// canonical turns a file URI or an absolute path into one comparable form:
// percent-escapes decoded, backslashes made slashes, "file://" dropped
// (keeping a host, if any), a Windows drive letter lower-cased.
func canonical(u string) string {
	if strings.IndexByte(u, '%') >= 0 {
		if d, err := url.PathUnescape(u); err == nil {
			u = d
		}
	}
	if strings.IndexByte(u, '\\') >= 0 {
		u = strings.ReplaceAll(u, "\\", "/")
	}
	if len(u) >= 5 && strings.EqualFold(u[:5], "file:") {
		u = u[5:]
		if strings.HasPrefix(u, "//") {
			u = u[2:]
			if !strings.HasPrefix(u, "/") {
				u = "//" + u // a host
			}
		}
	}
	// "/C:/src" and "C:/src" are the same directory.
	if len(u) >= 3 && u[0] == '/' && isAlpha(u[1]) && u[2] == ':' {
		u = u[1:]
	}
	if len(u) >= 2 && isAlpha(u[0]) && u[1] == ':' {
		u = strings.ToLower(u[:1]) + u[1:]
	}
	return u
}

// cleanRelative tidies a relative path: escapes decoded, slashes forward,
// no leading "./".
func cleanRelative(u string) string {
	if strings.IndexByte(u, '%') >= 0 {
		if d, err := url.PathUnescape(u); err == nil {
			u = d
		}
	}
	if strings.IndexByte(u, '\\') >= 0 {
		u = strings.ReplaceAll(u, "\\", "/")
	}
	for strings.HasPrefix(u, "./") {
		u = u[2:]
	}
	return u
}

// joinURI joins a relative reference onto a base directory URI.
func joinURI(base, rel string) string {
	if rel == "" {
		return base
	}
	if base == "" {
		return rel
	}
	if !strings.HasSuffix(base, "/") {
		base += "/"
	}
	return base + strings.TrimPrefix(rel, "./")
}
