package snyk

import (
	"strings"

	"github.com/posturekit/posture/aspm"
)

// managerEcosystem maps Snyk's package managers onto the ecosystem words of
// aspm.PURLFromEcosystem.
var managerEcosystem = map[string]string{
	"npm": "npm", "yarn": "npm", "pnpm": "npm",
	"pip": "pypi", "pipenv": "pypi", "poetry": "pypi", "uv": "pypi",
	"maven": "maven", "gradle": "maven", "sbt": "maven",
	"gomodules": "go", "golangdep": "go", "govendor": "go", "golang": "go",
	"rubygems": "gem", "nuget": "nuget", "paket": "nuget", "composer": "composer",
	"cocoapods": "cocoapods", "hex": "hex", "swift": "swift", "cargo": "cargo", "pub": "pub",
}

// osDistros maps the distro words of Snyk's container package managers
// ("debian:11", "amzn:2") onto the ecosystem words of
// aspm.PURLFromEcosystem.
var osDistros = map[string]string{
	"debian": "debian", "ubuntu": "ubuntu", "alpine": "alpine", "wolfi": "wolfi", "chainguard": "chainguard",
	"rhel": "redhat", "redhat": "redhat", "centos": "centos", "rocky": "rocky", "alma": "almalinux", "almalinux": "almalinux",
	"amzn": "amazon", "amazon": "amazon", "oracle": "oracle", "ol": "oracle", "sles": "sles", "suse": "suse",
	"opensuse": "opensuse", "fedora": "fedora", "photon": "photon", "mariner": "mariner",
}

// idDistros maps the distro part of Snyk's OS vulnerability ids
// ("SNYK-DEBIAN11-…") onto distros, for vulnerabilities whose package
// manager is only "deb", "apk" or "rpm".
var idDistros = []struct{ prefix, distro string }{
	{"DEBIAN", "debian"}, {"UBUNTU", "ubuntu"}, {"ALPINE", "alpine"}, {"RHEL", "redhat"}, {"CENTOS", "centos"},
	{"AMZN", "amazon"}, {"ORACLE", "oracle"}, {"SLES", "sles"}, {"ROCKY", "rocky"}, {"ALMALINUX", "almalinux"},
	{"WOLFI", "wolfi"}, {"CHAINGUARD", "chainguard"},
}

// osManager reports whether a package manager is an operating system's.
func osManager(pm string) bool {
	name, _, _ := strings.Cut(strings.ToLower(pm), ":")
	switch name {
	case "deb", "apk", "rpm", "linux", "dockerfile":
		return true
	}
	_, ok := osDistros[name]
	return ok
}

// ecosystem returns the aspm.PURLFromEcosystem word for a vulnerability's
// package manager; an OS one keeps its release ("debian:11").
func ecosystem(pm, id string) string {
	pm = strings.ToLower(strings.TrimSpace(pm))
	if e, ok := managerEcosystem[pm]; ok {
		return e
	}
	name, release, _ := strings.Cut(pm, ":")
	if e, ok := osDistros[name]; ok {
		if release != "" {
			return e + ":" + release
		}
		return e
	}
	if !osManager(pm) {
		return ""
	}
	rest, ok := strings.CutPrefix(strings.ToUpper(id), "SNYK-")
	if !ok {
		return ""
	}
	for _, d := range idDistros {
		if strings.HasPrefix(rest, d.prefix) {
			return d.distro
		}
	}
	return ""
}

// component maps the vulnerable package. Snyk names an OS package
// "source/binary" ("glibc/libc6"): the binary package is the one
// installed, and the one the purl names.
func (d *decoder) component(v *vulnerability, sc *scope) *aspm.Component {
	name := v.Name
	if name == "" {
		name = v.PackageName
	}
	if name == "" {
		return nil
	}
	pm := v.PackageManager
	if pm == "" {
		pm = sc.p.PackageManager
	}
	pkg := name
	if osManager(pm) {
		if i := strings.LastIndexByte(name, '/'); i >= 0 {
			pkg = name[i+1:]
		}
	}
	eco := ecosystem(pm, v.ID)
	if eco == "" && osManager(pm) {
		eco = ecosystem(sc.baseImage, "")
	}
	c := &aspm.Component{
		Name:    pkg,
		Version: v.Version,
		PURL:    aspm.PURLFromEcosystem(eco, pkg, v.Version),
	}
	if sc.file != "" {
		c.Paths = []string{sc.file}
	}
	return c
}
