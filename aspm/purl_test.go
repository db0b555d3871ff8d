package aspm_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
)

func TestParsePURL(t *testing.T) {
	tests := []struct {
		name, in              string
		str, key, vkey        string
		ns, pkg, ver, subpath string
	}{
		// purl-spec test-suite cases for the types we meet (tests/types/*-test.json).
		{name: "spec golang subpath canonical", in: "pkg:GOLANG/google.golang.org/genproto#/googleapis/api/annotations/",
			str: "pkg:golang/google.golang.org/genproto#googleapis/api/annotations", ns: "google.golang.org", pkg: "genproto", subpath: "googleapis/api/annotations",
			key: "pkg:golang/google.golang.org/genproto#googleapis/api/annotations", vkey: "pkg:golang/google.golang.org/genproto"},
		{name: "spec golang version and subpath", in: "pkg:GOLANG/google.golang.org/genproto@abcdedf#/googleapis/api/annotations/",
			str: "pkg:golang/google.golang.org/genproto@abcdedf#googleapis/api/annotations", ns: "google.golang.org", pkg: "genproto", ver: "abcdedf", subpath: "googleapis/api/annotations"},
		{name: "spec golang plain", in: "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c",
			str: "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c", ns: "github.com/gorilla", pkg: "context", ver: "234fd47e07d1004f0aed9c"},
		{name: "spec pypi PEP 503", in: "pkg:pypi/My.PyPI_.--._Package@1.11.1.dev1",
			str: "pkg:pypi/my-pypi-package@1.11.1.dev1", pkg: "my-pypi-package", ver: "1.11.1.dev1", key: "pkg:pypi/my-pypi-package@1.11.1.dev1", vkey: "pkg:pypi/my-pypi-package"},
		{name: "spec pypi qualifier kept in string not key", in: "pkg:pypi/django@1.11.1?filename=Django-1.11.1.tar.gz",
			str: "pkg:pypi/django@1.11.1?filename=Django-1.11.1.tar.gz", pkg: "django", ver: "1.11.1", key: "pkg:pypi/django@1.11.1"},
		{name: "spec npm scope", in: "pkg:npm/%40angular/animation@12.3.1",
			str: "pkg:npm/%40angular/animation@12.3.1", ns: "@angular", pkg: "animation", ver: "12.3.1", vkey: "pkg:npm/%40angular/animation"},
		{name: "spec rpm", in: "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25",
			str: "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25", ns: "fedora", pkg: "curl", ver: "7.50.3-1.fc25",
			key: "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386&distro=fedora-25", vkey: "pkg:rpm/fedora/curl"},
		{name: "spec deb", in: "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
			str: "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie", ns: "debian", pkg: "curl", ver: "7.50.3-1"},
		{name: "spec apk", in: "pkg:apk/alpine/curl@7.83.0-r0?arch=x86",
			str: "pkg:apk/alpine/curl@7.83.0-r0?arch=x86", ns: "alpine", pkg: "curl", ver: "7.83.0-r0", key: "pkg:apk/alpine/curl@7.83.0-r0?arch=x86"},

		// posture's own normalisation.
		{name: "golang keeps case", in: "pkg:golang/github.com/Sirupsen/Logrus@v1.0.0",
			str: "pkg:golang/github.com/Sirupsen/Logrus@v1.0.0", ns: "github.com/Sirupsen", pkg: "Logrus", ver: "v1.0.0",
			key: "pkg:golang/github.com/Sirupsen/Logrus@v1.0.0", vkey: "pkg:golang/github.com/Sirupsen/Logrus"},
		{name: "golang escaped path keeps case", in: "pkg:golang/github.com%2FAzure/azure-sdk-for-go@v1",
			ns: "github.com/Azure", pkg: "azure-sdk-for-go", ver: "v1"},
		{name: "npm scope literal at", in: "pkg:npm/@babel/core@7.0.0", str: "pkg:npm/%40babel/core@7.0.0", ns: "@babel", pkg: "core"},
		{name: "npm scope written into the name", in: "pkg:npm/%40babel%2Fcore@7.0.0", ns: "@babel", pkg: "core", key: "pkg:npm/%40babel/core@7.0.0"},
		{name: "deb epoch qualifier folded", in: "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie&epoch=1",
			str: "pkg:deb/debian/curl@1:7.50.3-1?arch=i386&distro=jessie", ver: "1:7.50.3-1",
			key: "pkg:deb/debian/curl@1:7.50.3-1?arch=i386&distro=jessie"},
		{name: "rpm zero epoch is no epoch in key", in: "pkg:rpm/redhat/openssl@1.1.1k-5.el8?epoch=0",
			ver: "0:1.1.1k-5.el8", key: "pkg:rpm/redhat/openssl@1.1.1k-5.el8"},
		{name: "apk epoch already in version", in: "pkg:apk/alpine/busybox@1:1.36.1-r2?epoch=1", ver: "1:1.36.1-r2"},
		{name: "qualifiers sorted, only identity ones keyed", in: "pkg:deb/ubuntu/zlib1g@1.2.11?repository_url=x&distro=ubuntu-20.04&arch=amd64",
			str: "pkg:deb/ubuntu/zlib1g@1.2.11?arch=amd64&distro=ubuntu-20.04&repository_url=x",
			key: "pkg:deb/ubuntu/zlib1g@1.2.11?arch=amd64&distro=ubuntu-20.04"},
		{name: "julia uuid is identity", in: "pkg:julia/Example@0.5.4?uuid=7876af07-990d-54b4-ab0e-23690620f79a&repository_url=https://example.com",
			key: "pkg:julia/Example@0.5.4?uuid=7876af07-990d-54b4-ab0e-23690620f79a", vkey: "pkg:julia/Example?uuid=7876af07-990d-54b4-ab0e-23690620f79a"},
		{name: "maven classifier is identity, type is not", in: "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?type=pom&classifier=sources",
			key: "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?classifier=sources", vkey: "pkg:maven/org.apache.xmlgraphics/batik-anim"},
		{name: "nuget name case folded in key only", in: "pkg:nuget/EnterpriseLibrary.Common@6.0.1304",
			str: "pkg:nuget/EnterpriseLibrary.Common@6.0.1304", key: "pkg:nuget/enterpriselibrary.common@6.0.1304"},
		{name: "github lower case", in: "pkg:GitHub/Package-URL/purl-spec@244fd47", str: "pkg:github/package-url/purl-spec@244fd47"},
		{name: "surrounding space", in: "  pkg:cargo/rand@0.7.2\n", str: "pkg:cargo/rand@0.7.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := aspm.ParsePURL(tt.in)
			require.NoError(t, err)
			if tt.str != "" {
				assert.Equal(t, tt.str, p.String(), "String")
			}
			if tt.key != "" {
				assert.Equal(t, tt.key, p.Key(), "Key")
			}
			if tt.vkey != "" {
				assert.Equal(t, tt.vkey, p.VersionlessKey(), "VersionlessKey")
			}
			if tt.ns != "" {
				assert.Equal(t, tt.ns, p.Namespace(), "Namespace")
			}
			if tt.pkg != "" {
				assert.Equal(t, tt.pkg, p.Name(), "Name")
			}
			if tt.ver != "" {
				assert.Equal(t, tt.ver, p.Version(), "Version")
			}
			if tt.subpath != "" {
				assert.Equal(t, tt.subpath, p.Subpath(), "Subpath")
			}
			// Printing and parsing again is stable.
			again, err := aspm.ParsePURL(p.String())
			require.NoError(t, err)
			assert.Equal(t, p, again, "round trip")
		})
	}
}

func TestParsePURLInvalid(t *testing.T) {
	for _, in := range []string{
		"", "   ", "not a purl", "pkg:", "pkg:npm", "pkg:/name@1", "http://example.com/x",
		// purl-spec: the golang type requires a namespace only as a warning, so it parses; these are
		// structurally invalid.
		"pkg:maven/@1.0", "pkg:npm/%zz@1",
		"pkg:npm/" + strings.Repeat("a", aspm.MaxPURLLen),
		"pkg:npm/a@1?q=" + strings.Repeat("%09", aspm.MaxPURLLen),
	} {
		_, err := aspm.ParsePURL(in)
		assert.ErrorIs(t, err, aspm.ErrInvalidPURL, "%q", in)
	}
}

func TestPURLEquivalence(t *testing.T) {
	same := [][]string{
		{"pkg:pypi/Django_Allauth@0.51.0", "pkg:pypi/django-allauth@0.51.0", "pkg:PyPI/django.allauth@0.51.0"},
		{"pkg:deb/debian/openssl@1.1.1n-0+deb11u3?arch=amd64&epoch=0", "pkg:deb/debian/openssl@1.1.1n-0+deb11u3?arch=amd64"},
		{"pkg:npm/%40types/node@18.0.0", "pkg:npm/@types/node@18.0.0"},
		{"pkg:deb/debian/openssl@1.1.1n-0+deb11u3", "pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u3"},
		{"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?type=jar"},
	}
	for _, group := range same {
		first := aspm.MustParsePURL(group[0])
		require.False(t, first.IsZero(), group[0])
		for _, s := range group[1:] {
			assert.Equal(t, first.Key(), aspm.MustParsePURL(s).Key(), "%s vs %s", group[0], s)
		}
	}
	// Different versions share the versionless key only.
	a, b := aspm.MustParsePURL("pkg:npm/lodash@4.17.15"), aspm.MustParsePURL("pkg:npm/lodash@4.17.21")
	assert.NotEqual(t, a.Key(), b.Key())
	assert.Equal(t, a.VersionlessKey(), b.VersionlessKey())
	// Go module paths differing in case are different modules.
	assert.NotEqual(t, aspm.MustParsePURL("pkg:golang/github.com/Sirupsen/logrus@v1").Key(), aspm.MustParsePURL("pkg:golang/github.com/sirupsen/logrus@v1").Key())
}

func TestPURLHelpers(t *testing.T) {
	p := aspm.MustParsePURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1?classifier=x&type=jar")
	assert.Equal(t, "org.apache.logging.log4j:log4j-core", p.FullName())
	assert.Equal(t, "jar", p.Qualifier("type"))
	assert.Equal(t, "", p.Qualifier("missing"))
	q := p.WithVersion("2.17.1")
	assert.Equal(t, "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1?classifier=x&type=jar", q.String())
	assert.Equal(t, p.VersionlessKey(), q.VersionlessKey())
	var zero aspm.PURL
	assert.True(t, zero.IsZero())
	assert.Equal(t, "", zero.String())
	assert.True(t, zero.WithVersion("1").IsZero())
	assert.True(t, aspm.NewPURL("", "", "x", "1", nil).IsZero())
}

func TestPURLJSON(t *testing.T) {
	type wrap struct {
		P aspm.PURL `json:"p,omitzero"`
	}
	b, err := json.Marshal(wrap{P: aspm.MustParsePURL("pkg:npm/%40scope/pkg@1.0.0")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"p":"pkg:npm/%40scope/pkg@1.0.0"}`, string(b))
	var back wrap
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, "pkg:npm/%40scope/pkg@1.0.0", back.P.String())
	b, err = json.Marshal(wrap{})
	require.NoError(t, err)
	assert.JSONEq(t, `{}`, string(b))
	assert.Error(t, json.Unmarshal([]byte(`{"p":"nonsense"}`), &back))
}

func TestPURLFromEcosystem(t *testing.T) {
	tests := []struct{ eco, name, ver, want string }{
		{"npm", "@babel/core", "7.0.0", "pkg:npm/%40babel/core@7.0.0"},
		{"PyPI", "Django_Allauth", "0.51.0", "pkg:pypi/django-allauth@0.51.0"},
		{"pip", "PyYAML", "5.3", "pkg:pypi/pyyaml@5.3"},
		{"Go", "github.com/Masterminds/goutils", "v1.1.0", "pkg:golang/github.com/Masterminds/goutils@v1.1.0"},
		{"Maven", "org.apache.logging.log4j:log4j-core", "2.14.1", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"},
		{"crates.io", "rand", "0.7.2", "pkg:cargo/rand@0.7.2"},
		{"RubyGems", "rails", "6.0.0", "pkg:gem/rails@6.0.0"},
		{"NuGet", "Newtonsoft.Json", "12.0.1", "pkg:nuget/Newtonsoft.Json@12.0.1"},
		{"Packagist", "symfony/http-kernel", "4.4.0", "pkg:composer/symfony/http-kernel@4.4.0"},
		{"Debian:11", "openssl", "1.1.1n-0+deb11u3", "pkg:deb/debian/openssl@1.1.1n-0%2Bdeb11u3?distro=debian-11"},
		{"Alpine", "busybox", "1.36.1-r2", "pkg:apk/alpine/busybox@1.36.1-r2"},
		{"unknown-eco", "x", "1", ""},
		{"npm", "", "1", ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, aspm.PURLFromEcosystem(tt.eco, tt.name, tt.ver).String(), "%s %s", tt.eco, tt.name)
	}
}

func FuzzParsePURL(f *testing.F) {
	for _, s := range []string{
		"pkg:npm/%40angular/animation@12.3.1", "pkg:golang/github.com/Sirupsen/Logrus@v1.0.0#sub/pkg",
		"pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie&epoch=1", "pkg:pypi/My.PyPI_.--._Package@1.11.1.dev1",
		"pkg:maven/org.apache/foo@1.0?classifier=x&type=jar", "pkg:rpm/fedora/curl@7.50.3-1.fc25?arch=i386",
		"pkg:npm/%40babel%2Fcore@7", "pkg:golang/%zz", "pkg:apk/alpine/x@1:2?epoch=3",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := aspm.ParsePURL(s)
		if err != nil {
			return
		}
		if p.IsZero() || p.Key() == "" || p.VersionlessKey() == "" {
			t.Fatalf("valid PURL %q has an empty part: %#v", s, p)
		}
		// Canonical form is a fixed point: parse(String()) gives the same key.
		again, err := aspm.ParsePURL(p.String())
		if err != nil {
			t.Fatalf("String() of %q does not parse: %q: %v", s, p.String(), err)
		}
		if again.Key() != p.Key() {
			t.Fatalf("key changed on round trip: %q -> %q vs %q", s, p.Key(), again.Key())
		}
	})
}

func TestPURLEqual(t *testing.T) {
	a := aspm.MustParsePURL("pkg:npm/%40scope/left-pad@1.3.0?arch=x86")
	tests := []struct {
		name string
		q    aspm.PURL
		want bool
	}{
		{"same value", a, true},
		{"parsed again", aspm.MustParsePURL("pkg:npm/@scope/left-pad@1.3.0?arch=x86"), true},
		{"other version", aspm.MustParsePURL("pkg:npm/@scope/left-pad@1.3.1?arch=x86"), false},
		{"other qualifier", aspm.MustParsePURL("pkg:npm/@scope/left-pad@1.3.0?arch=arm64"), false},
		{"no qualifier", aspm.MustParsePURL("pkg:npm/@scope/left-pad@1.3.0"), false},
		{"zero", aspm.PURL{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, a.Equal(tt.q))
			assert.Equal(t, tt.want, tt.q.Equal(a), "symmetric")
		})
	}
	assert.True(t, aspm.PURL{}.Equal(aspm.PURL{}), "zero equals zero")
	assert.Equal(t, "", aspm.PURL{}.Key(), "zero key")
}

func TestPURLEcosystem(t *testing.T) {
	for purl, want := range map[string]string{
		"pkg:npm/lodash@4.17.15":                 "npm",
		"pkg:pypi/django@4.2":                    "PyPI",
		"pkg:golang/github.com/a/b@v1.0.0":       "Go",
		"pkg:maven/org.apache/log4j-core@2.14.1": "Maven",
		"pkg:cargo/serde@1.0.0":                  "crates.io",
		"pkg:deb/ubuntu/openssl@3.0.2":           "Ubuntu",
		"pkg:deb/debian/openssl@3.0.11":          "Debian",
		"pkg:apk/alpine/busybox@1.36.1-r2":       "Alpine",
		"pkg:rpm/redhat/openssl@3.0.7":           "Red Hat",
		"pkg:generic/thing@1":                    "",
	} {
		p := aspm.MustParsePURL(purl)
		assert.Equal(t, want, p.Ecosystem(), purl)
		if want != "" {
			assert.Equal(t, p.Type(), aspm.PURLFromEcosystem(want, "x", "").Type(), "round trip %s", want)
		}
	}
	assert.Equal(t, "", aspm.PURL{}.Ecosystem())
}
