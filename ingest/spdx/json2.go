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

// jsonPackage is an SPDX 2 package in JSON.
type jsonPackage struct {
	SPDXID           string `json:"SPDXID"`
	Name             string `json:"name"`
	VersionInfo      string `json:"versionInfo"`
	Supplier         string `json:"supplier"`
	Originator       string `json:"originator"`
	LicenseConcluded string `json:"licenseConcluded"`
	LicenseDeclared  string `json:"licenseDeclared"`
	Purpose          string `json:"primaryPackagePurpose"`
	Checksums        []struct {
		Algorithm string `json:"algorithm"`
		Value     string `json:"checksumValue"`
	} `json:"checksums"`
	ExternalRefs []struct {
		Category string `json:"referenceCategory"`
		Type     string `json:"referenceType"`
		Locator  string `json:"referenceLocator"`
	} `json:"externalRefs"`
}

// jsonRelationship is an SPDX 2 relationship in JSON.
type jsonRelationship struct {
	From string `json:"spdxElementId"`
	Type string `json:"relationshipType"`
	To   string `json:"relatedSpdxElement"`
}

// Decode reads one SPDX 2 JSON document: packages become components and
// their relationships edges; there are no findings.
func (d *JSONDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, err
	}
	if top == nil {
		return nil, fmt.Errorf("spdx: %w: not a JSON object", decode.ErrNotFormat)
	}
	var version, docID, name string
	member := func(key string, v any) bool {
		raw, ok := top[key]
		if !ok || string(raw) == "null" {
			return false
		}
		return json.Unmarshal(raw, v) == nil
	}
	member("spdxVersion", &version)
	member("SPDXID", &docID)
	member("name", &name)
	switch {
	case version == "" && docID == "":
		return nil, fmt.Errorf("spdx: %w: no spdxVersion or SPDXID", decode.ErrNotFormat)
	case version == "":
		// Tolerated: some producers omit it; the rest is SPDX 2 shaped.
	case !strings.HasPrefix(version, "SPDX-2."):
		return nil, fmt.Errorf("spdx: %w: spdxVersion %q (this decoder reads SPDX-2.x)", decode.ErrUnsupported, decode.Clip(version, 40))
	}

	doc := &aspm.Document{Source: aspm.Source{Format: FormatJSON}}
	b := newBuilder(doc, lim, decode.NewRecords(ctx), relKind2)
	b.docID, b.name, b.rootsName = docID, name, "documentDescribes"
	if version == "" {
		b.diag("document", aspm.Warnf("/spdxVersion", "no spdxVersion; read as SPDX 2"))
	}
	var ci struct {
		Created  string   `json:"created"`
		Creators []string `json:"creators"`
	}
	if raw, ok := top["creationInfo"]; ok {
		if err := json.Unmarshal(raw, &ci); err != nil {
			b.diag("document", aspm.Warnf("/creationInfo", "unreadable creationInfo: %v", err))
		}
	}
	doc.Source.Tool = creatorsTool(ci.Creators)
	doc.Source.ScanTime = parseTime(ci.Created)

	var describes []string
	if raw, ok := top["documentDescribes"]; ok {
		if err := json.Unmarshal(raw, &describes); err != nil {
			b.diag("document", aspm.Warnf("/documentDescribes", "unreadable documentDescribes: %v", err))
		}
	}
	for i, id := range describes {
		b.roots = append(b.roots, ref{id, "/documentDescribes/" + strconv.Itoa(i)})
	}

	list := func(key string) []json.RawMessage {
		raw, ok := top[key]
		if !ok || string(raw) == "null" {
			return nil
		}
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			b.diag("document", aspm.Errorf("/"+key, "%s is not an array; skipped", key))
			return nil
		}
		return items
	}
	for _, kind := range []string{"files", "snippets"} {
		what := strings.TrimSuffix(kind, "s")
		for i, raw := range list(kind) {
			var el struct {
				SPDXID string `json:"SPDXID"`
			}
			if err := json.Unmarshal(raw, &el); err != nil {
				b.diag(kind, aspm.Errorf(fmt.Sprintf("/%s/%d", kind, i), "unreadable %s: %v", what, err))
				continue
			}
			b.addOther(el.SPDXID, what)
		}
	}
	for i, raw := range list("packages") {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		where := "/packages/" + strconv.Itoa(i)
		var jp jsonPackage
		if err := json.Unmarshal(raw, &jp); err != nil {
			b.diag("package", aspm.Errorf(where, "unreadable package: %v", err))
			continue
		}
		p := pkgInfo{
			id: jp.SPDXID, name: jp.Name, version: jp.VersionInfo,
			supplier: jp.Supplier, originator: jp.Originator, purpose: jp.Purpose,
			licenses: []string{jp.LicenseConcluded, jp.LicenseDeclared}, where: where,
		}
		for _, c := range jp.Checksums {
			if c.Value != "" {
				p.hashes = append(p.hashes, aspm.Hash{Algorithm: c.Algorithm, Value: c.Value})
			}
		}
		var cpe22 []string
		for j, er := range jp.ExternalRefs {
			loc := strings.TrimSpace(er.Locator)
			switch {
			case strings.EqualFold(er.Type, "purl"):
				p.purls = append(p.purls, ref{loc, fmt.Sprintf("%s/externalRefs/%d", where, j)})
			case er.Type == "cpe23Type":
				p.cpes = append(p.cpes, loc)
			case er.Type == "cpe22Type":
				cpe22 = append(cpe22, loc)
			case isSecurityRef(er.Category, er.Type):
				b.security[er.Type]++
			}
		}
		p.cpes = append(p.cpes, cpe22...)
		if err := b.addPackage(p); err != nil {
			return nil, err
		}
	}
	for i, raw := range list("relationships") {
		where := "/relationships/" + strconv.Itoa(i)
		var jr jsonRelationship
		if err := json.Unmarshal(raw, &jr); err != nil {
			b.diag("relationship", aspm.Errorf(where, "unreadable relationship: %v", err))
			continue
		}
		if jr.From == "" || jr.To == "" || jr.Type == "" {
			b.diag("relationship", aspm.Warnf(where, "relationship lacks spdxElementId, relationshipType or relatedSpdxElement; skipped"))
			continue
		}
		b.rels = append(b.rels, relInfo{from: jr.From, typ: jr.Type, to: jr.To, where: where})
	}
	b.finish()
	return doc, nil
}
