package gitlab

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// The names of the formats this package reads, one per report type.
const (
	FormatDependencyScanning aspm.Format = "gitlab-dependency-scanning"
	FormatContainerScanning  aspm.Format = "gitlab-container-scanning"
	FormatSAST               aspm.Format = "gitlab-sast"
	FormatSecretDetection    aspm.Format = "gitlab-secret-detection"
)

// reportType is a GitLab report's scan.type (and its vulnerabilities'
// category).
type reportType string

const (
	typeDependency reportType = "dependency_scanning"
	typeContainer  reportType = "container_scanning"
	typeSAST       reportType = "sast"
	typeSecret     reportType = "secret_detection"
)

// normType maps a scan type or category onto the types read here; types of
// other reports (dast, api_fuzzing, coverage_fuzzing) are returned as they
// are, and "" stays "".
func normType(s string) reportType {
	switch t := reportType(strings.ToLower(strings.TrimSpace(s))); t {
	case "cluster_image_scanning":
		return typeContainer
	default:
		return t
	}
}

func (t reportType) format() aspm.Format {
	switch t {
	case typeDependency:
		return FormatDependencyScanning
	case typeContainer:
		return FormatContainerScanning
	case typeSAST:
		return FormatSAST
	case typeSecret:
		return FormatSecretDetection
	}
	return ""
}

func (t reportType) kind() aspm.Kind {
	switch t {
	case typeDependency:
		return aspm.KindSCA
	case typeContainer:
		return aspm.KindContainer
	case typeSAST:
		return aspm.KindSAST
	case typeSecret:
		return aspm.KindSecret
	case "dast", "api_fuzzing":
		return aspm.KindDAST
	}
	return ""
}

var (
	reScanType  = regexp.MustCompile(`"type"\s*:\s*"(sast|dependency_scanning|container_scanning|cluster_image_scanning|secret_detection|dast|api_fuzzing|coverage_fuzzing)"`)
	reCategory  = regexp.MustCompile(`"category"\s*:\s*"(sast|dependency_scanning|container_scanning|cluster_image_scanning|secret_detection|dast|api_fuzzing|coverage_fuzzing)"`)
	rePkgName   = regexp.MustCompile(`"package"\s*:\s*\{\s*"name"\s*:\s*"[^"]`)
	reCommitObj = regexp.MustCompile(`"commit"\s*:\s*\{`)
	reImage     = regexp.MustCompile(`"(operating_system|image)"\s*:\s*"`)
)

// schemaType reads the report type from a schema URL such as
// ".../sast-report-format.json".
func schemaType(schema string) reportType {
	s := strings.ToLower(schema)
	for _, t := range []struct {
		frag string
		typ  reportType
	}{
		{"dependency-scanning-report", typeDependency},
		{"container-scanning-report", typeContainer},
		{"cluster-image-scanning-report", typeContainer},
		{"secret-detection-report", typeSecret},
		{"sast-report", typeSAST},
		{"dast-report", "dast"},
		{"coverage-fuzzing-report", "coverage_fuzzing"},
	} {
		if strings.Contains(s, t.frag) {
			return t.typ
		}
	}
	return ""
}

// isReport reports whether head starts a GitLab security report: an
// object with a string "version" and "vulnerabilities", and one of the
// members only these reports have ("scan", "remediations",
// "dependency_files") or vulnerabilities with "identifiers".
func isReport(head []byte) (decode.Shape, bool) {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || !s.Has("vulnerabilities") || s.Has("bomFormat") || s.Has("specVersion") || s.Has("SchemaVersion") {
		return s, false
	}
	identifiers := bytes.Contains(head, []byte(`"identifiers"`))
	if s.Strings["version"] == "" {
		// a numeric version is another format's; a version still beyond
		// the head (keys in another order) needs stronger signs
		return s, !s.Has("version") && (s.Has("dependency_files") || s.Has("remediations")) && identifiers
	}
	ok := s.Has("scan") || s.Has("remediations") || s.Has("dependency_files") || identifiers ||
		schemaType(s.Strings["schema"]) != ""
	return s, ok
}

// headType decides a report's type from its head: the declared type
// (scan.type, the schema URL, a vulnerability's category) when the head
// shows it, else the shape of the locations.
func headType(head []byte, s decode.Shape) reportType {
	if m := reScanType.FindSubmatch(head); m != nil {
		return normType(string(m[1]))
	}
	if t := schemaType(s.Strings["schema"]); t != "" {
		return t
	}
	if m := reCategory.FindSubmatch(head); m != nil {
		return normType(string(m[1]))
	}
	switch {
	case reImage.Match(head):
		return typeContainer
	case bytes.Contains(head, []byte(`"raw_source_code_extract"`)) || reCommitObj.Match(head):
		return typeSecret
	case s.Has("dependency_files") || rePkgName.Match(head):
		return typeDependency
	}
	return typeSAST
}

// detect is the Detect of the decoder of type want.
func detect(head []byte, want reportType) bool {
	s, ok := isReport(head)
	return ok && headType(head, s) == want
}
