package github

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// FormatDependabot is the name of the Dependabot alerts REST format.
const FormatDependabot aspm.Format = "github-dependabot"

// FormatDependabotGraphQL is the name of the format of GraphQL answers that
// hold repositories' vulnerabilityAlerts.
const FormatDependabotGraphQL aspm.Format = "github-dependabot-graphql"

// DependabotDecoder reads Dependabot alerts from GitHub's REST API. The
// zero value is ready to use; it is safe for concurrent use.
type DependabotDecoder struct{}

// Format returns FormatDependabot.
func (*DependabotDecoder) Format() aspm.Format { return FormatDependabot }

// Detect accepts an array of alerts (or one alert) with "number",
// "dependency" and "security_advisory" or "security_vulnerability".
func (*DependabotDecoder) Detect(head []byte) bool {
	return restDetect(head, "number", "dependency", "security_advisory") ||
		restDetect(head, "number", "dependency", "security_vulnerability")
}

// depAlert is what the REST and GraphQL shapes of a Dependabot alert say,
// in one form.
type depAlert struct {
	state, reason            string
	ecosystem, name, version string
	manifest                 string
	scope                    aspm.Scope
	ghsa                     string
	ids                      []string
	summary, description     string
	severity                 string
	cvss                     []aspm.CVSS
	cwes                     []string
	refs                     []string
	fixed                    []string
	vulnerableRange          string
	props                    map[string]string
	ptr                      string
	repository               string
	withdrawn                bool
	epss                     string
	fingerprints             map[string]string
}

type restPackage struct {
	Ecosystem string `json:"ecosystem"`
	Name      string `json:"name"`
}

type restCVSS struct {
	VectorString string  `json:"vector_string"`
	Score        float64 `json:"score"`
}

type restVulnerability struct {
	Package                restPackage `json:"package"`
	Severity               string      `json:"severity"`
	VulnerableVersionRange string      `json:"vulnerable_version_range"`
	FirstPatchedVersion    *struct {
		Identifier string `json:"identifier"`
	} `json:"first_patched_version"`
}

type restDependabotAlert struct {
	State      string `json:"state"`
	Dependency struct {
		Package      restPackage `json:"package"`
		ManifestPath string      `json:"manifest_path"`
		Scope        string      `json:"scope"`
		Relationship string      `json:"relationship"`
	} `json:"dependency"`
	SecurityAdvisory *struct {
		GHSAID      string `json:"ghsa_id"`
		CVEID       string `json:"cve_id"`
		Summary     string `json:"summary"`
		Description string `json:"description"`
		Severity    string `json:"severity"`
		Identifiers []struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"identifiers"`
		References []struct {
			URL string `json:"url"`
		} `json:"references"`
		CVSS           *restCVSS `json:"cvss"`
		CVSSSeverities *struct {
			V3 *restCVSS `json:"cvss_v3"`
			V4 *restCVSS `json:"cvss_v4"`
		} `json:"cvss_severities"`
		CWEs []struct {
			CWEID string `json:"cwe_id"`
		} `json:"cwes"`
		EPSS            json.RawMessage     `json:"epss"`
		Vulnerabilities []restVulnerability `json:"vulnerabilities"`
		WithdrawnAt     string              `json:"withdrawn_at"`
	} `json:"security_advisory"`
	SecurityVulnerability *restVulnerability `json:"security_vulnerability"`
	HTMLURL               string             `json:"html_url"`
	DismissedReason       string             `json:"dismissed_reason"`
	Repository            *struct {
		FullName string `json:"full_name"`
	} `json:"repository"`
}

// Decode reads Dependabot alerts.
func (*DependabotDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	list, single, err := alertList(data, lim.MaxDepth)
	if err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "GitHub Dependabot", Vendor: "GitHub"}, Format: FormatDependabot}}
	recs := decode.NewRecords(ctx)
	foreign := 0
	for i, raw := range list {
		ptr := alertPointer(i, single)
		var a restDependabotAlert
		m, err := members(raw, &a)
		if err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: %v", err))
			continue
		}
		if _, ok := m["dependency"]; !ok || (a.SecurityAdvisory == nil && a.SecurityVulnerability == nil) {
			foreign++
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "alert skipped: not a Dependabot alert"))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		d := depAlert{state: a.State, reason: a.DismissedReason, ptr: ptr, manifest: a.Dependency.ManifestPath}
		d.ecosystem, d.name = a.Dependency.Package.Ecosystem, a.Dependency.Package.Name
		switch strings.ToLower(a.Dependency.Relationship) {
		case "direct":
			d.scope = aspm.ScopeDirect
		case "transitive", "indirect":
			d.scope = aspm.ScopeTransitive
		}
		if v := a.SecurityVulnerability; v != nil {
			d.ecosystem = firstNonEmpty(d.ecosystem, v.Package.Ecosystem)
			d.name = firstNonEmpty(d.name, v.Package.Name)
			d.severity = v.Severity
			d.vulnerableRange = v.VulnerableVersionRange
			if v.FirstPatchedVersion != nil && !null(v.FirstPatchedVersion.Identifier) {
				d.fixed = append(d.fixed, v.FirstPatchedVersion.Identifier)
			}
		}
		d.refs = addRef(d.refs, a.HTMLURL)
		if adv := a.SecurityAdvisory; adv != nil {
			d.ghsa = adv.GHSAID
			d.ids = append(d.ids, adv.CVEID)
			for _, id := range adv.Identifiers {
				d.ids = append(d.ids, id.Value)
			}
			d.summary, d.description = adv.Summary, adv.Description
			d.severity = firstNonEmpty(d.severity, adv.Severity)
			if adv.CVSSSeverities != nil {
				for _, c := range []*restCVSS{adv.CVSSSeverities.V3, adv.CVSSSeverities.V4} {
					if c != nil {
						d.cvss = addCVSS(d.cvss, c.VectorString, c.Score)
					}
				}
			}
			if adv.CVSS != nil {
				d.cvss = addCVSS(d.cvss, adv.CVSS.VectorString, adv.CVSS.Score)
			}
			for _, c := range adv.CWEs {
				d.cwes = append(d.cwes, c.CWEID)
			}
			for _, ref := range adv.References {
				d.refs = addRef(d.refs, ref.URL)
			}
			if d.vulnerableRange == "" {
				// the alert's own vulnerability is missing: take the
				// advisory's entry for the same package
				for _, v := range adv.Vulnerabilities {
					if v.Package.Name == d.name && strings.EqualFold(v.Package.Ecosystem, d.ecosystem) {
						d.vulnerableRange = v.VulnerableVersionRange
						if v.FirstPatchedVersion != nil && !null(v.FirstPatchedVersion.Identifier) {
							d.fixed = append(d.fixed, v.FirstPatchedVersion.Identifier)
						}
						break
					}
				}
			}
			d.epss = decode.RawText(adv.EPSS)
			d.withdrawn = !null(adv.WithdrawnAt)
		}
		if a.Repository != nil {
			d.repository = a.Repository.FullName
		}
		d.fingerprints = alertFingerprints(a.HTMLURL, "", decode.RawText(m["number"]), d.repository)
		d.props = props(map[string]string{}, "", m, "state", "dependency", "security_advisory", "security_vulnerability", "html_url", "dismissed_reason", "dismissed_by", "repository")
		if by := userLogin(m["dismissed_by"]); by != "" {
			d.props["dismissed_by"] = by
		}
		if a.Dependency.Scope != "" {
			d.props["dependency_scope"] = a.Dependency.Scope
		}
		f := d.finding(lim)
		f.Provenance.Index = len(doc.Findings)
		doc.Findings = append(doc.Findings, f)
	}
	if foreign > 0 && foreign == len(list) {
		return nil, fmt.Errorf("%w: no Dependabot alerts", decode.ErrNotFormat)
	}
	return doc, nil
}

// finding maps an alert.
func (d *depAlert) finding(lim decode.Limits) aspm.Finding {
	f := aspm.Finding{
		Kind:          aspm.KindSCA,
		Title:         decode.Clip(decode.FirstLine(firstNonEmpty(d.summary, d.ghsa, "Dependabot alert")), lim.MaxText),
		Description:   decode.Clip(d.description, lim.MaxText),
		Severity:      aspm.ParseSeverity(d.severity),
		ToolSeverity:  d.severity,
		CWEs:          aspm.ParseCWEs(d.cwes...),
		CVSS:          d.cvss,
		References:    d.refs,
		Status:        alertStatus(d.state, d.reason),
		Provenance:    aspm.Provenance{Pointer: d.ptr},
		Properties:    d.props,
		FixedVersions: slices.Compact(d.fixed),
		Fingerprints:  d.fingerprints,
	}
	var ids []string
	for _, id := range d.ids {
		if id = strings.TrimSpace(id); !null(id) {
			ids = append(ids, id)
		}
	}
	switch {
	case !null(d.ghsa):
		f.Vulns = []aspm.Vuln{aspm.NewVuln(d.ghsa, ids...)}
		f.Rule = aspm.NormalizeVulnID(d.ghsa)
	case len(ids) > 0:
		f.Vulns = []aspm.Vuln{aspm.NewVuln(ids[0], ids[1:]...)}
		f.Rule = f.Vulns[0].ID
	}
	f.RuleName = strings.TrimSpace(d.summary)
	if alertStatus(d.state, d.reason) == aspm.StatusFalsePositive && strings.EqualFold(strings.ReplaceAll(d.reason, " ", "_"), "not_used") {
		f.VEX = &aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "vulnerable_code_not_in_execute_path"}
	}
	if !null(d.name) {
		c := &aspm.Component{
			PURL:      aspm.PURLFromEcosystem(d.ecosystem, d.name, d.version),
			Name:      d.name,
			Version:   d.version,
			Ecosystem: d.ecosystem,
			Scope:     d.scope,
		}
		if !null(d.manifest) {
			c.Paths = []string{d.manifest}
		}
		f.Component = c
	}
	if !null(d.manifest) {
		f.Locations = []aspm.Location{{File: d.manifest}}
	}
	setProp(&f, "vulnerable_version_range", d.vulnerableRange)
	setProp(&f, "repository", d.repository)
	setProp(&f, "epss", d.epss)
	if d.withdrawn {
		setProp(&f, "withdrawn", "true")
	}
	if len(f.Properties) == 0 {
		f.Properties = nil
	}
	return f
}

// userLogin reads the login of a GitHub user object.
func userLogin(raw json.RawMessage) string {
	var u struct {
		Login string `json:"login"`
	}
	if len(bytes.TrimSpace(raw)) == 0 || json.Unmarshal(raw, &u) != nil {
		return ""
	}
	return u.Login
}

// DependabotGraphQLDecoder reads GraphQL answers that hold repositories'
// vulnerabilityAlerts. The zero value is ready to use; it is safe for
// concurrent use.
type DependabotGraphQLDecoder struct{}

// Format returns FormatDependabotGraphQL.
func (*DependabotGraphQLDecoder) Format() aspm.Format { return FormatDependabotGraphQL }

// Detect accepts a GraphQL answer (an object of "data", "errors" and
// "extensions") that names "vulnerabilityAlerts".
func (*DependabotGraphQLDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("data") {
		return false
	}
	for _, k := range s.Keys {
		if k != "data" && k != "errors" && k != "extensions" {
			return false
		}
	}
	return bytes.Contains(head, []byte(`"vulnerabilityAlerts"`))
}

type gqlCVSS struct {
	VectorString string  `json:"vectorString"`
	Score        float64 `json:"score"`
}

type gqlAdvisory struct {
	GHSAID      string `json:"ghsaId"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
	Severity    string `json:"severity"`
	Permalink   string `json:"permalink"`
	Identifiers []struct {
		Type  string `json:"type"`
		Value string `json:"value"`
	} `json:"identifiers"`
	References []struct {
		URL string `json:"url"`
	} `json:"references"`
	CVSS           *gqlCVSS `json:"cvss"`
	CVSSSeverities *struct {
		V3 *gqlCVSS `json:"cvssV3"`
		V4 *gqlCVSS `json:"cvssV4"`
	} `json:"cvssSeverities"`
	CWEs *struct {
		Nodes []struct {
			CWEID string `json:"cweId"`
		} `json:"nodes"`
	} `json:"cwes"`
	EPSS        json.RawMessage `json:"epss"`
	WithdrawnAt string          `json:"withdrawnAt"`
}

type gqlAlert struct {
	State                  string `json:"state"`
	DismissReason          string `json:"dismissReason"`
	VulnerableManifestPath string `json:"vulnerableManifestPath"`
	VulnerableManifestFile string `json:"vulnerableManifestFilename"`
	VulnerableRequirements string `json:"vulnerableRequirements"`
	DependencyRelationship string `json:"dependencyRelationship"`
	SecurityVulnerability  *struct {
		Severity string `json:"severity"`
		Package  struct {
			Name      string `json:"name"`
			Ecosystem string `json:"ecosystem"`
		} `json:"package"`
		FirstPatchedVersion *struct {
			Identifier string `json:"identifier"`
		} `json:"firstPatchedVersion"`
		VulnerableVersionRange string       `json:"vulnerableVersionRange"`
		Advisory               *gqlAdvisory `json:"advisory"`
	} `json:"securityVulnerability"`
	SecurityAdvisory *gqlAdvisory `json:"securityAdvisory"`
}

// gqlAlertConsumed are the alert members that the finding holds elsewhere.
var gqlAlertConsumed = []string{"state", "dismissReason", "vulnerableManifestPath", "vulnerableRequirements", "securityVulnerability", "securityAdvisory"}

// Decode reads a GraphQL answer and every vulnerabilityAlerts connection in
// it.
func (*DependabotGraphQLDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, decode.ShapeError(err)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "GitHub Dependabot", Vendor: "GitHub"}, Format: FormatDependabotGraphQL}}
	var gqlErrs []struct {
		Message string `json:"message"`
	}
	if raw, ok := top["errors"]; ok && json.Unmarshal(raw, &gqlErrs) == nil {
		for i, e := range gqlErrs {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(fmt.Sprintf("/errors/%d", i), "GraphQL error: %s", decode.Clip(e.Message, lim.MaxText)))
		}
	}
	raw, ok := top["data"]
	if !ok {
		return nil, fmt.Errorf("%w: no data", decode.ErrNotFormat)
	}
	if decode.RawText(raw) == "" {
		if len(gqlErrs) > 0 {
			return nil, fmt.Errorf("github: the GraphQL query failed: %s", gqlErrs[0].Message)
		}
		return doc, nil
	}
	w := &gqlWalker{lim: lim, doc: doc, recs: decode.NewRecords(ctx)}
	if err := w.walk(raw, "/data", ""); err != nil {
		return nil, err
	}
	if !w.found {
		return nil, fmt.Errorf("%w: no vulnerabilityAlerts", decode.ErrNotFormat)
	}
	if len(w.repos) == 1 {
		doc.Source.Target = &aspm.Target{Kind: aspm.TargetRepository, Name: w.repos[0]}
	}
	return doc, nil
}

// gqlWalker finds vulnerabilityAlerts connections anywhere in an answer,
// visiting object members in sorted order.
type gqlWalker struct {
	lim   decode.Limits
	doc   *aspm.Document
	recs  *decode.Records
	found bool
	repos []string
}

func (w *gqlWalker) walk(raw json.RawMessage, ptr, repo string) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return nil
	}
	switch raw[0] {
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) != nil {
			return nil
		}
		for i, el := range list {
			if err := w.walk(el, fmt.Sprintf("%s/%d", ptr, i), repo); err != nil {
				return err
			}
		}
	case '{':
		var obj map[string]json.RawMessage
		if json.Unmarshal(raw, &obj) != nil {
			return nil
		}
		if name := firstNonEmpty(decode.RawText(obj["nameWithOwner"]), decode.RawText(obj["url"]), decode.RawText(obj["name"])); name != "" && (obj["vulnerabilityAlerts"] != nil || obj["nameWithOwner"] != nil) {
			repo = name
		}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			kptr := ptr + "/" + strings.ReplaceAll(strings.ReplaceAll(k, "~", "~0"), "/", "~1")
			if k == "vulnerabilityAlerts" {
				w.found = true
				if repo != "" && !slices.Contains(w.repos, repo) {
					w.repos = append(w.repos, repo)
				}
				if err := w.alerts(obj[k], kptr, repo); err != nil {
					return err
				}
				continue
			}
			if err := w.walk(obj[k], kptr, repo); err != nil {
				return err
			}
		}
	}
	return nil
}

// alerts reads one vulnerabilityAlerts connection (nodes or edges).
func (w *gqlWalker) alerts(raw json.RawMessage, ptr, repo string) error {
	var conn struct {
		Nodes []json.RawMessage `json:"nodes"`
		Edges []struct {
			Node json.RawMessage `json:"node"`
		} `json:"edges"`
	}
	if err := json.Unmarshal(raw, &conn); err != nil {
		w.doc.Diagnostics = append(w.doc.Diagnostics, aspm.Errorf(ptr, "alerts skipped: %v", err))
		return nil
	}
	type item struct {
		raw json.RawMessage
		ptr string
	}
	var items []item
	for i, n := range conn.Nodes {
		items = append(items, item{n, fmt.Sprintf("%s/nodes/%d", ptr, i)})
	}
	for i, e := range conn.Edges {
		items = append(items, item{e.Node, fmt.Sprintf("%s/edges/%d/node", ptr, i)})
	}
	for _, it := range items {
		var a gqlAlert
		m, err := members(it.raw, &a)
		if err != nil {
			w.doc.Diagnostics = append(w.doc.Diagnostics, aspm.Errorf(it.ptr, "alert skipped: %v", err))
			continue
		}
		if err := w.recs.Add(); err != nil {
			return err
		}
		d := depAlert{state: a.State, reason: a.DismissReason, ptr: it.ptr, repository: repo}
		// Only a path locates the manifest: a bare file name
		// (vulnerableManifestFilename, kept in Properties) is shared by every
		// pom.xml of a repository and would fold their alerts together.
		d.manifest = a.VulnerableManifestPath
		if req := strings.TrimSpace(a.VulnerableRequirements); strings.HasPrefix(req, "=") && !strings.ContainsAny(req[1:], "<>=,| ") {
			d.version = strings.TrimSpace(req[1:])
		} else if rest, ok := strings.CutPrefix(req, "= "); ok && !strings.ContainsAny(rest, "<>=,| ") {
			d.version = rest
		}
		switch strings.ToLower(a.DependencyRelationship) {
		case "direct":
			d.scope = aspm.ScopeDirect
		case "transitive", "indirect":
			d.scope = aspm.ScopeTransitive
		}
		adv := a.SecurityAdvisory
		if v := a.SecurityVulnerability; v != nil {
			d.severity = v.Severity
			d.ecosystem, d.name = v.Package.Ecosystem, v.Package.Name
			d.vulnerableRange = v.VulnerableVersionRange
			if v.FirstPatchedVersion != nil && !null(v.FirstPatchedVersion.Identifier) {
				d.fixed = append(d.fixed, v.FirstPatchedVersion.Identifier)
			}
			if v.Advisory != nil {
				adv = v.Advisory
			}
		}
		if adv != nil {
			d.ghsa = adv.GHSAID
			d.summary, d.description = adv.Summary, adv.Description
			d.severity = firstNonEmpty(d.severity, adv.Severity)
			for _, id := range adv.Identifiers {
				if d.ghsa == "" && strings.EqualFold(id.Type, "GHSA") {
					d.ghsa = id.Value
					continue
				}
				d.ids = append(d.ids, id.Value)
			}
			if adv.CVSSSeverities != nil {
				for _, c := range []*gqlCVSS{adv.CVSSSeverities.V3, adv.CVSSSeverities.V4} {
					if c != nil {
						d.cvss = addCVSS(d.cvss, c.VectorString, c.Score)
					}
				}
			}
			if adv.CVSS != nil {
				d.cvss = addCVSS(d.cvss, adv.CVSS.VectorString, adv.CVSS.Score)
			}
			if adv.CWEs != nil {
				for _, c := range adv.CWEs.Nodes {
					d.cwes = append(d.cwes, c.CWEID)
				}
			}
			d.refs = addRef(d.refs, adv.Permalink)
			for _, ref := range adv.References {
				d.refs = addRef(d.refs, ref.URL)
			}
			d.epss = decode.RawText(adv.EPSS)
			d.withdrawn = !null(adv.WithdrawnAt)
		}
		d.props = props(nil, "", m, gqlAlertConsumed...)
		d.fingerprints = alertFingerprints("", decode.RawText(m["id"]), decode.RawText(m["number"]), repo)
		f := d.finding(w.lim)
		f.Provenance.Index = len(w.doc.Findings)
		w.doc.Findings = append(w.doc.Findings, f)
	}
	return nil
}
