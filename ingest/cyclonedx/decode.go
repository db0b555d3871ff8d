package cyclonedx

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	cdx "github.com/CycloneDX/cyclonedx-go"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// The formats this package reads.
const (
	// FormatJSON is CycloneDX JSON, specification 1.2 to 1.7.
	FormatJSON aspm.Format = "cyclonedx-json"
	// FormatXML is CycloneDX XML, specification 1.0 to 1.7, with the
	// vulnerability extension 1.0 of older BOMs.
	FormatXML aspm.Format = "cyclonedx-xml"
)

// bomNamespace starts the XML namespace of every CycloneDX BOM version.
const bomNamespace = "http://cyclonedx.org/schema/bom/"

// JSONDecoder reads CycloneDX JSON. The zero value is ready to use; it is
// safe for concurrent use.
type JSONDecoder struct{}

// Format returns [FormatJSON].
func (*JSONDecoder) Format() aspm.Format { return FormatJSON }

// Detect reports whether head is a JSON object whose bomFormat is
// "CycloneDX" or whose $schema names a CycloneDX schema. A BOM that writes
// those keys last (cyclonedx-python sorts "components" first), past the
// head, is recognised by its other members: every top-level key in the
// head is one of a BOM's, with components, dependencies or metadata among
// them, and the head names a "bom-ref", a member only CycloneDX has.
func (*JSONDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array {
		return false
	}
	if f, ok := s.Strings["bomFormat"]; ok {
		return f == cdx.BOMFormat
	}
	if schema, ok := s.Strings["$schema"]; ok {
		return isCycloneDXSchema(schema)
	}
	if !s.Has("components") && !s.Has("dependencies") && !s.Has("metadata") {
		return false
	}
	for _, k := range s.Keys {
		if !bomKeys[k] {
			return false
		}
	}
	return bytes.Contains(head, []byte(`"bom-ref"`))
}

// bomKeys are the top-level members of a CycloneDX BOM (1.0 to 1.6).
var bomKeys = map[string]bool{
	"$schema": true, "bomFormat": true, "specVersion": true, "serialNumber": true, "version": true,
	"metadata": true, "components": true, "services": true, "externalReferences": true,
	"dependencies": true, "compositions": true, "properties": true, "vulnerabilities": true,
	"annotations": true, "formulation": true, "declarations": true, "definitions": true, "signature": true,
}

func isCycloneDXSchema(s string) bool {
	return strings.Contains(strings.ToLower(s), "cyclonedx")
}

// Decode reads one CycloneDX JSON BOM. Input that is JSON but not a BOM
// fails with an error wrapping ingest.ErrNotFormat; a BOM of a
// specification version the library does not know fails with one wrapping
// ingest.ErrUnsupported.
func (*JSONDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	trimmed := decode.TrimHead(data)
	if len(trimmed) == 0 || trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: not a JSON object", decode.ErrNotFormat)
	}
	if err := decode.CheckDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	// This is what cdx.NewBOMDecoder(r, cdx.BOMFileFormatJSON).Decode does,
	// without reading the input into a second buffer.
	var bom cdx.BOM
	var typeErr *json.UnmarshalTypeError
	err = json.Unmarshal(data, &bom)
	if errors.As(err, &typeErr) {
		// encoding/json skips a value of the wrong type and reads the rest.
		err = nil
	}
	if err != nil {
		if errors.Is(err, cdx.ErrInvalidSpecVersion) {
			s := decode.Sniff(trimmed[:min(len(trimmed), 128<<10)])
			if s.Strings["bomFormat"] == cdx.BOMFormat || isCycloneDXSchema(s.Strings["$schema"]) {
				return nil, fmt.Errorf("%w: CycloneDX specVersion %q", decode.ErrUnsupported, s.Strings["specVersion"])
			}
			return nil, fmt.Errorf("%w: no CycloneDX bomFormat", decode.ErrNotFormat)
		}
		return nil, err
	}
	if bom.BOMFormat != cdx.BOMFormat && !isCycloneDXSchema(bom.JSONSchema) {
		return nil, fmt.Errorf("%w: bomFormat is %q, not %q", decode.ErrNotFormat, bom.BOMFormat, cdx.BOMFormat)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := newMapper(ctx, FormatJSON, jsonPointers{})
	if typeErr != nil {
		m.errorf("/"+strings.ReplaceAll(typeErr.Field, ".", "/"), "JSON %s at offset %d where %s was expected: the value is lost; later ones of the wrong type are not reported", typeErr.Value, typeErr.Offset, typeErr.Type)
	}
	if bom.SpecVersion == 0 {
		m.warn("/specVersion", "specVersion is missing; read with the latest specification")
	}
	var vulns []vulnRecord
	if bom.Vulnerabilities != nil {
		vulns = make([]vulnRecord, len(*bom.Vulnerabilities))
		for i := range *bom.Vulnerabilities {
			vulns[i] = vulnRecord{v: &(*bom.Vulnerabilities)[i], ptr: "/vulnerabilities/" + strconv.Itoa(i)}
		}
	}
	return m.run(&bom, vulns)
}

// XMLDecoder reads CycloneDX XML. The zero value is ready to use; it is safe
// for concurrent use.
type XMLDecoder struct{}

// Format returns [FormatXML].
func (*XMLDecoder) Format() aspm.Format { return FormatXML }

// Detect reports whether head is XML whose root element is bom in a
// CycloneDX BOM namespace.
func (*XMLDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	root, space := s.XMLRoot, s.XMLSpace
	if root == "" && bytes.HasPrefix(head, []byte("<?xml")) {
		// Sniff cannot read a head that declares a single-byte encoding.
		root, space = sniffRoot(head)
	}
	return root == "bom" && strings.HasPrefix(space, bomNamespace)
}

// Decode reads one CycloneDX XML BOM. XML whose root is not a CycloneDX bom
// fails with an error wrapping ingest.ErrNotFormat; a BOM namespace of an
// unknown version fails with one wrapping ingest.ErrUnsupported.
func (*XMLDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	scan, err := prescanXML(data, lim.MaxDepth)
	if err != nil {
		return nil, err
	}
	if scan.root != "bom" || !strings.HasPrefix(scan.space, bomNamespace) {
		return nil, fmt.Errorf("%w: root element is %q in namespace %q, not a CycloneDX bom", decode.ErrNotFormat, scan.root, scan.space)
	}
	version, ok := xmlSpecVersion(scan.space)
	if !ok {
		return nil, fmt.Errorf("%w: CycloneDX namespace %q", decode.ErrUnsupported, scan.space)
	}
	var bom xmlBOM
	if err := newXMLDecoder(data).Decode(&bom); err != nil {
		return nil, err
	}
	bom.SpecVersion = version
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m := newMapper(ctx, FormatXML, xmlPointers{})
	var vulns []vulnRecord
	if scan.ext {
		// Vulnerabilities of the extension schema, in components or at the
		// top; the library does not read them.
		if vulns, err = extVulnerabilities(data, m); err != nil {
			return nil, err
		}
	}
	for i, c := range bom.Vulns {
		if c.v != nil {
			vulns = append(vulns, vulnRecord{v: c.v, ptr: "/bom/vulnerabilities/vulnerability[" + strconv.Itoa(i+1) + "]"})
		}
	}
	return m.run(&bom.BOM, vulns)
}
