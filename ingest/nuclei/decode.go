package nuclei

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// Format is the name of the format this package reads.
const Format aspm.Format = "nuclei-json"

// Decoder reads Nuclei JSON and JSON-lines output. The zero value is ready
// to use; it is safe for concurrent use.
type Decoder struct{}

// Format returns [Format].
func (*Decoder) Format() aspm.Format { return Format }

// Detect reports whether head starts with a Nuclei result: an object (or an
// array of objects) with template-id (templateID before Nuclei 2.6) and
// info, host or matched-at.
func (*Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || !(s.Has("template-id") || s.Has("templateID")) {
		return false
	}
	return s.Has("info") || s.Has("host") || s.Has("matched-at") || s.Has("matched")
}

// text is a JSON value that Nuclei writes as a string or as a list of
// strings.
type text []string

func (t *text) UnmarshalJSON(b []byte) error {
	var list []string
	if err := json.Unmarshal(b, &list); err == nil {
		*t = list
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	if s != "" {
		*t = text{s}
	}
	return nil
}

type result struct {
	TemplateID    string `json:"template-id"`
	TemplateIDOld string `json:"templateID"`
	Info          *struct {
		Name           string `json:"name"`
		Description    string `json:"description"`
		Severity       string `json:"severity"`
		Reference      text   `json:"reference"`
		Tags           text   `json:"tags"`
		Classification *struct {
			CVEID       text            `json:"cve-id"`
			CWEID       text            `json:"cwe-id"`
			CVSSMetrics string          `json:"cvss-metrics"`
			CVSSScore   json.RawMessage `json:"cvss-score"`
		} `json:"classification"`
	} `json:"info"`
	Host             string `json:"host"`
	MatchedAt        string `json:"matched-at"`
	Matched          string `json:"matched"`
	URL              string `json:"url"`
	ExtractedResults text   `json:"extracted-results"`
	ExtractedOld     text   `json:"extracted_results"`
	Request          string `json:"request"`
	Response         string `json:"response"`
	FuzzingParameter string `json:"fuzzing_parameter"`
}

var (
	mapped     = []string{"template-id", "templateID", "info", "matched-at", "matched", "extracted-results", "extracted_results", "request", "response", "fuzzing_parameter"}
	infoMapped = []string{"name", "description", "severity", "reference", "tags", "classification"}
	reURL      = regexp.MustCompile(`https?://[^\s"'<>]+[^\s"'<>.,;:)]`)
	reMethod   = regexp.MustCompile(`^([A-Z]{3,10}) \S+ HTTP/`)
)

// Decode reads Nuclei results: a JSON array, JSON lines, or JSON objects
// one after another.
func (*Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	if err := decode.CheckDepth(data, lim.MaxDepth); err != nil {
		return nil, err
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "Nuclei"}, Format: Format}}
	recs := decode.NewRecords(ctx)
	body := decode.TrimHead(data)
	if len(body) == 0 {
		return doc, nil
	}
	if body[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(body, &items); err != nil {
			return nil, decode.MismatchNotFormat(err, "not an array of Nuclei results")
		}
		for i, raw := range items {
			if err := add(doc, recs, lim, raw, "/"+strconv.Itoa(i)); err != nil {
				return nil, err
			}
		}
		return doc, nil
	}
	// JSON lines, or objects one after another: each value is decoded on
	// its own, and a broken one is skipped up to the next line that opens
	// an object.
	pos, line := 0, 1
	for {
		skip := len(data[pos:]) - len(bytes.TrimLeft(data[pos:], " \t\r\n"))
		line += bytes.Count(data[pos:pos+skip], []byte("\n"))
		pos += skip
		if pos >= len(data) {
			break
		}
		dec := json.NewDecoder(bytes.NewReader(data[pos:]))
		var raw json.RawMessage
		err := dec.Decode(&raw)
		ptr := "line " + strconv.Itoa(line)
		if err != nil {
			next := bytes.Index(data[pos+1:], []byte("\n{"))
			if next < 0 && len(doc.Findings) == 0 && len(doc.Diagnostics) == 0 {
				return nil, err // a single object, broken
			}
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "result skipped: %v", err))
			if next < 0 {
				break
			}
			line += bytes.Count(data[pos:pos+1+next+1], []byte("\n"))
			pos += 1 + next + 1
			continue
		}
		if err := add(doc, recs, lim, raw, ptr); err != nil {
			return nil, err
		}
		n := int(dec.InputOffset())
		line += bytes.Count(data[pos:pos+n], []byte("\n"))
		pos += n
	}
	return doc, nil
}

// add appends the finding of one result. A value that is not a Nuclei
// result is a diagnostic, or ErrNotFormat when it is the first value.
func add(doc *aspm.Document, recs *decode.Records, lim decode.Limits, raw json.RawMessage, ptr string) error {
	first := len(doc.Findings) == 0 && len(doc.Diagnostics) == 0
	var res result
	var rest map[string]json.RawMessage
	if err := json.Unmarshal(raw, &res); err != nil {
		var te *json.UnmarshalTypeError
		if first && errors.As(err, &te) && te.Field == "" {
			return fmt.Errorf("%w: a Nuclei result is an object", decode.ErrNotFormat)
		}
		doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "result skipped: %v", err))
		return nil
	}
	_ = json.Unmarshal(raw, &rest)
	id := res.TemplateID
	if id == "" {
		id = res.TemplateIDOld
	}
	if id == "" {
		if first && res.Info == nil {
			return fmt.Errorf("%w: no template-id", decode.ErrNotFormat)
		}
		doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "result skipped: no template-id"))
		return nil
	}
	if err := recs.Add(); err != nil {
		return err
	}
	infoRaw := rest["info"]
	for _, k := range mapped {
		delete(rest, k)
	}
	props := decode.RawProperties(rest)
	f := aspm.Finding{
		Kind:       aspm.KindDAST,
		Rule:       id,
		Title:      id,
		Provenance: aspm.Provenance{Index: len(doc.Findings), Pointer: ptr},
	}
	if info := res.Info; info != nil {
		f.RuleName = info.Name
		if t := decode.FirstLine(info.Name); t != "" {
			f.Title = t
		}
		f.Description = decode.Clip(info.Description, lim.MaxText)
		f.ToolSeverity = info.Severity
		f.Severity = aspm.ParseSeverity(info.Severity)
		for _, ref := range info.Reference {
			if urls := reURL.FindAllString(ref, -1); len(urls) > 0 {
				f.References = append(f.References, urls...)
			} else if ref = strings.TrimSpace(ref); ref != "" {
				f.References = append(f.References, ref)
			}
		}
		for _, t := range info.Tags {
			for _, tag := range strings.Split(t, ",") {
				if tag = strings.TrimSpace(tag); tag != "" {
					f.Tags = append(f.Tags, tag)
				}
			}
		}
		if c := info.Classification; c != nil {
			for _, id := range c.CVEID {
				for _, one := range strings.Split(id, ",") {
					if one = strings.TrimSpace(one); one != "" {
						f.Vulns = append(f.Vulns, aspm.NewVuln(one))
					}
				}
			}
			f.CWEs = aspm.ParseCWEs(c.CWEID...)
			if cv, ok := cvss(c.CVSSMetrics, c.CVSSScore); ok {
				f.CVSS = []aspm.CVSS{cv}
			}
		}
		var infoRest map[string]json.RawMessage
		if json.Unmarshal(infoRaw, &infoRest) == nil {
			for _, k := range infoMapped {
				delete(infoRest, k)
			}
			for k, v := range decode.RawProperties(infoRest) {
				if props == nil {
					props = map[string]string{}
				}
				props["info."+k] = v
			}
		}
	}
	f.Properties = props
	loc := aspm.Location{URL: decode.FirstNonEmpty(res.MatchedAt, res.Matched, res.URL, res.Host), Parameter: res.FuzzingParameter}
	if m := reMethod.FindStringSubmatch(res.Request); m != nil {
		loc.Method = m[1]
	}
	extracted := res.ExtractedResults
	if len(extracted) == 0 {
		extracted = res.ExtractedOld
	}
	loc.Evidence = evidence(lim.MaxEvidence, strings.Join(extracted, "\n"), res.Request, res.Response)
	f.Locations = []aspm.Location{loc}
	doc.Findings = append(doc.Findings, f)
	return nil
}

// cvss reads the classification's vector and score.
func cvss(vector string, rawScore json.RawMessage) (aspm.CVSS, bool) {
	cv := aspm.CVSS{Source: "nuclei", Vector: strings.TrimSpace(vector)}
	var n json.Number
	if json.Unmarshal(rawScore, &n) == nil {
		cv.Score, _ = n.Float64()
	} else {
		var s string
		if json.Unmarshal(rawScore, &s) == nil {
			cv.Score, _ = strconv.ParseFloat(strings.TrimSpace(s), 64)
		}
	}
	if cv.Score < 0 || cv.Score > 10 {
		cv.Score = 0
	}
	if v, _, ok := strings.Cut(cv.Vector, "/"); ok && strings.HasPrefix(v, "CVSS:") {
		cv.Version = strings.TrimPrefix(v, "CVSS:")
	} else if cv.Vector != "" && strings.HasPrefix(cv.Vector, "AV:") {
		cv.Version = "2.0"
	}
	return cv, cv.Vector != "" || cv.Score > 0
}

// evidence joins the non-empty parts, each clipped, and clips the whole to
// n bytes.
func evidence(n int, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, decode.Clip(p, n))
		}
	}
	return decode.Clip(strings.Join(kept, "\n\n"), n)
}
