package spdx

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// v3Element holds the members of an SPDX 3 element (or CreationInfo) that
// posture reads; the rest of the vocabulary is ignored.
type v3Element struct {
	Type   string `json:"type"`
	AtType string `json:"@type"`
	SpdxID string `json:"spdxId"`
	AtID   string `json:"@id"`
	Name   string `json:"name"`

	PackageVersion     string          `json:"software_packageVersion"`
	PackageURL         string          `json:"software_packageUrl"`
	PrimaryPurpose     string          `json:"software_primaryPurpose"`
	ExternalIdentifier []v3ExternalID  `json:"externalIdentifier"`
	VerifiedUsing      []v3Hash        `json:"verifiedUsing"`
	SuppliedBy         json.RawMessage `json:"suppliedBy"`
	OriginatedBy       json.RawMessage `json:"originatedBy"`
	CreationInfo       json.RawMessage `json:"creationInfo"`
	RootElement        json.RawMessage `json:"rootElement"`
	From               json.RawMessage `json:"from"`
	To                 json.RawMessage `json:"to"`
	RelationshipType   string          `json:"relationshipType"`
	Created            string          `json:"created"`
	CreatedUsing       json.RawMessage `json:"createdUsing"`
	SpecVersion        string          `json:"specVersion"`
	LicenseExpression  string          `json:"simplelicensing_licenseExpression"`
	LicenseID          string          `json:"expandedlicensing_licenseId"`
}

type v3ExternalID struct {
	Type       string `json:"externalIdentifierType"`
	Identifier string `json:"identifier"`
}

type v3Hash struct {
	Type      string `json:"type"`
	Algorithm string `json:"algorithm"`
	Value     string `json:"hashValue"`
}

// id returns the element's id, from spdxId or @id.
func (e *v3Element) id() string {
	if e.SpdxID != "" {
		return e.SpdxID
	}
	return e.AtID
}

// kind returns the element's compact type name ("software_Package",
// "Relationship"), also when the input spells it as a full IRI.
func (e *v3Element) kind() string {
	t := e.Type
	if t == "" {
		t = e.AtType
	}
	if _, rest, ok := strings.Cut(t, "/terms/"); ok {
		profile, name, ok := strings.Cut(rest, "/")
		if !ok {
			return rest
		}
		if profile == "Core" {
			return name
		}
		return strings.ToLower(profile) + "_" + name
	}
	return t
}

// refIDs reads a reference, or a list of them, each given as an id string
// or as an inline object with an id.
func refIDs(raw json.RawMessage) []string {
	if len(raw) == 0 || string(raw) == "null" {
		return nil
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) == nil {
		var out []string
		for _, item := range list {
			out = append(out, refIDs(item)...)
		}
		return out
	}
	var obj struct {
		SpdxID string `json:"spdxId"`
		AtID   string `json:"@id"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		if obj.SpdxID != "" {
			return []string{obj.SpdxID}
		}
		if obj.AtID != "" {
			return []string{obj.AtID}
		}
	}
	return nil
}

// relKind3 maps SPDX 3 relationship types; every mapped type runs from
// "from" to each of "to".
func relKind3(t string) (relKind, bool) {
	switch t {
	case "describes":
		return relKind{typ: aspm.RelDescribes}, true
	case "dependsOn", "hasOptionalDependency", "hasProvidedDependency", "hasStaticLink", "hasDynamicLink", "hasPrerequisite":
		return relKind{typ: aspm.RelDependsOn}, true
	case "contains", "hasOptionalComponent":
		return relKind{typ: aspm.RelContains}, true
	case "hasConcludedLicense", "hasDeclaredLicense":
		return relKind{license: true}, true
	}
	return relKind{}, false
}

// securityRelationship reports whether an SPDX 3 relationship type belongs to
// the security profile, which posture does not read yet.
func securityRelationship(t string) bool {
	switch t {
	case "affects", "doesNotAffect", "fixedIn", "fixedBy", "foundBy", "hasAssociatedVulnerability",
		"hasAssessmentFor", "underInvestigationFor", "exploitCreatedBy", "republishedBy", "reportedBy",
		"publishedBy", "coordinatedBy":
		return true
	}
	return false
}

// Decode reads one SPDX 3 JSON-LD document: software_Package elements
// become components and their relationships edges; there are no findings.
func (d *JSONLDDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, err
	}
	ctxURLs := refIDs(top["@context"]) // strings, or objects that refIDs skips
	spdx3 := ""
	for _, u := range ctxURLs {
		if strings.Contains(u, "spdx.org/rdf/3.") {
			spdx3 = u
			break
		}
	}
	if spdx3 == "" {
		return nil, fmt.Errorf("spdx: %w: no SPDX 3 @context", decode.ErrNotFormat)
	}
	var graph []json.RawMessage
	if raw, ok := top["@graph"]; !ok {
		return nil, fmt.Errorf("spdx: %w: no @graph", decode.ErrNotFormat)
	} else if err := json.Unmarshal(raw, &graph); err != nil {
		return nil, fmt.Errorf("spdx: %w: @graph is not an array", decode.ErrNotFormat)
	}

	doc := &aspm.Document{Source: aspm.Source{Format: FormatJSONLD}}
	b := newBuilder(doc, lim, decode.NewRecords(ctx), relKind3)
	b.rootsName = "rootElement"
	if !strings.Contains(spdx3, "spdx.org/rdf/3.0.") {
		b.diag("document", aspm.Warnf("/@context", "context %q is not SPDX 3.0; read as 3.0", decode.Clip(spdx3, 200)))
	}

	els := make([]v3Element, 0, len(graph))
	wheres := make([]string, 0, len(graph))
	for i, raw := range graph {
		where := "/@graph/" + strconv.Itoa(i)
		var e v3Element
		if err := json.Unmarshal(raw, &e); err != nil {
			b.diag("element", aspm.Errorf(where, "unreadable element: %v", err))
			continue
		}
		els = append(els, e)
		wheres = append(wheres, where)
	}

	// First pass: names of agents and tools, licence texts, creation infos.
	agents := map[string]string{}
	licenses := map[string]string{}
	infos := map[string]*v3Element{}
	var docEl *v3Element
	var docs []int // SpdxDocument, software_Sbom and Bom elements, whose rootElements are roots
	for i := range els {
		e := &els[i]
		switch k := e.kind(); k {
		case "Person", "Organization", "SoftwareAgent", "Agent", "Tool":
			agents[e.id()] = e.Name
		case "CreationInfo":
			infos[e.id()] = e
		case "SpdxDocument", "software_Sbom", "Bom":
			if docEl == nil || (k == "SpdxDocument" && docEl.kind() != "SpdxDocument") {
				docEl = e
			}
			docs = append(docs, i)
		case "simplelicensing_LicenseExpression":
			licenses[e.id()] = e.LicenseExpression
		case "expandedlicensing_ListedLicense", "expandedlicensing_CustomLicense":
			switch {
			case e.LicenseID != "":
				licenses[e.id()] = e.LicenseID
			case e.Name != "":
				licenses[e.id()] = e.Name
			default:
				_, after, _ := strings.Cut(e.id(), "/licenses/")
				licenses[e.id()] = after
			}
		default:
			if strings.HasPrefix(k, "security_") {
				b.security[k]++
			}
		}
	}
	info := func(e *v3Element) *v3Element {
		if e == nil {
			return nil
		}
		var inline v3Element
		if json.Unmarshal(e.CreationInfo, &inline) == nil && (inline.Created != "" || len(inline.CreatedUsing) > 0) {
			return &inline
		}
		for _, id := range refIDs(e.CreationInfo) {
			if ci := infos[id]; ci != nil {
				return ci
			}
		}
		return nil
	}
	ci := info(docEl)
	if ci == nil {
		for i := range els {
			if ci = info(&els[i]); ci != nil {
				break
			}
		}
	}
	if ci != nil {
		doc.Source.ScanTime = parseTime(ci.Created)
		for _, id := range refIDs(ci.CreatedUsing) {
			if n := agents[id]; n != "" {
				doc.Source.Tool.Name, doc.Source.Tool.Version = splitToolVersion(n)
				break
			}
		}
	}
	if docEl != nil {
		b.docID, b.name = docEl.id(), docEl.Name
	}
	for _, i := range docs {
		for j, id := range refIDs(els[i].RootElement) {
			b.roots = append(b.roots, ref{id, fmt.Sprintf("%s/rootElement/%d", wheres[i], j)})
		}
	}

	// Second pass: packages, other elements, relationships.
	concluded := map[string][]string{}
	declared := map[string][]string{}
	for i := range els {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e, where := &els[i], wheres[i]
		switch k := e.kind(); k {
		case "software_Package":
			p := pkgInfo{
				id: e.id(), name: e.Name, version: e.PackageVersion, purpose: e.PrimaryPurpose, where: where,
			}
			if e.PackageURL != "" {
				p.purls = append(p.purls, ref{e.PackageURL, where + "/software_packageUrl"})
			}
			var cpe22 []string
			for j, x := range e.ExternalIdentifier {
				switch x.Type {
				case "packageUrl":
					p.purls = append(p.purls, ref{x.Identifier, fmt.Sprintf("%s/externalIdentifier/%d", where, j)})
				case "cpe23":
					p.cpes = append(p.cpes, x.Identifier)
				case "cpe22":
					cpe22 = append(cpe22, x.Identifier)
				case "securityOther":
					b.security["externalIdentifier "+x.Type]++
				}
			}
			p.cpes = append(p.cpes, cpe22...)
			for _, h := range e.VerifiedUsing {
				if h.Value != "" && (h.Type == "" || h.Type == "Hash") {
					p.hashes = append(p.hashes, aspm.Hash{Algorithm: h.Algorithm, Value: h.Value})
				}
			}
			if ids := refIDs(e.SuppliedBy); len(ids) > 0 {
				p.supplier = agents[ids[0]]
			}
			if ids := refIDs(e.OriginatedBy); len(ids) > 0 {
				p.originator = agents[ids[0]]
			}
			if err := b.addPackage(p); err != nil {
				return nil, err
			}
		case "Relationship", "LifecycleScopedRelationship":
			from := refIDs(e.From)
			to := refIDs(e.To)
			t := e.RelationshipType
			if len(from) != 1 || len(to) == 0 || t == "" {
				b.diag("relationship", aspm.Warnf(where, "relationship lacks from, to or relationshipType; skipped"))
				continue
			}
			switch {
			case t == "hasConcludedLicense":
				concluded[from[0]] = append(concluded[from[0]], to...)
			case t == "hasDeclaredLicense":
				declared[from[0]] = append(declared[from[0]], to...)
			case securityRelationship(t):
				b.security[t]++
				continue
			}
			for j, id := range to {
				b.rels = append(b.rels, relInfo{from: from[0], typ: t, to: id, where: fmt.Sprintf("%s/to/%d", where, j)})
			}
		case "software_File":
			b.addOther(e.id(), "file")
		case "software_Snippet":
			b.addOther(e.id(), "snippet")
		case "":
			b.addOther(e.id(), "untyped element")
		default:
			b.addOther(e.id(), k)
		}
	}
	for id, i := range b.pkgAt {
		p := &b.pkgs[i]
		for _, l := range concluded[id] {
			p.licenses = append(p.licenses, licenses[l])
		}
		for _, l := range declared[id] {
			p.licenses = append(p.licenses, licenses[l])
		}
	}
	b.finish()
	return doc, nil
}
