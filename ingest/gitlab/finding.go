package gitlab

import (
	"encoding/json"
	"maps"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/redact"
)

// mapper turns a report's vulnerabilities into findings.
type mapper struct {
	lim      decode.Limits
	doc      *aspm.Document
	typ      reportType
	files    map[string]string // package manager ecosystem by dependency file
	fixes    map[string]string // remediation summary by vulnerability id
	analyzer string
}

// vulnIDTypes are the identifier types that name a vulnerability (as
// opposed to a scanner's rule or a weakness class).
var vulnIDTypes = []string{"cve", "ghsa", "osv", "gms", "pysec", "rustsec", "go", "usn", "dsa", "dla", "rhsa", "alas", "elsa", "suse", "alpine", "debian", "ubuntu"}

// secretRuleTypes are identifier types of secret detectors, whose findings
// GitLab's older SAST reports carried.
var secretRuleTypes = []string{"gitleaks_rule_id", "trufflehog_rule_id"}

var (
	reGMS      = regexp.MustCompile(`(?i)\b(GMS-\d{4}-\d+)\b`)
	reGemDB    = regexp.MustCompile(`gemnasium-db/(?:-/)?(?:blob|tree)/[^/]+/([a-z]+)/`)
	reSolution = regexp.MustCompile(`(?i)^upgrade\s+(?:\S+\s+)?(?:from\s+\S+\s+)?to\s+(?:versions?\s+)?(.+?)(?:\s+or\s+(?:above|later|higher|newer))?\.?$`)
	reVersion  = regexp.MustCompile(`^v?\d[\w.+~:-]*$`)
	reOS       = regexp.MustCompile(`^([a-z][a-z ]*?)[ :]+v?(\d[\w.]*)$`)
)

func (m *mapper) finding(v *vulnerability, members map[string]json.RawMessage, typ reportType) aspm.Finding {
	lim := m.lim
	f := aspm.Finding{
		Kind:         typ.kind(),
		RuleName:     strings.TrimSpace(v.Name),
		Description:  decode.Clip(v.Description, lim.MaxText),
		Severity:     aspm.ParseSeverity(v.Severity),
		ToolSeverity: v.Severity,
		Confidence:   v.Confidence,
	}
	if v.Scanner != nil && v.Scanner.Name != "" && !strings.EqualFold(v.Scanner.Name, m.doc.Source.Tool.Name) {
		f.Tool = aspm.Tool{Name: v.Scanner.Name}
	}

	// identifiers: vulnerability ids, weaknesses, and the scanner's rule
	var vulnIDs, cweTexts []string
	for _, id := range v.Identifiers {
		t := strings.ToLower(strings.TrimSpace(string(id.Type)))
		name, value, url := string(id.Name), string(id.Value), string(id.URL)
		val := decode.FirstNonEmpty(value, name)
		switch {
		case t == "cwe":
			cweTexts = append(cweTexts, name)
			if n, err := strconv.Atoi(strings.TrimSpace(value)); err == nil && n > 0 {
				cweTexts = append(cweTexts, "CWE-"+strconv.Itoa(n))
			} else {
				cweTexts = append(cweTexts, value)
			}
		case slices.Contains(vulnIDTypes, t):
			vulnIDs = append(vulnIDs, val)
		case f.Rule == "":
			f.Rule = val
			if slices.Contains(secretRuleTypes, t) && typ == typeSAST {
				f.Kind = aspm.KindSecret
			}
		default:
			if val != "" {
				f.Tags = append(f.Tags, t+":"+val)
			}
		}
		if val != "" && (t == "cve" || t == "ghsa" || t == "osv") {
			f.References = addRef(f.References, url)
		}
	}
	if aspm.IsCVE(v.CVE) {
		vulnIDs = append(vulnIDs, v.CVE)
	}
	if aspm.IsCVE(v.ID) {
		vulnIDs = append(vulnIDs, v.ID)
	}
	if len(vulnIDs) == 0 {
		// Gemnasium names its advisories GMS-YYYY-N in its database URLs
		for _, id := range v.Identifiers {
			if mm := reGMS.FindStringSubmatch(string(id.URL)); mm != nil && strings.EqualFold(string(id.Type), "gemnasium") {
				vulnIDs = append(vulnIDs, strings.ToUpper(mm[1]))
				break
			}
		}
	}
	var ids []string
	for _, id := range vulnIDs {
		if id = strings.TrimSpace(id); id != "" && !slices.Contains(ids, aspm.NormalizeVulnID(id)) {
			ids = append(ids, aspm.NormalizeVulnID(id))
		}
	}
	if len(ids) > 0 {
		f.Vulns = []aspm.Vuln{aspm.NewVuln(ids[0], ids[1:]...)}
	}
	f.CWEs = aspm.ParseCWEs(cweTexts...)
	if f.Rule == "" && len(ids) > 0 {
		f.Rule = ids[0]
	}
	if f.Rule == "" {
		f.Rule = f.RuleName
	}
	f.Title = decode.Clip(decode.FirstLine(decode.FirstNonEmpty(v.Message, v.Name, f.Rule, "GitLab "+string(typ)+" finding")), lim.MaxText)

	// where
	loc := v.Location
	switch typ {
	case typeDependency, typeContainer:
		f.Component = m.component(v, typ)
		if typ == typeContainer && loc.Image != "" {
			f.Locations = []aspm.Location{{Image: loc.Image}}
		} else if loc.File != "" {
			f.Locations = []aspm.Location{{File: cleanPath(loc.File)}}
		}
		f.FixedVersions = solutionVersions(v.Solution)
	default:
		if loc.File != "" || loc.Class != "" || loc.Method != "" {
			l := aspm.Location{File: cleanPath(loc.File)}
			if loc.StartLine > 0 {
				l.Region = &aspm.Region{StartLine: int(loc.StartLine), EndLine: max(int(loc.EndLine), 0)}
			}
			l.Logical = strings.Trim(loc.Class+"."+loc.Method, ".")
			f.Locations = []aspm.Location{l}
		}
		if loc.Dependency != nil && loc.Dependency.Package.Name != "" {
			f.Component = m.component(v, typeDependency)
		}
	}

	// identity the scanner supplies
	f.Fingerprints = map[string]string{}
	if v.ID != "" {
		f.Fingerprints["gitlab/id"] = v.ID
	}
	if v.CVE != "" {
		f.Fingerprints["gitlab/compare_key"] = v.CVE
	}
	if v.Tracking != nil {
		for _, it := range v.Tracking.Items {
			for _, s := range it.Signatures {
				if s.Algorithm == "" || s.Value == "" {
					continue
				}
				k := "gitlab/" + s.Algorithm
				for n := 2; f.Fingerprints[k] != "" && f.Fingerprints[k] != s.Value; n++ {
					k = "gitlab/" + s.Algorithm + "#" + strconv.Itoa(n)
				}
				f.Fingerprints[k] = s.Value
			}
		}
	}
	if len(f.Fingerprints) == 0 {
		f.Fingerprints = nil
	}
	for _, l := range v.Links {
		f.References = addRef(f.References, l.URL)
	}

	// what the model does not hold
	f.Properties = props(members, "", vulnConsumed...)
	var locMembers map[string]json.RawMessage
	if json.Unmarshal(members["location"], &locMembers) == nil {
		maps.Copy(props2(&f), props(locMembers, "location.", locationConsumed...))
		var depMembers map[string]json.RawMessage
		if json.Unmarshal(locMembers["dependency"], &depMembers) == nil {
			maps.Copy(props2(&f), props(depMembers, "location.dependency.", "package", "version", "direct"))
		}
	}
	if loc.Dependency != nil && loc.Dependency.Direct != nil {
		props2(&f)["location.dependency.direct"] = strconv.FormatBool(*loc.Dependency.Direct)
	}
	if fix := decode.FirstNonEmpty(m.fixes[v.ID], m.fixes[v.CVE]); fix != "" {
		props2(&f)["remediation"] = fix
	}
	if m.analyzer != "" {
		props2(&f)["analyzer"] = m.analyzer
	}
	for k, val := range f.Properties {
		f.Properties[k] = decode.Clip(val, lim.MaxText)
	}
	if len(f.Properties) == 0 {
		f.Properties = nil
	}

	// secrets: keep a hash and a redacted form, never the value
	if f.Kind == aspm.KindSecret {
		sec := &aspm.Secret{Type: f.Rule}
		raw := v.RawSourceCodeExtract
		if raw != "" {
			sec.Hash = aspm.SecretHash(raw)
			sec.Redacted = aspm.RedactSecret(raw)
		}
		if c := loc.Commit; c != nil {
			sec.Commit, sec.Author, sec.Date = c.SHA, c.Author, c.Date
			if c.Message != "" {
				props2(&f)["location.commit.message"] = decode.Clip(c.Message, lim.MaxText)
			}
		}
		f.Secret = sec
		redact.Finding(&f, raw)
	}
	return f
}

// props2 returns the finding's properties, making them when nil.
func props2(f *aspm.Finding) map[string]string {
	if f.Properties == nil {
		f.Properties = map[string]string{}
	}
	return f.Properties
}

// component builds the package of a dependency or container finding.
func (m *mapper) component(v *vulnerability, typ reportType) *aspm.Component {
	loc := v.Location
	if loc.Dependency == nil || strings.TrimSpace(loc.Dependency.Package.Name) == "" {
		return nil
	}
	name, version := strings.TrimSpace(loc.Dependency.Package.Name), strings.TrimSpace(loc.Dependency.Version)
	c := &aspm.Component{Name: name, Version: version}
	switch typ {
	case typeContainer:
		if eco := osEcosystem(loc.OperatingSystem); eco != "" {
			c.Ecosystem = eco
		} else {
			// Trivy reports language packages found in an image with the
			// lockfile as the "image"
			c.Ecosystem = ecosystemOfFile(loc.Image)
		}
		if loc.Image != "" {
			c.Paths = []string{loc.Image}
		}
	default:
		c.Ecosystem = m.files[loc.File]
		if c.Ecosystem == "" {
			c.Ecosystem = ecosystemOfFile(loc.File)
		}
		if c.Ecosystem == "" {
			for _, id := range v.Identifiers {
				if mm := reGemDB.FindStringSubmatch(string(id.URL)); mm != nil {
					c.Ecosystem = ecosystemOfManager(mm[1])
					break
				}
			}
		}
		if loc.File != "" {
			c.Paths = []string{cleanPath(loc.File)}
		}
	}
	if d := loc.Dependency.Direct; d != nil {
		c.Scope = aspm.ScopeTransitive
		if *d {
			c.Scope = aspm.ScopeDirect
		}
	}
	c.PURL = aspm.PURLFromEcosystem(c.Ecosystem, name, version)
	return c
}

// ecosystemOfManager maps a package manager (or a Gemnasium database
// folder) onto an ecosystem name that aspm.PURLFromEcosystem knows.
func ecosystemOfManager(pm string) string {
	switch strings.ToLower(strings.TrimSpace(pm)) {
	case "go", "golang":
		return "go"
	case "npm", "yarn", "pnpm":
		return "npm"
	case "pip", "pipenv", "poetry", "setuptools", "conda", "pypi", "python":
		return "pypi"
	case "bundler", "gem", "rubygems":
		return "gem"
	case "composer", "packagist":
		return "composer"
	case "maven", "gradle", "sbt":
		return "maven"
	case "nuget":
		return "nuget"
	case "conan":
		return "conan"
	case "cargo":
		return "cargo"
	}
	return ""
}

// ecosystemOfFile maps a lockfile or manifest name onto an ecosystem.
func ecosystemOfFile(p string) string {
	base := strings.ToLower(path.Base(strings.ReplaceAll(p, "\\", "/")))
	switch base {
	case "go.sum", "go.mod", "go.graph":
		return "go"
	case "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "package.json":
		return "npm"
	case "requirements.txt", "requirements.pip", "pipfile", "pipfile.lock", "poetry.lock", "setup.py", "pipdeptree.json", "pyproject.toml":
		return "pypi"
	case "gemfile.lock", "gems.locked", "gemfile":
		return "gem"
	case "composer.lock", "composer.json":
		return "composer"
	case "pom.xml", "build.gradle", "build.gradle.kts", "gradle.lockfile", "build.sbt", "gemnasium-maven-dependencies.json", "gemnasium-gradle-dependencies.json":
		return "maven"
	case "packages.lock.json", "packages.config":
		return "nuget"
	case "conan.lock", "conanfile.txt", "conanfile.py":
		return "conan"
	case "cargo.lock":
		return "cargo"
	}
	if strings.HasSuffix(base, ".csproj") {
		return "nuget"
	}
	return ""
}

// osEcosystem turns an operating system ("debian:11", "alpine 3.12.0")
// into "name:release" for aspm.PURLFromEcosystem; "" when unknown.
func osEcosystem(os string) string {
	s := strings.ToLower(strings.TrimSpace(os))
	if s == "" || s == "unknown" {
		return ""
	}
	if m := reOS.FindStringSubmatch(s); m != nil {
		return strings.TrimSpace(m[1]) + ":" + m[2]
	}
	return s
}

// solutionVersions reads the versions named in a solution such as
// "Upgrade apt from 1.4.8 to 1.4.9" or "Upgrade to version 2.2.3 or above."
func solutionVersions(solution string) []string {
	m := reSolution.FindStringSubmatch(strings.TrimSpace(solution))
	if m == nil {
		return nil
	}
	var out []string
	for _, v := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' }) {
		v = strings.TrimSuffix(strings.TrimSpace(v), ".")
		if v == "and" || v == "or" {
			continue
		}
		if !reVersion.MatchString(v) {
			return nil // not a list of versions
		}
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// cleanPath gives a report path with forward slashes.
func cleanPath(p string) string { return strings.ReplaceAll(strings.TrimSpace(p), "\\", "/") }

// props turns the members of m other than drop, without nulls, into
// properties named prefix+key.
func props(m map[string]json.RawMessage, prefix string, drop ...string) map[string]string {
	out := map[string]string{}
	for k, v := range m {
		if slices.Contains(drop, k) {
			continue
		}
		if s := decode.RawText(v); s != "" {
			out[prefix+k] = s
		}
	}
	return out
}

// addRef appends a URL once.
func addRef(list []string, u string) []string {
	u = strings.TrimSpace(u)
	if u == "" || slices.Contains(list, u) {
		return list
	}
	return append(list, u)
}
