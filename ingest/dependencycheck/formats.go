package dependencycheck

import (
	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// The formats this package reads.
const (
	// FormatXML is Dependency-Check's XML report.
	FormatXML aspm.Format = "dependency-check-xml"
	// FormatJSON is Dependency-Check's JSON report.
	FormatJSON aspm.Format = "dependency-check-json"
)

// XMLDecoder reads Dependency-Check XML reports. The zero value is ready to
// use; it is safe for concurrent use.
type XMLDecoder struct{}

// Format returns [FormatXML].
func (*XMLDecoder) Format() aspm.Format { return FormatXML }

// Detect reports whether head's root element is <analysis> in a
// Dependency-Check report namespace
// ("https://jeremylong.github.io/DependencyCheck/dependency-check.N.N.xsd").
func (*XMLDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	return s.XMLRoot == "analysis" && isDCNamespace(s.XMLSpace)
}

// JSONDecoder reads Dependency-Check JSON reports. The zero value is ready
// to use; it is safe for concurrent use.
type JSONDecoder struct{}

// Format returns [FormatJSON].
func (*JSONDecoder) Format() aspm.Format { return FormatJSON }

// Detect reports whether head is a JSON object with Dependency-Check's
// reportSchema member and its scanInfo or dependencies.
func (*JSONDecoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("reportSchema") {
		return false
	}
	return s.Has("scanInfo") || s.Has("dependencies") || s.Has("projectInfo")
}
