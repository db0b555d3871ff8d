package cyclonedx

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"time"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/vexdecide"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "cyclonedx"

// Encoder writes a CycloneDX 1.6 VEX document (JSON) from triage decisions
// and policy exceptions. The zero value writes vulnerabilities only for
// issues with a decision.
type Encoder struct {
	// IncludeOpen also writes every vulnerability issue without a decision,
	// as exploitable (or resolved when fixed).
	IncludeOpen bool
}

// Format returns "cyclonedx".
func (*Encoder) Format() aspm.Format { return Format }

// Encode writes a BOM whose components are the issues' packages (bom-ref
// is the purl) and whose vulnerabilities carry the analysis: state,
// justification, response and detail, each affecting its component.
// Output is sorted by vulnerability id and purl; the serial number is
// derived from the content and the timestamp is the result's generation
// time, so the same result gives the same bytes.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("cyclonedx: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	bom := cdx.NewBOM()
	bom.SpecVersion = cdx.SpecVersion1_6
	bom.JSONSchema = "http://cyclonedx.org/schema/bom-1.6.schema.json"
	bom.Version = 1
	bom.Metadata = &cdx.Metadata{
		Tools: &cdx.ToolsChoice{Components: &[]cdx.Component{{Type: cdx.ComponentTypeApplication, Name: "posture"}}},
	}
	if !r.GeneratedAt.IsZero() {
		bom.Metadata.Timestamp = r.GeneratedAt.UTC().Format(time.RFC3339)
	}
	components := map[string]cdx.Component{}
	var vulns []cdx.Vulnerability
	for i := range r.Issues {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		is := &r.Issues[i]
		d, ok := vexdecide.Decide(is, e.IncludeOpen)
		if !ok {
			continue
		}
		purl := is.Component.String()
		if _, ok := components[purl]; !ok {
			components[purl] = cdx.Component{BOMRef: purl, Type: cdx.ComponentTypeLibrary, Name: clean(is.Component.FullName(), 500),
				Version: clean(is.Component.Version(), 200), PackageURL: purl}
		}
		vulns = append(vulns, vulnerability(is, purl, d))
	}
	comps := make([]cdx.Component, 0, len(components))
	for _, k := range slices.Sorted(maps.Keys(components)) {
		comps = append(comps, components[k])
	}
	slices.SortStableFunc(vulns, func(a, b cdx.Vulnerability) int {
		return cmp.Or(strings.Compare(a.ID, b.ID), strings.Compare((*a.Affects)[0].Ref, (*b.Affects)[0].Ref))
	})
	for i := range vulns {
		vulns[i].BOMRef = fmt.Sprintf("vuln-%d", i+1)
	}
	if len(comps) > 0 {
		bom.Components = &comps
	}
	if len(vulns) > 0 {
		bom.Vulnerabilities = &vulns
	}
	body, err := json.Marshal(vulns)
	if err != nil {
		return fmt.Errorf("cyclonedx: %w", err)
	}
	bom.SerialNumber = serial(body)

	bw := bufio.NewWriter(w)
	enc := cdx.NewBOMEncoder(bw, cdx.BOMFileFormatJSON)
	enc.SetPretty(true)
	if err := enc.EncodeVersion(bom, cdx.SpecVersion1_6); err != nil {
		return fmt.Errorf("cyclonedx: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("cyclonedx: %w", err)
	}
	return nil
}

// serial is a version-5-shaped UUID URN derived from b.
func serial(b []byte) string {
	sum := sha256.Sum256(b)
	u := sum[:16]
	u[6] = u[6]&0x0f | 0x50
	u[8] = u[8]&0x3f | 0x80
	h := hex.EncodeToString(u)
	return "urn:uuid:" + h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

func vulnerability(is *aspm.Issue, purl string, d vexdecide.Decision) cdx.Vulnerability {
	v := cdx.Vulnerability{ID: clean(is.Vulns[0], 200), Affects: &[]cdx.Affects{{Ref: purl}}}
	if s := source(v.ID); s != nil {
		v.Source = s
	}
	var refs []cdx.VulnerabilityReference
	for _, a := range is.Vulns[1:] {
		a = clean(a, 200)
		if a != "" && a != v.ID {
			refs = append(refs, cdx.VulnerabilityReference{ID: a, Source: cmp.Or(source(a), &cdx.Source{Name: "unknown"})})
		}
	}
	if len(refs) > 0 {
		v.References = &refs
	}
	rating := cdx.VulnerabilityRating{Severity: severity(is.Severity), Source: &cdx.Source{Name: cmp.Or(clean(is.SeveritySource, 200), "posture")}}
	v.Ratings = &[]cdx.VulnerabilityRating{rating}
	if len(is.CWEs) > 0 {
		cwes := slices.Clone(is.CWEs)
		v.CWEs = &cwes
	}
	v.Description = clean(is.Title, 2000)
	if len(is.FixedVersions) > 0 {
		v.Recommendation = clean("Upgrade "+is.Component.Name()+" to "+strings.Join(is.FixedVersions, " or "), 2000)
	}
	a := &cdx.VulnerabilityAnalysis{State: state(is, d), Justification: cdxJustification(d.Justification)}
	var detail []string
	for _, s := range []string{d.Impact, d.Action, d.Notes} {
		if s != "" {
			detail = append(detail, clean(s, 4000))
		}
	}
	a.Detail = strings.Join(detail, "\n")
	if resp := response(is, d); resp != "" {
		a.Response = &[]cdx.ImpactAnalysisResponse{resp}
	}
	if !d.At.IsZero() {
		a.LastUpdated = d.At.UTC().Format(time.RFC3339)
	}
	v.Analysis = a
	return v
}

// source names the database of a vulnerability id, when its prefix says.
func source(id string) *cdx.Source {
	switch {
	case strings.HasPrefix(id, "CVE-"):
		return &cdx.Source{Name: "NVD", URL: "https://nvd.nist.gov/vuln/detail/" + id}
	case strings.HasPrefix(id, "GHSA-"):
		return &cdx.Source{Name: "GitHub", URL: "https://github.com/advisories/" + id}
	case strings.HasPrefix(id, "OSV-") || strings.HasPrefix(id, "GO-") || strings.HasPrefix(id, "PYSEC-") || strings.HasPrefix(id, "RUSTSEC-"):
		return &cdx.Source{Name: "OSV", URL: "https://osv.dev/vulnerability/" + id}
	}
	return nil
}

func severity(s aspm.Severity) cdx.Severity {
	switch s {
	case aspm.SeverityCritical:
		return cdx.SeverityCritical
	case aspm.SeverityHigh:
		return cdx.SeverityHigh
	case aspm.SeverityMedium:
		return cdx.SeverityMedium
	case aspm.SeverityLow:
		return cdx.SeverityLow
	case aspm.SeverityInfo:
		return cdx.SeverityInfo
	}
	return cdx.SeverityUnknown
}

func state(is *aspm.Issue, d vexdecide.Decision) cdx.ImpactAnalysisState {
	if t := is.Triage; t != nil && t.Status == aspm.StatusFalsePositive && (t.VEX == nil || t.VEX.State == aspm.VEXNotAffected || t.VEX.State == "") {
		return cdx.IASFalsePositive
	}
	switch d.State {
	case aspm.VEXNotAffected:
		return cdx.IASNotAffected
	case aspm.VEXAffected:
		return cdx.IASExploitable
	case aspm.VEXFixed:
		return cdx.IASResolved
	}
	return cdx.IASInTriage
}

// cdxJustification maps an OpenVEX justification onto CycloneDX's.
func cdxJustification(j string) cdx.ImpactAnalysisJustification {
	switch j {
	case "component_not_present":
		return cdx.IAJRequiresDependency
	case "vulnerable_code_not_present":
		return cdx.IAJCodeNotPresent
	case "vulnerable_code_not_in_execute_path":
		return cdx.IAJCodeNotReachable
	case "vulnerable_code_cannot_be_controlled_by_adversary":
		return cdx.IAJRequiresConfiguration
	case "inline_mitigations_already_exist":
		return cdx.IAJProtectedByMitigatingControl
	}
	return ""
}

func response(is *aspm.Issue, d vexdecide.Decision) cdx.ImpactAnalysisResponse {
	if d.State != aspm.VEXAffected {
		return ""
	}
	if t := is.Triage; t != nil && t.Status == aspm.StatusAccepted {
		return cdx.IARWillNotFix
	}
	for _, v := range is.Policy {
		if v.Result == aspm.VerdictExcepted {
			return cdx.IARWillNotFix
		}
	}
	if len(is.FixedVersions) > 0 {
		return cdx.IARUpdate
	}
	return cdx.IARCanNotFix
}
