package trivy

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/trivytype"
	"github.com/posturekit/posture/internal/vulnid"
)

type layer struct {
	Digest string `json:"Digest"`
	DiffID string `json:"DiffID"`
}

// id returns the layer's digest, else its diff ID.
func (l layer) id() string {
	if l.Digest != "" {
		return l.Digest
	}
	return l.DiffID
}

type pkgIdentifier struct {
	PURL   string `json:"PURL"`
	UID    string `json:"UID"`
	BOMRef string `json:"BOMRef"`
}

type vulnerability struct {
	VulnerabilityID  string                      `json:"VulnerabilityID"`
	VendorIDs        []string                    `json:"VendorIDs"`
	PkgName          string                      `json:"PkgName"`
	PkgPath          string                      `json:"PkgPath"`
	PkgIdentifier    *pkgIdentifier              `json:"PkgIdentifier"`
	Ref              string                      `json:"Ref"`
	InstalledVersion string                      `json:"InstalledVersion"`
	FixedVersion     string                      `json:"FixedVersion"`
	Status           string                      `json:"Status"`
	Layer            layer                       `json:"Layer"`
	SeveritySource   string                      `json:"SeveritySource"`
	PrimaryURL       string                      `json:"PrimaryURL"`
	Title            string                      `json:"Title"`
	Description      string                      `json:"Description"`
	Severity         string                      `json:"Severity"`
	CweIDs           []string                    `json:"CweIDs"`
	CVSS             map[string]vulnid.TrivyCVSS `json:"CVSS"`
	References       []string                    `json:"References"`
	Fingerprint      string                      `json:"Fingerprint"`
}

// vulnMapped are the members of a vulnerability that the model holds.
var vulnMapped = []string{"VulnerabilityID", "VendorIDs", "PkgName", "PkgPath", "PkgIdentifier", "InstalledVersion",
	"FixedVersion", "Layer", "PrimaryURL", "Title", "Description", "Severity", "CweIDs", "CVSS", "References", "Fingerprint"}

// vulnerability maps one detected vulnerability.
func (d *decoder) vulnerability(raw json.RawMessage, ptr string, res *result, sc *scope) (aspm.Finding, bool) {
	var v vulnerability
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &v); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest) // cannot fail once the struct decoded
	if v.VulnerabilityID == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: no VulnerabilityID"))
		return aspm.Finding{}, false
	}
	lim := d.lim
	drop := vulnMapped
	comp := &aspm.Component{Name: v.PkgName, Version: v.InstalledVersion}
	if v.PkgIdentifier != nil && v.PkgIdentifier.PURL != "" {
		if p, err := aspm.ParsePURL(v.PkgIdentifier.PURL); err == nil {
			comp.PURL = p
		} else {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/PkgIdentifier/PURL", "%v", err))
		}
	} else if strings.HasPrefix(v.Ref, "pkg:") {
		if p, err := aspm.ParsePURL(v.Ref); err == nil {
			comp.PURL = p
			drop = append(slices.Clone(drop), "Ref")
		}
	}
	if comp.PURL.IsZero() {
		comp.PURL = aspm.PURLFromEcosystem(trivytype.Ecosystem(res.Type, osRelease(res, sc)), v.PkgName, v.InstalledVersion)
	}
	osPkg := res.Class == "os-pkgs" || (res.Class == "" && trivytype.IsOSFamily(res.Type))
	path := v.PkgPath
	if path == "" && !osPkg {
		path = res.Target
	}
	if path != "" {
		comp.Paths = []string{decode.Slash(path)}
	}

	title := v.Title
	if title == "" {
		title = v.VulnerabilityID + " in " + v.PkgName
	}
	aliases, related := vulnid.Split(v.VulnerabilityID, v.VendorIDs)
	f := aspm.Finding{
		Kind:          aspm.KindSCA,
		Rule:          v.VulnerabilityID,
		Title:         decode.Clip(decode.FirstLine(title), lim.MaxText),
		Description:   decode.Clip(v.Description, lim.MaxText),
		Severity:      aspm.ParseSeverity(v.Severity),
		ToolSeverity:  v.Severity,
		CWEs:          aspm.ParseCWEs(v.CweIDs...),
		Vulns:         []aspm.Vuln{aspm.NewVuln(v.VulnerabilityID, aliases...).AddRelated(related...)},
		Component:     comp,
		FixedVersions: decode.SplitList(v.FixedVersion, ","),
		CVSS:          vulnid.TrivyScores(v.CVSS),
		References:    decode.AppendUnique(nil, append([]string{v.PrimaryURL}, v.References...)...),
		Provenance:    aspm.Provenance{Pointer: ptr},
		Properties:    decode.PrefixedProperties(rest, "", drop...),
	}
	if osPkg || sc.container || sc.image != "" {
		f.Kind = aspm.KindContainer
	}
	if f.Severity == aspm.SeverityUnknown {
		if s, ok := bestScore(v.CVSS, v.SeveritySource); ok {
			f.Severity = aspm.SeverityFromScore(s)
		}
	}
	if v.Fingerprint != "" {
		f.Fingerprints = map[string]string{"trivy": v.Fingerprint}
	}
	switch v.Status {
	case "not_affected":
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXNotAffected}
	case "under_investigation":
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXUnderInvestigation}
	}
	loc := aspm.Location{Image: sc.image, Layer: v.Layer.id(), Resource: sc.resource}
	if !osPkg {
		loc.File = decode.Slash(path)
	}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	resultProps(&f, res)
	return f, true
}

// osRelease returns the OS release that goes with an OS result's type.
func osRelease(res *result, sc *scope) string {
	if sc.osFamily != "" && !strings.EqualFold(sc.osFamily, res.Type) {
		return ""
	}
	return sc.osName
}

// resultProps records the result a finding came from.
func resultProps(f *aspm.Finding, res *result) {
	decode.SetProperty(f, "result_target", res.Target)
	decode.SetProperty(f, "result_class", res.Class)
	decode.SetProperty(f, "result_type", res.Type)
}

// bestScore picks the score to grade a vulnerability Trivy left without a
// severity: the severity source's, else NVD's, else the first source's;
// the newest CVSS version first.
func bestScore(m map[string]vulnid.TrivyCVSS, source string) (float64, bool) {
	pick := func(c vulnid.TrivyCVSS) (float64, bool) {
		for _, s := range []float64{c.V40Score, c.V3Score, c.V2Score} {
			if s > 0 {
				return s, true
			}
		}
		return 0, false
	}
	for _, src := range []string{source, "nvd"} {
		if c, ok := m[src]; ok {
			if s, ok := pick(c); ok {
				return s, true
			}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if s, ok := pick(m[k]); ok {
			return s, true
		}
	}
	return 0, false
}

// pkg is one entry of a result's package list (--list-all-pkgs).
type pkg struct {
	ID           string         `json:"ID"`
	Name         string         `json:"Name"`
	Version      string         `json:"Version"`
	Identifier   *pkgIdentifier `json:"Identifier"`
	Licenses     []string       `json:"Licenses"`
	FilePath     string         `json:"FilePath"`
	Relationship string         `json:"Relationship"`
	Indirect     bool           `json:"Indirect"`
	DependsOn    []string       `json:"DependsOn"`
}

// component maps one listed package to a component and its dependencies.
func (d *decoder) component(raw json.RawMessage, ptr string, res *result, sc *scope) error {
	var p pkg
	if err := json.Unmarshal(raw, &p); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "package skipped: %v", err))
		return nil
	}
	if p.Name == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "package skipped: no Name"))
		return nil
	}
	c := aspm.Component{Ref: p.ID, Name: p.Name, Version: p.Version, Licenses: p.Licenses}
	if p.Identifier != nil {
		if c.Ref == "" {
			c.Ref = p.Identifier.UID
		}
		if p.Identifier.PURL != "" {
			if pu, err := aspm.ParsePURL(p.Identifier.PURL); err == nil {
				c.PURL = pu
			} else {
				d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/Identifier/PURL", "%v", err))
			}
		}
	}
	if c.PURL.IsZero() {
		c.PURL = aspm.PURLFromEcosystem(trivytype.Ecosystem(res.Type, osRelease(res, sc)), p.Name, p.Version)
	}
	switch {
	case p.Relationship == "direct":
		c.Scope = aspm.ScopeDirect
	case p.Relationship == "indirect" || p.Indirect:
		c.Scope = aspm.ScopeTransitive
	}
	if p.FilePath != "" {
		c.Paths = []string{decode.Slash(p.FilePath)}
	} else if res.Class == "lang-pkgs" && res.Target != "" {
		c.Paths = []string{decode.Slash(res.Target)}
	}
	if c.Ref != "" {
		if d.refs[c.Ref] {
			return nil // the same package listed again in another result
		}
		d.refs[c.Ref] = true
	}
	if err := d.recs.Add(); err != nil {
		return err
	}
	d.doc.Components = append(d.doc.Components, c)
	if p.ID == "" {
		return nil
	}
	for _, dep := range p.DependsOn {
		if dep != "" {
			d.doc.Relationships = append(d.doc.Relationships, aspm.Relationship{From: p.ID, To: dep, Type: aspm.RelDependsOn})
		}
	}
	return nil
}

// modifiedFinding is a finding Trivy suppressed (--show-suppressed): by a
// VEX statement, an ignore file or a policy.
type modifiedFinding struct {
	Type      string          `json:"Type"`
	Status    string          `json:"Status"`
	Statement string          `json:"Statement"`
	Source    string          `json:"Source"`
	Finding   json.RawMessage `json:"Finding"`
}

// modified maps a suppressed finding: it is read as its type says and
// marked suppressed, with the suppression's statement as VEX analysis.
func (d *decoder) modified(raw json.RawMessage, ptr string, res *result, sc *scope) (aspm.Finding, bool) {
	var m modifiedFinding
	if err := json.Unmarshal(raw, &m); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "suppressed finding skipped: %v", err))
		return aspm.Finding{}, false
	}
	var f aspm.Finding
	var ok bool
	switch m.Type {
	case "vulnerability":
		f, ok = d.vulnerability(m.Finding, ptr+"/Finding", res, sc)
	case "misconfiguration":
		f, ok = d.misconfiguration(m.Finding, ptr+"/Finding", res, sc, true)
	case "secret":
		f, ok = d.secret(m.Finding, ptr+"/Finding", res, sc)
	case "license":
		f, ok = d.license(m.Finding, ptr+"/Finding", res, sc)
	default:
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr, "suppressed finding of unknown type %q skipped", m.Type))
		return aspm.Finding{}, false
	}
	if !ok {
		return f, false
	}
	f.Status = aspm.StatusSuppressed
	state := aspm.VEXState("")
	switch m.Status {
	case "not_affected", "fixed", "under_investigation", "affected":
		state = aspm.VEXState(m.Status)
	}
	if state != "" {
		f.VEX = &aspm.VEXAnalysis{State: state, Justification: m.Statement}
	}
	decode.SetProperty(&f, "suppression_status", m.Status)
	decode.SetProperty(&f, "suppression_statement", m.Statement)
	decode.SetProperty(&f, "suppression_source", m.Source)
	return f, true
}

// describe joins a specific message and a generic description.
func describe(message, description string) string {
	message, description = strings.TrimSpace(message), strings.TrimSpace(description)
	switch {
	case message == "" || message == description:
		return description
	case description == "":
		return message
	}
	return fmt.Sprintf("%s\n\n%s", message, description)
}
