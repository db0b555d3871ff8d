package trivytype

import "strings"

// langEcosystem maps Trivy's language result types onto the ecosystem
// words of aspm.PURLFromEcosystem.
func langEcosystem(typ string) (string, bool) {
	switch typ {
	case "npm", "yarn", "pnpm", "bun", "node-pkg", "javascript":
		return "npm", true
	case "pip", "pipenv", "poetry", "uv", "python-pkg":
		return "pypi", true
	case "gomod", "gobinary":
		return "go", true
	case "jar", "pom", "gradle", "sbt":
		return "maven", true
	case "cargo", "rustbinary":
		return "cargo", true
	case "composer", "composer-vendor":
		return "composer", true
	case "bundler", "gemspec":
		return "gem", true
	case "nuget", "dotnet-core", "packages-props":
		return "nuget", true
	case "conan", "cocoapods", "swift", "pub", "hex":
		return typ, true
	case "mix-lock":
		return "hex", true
	}
	return "", false
}

// osEcosystem maps Trivy's OS families onto the ecosystem words of
// aspm.PURLFromEcosystem.
func osEcosystem(typ string) (string, bool) {
	switch typ {
	case "debian", "ubuntu", "alpine", "wolfi", "chainguard", "redhat", "centos", "rocky", "almalinux",
		"amazon", "oracle", "photon", "fedora", "azurelinux", "sles", "opensuse":
		return typ, true
	case "alma":
		return "almalinux", true
	case "cbl-mariner":
		return "mariner", true
	case "suse linux enterprise server", "suse linux enterprise micro":
		return "sles", true
	case "opensuse.leap", "opensuse.tumbleweed", "opensuse-leap":
		return "opensuse", true
	}
	return "", false
}

// IsOSFamily reports whether a result type names an operating system
// family (case is ignored).
func IsOSFamily(typ string) bool {
	_, ok := osEcosystem(strings.ToLower(typ))
	return ok
}

// Ecosystem returns the aspm.PURLFromEcosystem word for a result type
// (case and surrounding space ignored), or "" for a type it does not know.
// For an OS family it appends the release (":10.4") so that deb and apk
// purls carry the distro qualifier Trivy itself writes.
func Ecosystem(typ, osRelease string) string {
	typ = strings.ToLower(strings.TrimSpace(typ))
	if e, ok := langEcosystem(typ); ok {
		return e
	}
	if e, ok := osEcosystem(typ); ok {
		if osRelease != "" {
			return e + ":" + osRelease
		}
		return e
	}
	return ""
}
