package sarif

import (
	"strings"

	"github.com/posturekit/posture/aspm"
)

// component names the package of an SCA finding: a purl in the result's or
// the rule's properties, else a package named by a logical location, by
// Trivy's message ("Package: …", "Installed Version: …") or by
// osv-scanner's ("Package 'name@version' …"). The purl is built from the
// ecosystem a rule tag or the manifest's file name gives.
func (rc *runCtx) component(ri *ruleInfo, resPURL, pkgName, msg string, locs []aspm.Location) (*aspm.Component, []string) {
	file := ""
	if len(locs) > 0 {
		file = locs[0].File
	}
	var c aspm.Component
	var fixed []string
	switch {
	case resPURL != "":
		c.PURL, _ = aspm.ParsePURL(resPURL)
	case !ri.purl.IsZero():
		c.PURL = ri.purl
	}
	if !c.PURL.IsZero() {
		c.Name, c.Version = c.PURL.FullName(), c.PURL.Version()
	}
	if c.PURL.IsZero() {
		switch {
		case pkgName != "":
			c.Name, c.Version = splitNameVersion(pkgName)
		case rc.flavor == flavorTrivy:
			c.Name, c.Version, fixed = trivyPackage(msg)
		case rc.flavor == flavorOSV:
			if _, rest, ok := strings.Cut(msg, "Package '"); ok {
				if nv, _, ok := strings.Cut(rest, "'"); ok {
					c.Name, c.Version = splitNameVersion(nv)
				}
			}
		}
		if c.Name == "" {
			return nil, nil
		}
		eco := ri.ecosystem
		if eco == "" {
			eco = manifestEcosystem(file)
		}
		if eco != "" {
			c.Ecosystem = eco
			c.PURL = aspm.PURLFromEcosystem(eco, c.Name, c.Version)
		}
	}
	if file != "" {
		c.Paths = []string{file}
	}
	return &c, fixed
}

// splitNameVersion splits "name@version" at its last '@' ("@scope/pkg@1.0"
// keeps its scope).
func splitNameVersion(s string) (string, string) {
	at := strings.LastIndexByte(s, '@')
	if at <= 0 {
		return s, ""
	}
	return s[:at], s[at+1:]
}

// trivyPackage reads the package, installed version and fixed versions
// from a Trivy vulnerability message.
func trivyPackage(msg string) (name, version string, fixed []string) {
	for line := range strings.Lines(msg) {
		line = strings.TrimSpace(line)
		if v, ok := strings.CutPrefix(line, "Package: "); ok {
			name = v
		} else if v, ok := strings.CutPrefix(line, "Installed Version: "); ok {
			version = v
		} else if v, ok := strings.CutPrefix(line, "Fixed Version: "); ok && v != "" {
			for _, fv := range strings.Split(v, ",") {
				if fv = strings.TrimSpace(fv); fv != "" {
					fixed = append(fixed, fv)
				}
			}
		}
	}
	return name, version, fixed
}

// secret fills the Secret of a secret finding from the region snippet
// (which holds the secret) and Gitleaks' fingerprints, and redacts the
// secret from every text the finding keeps.
func (rc *runCtx) secret(f *aspm.Finding, ruleID, snippet string, ps *propSet) {
	s := &aspm.Secret{Type: ruleID}
	if snippet != "" {
		s.Hash = aspm.SecretHash(snippet)
		s.Redacted = aspm.RedactSecret(snippet)
		redact := func(t string) string {
			if strings.Contains(t, snippet) {
				return strings.ReplaceAll(t, snippet, s.Redacted)
			}
			return t
		}
		f.Title = redact(f.Title)
		f.Description = redact(f.Description)
		for k, v := range ps.m {
			ps.m[k] = redact(v)
		}
		for k, v := range f.Fingerprints {
			f.Fingerprints[k] = redact(v)
		}
	}
	if fp := f.Fingerprints; fp != nil {
		s.Commit = fp["commitSha"]
		s.Author = fp["author"]
		s.Date = fp["date"]
	}
	f.Secret = s
}
