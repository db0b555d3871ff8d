package trivytype_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/trivytype"
)

// legacyTables returns the maps the leaves held, as they were: every entry
// must still map the same.
func legacyTables() (lang, osFamilies map[string]string) {
	lang = map[string]string{
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
	osFamilies = map[string]string{
		"debian": "debian", "ubuntu": "ubuntu", "alpine": "alpine", "wolfi": "wolfi", "chainguard": "chainguard",
		"redhat": "redhat", "centos": "centos", "rocky": "rocky", "alma": "almalinux", "almalinux": "almalinux",
		"amazon": "amazon", "oracle": "oracle", "photon": "photon", "fedora": "fedora",
		"cbl-mariner": "mariner", "azurelinux": "azurelinux",
		"suse linux enterprise server": "sles", "suse linux enterprise micro": "sles", "sles": "sles",
		"opensuse": "opensuse", "opensuse.leap": "opensuse", "opensuse.tumbleweed": "opensuse", "opensuse-leap": "opensuse",
	}
	return lang, osFamilies
}

func TestEcosystemTable(t *testing.T) {
	lang, osFamilies := legacyTables()
	for typ, want := range lang {
		assert.Equal(t, want, trivytype.Ecosystem(typ, "1.0"), typ)
		assert.False(t, trivytype.IsOSFamily(typ), typ)
	}
	for typ, want := range osFamilies {
		assert.Equal(t, want+":3.14", trivytype.Ecosystem(typ, "3.14"), typ)
		assert.Equal(t, want, trivytype.Ecosystem(typ, ""), typ)
		assert.True(t, trivytype.IsOSFamily(typ), typ)
	}
}

func TestEcosystem(t *testing.T) {
	tests := []struct{ typ, release, want string }{
		{" NPM ", "", "npm"},
		{"Debian", "10.4", "debian:10.4"},
		{"unknown", "1", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, trivytype.Ecosystem(tt.typ, tt.release), tt.typ)
	}
	assert.True(t, trivytype.IsOSFamily("Alpine"))
	assert.False(t, trivytype.IsOSFamily(" alpine"), "IsOSFamily does not trim, as before")
}

func TestMaskedMatch(t *testing.T) {
	const secret = "AKIAIOSFODNN7EXAMPLE"
	assert.Equal(t, "", trivytype.MaskedMatch("  "))
	assert.Equal(t, "aws_key = ****************", trivytype.MaskedMatch(" aws_key = **************** "))
	got := trivytype.MaskedMatch("aws_key = " + secret)
	assert.NotContains(t, got, secret, "an unmasked line is redacted whole")
	assert.Equal(t, aspm.RedactSecret("aws_key = "+secret), got)
}
