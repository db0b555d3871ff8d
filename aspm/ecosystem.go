package aspm

import "strings"

// PURLFromEcosystem builds a PURL for a package named in an ecosystem's own
// terms, for decoders whose input names packages without a purl. ecosystem
// is matched case-insensitively against OSV ecosystem names and the usual
// package-manager words ("npm", "PyPI"/"pip", "Go"/"golang", "Maven",
// "crates.io"/"cargo", "RubyGems"/"gem", "NuGet", "Packagist"/"composer",
// "Pub", "Hex", "Debian", "Ubuntu", "Alpine", "Red Hat", "Rocky Linux"…; a
// "Debian:11" style suffix is kept as the distro qualifier). Maven names are
// "group:artifact"; npm names may carry their "@scope/". It returns the zero
// PURL when the ecosystem is unknown or name is empty.
func PURLFromEcosystem(ecosystem, name, version string) PURL {
	name = strings.TrimSpace(name)
	if name == "" {
		return PURL{}
	}
	eco, release, _ := strings.Cut(strings.TrimSpace(ecosystem), ":")
	var quals map[string]string
	distro := func(ns string) map[string]string {
		if release == "" {
			return nil
		}
		return map[string]string{"distro": ns + "-" + release}
	}
	switch strings.ToLower(eco) {
	case "npm", "node", "nodejs", "yarn", "pnpm", "javascript", "js":
		return NewPURL("npm", "", name, version, nil)
	case "pypi", "pip", "python", "pipenv", "poetry", "pip-audit":
		return NewPURL("pypi", "", name, version, nil)
	case "go", "golang", "gomod", "gobinary":
		ns, n := splitLast(name, "/")
		return NewPURL("golang", ns, n, version, nil)
	case "maven", "java", "gradle", "jar", "sbt":
		ns, n, ok := strings.Cut(name, ":")
		if !ok {
			ns, n = splitLast(name, "/")
		}
		return NewPURL("maven", ns, n, version, nil)
	case "crates.io", "cargo", "rust":
		return NewPURL("cargo", "", name, version, nil)
	case "rubygems", "gem", "ruby", "bundler", "gemspec":
		return NewPURL("gem", "", name, version, nil)
	case "nuget", "dotnet", ".net", "dotnet-core", "dotnet-deps":
		return NewPURL("nuget", "", name, version, nil)
	case "packagist", "composer", "php":
		ns, n := splitLast(name, "/")
		return NewPURL("composer", ns, n, version, nil)
	case "pub", "dart":
		return NewPURL("pub", "", name, version, nil)
	case "hex", "erlang", "elixir", "mix":
		return NewPURL("hex", "", name, version, nil)
	case "swifturl", "swift":
		ns, n := splitLast(name, "/")
		return NewPURL("swift", ns, n, version, nil)
	case "cocoapods":
		return NewPURL("cocoapods", "", name, version, nil)
	case "conan":
		return NewPURL("conan", "", name, version, nil)
	case "cran", "r":
		return NewPURL("cran", "", name, version, nil)
	case "hackage", "haskell":
		return NewPURL("hackage", "", name, version, nil)
	case "debian":
		return NewPURL("deb", "debian", name, version, distro("debian"))
	case "ubuntu":
		return NewPURL("deb", "ubuntu", name, version, distro("ubuntu"))
	case "alpine", "wolfi", "chainguard":
		ns := strings.ToLower(eco)
		return NewPURL("apk", ns, name, version, distro(ns))
	case "red hat", "redhat", "rhel":
		return NewPURL("rpm", "redhat", name, version, quals)
	case "rocky linux", "rocky":
		return NewPURL("rpm", "rocky-linux", name, version, quals)
	case "almalinux", "alma":
		return NewPURL("rpm", "almalinux", name, version, quals)
	case "suse", "opensuse", "sles":
		return NewPURL("rpm", strings.ToLower(eco), name, version, quals)
	case "amazon", "amazon linux", "amazonlinux":
		return NewPURL("rpm", "amazon", name, version, quals)
	case "centos", "fedora", "oracle", "photon", "mariner", "azurelinux":
		return NewPURL("rpm", strings.ToLower(eco), name, version, quals)
	case "github actions", "github-actions", "actions":
		ns, n := splitLast(name, "/")
		return NewPURL("github", ns, n, version, nil)
	}
	return PURL{}
}

func splitLast(s, sep string) (string, string) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s
	}
	return s[:i], s[i+len(sep):]
}

// Ecosystem returns the OSV ecosystem name of p's package type (the
// inverse of PURLFromEcosystem for the ecosystems whose versions have rules
// of their own): "npm", "PyPI", "Go", "Maven", "crates.io", "RubyGems",
// "NuGet", "Packagist", "Pub", "Hex", "Alpine", "Red Hat", "Debian" or
// "Ubuntu"; "" for any other type and for the zero PURL.
func (p PURL) Ecosystem() string {
	switch p.Type() {
	case "npm":
		return "npm"
	case "pypi":
		return "PyPI"
	case "golang":
		return "Go"
	case "maven":
		return "Maven"
	case "cargo":
		return "crates.io"
	case "gem":
		return "RubyGems"
	case "nuget":
		return "NuGet"
	case "composer":
		return "Packagist"
	case "pub":
		return "Pub"
	case "hex":
		return "Hex"
	case "apk":
		return "Alpine"
	case "rpm":
		return "Red Hat"
	case "deb":
		if p.Namespace() == "ubuntu" {
			return "Ubuntu"
		}
		return "Debian"
	}
	return ""
}
