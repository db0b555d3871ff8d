package trivyoperator

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/trivytype"
	"github.com/posturekit/posture/internal/vulnid"
)

type vulnerability struct {
	VulnerabilityID  string                      `json:"vulnerabilityID"`
	Resource         string                      `json:"resource"`
	InstalledVersion string                      `json:"installedVersion"`
	FixedVersion     string                      `json:"fixedVersion"`
	Severity         string                      `json:"severity"`
	Title            string                      `json:"title"`
	Description      string                      `json:"description"`
	CVSSSource       string                      `json:"cvsssource"`
	PrimaryLink      string                      `json:"primaryLink"`
	Links            []string                    `json:"links"`
	Score            *float64                    `json:"score"`
	Class            string                      `json:"class"`
	PackageType      string                      `json:"packageType"`
	PkgPath          string                      `json:"packagePath"`
	PkgPURL          string                      `json:"packagePURL"`
	CVSS             map[string]vulnid.TrivyCVSS `json:"cvss"`
}

var vulnMapped = []string{"vulnerabilityID", "resource", "installedVersion", "fixedVersion", "severity", "title",
	"description", "cvsssource", "primaryLink", "links", "score", "packagePath", "packagePURL", "cvss"}

// vulnerability maps one entry of a VulnerabilityReport.
func (d *decoder) vulnerability(raw json.RawMessage, ptr string, sc *scope) (aspm.Finding, bool) {
	var v vulnerability
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &v); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest)
	if v.VulnerabilityID == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: no vulnerabilityID"))
		return aspm.Finding{}, false
	}
	comp := &aspm.Component{Name: v.Resource, Version: v.InstalledVersion}
	if v.PkgPURL != "" {
		if p, err := aspm.ParsePURL(v.PkgPURL); err == nil {
			comp.PURL = p
		} else {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/packagePURL", "%v", err))
		}
	}
	if comp.PURL.IsZero() {
		release := ""
		if strings.EqualFold(v.PackageType, sc.osFamily) {
			release = sc.osName
		}
		comp.PURL = aspm.PURLFromEcosystem(trivytype.Ecosystem(v.PackageType, release), v.Resource, v.InstalledVersion)
	}
	if v.PkgPath != "" {
		comp.Paths = []string{decode.Slash(v.PkgPath)}
	}
	title := v.Title
	if title == "" {
		title = v.VulnerabilityID + " in " + v.Resource
	}
	f := aspm.Finding{
		Kind:          aspm.KindContainer,
		Rule:          v.VulnerabilityID,
		Title:         decode.Clip(decode.FirstLine(title), d.lim.MaxText),
		Description:   decode.Clip(v.Description, d.lim.MaxText),
		Severity:      aspm.ParseSeverity(v.Severity),
		ToolSeverity:  v.Severity,
		Vulns:         []aspm.Vuln{aspm.NewVuln(v.VulnerabilityID)},
		Component:     comp,
		FixedVersions: decode.SplitList(v.FixedVersion, ","),
		CVSS:          vulnid.TrivyScores(v.CVSS),
		References:    decode.AppendUnique(nil, append([]string{v.PrimaryLink}, v.Links...)...),
		Provenance:    aspm.Provenance{Pointer: ptr},
		Properties:    decode.PrefixedProperties(rest, "", vulnMapped...),
	}
	if v.Score != nil && !hasScore(f.CVSS, v.CVSSSource, *v.Score) {
		f.CVSS = append(f.CVSS, aspm.CVSS{Source: v.CVSSSource, Score: *v.Score})
	}
	if f.Severity == aspm.SeverityUnknown && v.Score != nil {
		f.Severity = aspm.SeverityFromScore(*v.Score)
	}
	loc := aspm.Location{Image: sc.image, Resource: sc.resource}
	if v.Class != "os-pkgs" {
		loc.File = decode.Slash(v.PkgPath)
	}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	common(&f, sc)
	return f, true
}

// hasScore reports whether list already holds score from source.
func hasScore(list []aspm.CVSS, source string, score float64) bool {
	return slices.ContainsFunc(list, func(c aspm.CVSS) bool { return c.Score == score && (source == "" || c.Source == source) })
}

// check is one audit check of a ConfigAuditReport, RbacAssessmentReport
// or InfraAssessmentReport, or one check of a compliance control.
type check struct {
	ID          string   `json:"checkID"`
	Title       string   `json:"title"`
	Description string   `json:"description"`
	Severity    string   `json:"severity"`
	Messages    []string `json:"messages"`
	Success     bool     `json:"success"`
	Target      string   `json:"target"`
}

var checkMapped = []string{"checkID", "title", "description", "severity", "messages", "success", "target"}

// control is the compliance control a check belongs to.
type control struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Description string `json:"description"`
	Severity    string `json:"severity"`
	Compliance  string `json:"-"`
}

// check maps one failed check; passed checks give no finding. For a
// compliance check, ctl is its control: the check's severity defaults to
// the control's and its target names the resource.
func (d *decoder) check(raw json.RawMessage, ptr string, sc *scope, ctl *control) (aspm.Finding, bool) {
	var c check
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &c); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "check skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest)
	if c.Success {
		return aspm.Finding{}, false
	}
	title := decode.FirstLine(c.Title)
	if title == "" && len(c.Messages) > 0 {
		title = decode.FirstLine(c.Messages[0])
	}
	if title == "" {
		title = c.ID
	}
	if title == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "check skipped: no checkID, title or message"))
		return aspm.Finding{}, false
	}
	sev := c.Severity
	if sev == "" && ctl != nil {
		sev = ctl.Severity
	}
	f := aspm.Finding{
		Kind:         aspm.KindIaC,
		Rule:         c.ID,
		RuleName:     c.Title,
		Title:        decode.Clip(title, d.lim.MaxText),
		Description:  decode.Clip(describe(c.Messages, c.Description), d.lim.MaxText),
		Severity:     aspm.ParseSeverity(sev),
		ToolSeverity: sev,
		Provenance:   aspm.Provenance{Pointer: ptr},
		Properties:   decode.PrefixedProperties(rest, "", checkMapped...),
	}
	res := sc.resource
	if c.Target != "" {
		res = &aspm.Resource{Name: strings.TrimPrefix(c.Target, "/"), Provider: "kubernetes"}
	}
	if res != nil {
		f.Locations = []aspm.Location{{Resource: res}}
	}
	if ctl != nil {
		decode.SetProperty(&f, "compliance", ctl.Compliance)
		decode.SetProperty(&f, "control_id", ctl.ID)
		decode.SetProperty(&f, "control_name", ctl.Name)
		decode.SetProperty(&f, "control_severity", ctl.Severity)
	}
	common(&f, sc)
	return f, true
}

// describe joins the check's messages and its description, without
// repeating one that equals the other.
func describe(messages []string, description string) string {
	var parts []string
	for _, m := range messages {
		if m = strings.TrimSpace(m); m != "" && !slices.Contains(parts, m) {
			parts = append(parts, m)
		}
	}
	if description = strings.TrimSpace(description); description != "" && !slices.Contains(parts, description) {
		parts = append(parts, description)
	}
	return strings.Join(parts, "\n\n")
}

type exposedSecret struct {
	Target   string `json:"target"`
	RuleID   string `json:"ruleID"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	Match    string `json:"match"`
}

var secretMapped = []string{"target", "ruleID", "title", "severity", "match"}

// secret maps one entry of an ExposedSecretReport. Trivy masks the secret
// in match; posture keeps only that masked line, clipped.
func (d *decoder) secret(raw json.RawMessage, ptr string, sc *scope) (aspm.Finding, bool) {
	var s exposedSecret
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &s); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "secret skipped: %v", err))
		return aspm.Finding{}, false
	}
	_ = json.Unmarshal(raw, &rest)
	if s.RuleID == "" && s.Title == "" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "secret skipped: no ruleID or title"))
		return aspm.Finding{}, false
	}
	title := s.Title
	if title == "" {
		title = s.RuleID
	}
	f := aspm.Finding{
		Kind:         aspm.KindSecret,
		Rule:         s.RuleID,
		RuleName:     s.Title,
		Title:        decode.Clip(decode.FirstLine(title), d.lim.MaxText),
		Severity:     aspm.ParseSeverity(s.Severity),
		ToolSeverity: s.Severity,
		Secret:       &aspm.Secret{Type: s.RuleID, Redacted: decode.Clip(trivytype.MaskedMatch(s.Match), trivytype.MaxMatch)},
		Provenance:   aspm.Provenance{Pointer: ptr},
		Properties:   decode.PrefixedProperties(rest, "", secretMapped...),
	}
	loc := aspm.Location{File: decode.Slash(s.Target), Image: sc.image, Resource: sc.resource}
	if loc != (aspm.Location{}) {
		f.Locations = []aspm.Location{loc}
	}
	common(&f, sc)
	return f, true
}

// complianceStatus is the status of a ClusterComplianceReport.
type complianceStatus struct {
	UpdateTimestamp string `json:"updateTimestamp"`
	DetailReport    *struct {
		ID      string            `json:"id"`
		Title   string            `json:"title"`
		Results []json.RawMessage `json:"results"`
	} `json:"detailReport"`
	SummaryReport *struct {
		ID           string            `json:"id"`
		ControlCheck []json.RawMessage `json:"controlCheck"`
	} `json:"summaryReport"`
}

type controlResult struct {
	control
	Checks []json.RawMessage `json:"checks"`
}

// controlSummary is one control of a summary compliance report.
type controlSummary struct {
	ID        string `json:"id"`
	Name      string `json:"name"`
	Severity  string `json:"severity"`
	TotalFail *int   `json:"totalFail"`
}

// compliance maps a ClusterComplianceReport: with a detail report, one
// finding per failed check of each control; with only a summary, one
// finding per control that failed.
func (d *decoder) compliance(c crd, ptr string, sc *scope) error {
	var st complianceStatus
	if err := json.Unmarshal(c.Status, &st); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr+"/status", "compliance report skipped: %v", err))
		return nil
	}
	d.scanTime(st.UpdateTimestamp)
	if st.DetailReport != nil {
		for i, raw := range st.DetailReport.Results {
			rptr := ptr + "/status/detailReport/results/" + strconv.Itoa(i)
			var cr controlResult
			if err := json.Unmarshal(raw, &cr); err != nil {
				d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(rptr, "control skipped: %v", err))
				continue
			}
			cr.Compliance = st.DetailReport.ID
			for j, ch := range cr.Checks {
				if f, ok := d.check(ch, rptr+"/checks/"+strconv.Itoa(j), sc, &cr.control); ok {
					if err := d.add(f); err != nil {
						return err
					}
				}
			}
		}
		return nil
	}
	if st.SummaryReport == nil {
		return nil
	}
	for i, raw := range st.SummaryReport.ControlCheck {
		cptr := ptr + "/status/summaryReport/controlCheck/" + strconv.Itoa(i)
		var cs controlSummary
		var rest map[string]json.RawMessage
		if err := json.Unmarshal(raw, &cs); err != nil {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(cptr, "control skipped: %v", err))
			continue
		}
		_ = json.Unmarshal(raw, &rest)
		if cs.TotalFail == nil || *cs.TotalFail == 0 {
			continue
		}
		title := cs.Name
		if title == "" {
			title = cs.ID
		}
		f := aspm.Finding{
			Kind:         aspm.KindIaC,
			Rule:         cs.ID,
			RuleName:     cs.Name,
			Title:        decode.Clip(decode.FirstLine(title), d.lim.MaxText),
			Severity:     aspm.ParseSeverity(cs.Severity),
			ToolSeverity: cs.Severity,
			Provenance:   aspm.Provenance{Pointer: cptr},
			Properties:   decode.PrefixedProperties(rest, "", "id", "name", "severity"),
		}
		decode.SetProperty(&f, "compliance", st.SummaryReport.ID)
		common(&f, sc)
		if err := d.add(f); err != nil {
			return err
		}
	}
	return nil
}

// bom is the CycloneDX document of an SbomReport, as far as posture reads
// it.
type bom struct {
	Metadata struct {
		Component *bomComponent `json:"component"`
	} `json:"metadata"`
	Components   []bomComponent `json:"components"`
	Dependencies []struct {
		Ref       string   `json:"ref"`
		DependsOn []string `json:"dependsOn"`
	} `json:"dependencies"`
}

type bomComponent struct {
	BOMRef   string `json:"bom-ref"`
	Type     string `json:"type"`
	Name     string `json:"name"`
	Group    string `json:"group"`
	Version  string `json:"version"`
	PURL     string `json:"purl"`
	Licenses []struct {
		License struct {
			ID   string `json:"id"`
			Name string `json:"name"`
		} `json:"license"`
		Expression string `json:"expression"`
	} `json:"licenses"`
}

// sbom maps the components and dependencies of an SbomReport.
func (d *decoder) sbom(raw json.RawMessage, ptr string) error {
	var b bom
	if err := json.Unmarshal(raw, &b); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "SBOM skipped: %v", err))
		return nil
	}
	comps := b.Components
	if b.Metadata.Component != nil {
		comps = append([]bomComponent{*b.Metadata.Component}, comps...)
	}
	for i, bc := range comps {
		if bc.Name == "" {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr+"/components/"+strconv.Itoa(i), "component skipped: no name"))
			continue
		}
		c := aspm.Component{Ref: bc.BOMRef, Name: bc.Name, Version: bc.Version, Type: bc.Type}
		if bc.Group != "" {
			c.Name = bc.Group + ":" + bc.Name
		}
		if bc.PURL != "" {
			if p, err := aspm.ParsePURL(bc.PURL); err == nil {
				c.PURL = p
			} else {
				d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/components/"+strconv.Itoa(i)+"/purl", "%v", err))
			}
		}
		for _, l := range bc.Licenses {
			c.Licenses = decode.AppendUnique(c.Licenses, l.License.ID, l.License.Name, l.Expression)
		}
		if err := d.recs.Add(); err != nil {
			return err
		}
		d.doc.Components = append(d.doc.Components, c)
	}
	for _, dep := range b.Dependencies {
		for _, to := range dep.DependsOn {
			if dep.Ref != "" && to != "" {
				d.doc.Relationships = append(d.doc.Relationships, aspm.Relationship{From: dep.Ref, To: to, Type: aspm.RelDependsOn})
			}
		}
	}
	return nil
}
