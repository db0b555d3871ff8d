package trivyoperator

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "trivy-operator"

// apiGroup is the API group of Trivy Operator's custom resources.
const apiGroup = "aquasecurity.github.io"

// maxNesting bounds how deep lists of reports may nest (a List in an
// array in a map of lists…).
const maxNesting = 4

// Decoder reads Trivy Operator custom resources as JSON (kubectl get -o
// json): one report, a List of them, an array of them, or an object that
// maps resource names ("vulnerabilityreports.aquasecurity.github.io") to
// lists. The zero value is ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts like Trivy Operator resources: an
// object (or the first element of an array) whose apiVersion is in the
// aquasecurity.github.io group, a List whose items are, or an object keyed
// by the operator's resource names.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON {
		return false
	}
	if strings.HasPrefix(s.Strings["apiVersion"], apiGroup+"/") {
		return true
	}
	if !s.Array && s.Has("items") && bytes.Contains(head, []byte(`"`+apiGroup+`/`)) {
		return true
	}
	if !s.Array {
		for _, k := range s.Keys {
			if strings.HasSuffix(k, "."+apiGroup) {
				return true
			}
		}
	}
	return false
}

// decoder holds the state of one Decode call.
type decoder struct {
	lim     decode.Limits
	recs    *decode.Records
	doc     *aspm.Document
	reports int
	targets []*aspm.Target
}

// Decode reads Trivy Operator reports.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	data = decode.TrimHead(data)
	var root json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &root); err != nil {
		return nil, err
	}
	d := &decoder{
		lim:  lim,
		recs: decode.NewRecords(ctx),
		doc:  &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Trivy Operator", Vendor: "Aqua Security"}, Format: Format}},
	}
	if err := d.walk(root, "", 0); err != nil {
		return nil, err
	}
	if d.reports == 0 && len(d.doc.Diagnostics) == 0 && !isContainer(root) {
		return nil, fmt.Errorf("%w: no Trivy Operator report", decode.ErrNotFormat)
	}
	if len(d.targets) == 1 {
		d.doc.Source.Target = d.targets[0]
	}
	return d.doc, nil
}

// isContainer reports whether raw is an object or an array (an empty list
// of reports is still a list).
func isContainer(raw json.RawMessage) bool {
	return len(raw) > 0 && (raw[0] == '[' || raw[0] == '{')
}

// walk finds the reports in raw: a report itself, a List's items, an
// array's elements, or the lists of a map keyed by resource names.
func (d *decoder) walk(raw json.RawMessage, ptr string, depth int) error {
	raw = bytes.TrimSpace(raw)
	notFormat := func(what string) error {
		if depth == 0 {
			return fmt.Errorf("%w: %s", decode.ErrNotFormat, what)
		}
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "skipped: %s", what))
		return nil
	}
	if depth > maxNesting {
		return notFormat("lists of reports nested too deep")
	}
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	switch raw[0] {
	case '[':
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return notFormat(err.Error())
		}
		for i, it := range items {
			if err := d.walk(it, ptr+"/"+strconv.Itoa(i), depth+1); err != nil {
				return err
			}
		}
		return nil
	case '{':
	default:
		return notFormat("not an object or array")
	}
	var head struct {
		APIVersion string          `json:"apiVersion"`
		Items      json.RawMessage `json:"items"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return notFormat(err.Error())
	}
	switch {
	case head.Items != nil:
		return d.walk(head.Items, ptr+"/items", depth+1)
	case strings.HasPrefix(head.APIVersion, apiGroup+"/"):
		return d.report(raw, ptr)
	}
	members, err := orderedMembers(raw)
	if err != nil {
		return notFormat(err.Error())
	}
	found := false
	for _, m := range members {
		if strings.HasSuffix(m.key, "."+apiGroup) {
			found = true
			if err := d.walk(m.value, ptr+"/"+escapePointer(m.key), depth+1); err != nil {
				return err
			}
		}
	}
	if !found {
		return notFormat("no aquasecurity.github.io apiVersion, items or report lists")
	}
	return nil
}

type member struct {
	key   string
	value json.RawMessage
}

// orderedMembers returns an object's members in the order they are
// written, so that findings keep the input's order.
func orderedMembers(raw json.RawMessage) ([]member, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	var out []member
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key, ok := tok.(string)
		if !ok {
			return nil, errors.New("object key is not a string")
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		out = append(out, member{key, v})
	}
	return out, nil
}

// escapePointer escapes a JSON pointer token.
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// crd is one Trivy Operator custom resource.
type crd struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
	Metadata   struct {
		Name            string            `json:"name"`
		Namespace       string            `json:"namespace"`
		Labels          map[string]string `json:"labels"`
		OwnerReferences []struct {
			Kind string `json:"kind"`
			Name string `json:"name"`
		} `json:"ownerReferences"`
	} `json:"metadata"`
	Report json.RawMessage `json:"report"`
	Status json.RawMessage `json:"status"`
}

// reportData is the report member shared by the report kinds.
type reportData struct {
	UpdateTimestamp string  `json:"updateTimestamp"`
	Scanner         scanner `json:"scanner"`
	Registry        struct {
		Server string `json:"server"`
	} `json:"registry"`
	Artifact struct {
		Repository string `json:"repository"`
		Digest     string `json:"digest"`
		Tag        string `json:"tag"`
	} `json:"artifact"`
	OS struct {
		Family string `json:"family"`
		Name   string `json:"name"`
	} `json:"os"`
	Vulnerabilities []json.RawMessage `json:"vulnerabilities"`
	Checks          []json.RawMessage `json:"checks"`
	Secrets         []json.RawMessage `json:"secrets"`
	Components      json.RawMessage   `json:"components"`
}

type scanner struct {
	Name    string `json:"name"`
	Vendor  string `json:"vendor"`
	Version string `json:"version"`
}

// scope is what a report's findings share.
type scope struct {
	kind, name string
	tool       aspm.Tool
	image      string
	resource   *aspm.Resource
	container  string
	osFamily   string
	osName     string
}

// report reads one custom resource.
func (d *decoder) report(raw json.RawMessage, ptr string) error {
	var c crd
	if err := json.Unmarshal(raw, &c); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "report skipped: %v", err))
		return nil
	}
	d.reports++
	labels := c.Metadata.Labels
	if labels["app.kubernetes.io/name"] == "trivy-operator" && d.doc.Source.Tool.Version == "" {
		d.doc.Source.Tool.Version = labels["app.kubernetes.io/version"]
	}
	sc := &scope{kind: c.Kind, name: c.Metadata.Name, container: labels["trivy-operator.container.name"]}
	sc.resource = workload(c)
	if c.Kind == "ClusterComplianceReport" || (len(c.Report) == 0 && len(c.Status) > 0) {
		return d.compliance(c, ptr, sc)
	}
	if len(c.Report) == 0 || string(c.Report) == "null" {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr, "%s %q has no report", c.Kind, c.Metadata.Name))
		return nil
	}
	var rep reportData
	if err := json.Unmarshal(c.Report, &rep); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr+"/report", "report skipped: %v", err))
		return nil
	}
	d.scanTime(rep.UpdateTimestamp)
	sc.tool = aspm.Tool{Name: rep.Scanner.Name, Version: rep.Scanner.Version, Vendor: rep.Scanner.Vendor}
	sc.image = imageRef(rep)
	sc.osFamily, sc.osName = rep.OS.Family, rep.OS.Name
	if sc.image != "" {
		tg := &aspm.Target{Kind: aspm.TargetImage, Name: sc.image, Digest: rep.Artifact.Digest}
		if rep.OS.Family != "" {
			tg.OS = strings.TrimSpace(rep.OS.Family + " " + rep.OS.Name)
		}
		d.addTarget(tg)
	}
	for i, v := range rep.Vulnerabilities {
		if f, ok := d.vulnerability(v, ptr+"/report/vulnerabilities/"+strconv.Itoa(i), sc); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	for i, ch := range rep.Checks {
		if f, ok := d.check(ch, ptr+"/report/checks/"+strconv.Itoa(i), sc, nil); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	for i, s := range rep.Secrets {
		if f, ok := d.secret(s, ptr+"/report/secrets/"+strconv.Itoa(i), sc); ok {
			if err := d.add(f); err != nil {
				return err
			}
		}
	}
	if len(rep.Components) > 0 && string(rep.Components) != "null" {
		return d.sbom(rep.Components, ptr+"/report/components")
	}
	return nil
}

// addTarget records a scanned image once.
func (d *decoder) addTarget(tg *aspm.Target) {
	for _, t := range d.targets {
		if t.Kind == tg.Kind && t.Name == tg.Name && t.Digest == tg.Digest && t.OS == tg.OS && t.PURL.Equal(tg.PURL) {
			return
		}
	}
	d.targets = append(d.targets, tg)
}

// scanTime keeps the first report time as the document's scan time.
func (d *decoder) scanTime(s string) {
	if s == "" || !d.doc.Source.ScanTime.IsZero() {
		return
	}
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		d.doc.Source.ScanTime = t
	}
}

// workload names the Kubernetes object a report is about, from the
// operator's labels, else from the report's owner.
func workload(c crd) *aspm.Resource {
	l := c.Metadata.Labels
	kind, name, ns := l["trivy-operator.resource.kind"], l["trivy-operator.resource.name"], l["trivy-operator.resource.namespace"]
	if kind == "" && name == "" && len(c.Metadata.OwnerReferences) > 0 {
		kind, name, ns = c.Metadata.OwnerReferences[0].Kind, c.Metadata.OwnerReferences[0].Name, c.Metadata.Namespace
	}
	if kind == "" && name == "" {
		return nil
	}
	if ns != "" {
		name = ns + "/" + name
	}
	return &aspm.Resource{Type: kind, Name: name, Provider: "kubernetes"}
}

// imageRef renders a report's artifact as registry/repository:tag@digest.
func imageRef(rep reportData) string {
	a := rep.Artifact
	if a.Repository == "" {
		return ""
	}
	ref := a.Repository
	if rep.Registry.Server != "" {
		ref = rep.Registry.Server + "/" + ref
	}
	if a.Tag != "" {
		ref += ":" + a.Tag
	}
	if a.Digest != "" {
		ref += "@" + a.Digest
	}
	return ref
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

// common fills what every finding of a report shares.
func common(f *aspm.Finding, sc *scope) {
	f.Tool = sc.tool
	decode.SetProperty(f, "report_kind", sc.kind)
	decode.SetProperty(f, "report_name", sc.name)
	decode.SetProperty(f, "container", sc.container)
}
