package snyk

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "snyk-json"

// Decoder reads the JSON of snyk test and snyk container test (--json),
// one project or the array that --all-projects writes. The zero value is
// ready to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts like Snyk CLI JSON: an object (or the
// first element of an array) with vulnerabilities and packageManager,
// projectName, ok or dependencyCount, or, when the vulnerability list is
// too long for those to be in the head, with Snyk's per-vulnerability
// upgradePath and isUpgradable members. SARIF (Snyk Code) is not claimed.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || !s.Has("vulnerabilities") || s.Has("runs") || s.Has("bomFormat") {
		return false
	}
	if s.Has("packageManager") || s.Has("projectName") || s.Has("ok") || s.Has("dependencyCount") {
		return true
	}
	return bytes.Contains(head, []byte(`"upgradePath"`)) && bytes.Contains(head, []byte(`"isUpgradable"`))
}

// project is one tested project.
type project struct {
	Vulnerabilities   *[]json.RawMessage `json:"vulnerabilities"`
	OK                *bool              `json:"ok"`
	Error             string             `json:"error"`
	PackageManager    string             `json:"packageManager"`
	ProjectName       string             `json:"projectName"`
	DisplayTargetFile string             `json:"displayTargetFile"`
	TargetFile        string             `json:"targetFile"`
	Path              string             `json:"path"`
	Org               string             `json:"org"`
	Platform          string             `json:"platform"`
	Docker            json.RawMessage    `json:"docker"`
	Applications      []json.RawMessage  `json:"applications"`
}

// scope is what a project's findings share.
type scope struct {
	p         *project
	container bool
	image     string
	file      string
	baseImage string // docker.baseImage, "debian:12": the distro of OS packages
}

// decoder holds the state of one Decode call.
type decoder struct {
	lim   decode.Limits
	recs  *decode.Records
	doc   *aspm.Document
	paths []string
}

// Decode reads one Snyk CLI JSON report.
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
		doc:  &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Snyk", Vendor: "Snyk"}, Format: Format}},
	}
	var projects []json.RawMessage
	array := len(data) > 0 && data[0] == '['
	if array {
		err = json.Unmarshal(data, &projects)
	} else {
		var one json.RawMessage
		err = json.Unmarshal(data, &one)
		projects = []json.RawMessage{one}
	}
	if err != nil {
		return nil, err
	}
	for i, raw := range projects {
		ptr := ""
		if array {
			ptr = "/" + strconv.Itoa(i)
		}
		if err := d.project(raw, ptr, nil, i == 0); err != nil {
			return nil, err
		}
	}
	if len(d.paths) == 1 && d.doc.Source.Target == nil {
		d.doc.Source.Target = &aspm.Target{Kind: aspm.TargetRepository, Name: d.paths[0]}
	}
	if !array && d.doc.Source.Target != nil && d.doc.Source.Target.Kind == aspm.TargetRepository {
		if f := projectFile(projects[0]); f != "" {
			d.doc.Source.Target = &aspm.Target{Kind: aspm.TargetManifest, Name: f}
		}
	}
	return d.doc, nil
}

// projectFile returns a project's target file, "" when it has none.
func projectFile(raw json.RawMessage) string {
	var p project
	if json.Unmarshal(raw, &p) != nil {
		return ""
	}
	if p.DisplayTargetFile != "" {
		return decode.Slash(p.DisplayTargetFile)
	}
	return decode.Slash(p.TargetFile)
}

// project reads one project and the applications found in its image.
// first is set for the first project of the input, which must look like
// Snyk output.
func (d *decoder) project(raw json.RawMessage, ptr string, parent *scope, first bool) error {
	var p project
	var m map[string]json.RawMessage
	err := json.Unmarshal(raw, &p)
	if err == nil {
		err = json.Unmarshal(raw, &m)
	}
	if first && parent == nil {
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &te):
			return fmt.Errorf("%w: not a Snyk project object", decode.ErrNotFormat)
		case err != nil:
			return err
		case m["runs"] != nil:
			return fmt.Errorf("%w: SARIF, not Snyk CLI JSON", decode.ErrNotFormat)
		case p.Vulnerabilities == nil && (p.OK == nil || p.Error == ""):
			return fmt.Errorf("%w: no vulnerabilities", decode.ErrNotFormat)
		}
	}
	if err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Errorf(ptr, "project skipped: %v", err))
		return nil
	}
	if p.Error != "" {
		where := p.Path
		if where == "" {
			where = p.DisplayTargetFile
		}
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf(ptr, "snyk could not test %s: %s", where, decode.Clip(p.Error, d.lim.MaxText)))
	}
	sc := &scope{p: &p, file: decode.Slash(p.DisplayTargetFile)}
	if sc.file == "" {
		sc.file = decode.Slash(p.TargetFile)
	}
	var docker struct {
		BaseImage string `json:"baseImage"`
	}
	_ = json.Unmarshal(p.Docker, &docker) // docker is optional; its other members are not read
	sc.baseImage = docker.BaseImage
	switch {
	case parent != nil:
		sc.container, sc.image, sc.baseImage = parent.container, parent.image, parent.baseImage
	case strings.HasPrefix(p.ProjectName, "docker-image|") || (len(p.Docker) > 0 && string(p.Docker) != "null") || osManager(p.PackageManager):
		sc.container = true
		sc.image = dockerRef(p.Vulnerabilities)
		if sc.image == "" {
			sc.image = strings.TrimPrefix(p.ProjectName, "docker-image|")
		}
		if sc.image == "" {
			sc.image = p.Path
		}
	}
	if parent == nil {
		if sc.container && sc.image != "" && d.doc.Source.Target == nil {
			d.doc.Source.Target = &aspm.Target{Kind: aspm.TargetImage, Name: sc.image}
		}
		if p.Path != "" && !sc.container && p.Error == "" {
			d.paths = decode.AppendUnique(d.paths, p.Path)
		}
	}
	if p.Vulnerabilities != nil {
		for i, v := range *p.Vulnerabilities {
			if f, ok := d.vulnerability(v, ptr+"/vulnerabilities/"+strconv.Itoa(i), sc); ok {
				if err := d.recs.Add(); err != nil {
					return err
				}
				f.Provenance.Index = len(d.doc.Findings)
				d.doc.Findings = append(d.doc.Findings, f)
			}
		}
	}
	for i, app := range p.Applications {
		if parent != nil {
			break // applications do not nest
		}
		if err := d.project(app, ptr+"/applications/"+strconv.Itoa(i), sc, false); err != nil {
			return err
		}
	}
	return nil
}

// dockerRef returns the image a container project tested, as the head of
// its vulnerabilities' dependency paths names it ("docker-image|name@tag").
func dockerRef(vulns *[]json.RawMessage) string {
	if vulns == nil {
		return ""
	}
	for _, raw := range *vulns {
		var v struct {
			From []string `json:"from"`
		}
		if json.Unmarshal(raw, &v) != nil || len(v.From) == 0 {
			continue
		}
		if ref, ok := strings.CutPrefix(v.From[0], "docker-image|"); ok {
			return imageRef(ref)
		}
	}
	return ""
}
