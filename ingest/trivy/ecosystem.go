package trivy

import "strings"

// langEcosystem maps Trivy's language result types onto the ecosystem words
// of aspm.PURLFromEcosystem.
var langEcosystem = map[string]string{
	"npm": "npm", "yarn": "npm", "pnpm": "npm", "bun": "npm", "node-pkg": "npm", "javascript": "npm",
	"pip": "pypi", "pipenv": "pypi", "poetry": "pypi", "uv": "pypi", "python-pkg": "pypi",
	"gomod": "go", "gobinary": "go",
	"jar": "maven", "pom": "maven", "gradle": "maven", "sbt": "maven",
	"cargo": "cargo", "rustbinary": "cargo",
	"composer": "composer", "composer-vendor": "composer",
	"bundler": "gem", "gemspec": "gem",
	"nuget": "nuget", "dotnet-core": "nuget", "packages-props": "nuget",
	"conan": "conan", "cocoapods": "cocoapods", "swift": "swift", "pub": "pub",
	"hex": "hex", "mix-lock": "hex",
}

// osEcosystem maps Trivy's OS families onto the ecosystem words of
// aspm.PURLFromEcosystem.
var osEcosystem = map[string]string{
	"debian": "debian", "ubuntu": "ubuntu", "alpine": "alpine", "wolfi": "wolfi", "chainguard": "chainguard",
	"redhat": "redhat", "centos": "centos", "rocky": "rocky", "alma": "almalinux", "almalinux": "almalinux",
	"amazon": "amazon", "oracle": "oracle", "photon": "photon", "fedora": "fedora",
	"cbl-mariner": "mariner", "azurelinux": "azurelinux",
	"suse linux enterprise server": "sles", "suse linux enterprise micro": "sles", "sles": "sles",
	"opensuse": "opensuse", "opensuse.leap": "opensuse", "opensuse.tumbleweed": "opensuse", "opensuse-leap": "opensuse",
}

// isOSFamily reports whether a result type names an operating system.
func isOSFamily(typ string) bool {
	_, ok := osEcosystem[strings.ToLower(typ)]
	return ok
}

// ecosystem returns the aspm.PURLFromEcosystem word for a result type; for
// an OS family it appends the release (":10.4") so that deb and apk purls
// carry the distro qualifier Trivy itself writes.
func ecosystem(typ, osRelease string) string {
	typ = strings.ToLower(strings.TrimSpace(typ))
	if e, ok := langEcosystem[typ]; ok {
		return e
	}
	if e, ok := osEcosystem[typ]; ok {
		if osRelease != "" {
			return e + ":" + osRelease
		}
		return e
	}
	return ""
}

// splitTarget splits an OS result target "alpine:3.14 (alpine 3.14.0)" into
// the image or path before the parentheses and the family and release in
// them. ok is false when the target has no such suffix.
func splitTarget(target string) (name, family, release string, ok bool) {
	target = strings.TrimSpace(target)
	if !strings.HasSuffix(target, ")") {
		return target, "", "", false
	}
	i := strings.LastIndex(target, " (")
	if i < 0 {
		return target, "", "", false
	}
	inner := target[i+2 : len(target)-1]
	j := strings.LastIndexByte(inner, ' ')
	if j <= 0 {
		return target, "", "", false
	}
	return target[:i], inner[:j], inner[j+1:], true
}
