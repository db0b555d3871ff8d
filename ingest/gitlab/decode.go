package gitlab

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
)

// DependencyScanningDecoder reads GitLab dependency scanning reports. The
// zero value is ready to use; it is safe for concurrent use.
type DependencyScanningDecoder struct{}

// Format returns FormatDependencyScanning.
func (*DependencyScanningDecoder) Format() aspm.Format { return FormatDependencyScanning }

// Detect accepts a GitLab security report whose head shows a dependency
// scanning report.
func (*DependencyScanningDecoder) Detect(head []byte) bool { return detect(head, typeDependency) }

// Decode reads a GitLab security report; see the package documentation for
// reports of another declared type.
func (*DependencyScanningDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	return decodeReport(ctx, r, typeDependency)
}

// ContainerScanningDecoder reads GitLab container scanning reports. The
// zero value is ready to use; it is safe for concurrent use.
type ContainerScanningDecoder struct{}

// Format returns FormatContainerScanning.
func (*ContainerScanningDecoder) Format() aspm.Format { return FormatContainerScanning }

// Detect accepts a GitLab security report whose head shows a container (or
// cluster image) scanning report.
func (*ContainerScanningDecoder) Detect(head []byte) bool { return detect(head, typeContainer) }

// Decode reads a GitLab security report; see the package documentation for
// reports of another declared type.
func (*ContainerScanningDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	return decodeReport(ctx, r, typeContainer)
}

// SASTDecoder reads GitLab SAST reports. The zero value is ready to use; it
// is safe for concurrent use.
type SASTDecoder struct{}

// Format returns FormatSAST.
func (*SASTDecoder) Format() aspm.Format { return FormatSAST }

// Detect accepts a GitLab security report whose head shows a SAST report,
// or shows nothing of another type.
func (*SASTDecoder) Detect(head []byte) bool { return detect(head, typeSAST) }

// Decode reads a GitLab security report; see the package documentation for
// reports of another declared type.
func (*SASTDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	return decodeReport(ctx, r, typeSAST)
}

// SecretDetectionDecoder reads GitLab secret detection reports. It never
// keeps a secret: see the package documentation. The zero value is ready
// to use; it is safe for concurrent use.
type SecretDetectionDecoder struct{}

// Format returns FormatSecretDetection.
func (*SecretDetectionDecoder) Format() aspm.Format { return FormatSecretDetection }

// Detect accepts a GitLab security report whose head shows a secret
// detection report.
func (*SecretDetectionDecoder) Detect(head []byte) bool { return detect(head, typeSecret) }

// Decode reads a GitLab security report; see the package documentation for
// reports of another declared type.
func (*SecretDetectionDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	return decodeReport(ctx, r, typeSecret)
}

type scanner struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Version string `json:"version"`
	Vendor  *struct {
		Name string `json:"name"`
	} `json:"vendor"`
}

type scan struct {
	Scanner   *scanner `json:"scanner"`
	Analyzer  *scanner `json:"analyzer"`
	Type      string   `json:"type"`
	Status    string   `json:"status"`
	StartTime string   `json:"start_time"`
	Messages  []struct {
		Level string `json:"level"`
		Value string `json:"value"`
	} `json:"messages"`
}

type remediation struct {
	Fixes []struct {
		ID  string `json:"id"`
		CVE string `json:"cve"`
	} `json:"fixes"`
	Summary string `json:"summary"`
}

type dependency struct {
	Package struct {
		Name string `json:"name"`
	} `json:"package"`
	Version string `json:"version"`
	Direct  *bool  `json:"direct"`
}

type dependencyFile struct {
	Path           string            `json:"path"`
	PackageManager string            `json:"package_manager"`
	Dependencies   []json.RawMessage `json:"dependencies"`
}

// flexInt is a number that reports sometimes write as a string.
type flexInt int

func (n *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(bytes.TrimSpace(b)), `"`)
	if v, err := strconv.Atoi(s); err == nil {
		*n = flexInt(v)
	}
	return nil
}

// flexString is text that reports sometimes write as a number.
type flexString string

func (s *flexString) UnmarshalJSON(b []byte) error {
	*s = flexString(decode.RawText(b))
	return nil
}

type identifier struct {
	Type  flexString `json:"type"`
	Name  flexString `json:"name"`
	Value flexString `json:"value"`
	URL   flexString `json:"url"`
}

type location struct {
	File            string      `json:"file"`
	StartLine       flexInt     `json:"start_line"`
	EndLine         flexInt     `json:"end_line"`
	Class           string      `json:"class"`
	Method          string      `json:"method"`
	Dependency      *dependency `json:"dependency"`
	Image           string      `json:"image"`
	OperatingSystem string      `json:"operating_system"`
	Commit          *struct {
		Author  string `json:"author"`
		Date    string `json:"date"`
		Message string `json:"message"`
		SHA     string `json:"sha"`
	} `json:"commit"`
}

type vulnerability struct {
	ID          string       `json:"id"`
	Category    string       `json:"category"`
	Name        string       `json:"name"`
	Message     string       `json:"message"`
	Description string       `json:"description"`
	CVE         string       `json:"cve"`
	Severity    string       `json:"severity"`
	Confidence  string       `json:"confidence"`
	Solution    string       `json:"solution"`
	Scanner     *scanner     `json:"scanner"`
	Location    location     `json:"location"`
	Identifiers []identifier `json:"identifiers"`
	Links       []struct {
		URL string `json:"url"`
	} `json:"links"`
	Tracking *struct {
		Items []struct {
			Signatures []struct {
				Algorithm string `json:"algorithm"`
				Value     string `json:"value"`
			} `json:"signatures"`
		} `json:"items"`
	} `json:"tracking"`
	RawSourceCodeExtract string `json:"raw_source_code_extract"`
}

// vulnConsumed and locationConsumed are the members that findings hold
// elsewhere; the others become properties.
var (
	vulnConsumed     = []string{"id", "category", "name", "message", "description", "cve", "severity", "confidence", "scanner", "location", "identifiers", "links", "tracking", "raw_source_code_extract"}
	locationConsumed = []string{"file", "start_line", "end_line", "class", "method", "dependency", "image", "commit"}
)

// decodeReport reads a GitLab security report. own is the type of the
// decoder, used when the report declares none.
func decodeReport(ctx context.Context, r io.Reader, own reportType) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, decode.ShapeError(err)
	}
	if _, ok := top["vulnerabilities"]; !ok {
		return nil, fmt.Errorf("%w: no vulnerabilities", decode.ErrNotFormat)
	}
	if _, ok := top["version"]; !ok {
		return nil, fmt.Errorf("%w: no version", decode.ErrNotFormat)
	}
	var vulns []json.RawMessage
	if err := json.Unmarshal(top["vulnerabilities"], &vulns); err != nil {
		return nil, fmt.Errorf("%w: vulnerabilities is not an array", decode.ErrNotFormat)
	}
	var sc *scan
	var diags []aspm.Diagnostic
	if raw := top["scan"]; decode.RawText(raw) != "" {
		if err := json.Unmarshal(raw, &sc); err != nil {
			sc = nil
			diags = append(diags, aspm.Warnf("/scan", "scan skipped: %v", err))
		}
	}
	// the declared type wins over the decoder's: these four formats are one
	// schema, and the head that detection saw may not show the type
	typ := own
	declared := ""
	if sc != nil {
		declared = sc.Type
	}
	if declared == "" {
		declared = string(schemaType(decode.RawText(top["schema"])))
	}
	cats := make([]reportType, len(vulns))
	for i, raw := range vulns {
		var c struct {
			Category string `json:"category"`
		}
		if json.Unmarshal(raw, &c) == nil {
			cats[i] = normType(c.Category)
			if declared == "" {
				declared = c.Category
			}
		}
	}
	if d := normType(declared); d != "" {
		if d.format() == "" {
			return nil, fmt.Errorf("%w: GitLab %s reports", decode.ErrUnsupported, d)
		}
		typ = d
	}

	doc := &aspm.Document{Source: aspm.Source{Format: typ.format(), Tool: aspm.Tool{Name: "GitLab " + strings.ReplaceAll(string(typ), "_", " ")}}, Diagnostics: diags}
	var analyzer string
	if s := sc; s != nil {
		if s.Scanner != nil && s.Scanner.Name != "" {
			doc.Source.Tool = toolOf(s.Scanner)
		}
		if s.Analyzer != nil && s.Analyzer.Name != "" {
			analyzer = strings.TrimSpace(s.Analyzer.Name + " " + s.Analyzer.Version)
		}
		if t, err := time.Parse("2006-01-02T15:04:05", s.StartTime); err == nil {
			doc.Source.ScanTime = t.UTC()
		} else if t, err := time.Parse(time.RFC3339, s.StartTime); err == nil {
			doc.Source.ScanTime = t.UTC()
		}
		if s.Status != "" && !strings.EqualFold(s.Status, "success") {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/scan/status", "the scan reports status %q", s.Status))
		}
		for i, m := range s.Messages {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Diagnostic{Level: messageLevel(m.Level), Pointer: fmt.Sprintf("/scan/messages/%d", i), Message: "scanner: " + decode.Clip(m.Value, lim.MaxText)})
		}
	} else if len(vulns) > 0 {
		var v struct {
			Scanner *scanner `json:"scanner"`
		}
		if json.Unmarshal(vulns[0], &v) == nil && v.Scanner != nil && v.Scanner.Name != "" {
			doc.Source.Tool = toolOf(v.Scanner)
		}
	}

	recs := decode.NewRecords(ctx)
	files, err := dependencyFiles(top["dependency_files"], recs, doc)
	if err != nil {
		return nil, err
	}
	fixes := remediations(top["remediations"], doc)
	m := &mapper{lim: lim, doc: doc, typ: typ, files: files, fixes: fixes, analyzer: analyzer}
	for i, raw := range vulns {
		ptr := fmt.Sprintf("/vulnerabilities/%d", i)
		var members map[string]json.RawMessage
		var v vulnerability
		if err := json.Unmarshal(raw, &members); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: %v", err))
			continue
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: %v", err))
			continue
		}
		if members == nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "vulnerability skipped: null"))
			continue
		}
		if err := recs.Add(); err != nil {
			return nil, err
		}
		kind := typ
		if cats[i].kind() != "" {
			kind = cats[i]
		}
		f := m.finding(&v, members, kind)
		f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: ptr}
		doc.Findings = append(doc.Findings, f)
	}
	return doc, nil
}

func toolOf(s *scanner) aspm.Tool {
	t := aspm.Tool{Name: s.Name, Version: s.Version}
	if s.Vendor != nil {
		t.Vendor = s.Vendor.Name
	}
	return t
}

func messageLevel(l string) aspm.DiagnosticLevel {
	switch strings.ToLower(l) {
	case "fatal", "error":
		return aspm.DiagError
	case "warn", "warning":
		return aspm.DiagWarning
	}
	return aspm.DiagInfo
}

// dependencyFiles reads dependency_files[]: each listed dependency becomes
// a component of the document. It returns the package manager of each
// file path.
func dependencyFiles(raw json.RawMessage, recs *decode.Records, doc *aspm.Document) (map[string]string, error) {
	if decode.RawText(raw) == "" {
		return nil, nil
	}
	var list []dependencyFile
	if err := json.Unmarshal(raw, &list); err != nil {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/dependency_files", "dependency files skipped: %v", err))
		return nil, nil
	}
	out := map[string]string{}
	for i, f := range list {
		eco := ecosystemOfManager(f.PackageManager)
		if eco == "" {
			eco = ecosystemOfFile(f.Path)
		}
		if f.Path != "" && eco != "" {
			out[f.Path] = eco
		}
		for j, raw := range f.Dependencies {
			var d dependency
			if err := json.Unmarshal(raw, &d); err != nil {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(fmt.Sprintf("/dependency_files/%d/dependencies/%d", i, j), "dependency skipped: %v", err))
				continue
			}
			if d.Package.Name == "" {
				continue
			}
			if err := recs.Add(); err != nil {
				return nil, err
			}
			c := aspm.Component{PURL: aspm.PURLFromEcosystem(eco, d.Package.Name, d.Version), Name: d.Package.Name, Version: d.Version, Ecosystem: eco}
			if f.Path != "" {
				c.Paths = []string{f.Path}
			}
			if d.Direct != nil {
				c.Scope = aspm.ScopeTransitive
				if *d.Direct {
					c.Scope = aspm.ScopeDirect
				}
			}
			if k := slices.IndexFunc(doc.Components, func(have aspm.Component) bool { return have.Key() == c.Key() }); k >= 0 {
				for _, p := range c.Paths {
					if !slices.Contains(doc.Components[k].Paths, p) {
						doc.Components[k].Paths = append(doc.Components[k].Paths, p)
					}
				}
				continue
			}
			doc.Components = append(doc.Components, c)
		}
	}
	return out, nil
}

// remediations maps vulnerability ids and compare keys to the summary of
// the remediation that fixes them.
func remediations(raw json.RawMessage, doc *aspm.Document) map[string]string {
	if decode.RawText(raw) == "" {
		return nil
	}
	var list []remediation
	if err := json.Unmarshal(raw, &list); err != nil {
		doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/remediations", "remediations skipped: %v", err))
		return nil
	}
	out := map[string]string{}
	for _, r := range list {
		for _, f := range r.Fixes {
			for _, k := range []string{f.ID, f.CVE} {
				if k != "" && r.Summary != "" {
					out[k] = r.Summary
				}
			}
		}
	}
	return out
}
