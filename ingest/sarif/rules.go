package sarif

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/posturekit/posture/aspm"
)

// flavor is what posture knows about a producer from its tool name.
type flavor int

const (
	flavorGeneric flavor = iota
	flavorTrivy
	flavorOSV
	flavorGitleaks
)

// classifyTool returns the kind every result of a tool has ("" when the
// tool alone does not decide) and the producer's flavor.
func classifyTool(name string) (aspm.Kind, flavor) {
	n := strings.ToLower(name)
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(n, w) {
				return true
			}
		}
		return false
	}
	switch {
	case has("trivy"):
		return "", flavorTrivy
	case has("gitleaks"):
		return aspm.KindSecret, flavorGitleaks
	case has("trufflehog", "detect-secrets", "detect_secrets", "ggshield", "gitguardian", "nosey", "secretlint", "talisman", "git-secrets", "kingfisher", "whispers"):
		return aspm.KindSecret, flavorGeneric
	case has("osv-scanner", "osv scanner", "osv-scalibr"):
		return aspm.KindSCA, flavorOSV
	case has("snyk container"):
		return aspm.KindContainer, flavorGeneric
	case has("snyk open source", "dependency-check", "dependency check", "dependencycheck", "grype", "govulncheck", "retire", "pip-audit", "bundler-audit", "bundle-audit", "cargo-audit", "npm audit", "yarn audit", "nancy", "dependabot"):
		return aspm.KindSCA, flavorGeneric
	case has("checkov", "kics", "tfsec", "terrascan", "cfn-lint", "cfn_nag", "cfn-nag", "kube-linter", "kubesec", "kubescape", "tflint", "hadolint", "snyk iac", "snyk infrastructure", "defsec"):
		return aspm.KindIaC, flavorGeneric
	}
	return "", flavorGeneric
}

// ruleInfo is what posture reads from one reportingDescriptor, computed
// once per run and shared by every result of the rule.
type ruleInfo struct {
	id, name       string
	title          string // one line: shortDescription, else name
	description    string // fullDescription, else help
	helpURI        string
	level          string // defaultConfiguration.level
	secSev         string // security-severity as written
	secScore       float64
	hasSecSev      bool
	precision      string
	tags           []string
	cwes           []int
	vulns          []aspm.Vuln
	kind           aspm.Kind // "" when the rule does not decide
	containerPkg   bool      // Trivy's OsPackageVulnerability
	ecosystem      string
	purl           aspm.PURL
	cvss           []aspm.CVSS
	props          map[string]string // unmapped rule properties, "rule."-prefixed
	propList       [][2]string       // props as a list, for copying into findings
	messages       *gosarif.MessageStrings
	component      string // the extension's name, for extension rules
	globalMessages map[string]*gosarif.MultiformatMessageString
}

// newRuleInfo reads a rule. ruleID is the result's rule id when there is no
// descriptor (r nil).
func (rc *runCtx) newRuleInfo(r *rule, ruleID string, comp *component, compIndex int) *ruleInfo {
	ri := &ruleInfo{id: ruleID}
	if comp != nil {
		ri.globalMessages = comp.GlobalMessageStrings
		if compIndex > 0 {
			ri.component = comp.Name
		}
	}
	if r != nil {
		d := &r.ReportingDescriptor
		ri.id = d.ID
		ri.name = deref(d.Name)
		ri.title = clipTitle(firstLine(mmsText(d.ShortDescription)))
		ri.description = mmsText(d.FullDescription)
		if ri.description == "" {
			ri.description = mmsText(d.Help)
		}
		ri.helpURI = deref(d.HelpURI)
		if _, def, ok := strings.Cut(ri.helpURI, "cwe.mitre.org/data/definitions/"); ok {
			ri.cwes = append(ri.cwes, aspm.ParseCWEs("CWE-"+def)...)
		}
		if d.DefaultConfiguration != nil {
			ri.level = d.DefaultConfiguration.Level
		}
		ri.messages = d.MessageStrings
		rc.readRuleProperties(ri, r.Properties)
		for _, rel := range r.Relationships {
			if rel != nil {
				ri.cwes = append(ri.cwes, rc.taxonCWEs(rel.Target)...)
			}
		}
	}
	if ri.name == "" || ri.name == ri.id {
		if n, ok := ri.props["rule.name"]; ok && n != ri.id {
			ri.name = n
		} else if ri.name == ri.id {
			ri.name = ""
		}
	}
	if ri.title == "" {
		ri.title = clipTitle(firstLine(ri.name))
	}

	// Advisory ids: the rule id, its deprecated ids and its name name one
	// advisory (aliases of each other); ids among the tags are separate.
	var ids []string
	if isVulnID(ri.id) {
		ids = append(ids, aspm.NormalizeVulnID(ri.id))
	} else {
		ids = vulnIDsIn(ids, ri.id)
	}
	if ruleID != "" && ruleID != ri.id {
		ids = vulnIDsIn(ids, ruleID)
	}
	if r != nil {
		for _, dep := range r.DeprecatedIds {
			if isVulnID(dep) {
				ids = appendUnique(ids, aspm.NormalizeVulnID(dep))
			}
		}
		ids = vulnIDsIn(ids, deref(r.Name))
	}
	if len(ids) > 0 {
		ri.vulns = append(ri.vulns, aspm.NewVuln(ids[0], ids[1:]...))
	}
	var tagIDs []string
	for _, t := range ri.tags {
		tagIDs = vulnIDsIn(tagIDs, t)
	}
	for _, id := range tagIDs {
		if !containsString(ids, id) {
			ri.vulns = append(ri.vulns, aspm.NewVuln(id))
		}
	}
	if len(ri.tags) > 0 {
		ri.cwes = append(ri.cwes, aspm.ParseCWEs(ri.tags...)...)
	}
	ri.cwes = sortedUniqueInts(ri.cwes)

	// What the rule says about its kind.
	switch rc.flavor {
	case flavorTrivy:
		lname := strings.ToLower(ri.name)
		switch {
		case hasTag(ri.tags, "secret") || lname == "secret":
			ri.kind = aspm.KindSecret
		case hasTag(ri.tags, "misconfiguration") || lname == "misconfiguration":
			ri.kind = aspm.KindIaC
		case hasTag(ri.tags, "license") || lname == "license":
			ri.kind = aspm.KindLicense
		case hasTag(ri.tags, "vulnerability") || strings.HasSuffix(lname, "packagevulnerability"):
			ri.kind = aspm.KindSCA
			ri.containerPkg = lname == "ospackagevulnerability"
		}
	}
	if ri.kind == "" && len(ri.vulns) > 0 {
		ri.kind = aspm.KindSCA
	}
	if ri.kind == "" && (strings.HasPrefix(ri.id, "CKV_") || strings.HasPrefix(ri.id, "CKV2_")) {
		ri.kind = aspm.KindIaC
	}
	for _, t := range ri.tags {
		if eco := ecosystemOf(t); eco != "" {
			ri.ecosystem = eco
			break
		}
	}
	return ri
}

// readRuleProperties maps the rule's property bag: tags, security-severity,
// precision, CWE and purl members and CVSS scores; the rest is kept with a
// "rule." prefix.
func (rc *runCtx) readRuleProperties(ri *ruleInfo, props map[string]json.RawMessage) {
	if len(props) == 0 {
		return
	}
	for k, raw := range props {
		switch k {
		case "tags":
			ri.tags = stringList(raw)
			if ri.tags != nil {
				continue
			}
		case "security-severity":
			if s, f, ok := parseScore(raw); ok {
				ri.secSev, ri.secScore, ri.hasSecSev = s, f, true
				continue
			}
		case "precision":
			if s, ok := rawString(raw); ok {
				ri.precision = s
				continue
			}
		case "purl":
			if s, ok := rawString(raw); ok {
				if p, err := aspm.ParsePURL(s); err == nil {
					ri.purl = p
					continue
				}
			}
		}
		if isCWEKey(k) {
			ri.cwes = append(ri.cwes, aspm.ParseCWEs(propertyString(raw))...)
		}
		if ri.props == nil {
			ri.props = make(map[string]string, len(props))
		}
		ri.props["rule."+k] = propertyString(raw)
	}
	ri.cvss = cvssFrom(props)
	ri.propList = make([][2]string, 0, len(ri.props))
	for k, v := range ri.props {
		ri.propList = append(ri.propList, [2]string{k, v})
	}
}

// taxonCWEs returns the CWE ids a reportingDescriptorReference names: a
// taxon of a CWE taxonomy ("79" or "CWE-79"), looked up in the run's
// taxonomies when given by index.
func (rc *runCtx) taxonCWEs(ref *gosarif.ReportingDescriptorReference) []int {
	if ref == nil {
		return nil
	}
	id := deref(ref.Id)
	taxName := ""
	var tax *taxonomy
	if tc := ref.ToolComponent; tc != nil {
		taxName = deref(tc.Name)
		if tc.Index != nil && *tc.Index < uint(len(rc.r.Taxonomies)) {
			tax = rc.r.Taxonomies[*tc.Index]
		} else if tc.Guid != nil || taxName != "" {
			if rc.taxonomies == nil {
				rc.taxonomies = make(map[string]*taxonomy, 2*len(rc.r.Taxonomies))
				for _, t := range slices.Backward(rc.r.Taxonomies) { // the first wins
					if t != nil {
						rc.taxonomies["guid:"+strings.ToLower(t.GUID)] = t
						rc.taxonomies["name:"+t.Name] = t
					}
				}
			}
			if tc.Guid != nil {
				tax = rc.taxonomies["guid:"+strings.ToLower(*tc.Guid)]
			}
			if tax == nil && taxName != "" {
				tax = rc.taxonomies["name:"+taxName]
			}
		}
		if tax != nil && taxName == "" {
			taxName = tax.Name
		}
	}
	if id == "" && tax != nil && ref.Index != nil && *ref.Index < uint(len(tax.Taxa)) {
		if t := tax.Taxa[*ref.Index]; t != nil {
			id = t.ID
		}
	}
	if id == "" {
		return nil
	}
	if cwes := aspm.ParseCWEs(id); len(cwes) > 0 {
		return cwes
	}
	if strings.Contains(strings.ToLower(taxName), "cwe") {
		if n, err := strconv.Atoi(strings.TrimSpace(id)); err == nil && n > 0 {
			return []int{n}
		}
	}
	return nil
}

// cvssFrom reads the CVSS members Trivy and dependency-check write into
// property bags: cvssv2_vector/cvssv2_score, cvssv3_vector/cvssv3_baseScore
// (with cvssv3_version), cvssv4_vector/cvssv4_score.
func cvssFrom(props map[string]json.RawMessage) []aspm.CVSS {
	var out []aspm.CVSS
	source := ""
	if raw, ok := props["source"]; ok {
		if s, ok := rawString(raw); ok {
			source = strings.ToLower(s)
		}
	}
	for _, v := range [...]struct{ prefix, def string }{{"cvssv2", "2.0"}, {"cvssv3", ""}, {"cvssv4", "4.0"}} {
		vecRaw, hasVec := props[v.prefix+"_vector"]
		scoreRaw, hasScore := props[v.prefix+"_baseScore"]
		if !hasScore {
			scoreRaw, hasScore = props[v.prefix+"_score"]
		}
		if !hasVec && !hasScore {
			continue
		}
		c := aspm.CVSS{Source: source, Version: v.def}
		if hasVec {
			c.Vector, _ = rawString(vecRaw)
		}
		if hasScore {
			_, c.Score, _ = parseScore(scoreRaw)
		}
		if ver, ok := props[v.prefix+"_version"]; ok {
			if s, ok := rawString(ver); ok && s != "" {
				c.Version = s
			}
		}
		if vv := vectorVersion(c.Vector); vv != "" {
			c.Version = vv
		}
		if c.Vector == "" && c.Score == 0 {
			continue
		}
		out = append(out, c)
	}
	return out
}

// vectorVersion reads the version from a "CVSS:3.1/…" vector prefix; a
// vector without one that looks like v2 ("AV:N/AC:L/…") is "2.0".
func vectorVersion(vec string) string {
	if rest, ok := strings.CutPrefix(vec, "CVSS:"); ok {
		v, _, _ := strings.Cut(rest, "/")
		if v == "3" {
			return "3.0"
		}
		return v
	}
	if strings.HasPrefix(vec, "AV:") || strings.HasPrefix(vec, "(AV:") {
		return "2.0"
	}
	return ""
}

func isCWEKey(k string) bool {
	switch strings.ToLower(k) {
	case "cwe", "cwes", "cwe_id", "cwe_ids", "cweid":
		return true
	}
	return false
}

// ecosystemOf returns the ecosystem a rule tag names ("npm", "maven"), or "".
func ecosystemOf(tag string) string {
	switch strings.ToLower(tag) {
	case "npm", "pypi", "pip", "maven", "gradle", "go", "golang", "gomod", "nuget", "cargo", "crates.io", "rubygems", "gem", "bundler", "composer", "packagist", "pub", "hex", "cocoapods", "swift", "conan", "cran", "hackage", "yarn", "pnpm", "poetry", "pipenv":
		return tag
	}
	return ""
}

// manifestEcosystem returns the ecosystem of a lockfile or manifest by its
// file name, or "".
func manifestEcosystem(file string) string {
	base := file[strings.LastIndexByte(file, '/')+1:]
	switch strings.ToLower(base) {
	case "package-lock.json", "npm-shrinkwrap.json", "yarn.lock", "pnpm-lock.yaml", "package.json", "bun.lock":
		return "npm"
	case "pipfile.lock", "pipfile", "poetry.lock", "pdm.lock", "uv.lock", "pyproject.toml", "setup.py", "setup.cfg":
		return "pypi"
	case "go.mod", "go.sum":
		return "go"
	case "cargo.lock", "cargo.toml":
		return "cargo"
	case "gemfile.lock", "gemfile", "gems.locked":
		return "rubygems"
	case "composer.lock", "composer.json":
		return "composer"
	case "pom.xml", "gradle.lockfile", "build.gradle", "build.gradle.kts", "buildscript-gradle.lockfile":
		return "maven"
	case "packages.lock.json", "packages.config", "deps.json":
		return "nuget"
	case "pubspec.lock":
		return "pub"
	case "mix.lock":
		return "hex"
	case "package.resolved":
		return "swift"
	case "conan.lock":
		return "conan"
	case "renv.lock":
		return "cran"
	}
	if strings.HasPrefix(strings.ToLower(base), "requirements") && strings.HasSuffix(base, ".txt") {
		return "pypi"
	}
	return ""
}

func hasTag(tags []string, t string) bool {
	for _, x := range tags {
		if strings.EqualFold(x, t) {
			return true
		}
	}
	return false
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func sortedUniqueInts(v []int) []int {
	if len(v) == 0 {
		return nil
	}
	slices.Sort(v)
	return slices.Compact(v)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// mmsText is a multiformat message string's text, else its markdown.
func mmsText(m *gosarif.MultiformatMessageString) string {
	if m == nil {
		return ""
	}
	if m.Text != nil && *m.Text != "" {
		return *m.Text
	}
	return deref(m.Markdown)
}

// firstLine returns s up to its first line break, trimmed.
func firstLine(s string) string {
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = s[:i]
	}
	return strings.TrimSpace(s)
}
