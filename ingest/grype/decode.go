package grype

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "grype-json"

// Decoder reads Grype JSON reports (grype -o json). The zero value is ready
// to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts like a Grype report: an object with
// matches and source, descriptor or distro, or with matches alone when the
// first match has Grype's vulnerability and artifact members.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("matches") {
		return false
	}
	if s.Has("source") || s.Has("descriptor") || s.Has("distro") {
		return true
	}
	return bytes.Contains(head, []byte(`"vulnerability"`)) && bytes.Contains(head, []byte(`"artifact"`)) &&
		(bytes.Contains(head, []byte(`"matchDetails"`)) || bytes.Contains(head, []byte(`"relatedVulnerabilities"`)))
}

type document struct {
	Matches        *[]json.RawMessage `json:"matches"`
	IgnoredMatches []json.RawMessage  `json:"ignoredMatches"`
	Source         *struct {
		Type   string          `json:"type"`
		Target json.RawMessage `json:"target"`
	} `json:"source"`
	Distro struct {
		Name    string `json:"name"`
		Version string `json:"version"`
	} `json:"distro"`
	Descriptor struct {
		Name      string `json:"name"`
		Version   string `json:"version"`
		Timestamp string `json:"timestamp"`
	} `json:"descriptor"`
}

// imageTarget is source.target for an image source.
type imageTarget struct {
	UserInput      string   `json:"userInput"`
	ImageID        string   `json:"imageID"`
	ManifestDigest string   `json:"manifestDigest"`
	Tags           []string `json:"tags"`
	RepoDigests    []string `json:"repoDigests"`
	OS             string   `json:"os"`
}

// scope is what every match of a report shares.
type scope struct {
	image     string
	container bool
	distro    string // "debian:10", for purls of OS packages without one
}

// decoder holds the state of one Decode call.
type decoder struct {
	lim  decode.Limits
	recs *decode.Records
	doc  *aspm.Document
}

// Decode reads one Grype JSON report.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	data = decode.TrimHead(data)
	var rep document
	if err := decode.Unmarshal(data, lim.MaxDepth, &rep); err != nil {
		return nil, decode.TopMismatchNotFormat(err, "not a Grype report object")
	}
	if rep.Matches == nil {
		return nil, fmt.Errorf("%w: no matches", decode.ErrNotFormat)
	}
	d := &decoder{
		lim:  lim,
		recs: decode.NewRecords(ctx),
		doc:  &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Grype", Vendor: "Anchore", Version: rep.Descriptor.Version}, Format: Format}},
	}
	if t, err := time.Parse(time.RFC3339Nano, rep.Descriptor.Timestamp); err == nil {
		d.doc.Source.ScanTime = t
	}
	sc := &scope{}
	if rep.Distro.Name != "" {
		sc.distro = distroEcosystem(rep.Distro.Name)
		if rep.Distro.Version != "" {
			sc.distro += ":" + rep.Distro.Version
		}
	}
	if rep.Source != nil {
		d.doc.Source.Target = d.target(rep.Source.Type, rep.Source.Target, sc)
		if tg := d.doc.Source.Target; tg != nil && rep.Distro.Name != "" {
			tg.OS = strings.TrimSpace(rep.Distro.Name + " " + rep.Distro.Version)
		}
	}
	for i, raw := range *rep.Matches {
		if err := d.match(raw, "/matches/"+strconv.Itoa(i), sc, false); err != nil {
			return nil, err
		}
	}
	for i, raw := range rep.IgnoredMatches {
		if err := d.match(raw, "/ignoredMatches/"+strconv.Itoa(i), sc, true); err != nil {
			return nil, err
		}
	}
	return d.doc, nil
}

// target reads what Grype scanned: an image (an object) or a directory,
// file or SBOM (a string).
func (d *decoder) target(typ string, raw json.RawMessage, sc *scope) *aspm.Target {
	var path string
	if json.Unmarshal(raw, &path) == nil {
		kind := aspm.TargetRepository
		switch typ {
		case "file", "sbom":
			kind = aspm.TargetManifest
		case "image":
			kind = aspm.TargetImage
			sc.container, sc.image = true, path
		}
		return &aspm.Target{Kind: kind, Name: path}
	}
	if typ != "image" {
		if typ == "" {
			return nil
		}
		return &aspm.Target{Kind: aspm.TargetOther}
	}
	var it imageTarget
	if err := json.Unmarshal(raw, &it); err != nil {
		d.doc.Diagnostics = append(d.doc.Diagnostics, aspm.Warnf("/source/target", "image target not read: %v", err))
	}
	name := it.UserInput
	if name == "" && len(it.Tags) > 0 {
		name = it.Tags[0]
	}
	sc.container, sc.image = true, name
	tg := &aspm.Target{Kind: aspm.TargetImage, Name: name, Digest: it.ImageID}
	switch {
	case firstDigest(it.RepoDigests) != "":
		tg.Digest = firstDigest(it.RepoDigests)
	case it.ManifestDigest != "":
		tg.Digest = it.ManifestDigest
	}
	return tg
}

// firstDigest returns the digest of the first "repo@sha256:…" reference.
func firstDigest(refs []string) string {
	for _, r := range refs {
		if _, dg, ok := strings.Cut(r, "@"); ok && dg != "" {
			return dg
		}
	}
	return ""
}

// distroNames maps Grype's distro names onto the ecosystem words of
// aspm.PURLFromEcosystem where they differ.
var distroNames = map[string]string{
	"amzn": "amazon", "amazonlinux": "amazon", "rhel": "redhat", "ol": "oracle", "oraclelinux": "oracle",
	"opensuse-leap": "opensuse", "opensuseleap": "opensuse", "sles": "sles", "azurelinux": "azurelinux",
}

// distroEcosystem returns the ecosystem word of a distro name.
func distroEcosystem(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	if e, ok := distroNames[n]; ok {
		return e
	}
	return n
}
