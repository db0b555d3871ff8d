package spdx

import (
	"bytes"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// The formats this package reads.
const (
	// FormatJSON is SPDX 2.2 and 2.3 JSON.
	FormatJSON aspm.Format = "spdx-json"
	// FormatTagValue is SPDX 2.x tag-value text.
	FormatTagValue aspm.Format = "spdx-tag-value"
	// FormatJSONLD is SPDX 3.0 JSON-LD.
	FormatJSONLD aspm.Format = "spdx3-jsonld"
)

// JSONDecoder reads SPDX 2.2 and 2.3 JSON documents. The zero value is
// ready to use; it is safe for concurrent use.
type JSONDecoder struct{}

// Format returns [FormatJSON].
func (*JSONDecoder) Format() aspm.Format { return FormatJSON }

// Detect reports whether head is an SPDX JSON document without a JSON-LD
// @context: an object whose spdxVersion starts with "SPDX-" (Decode rejects
// versions other than 2.x as unsupported), or, for producers that write the
// document's own fields after its element lists (Microsoft's SBOM tool), an
// object that opens with an SPDX element list whose entries carry SPDXIDs.
func (*JSONDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || s.Has("@context") {
		return false
	}
	if v, ok := s.Strings["spdxVersion"]; ok {
		return strings.HasPrefix(v, "SPDX-")
	}
	if len(s.Keys) == 0 {
		return false
	}
	switch s.Keys[0] {
	case "files", "packages", "relationships", "snippets", "hasExtractedLicensingInfos", "externalDocumentRefs", "annotations":
		return bytes.Contains(head, []byte(`"SPDXID"`)) && bytes.Contains(head, []byte(`"SPDXRef-`))
	}
	return false
}

// TagValueDecoder reads SPDX 2.x tag-value documents. The zero value is
// ready to use; it is safe for concurrent use.
type TagValueDecoder struct{}

// Format returns [FormatTagValue].
func (*TagValueDecoder) Format() aspm.Format { return FormatTagValue }

// Detect reports whether the first line of head that is neither blank nor
// a "#" comment is "SPDXVersion: SPDX-…".
func (*TagValueDecoder) Detect(head []byte) bool {
	for len(head) > 0 {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		tag, val, ok := bytes.Cut(line, []byte(":"))
		return ok && string(bytes.TrimSpace(tag)) == "SPDXVersion" &&
			bytes.HasPrefix(bytes.TrimSpace(val), []byte("SPDX-"))
	}
	return false
}

// JSONLDDecoder reads SPDX 3.0 JSON-LD documents. The zero value is ready to
// use; it is safe for concurrent use.
type JSONLDDecoder struct{}

// Format returns [FormatJSONLD].
func (*JSONLDDecoder) Format() aspm.Format { return FormatJSONLD }

// Detect reports whether head is a JSON-LD object whose @context names the
// SPDX 3 vocabulary ("https://spdx.org/rdf/3.0.1/spdx-context.jsonld").
func (*JSONLDDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("@context") {
		return false
	}
	if v, ok := s.Strings["@context"]; ok {
		return strings.Contains(v, "spdx.org/rdf/3.")
	}
	// @context may be an array of contexts.
	return bytes.Contains(head, []byte("spdx.org/rdf/3."))
}
