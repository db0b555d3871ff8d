package trivy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/trivytype"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "trivy-json"

// Decoder reads Trivy JSON reports: schema 2 reports, Kubernetes cluster
// reports and the schema-less array of results of Trivy before 0.20. The
// zero value is ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts like a Trivy report: an object with
// SchemaVersion and ArtifactName, ArtifactType or Results; an object with
// ClusterName and Resources (or the older Vulnerabilities, Misconfigurations
// or Findings lists); or an array whose first element has Target and
// Vulnerabilities, Misconfigurations or Type.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON {
		return false
	}
	if s.Array {
		return s.Has("Target") && (s.Has("Vulnerabilities") || s.Has("Misconfigurations") || s.Has("Type"))
	}
	if s.Has("SchemaVersion") && (s.Has("ArtifactName") || s.Has("ArtifactType") || s.Has("Results")) {
		return true
	}
	return s.Has("ClusterName") && (s.Has("Resources") || s.Has("Vulnerabilities") || s.Has("Misconfigurations") || s.Has("Findings"))
}

// report is a schema 2 report.
type report struct {
	SchemaVersion json.Number       `json:"SchemaVersion"`
	CreatedAt     string            `json:"CreatedAt"`
	ArtifactName  string            `json:"ArtifactName"`
	ArtifactType  string            `json:"ArtifactType"`
	Metadata      metadata          `json:"Metadata"`
	Results       []json.RawMessage `json:"Results"`
	Trivy         struct {
		Version string `json:"Version"`
	} `json:"Trivy"`
}

type metadata struct {
	OS *struct {
		Family string `json:"Family"`
		Name   string `json:"Name"`
	} `json:"OS"`
	ImageID     string   `json:"ImageID"`
	RepoTags    []string `json:"RepoTags"`
	RepoDigests []string `json:"RepoDigests"`
}

// resource is one Kubernetes object of a cluster report.
type resource struct {
	Namespace string            `json:"Namespace"`
	Kind      string            `json:"Kind"`
	Name      string            `json:"Name"`
	Metadata  json.RawMessage   `json:"Metadata"`
	Results   []json.RawMessage `json:"Results"`
	Error     string            `json:"Error"`
}

// result is one target of a report: an image's OS packages, a lockfile, a
// configuration file…
type result struct {
	Target            string            `json:"Target"`
	Class             string            `json:"Class"`
	Type              string            `json:"Type"`
	Packages          []json.RawMessage `json:"Packages"`
	Vulnerabilities   []json.RawMessage `json:"Vulnerabilities"`
	Misconfigurations []json.RawMessage `json:"Misconfigurations"`
	Secrets           []json.RawMessage `json:"Secrets"`
	Licenses          []json.RawMessage `json:"Licenses"`
	ModifiedFindings  []json.RawMessage `json:"ModifiedFindings"`
	CustomResources   []json.RawMessage `json:"CustomResources"`
}

// scope is what a result's findings inherit from the report around them.
type scope struct {
	image              string         // image reference, "" when not an image
	container          bool           // the artifact is an image
	osFamily, osName   string         // the image's OS, when known
	resource           *aspm.Resource // the Kubernetes object, when any
	k8s                bool
	osFromMeta, legacy bool
}

// decoder holds the state of one Decode call.
type decoder struct {
	lim  decode.Limits
	recs *decode.Records
	doc  *aspm.Document
	refs map[string]bool // component refs already added
}

// k8sLists are the members of a cluster report that hold resources, in the
// order they are read.
var k8sLists = []string{"Resources", "Findings", "Vulnerabilities", "Misconfigurations", "Secrets", "Licenses"}

// Decode reads one Trivy JSON report.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	data = decode.TrimHead(data)
	if err := decode.CheckDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	d := &decoder{
		lim:  lim,
		recs: decode.NewRecords(ctx),
		doc:  &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Trivy", Vendor: "Aqua Security"}, Format: Format}},
		refs: map[string]bool{},
	}
	if string(bytes.TrimSpace(data)) == "null" {
		return d.doc, nil // Trivy before 0.20 writes null when it found nothing
	}
	if len(data) > 0 && data[0] == '[' {
		var results []json.RawMessage
		if err := json.Unmarshal(data, &results); err != nil {
			return nil, err
		}
		if err := d.legacy(results); err != nil {
			return nil, err
		}
		return d.doc, nil
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(data, &top); err != nil {
		return nil, decode.TopMismatchNotFormat(err, "not a Trivy report object or array")
	}
	switch {
	case top["ClusterName"] != nil:
		err = d.cluster(top)
	case top["SchemaVersion"] != nil || top["Results"] != nil:
		err = d.report(data)
	default:
		return nil, fmt.Errorf("%w: no SchemaVersion, Results or ClusterName", decode.ErrNotFormat)
	}
	if err != nil {
		return nil, err
	}
	return d.doc, nil
}

// legacy reads the array of results of Trivy before schema 2.
func (d *decoder) legacy(results []json.RawMessage) error {
	if len(results) > 0 {
		var first map[string]json.RawMessage
		if json.Unmarshal(results[0], &first) != nil || first["Target"] == nil {
			return fmt.Errorf("%w: array elements are not Trivy results with a Target", decode.ErrNotFormat)
		}
	}
	sc := &scope{legacy: true}
	for i, raw := range results {
		if err := d.result(raw, "/"+strconv.Itoa(i), sc); err != nil {
			return err
		}
	}
	return nil
}

// report reads a schema 2 report.
func (d *decoder) report(data []byte) error {
	var rep report
	if err := json.Unmarshal(data, &rep); err != nil {
		return err
	}
	if v := rep.SchemaVersion.String(); v != "" && v != "2" {
		return fmt.Errorf("%w: Trivy JSON schema version %s (posture reads 2)", decode.ErrUnsupported, v)
	}
	src := &d.doc.Source
	src.Tool.Version = rep.Trivy.Version
	if t, err := time.Parse(time.RFC3339Nano, rep.CreatedAt); err == nil {
		src.ScanTime = t
	}
	sc := &scope{}
	if rep.ArtifactName != "" || rep.ArtifactType != "" {
		tg := &aspm.Target{Kind: targetKind(rep.ArtifactType), Name: rep.ArtifactName}
		if tg.Kind == aspm.TargetImage {
			tg.Digest = imageDigest(rep.Metadata)
			sc.container, sc.image = true, rep.ArtifactName
		}
		if os := rep.Metadata.OS; os != nil {
			tg.OS = strings.TrimSpace(os.Family + " " + os.Name)
			sc.osFamily, sc.osName, sc.osFromMeta = os.Family, os.Name, true
		}
		src.Target = tg
	}
	for i, raw := range rep.Results {
		if err := d.result(raw, "/Results/"+strconv.Itoa(i), sc); err != nil {
			return err
		}
	}
	return nil
}

// cluster reads a Kubernetes cluster report.
func (d *decoder) cluster(top map[string]json.RawMessage) error {
	var name string
	if err := json.Unmarshal(top["ClusterName"], &name); err != nil {
		return fmt.Errorf("%w: ClusterName is not a string", decode.ErrNotFormat)
	}
	d.doc.Source.Target = &aspm.Target{Kind: aspm.TargetCluster, Name: name}
	for _, list := range k8sLists {
		raw := top[list]
		if raw == nil || string(raw) == "null" {
			continue
		}
		var resources []json.RawMessage
		if err := json.Unmarshal(raw, &resources); err != nil {
			d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf("/"+list, "resource list skipped: %v", err))
			continue
		}
		for i, rr := range resources {
			ptr := "/" + list + "/" + strconv.Itoa(i)
			var res resource
			if err := json.Unmarshal(rr, &res); err != nil {
				d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "resource skipped: %v", err))
				continue
			}
			if res.Error != "" {
				d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr, "trivy could not scan %s %s: %s", res.Kind, res.Name, decode.Clip(res.Error, d.lim.MaxText)))
			}
			sc := &scope{k8s: true, resource: k8sResource(res)}
			sc.image, sc.osFamily, sc.osName = metadataImage(res.Metadata)
			for j, raw := range res.Results {
				if err := d.result(raw, ptr+"/Results/"+strconv.Itoa(j), sc); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// k8sResource names a Kubernetes object as a location resource: its kind,
// and "namespace/name" (just the name for cluster-scoped objects).
func k8sResource(res resource) *aspm.Resource {
	if res.Kind == "" && res.Name == "" {
		return nil
	}
	name := res.Name
	if res.Namespace != "" {
		name = res.Namespace + "/" + name
	}
	return &aspm.Resource{Type: res.Kind, Name: name, Provider: "kubernetes"}
}

// metadataImage reads the image reference and OS of a cluster resource's
// metadata, which is one object or (since Trivy 0.50) a list of them.
func metadataImage(raw json.RawMessage) (image, family, name string) {
	var list []metadata
	var one metadata
	if json.Unmarshal(raw, &one) == nil {
		list = []metadata{one}
	} else if json.Unmarshal(raw, &list) != nil {
		return "", "", ""
	}
	for _, m := range list {
		for _, t := range append(slices.Clone(m.RepoTags), m.RepoDigests...) {
			if t != "" && image == "" {
				image = t
			}
		}
		if m.OS != nil && family == "" {
			family, name = m.OS.Family, m.OS.Name
		}
	}
	return image, family, name
}

// result reads one result: its packages and findings.
func (d *decoder) result(raw json.RawMessage, ptr string, parent *scope) error {
	var res result
	if err := json.Unmarshal(raw, &res); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "result skipped: %v", err))
		return nil
	}
	sc := *parent
	if res.Class == "os-pkgs" || (res.Class == "" && trivytype.IsOSFamily(res.Type)) {
		// An OS result names the image and its OS: "debian:10 (debian 10.4)".
		name, family, release, ok := splitTarget(res.Target)
		if ok && !sc.osFromMeta {
			sc.osFamily, sc.osName = family, release
		}
		if sc.osFamily == "" {
			sc.osFamily = res.Type
		}
		if ok && !sc.container && (sc.k8s || sc.legacy) {
			sc.image = name
		}
		if sc.k8s || sc.legacy {
			// Language results that follow belong to the same image.
			parent.image, parent.osFamily, parent.osName = sc.image, sc.osFamily, sc.osName
		}
	}
	for i, p := range res.Packages {
		if err := d.component(p, ptr+"/Packages/"+strconv.Itoa(i), &res, &sc); err != nil {
			return err
		}
	}
	for i, v := range res.Vulnerabilities {
		if f, ok := d.vulnerability(v, ptr+"/Vulnerabilities/"+strconv.Itoa(i), &res, &sc); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	for i, m := range res.Misconfigurations {
		if f, ok := d.misconfiguration(m, ptr+"/Misconfigurations/"+strconv.Itoa(i), &res, &sc, false); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	for i, s := range res.Secrets {
		if f, ok := d.secret(s, ptr+"/Secrets/"+strconv.Itoa(i), &res, &sc); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	for i, l := range res.Licenses {
		if f, ok := d.license(l, ptr+"/Licenses/"+strconv.Itoa(i), &res, &sc); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	for i, m := range res.ModifiedFindings {
		if f, ok := d.modified(m, ptr+"/ModifiedFindings/"+strconv.Itoa(i), &res, &sc); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	if len(res.CustomResources) > 0 {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr+"/CustomResources", "%d custom resources of a Trivy plugin not read", len(res.CustomResources)))
	}
	return nil
}

// add counts a finding, numbers it and appends it.
func (d *decoder) add(f aspm.Finding) error {
	if err := d.recs.Add(); err != nil {
		return err
	}
	f.Provenance.Index = len(d.doc.Findings)
	d.doc.Findings = append(d.doc.Findings, f)
	return nil
}

// targetKind maps Trivy's artifact types onto target kinds.
func targetKind(artifactType string) aspm.TargetKind {
	switch artifactType {
	case "container_image":
		return aspm.TargetImage
	case "filesystem", "repository":
		return aspm.TargetRepository
	case "sbom", "cyclonedx", "spdx":
		return aspm.TargetManifest
	case "kubernetes", "k8s":
		return aspm.TargetCluster
	}
	return aspm.TargetOther
}

// imageDigest returns the digest of the first repository digest
// ("repo@sha256:…"), else the image ID.
func imageDigest(m metadata) string {
	for _, rd := range m.RepoDigests {
		if _, dg, ok := strings.Cut(rd, "@"); ok && dg != "" {
			return dg
		}
	}
	return m.ImageID
}
