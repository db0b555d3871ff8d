package sonarqube

import (
	"bytes"
	"context"
	"fmt"
	"html"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// HTMLFormat is the name of the sonar-report HTML format.
const HTMLFormat aspm.Format = "sonarqube-html"

// HTMLDecoder reads the HTML vulnerability report of the sonar-report
// exporter ("SonarQube Vulnerability Report"). The zero value is ready to
// use; it is safe for concurrent use.
type HTMLDecoder struct{}

// Format returns [HTMLFormat].
func (*HTMLDecoder) Format() aspm.Format { return HTMLFormat }

var reTitle = regexp.MustCompile(`(?is)<title>\s*SonarQube Vulnerability Report\s*</title>`)

// Detect reports whether head is an HTML page titled "SonarQube
// Vulnerability Report".
func (*HTMLDecoder) Detect(head []byte) bool {
	head = decode.TrimHead(head)
	if len(head) == 0 || head[0] != '<' {
		return false
	}
	return reTitle.Match(head)
}

var (
	reDetail  = regexp.MustCompile(`(?is)<h2>\s*Detail of the Detected[^<]*</h2>(.*?)</table>`)
	reRow     = regexp.MustCompile(`(?is)<tr[^>]*>(.*?)</tr>`)
	reCell    = regexp.MustCompile(`(?is)<t[dh][^>]*>(.*?)</t[dh]>`)
	reTag     = regexp.MustCompile(`(?s)<[^>]*>`)
	reRuleRow = regexp.MustCompile(`(?is)<td>\s*<a\s+href="[^"]*rule_key=([^"]+)"[^>]*>`)
	reDefs    = regexp.MustCompile(`(?is)<dt>(.*?)</dt>\s*<dd>(.*?)</dd>`)
)

// text turns an HTML fragment into plain text: tags dropped, entities
// decoded, white space folded.
func text(s string) string {
	return strings.Join(strings.Fields(html.UnescapeString(reTag.ReplaceAllString(s, " "))), " ")
}

// Decode reads one sonar-report HTML page: one finding per row of its
// "Detail of the Detected …" tables.
func (d *HTMLDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	if !reTitle.Match(data) {
		return nil, fmt.Errorf("%w: not a SonarQube Vulnerability Report page", decode.ErrNotFormat)
	}
	tables := reDetail.FindAllSubmatchIndex(data, -1)
	if len(tables) == 0 {
		return nil, fmt.Errorf("%w: no \"Detail of the Detected\" table", decode.ErrNotFormat)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "SonarQube", Vendor: "SonarSource"}, Format: HTMLFormat}}
	for _, m := range reDefs.FindAllSubmatch(data[:tables[0][0]], -1) {
		switch text(string(m[1])) {
		case "Project Name":
			doc.Source.Target = &aspm.Target{Kind: aspm.TargetRepository, Name: text(string(m[2]))}
		case "Report Generated On":
			if t, err := time.Parse("Mon Jan 2 2006", text(string(m[2]))); err == nil {
				doc.Source.ScanTime = t
			}
		}
	}
	rules := ruleDescriptions(data[tables[len(tables)-1][1]:])
	recs := decode.NewRecords(ctx)
	for ti, t := range tables {
		body := data[t[2]:t[3]]
		var cols []string
		for ri, row := range reRow.FindAllSubmatch(body, -1) {
			cells := reCell.FindAllSubmatch(row[1], -1)
			if bytes.Contains(bytes.ToLower(row[1]), []byte("<th")) {
				cols = cols[:0]
				for _, c := range cells {
					cols = append(cols, strings.ToLower(text(string(c[1]))))
				}
				continue
			}
			p := "table " + strconv.Itoa(ti+1) + " row " + strconv.Itoa(ri)
			rec := map[string]string{}
			for i, c := range cells {
				if i < len(cols) && cols[i] != "" {
					rec[cols[i]] = text(string(c[1]))
				}
			}
			if rec["rule"] == "" {
				doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(p, "row skipped: no rule"))
				continue
			}
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f := htmlFinding(rec, rules, lim)
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: p}
			doc.Findings = append(doc.Findings, f)
		}
	}
	return doc, nil
}

// ruleDescriptions reads the "Known Security Rules" table: rule key →
// description HTML.
func ruleDescriptions(tail []byte) map[string]string {
	out := map[string]string{}
	idx := reRuleRow.FindAllSubmatchIndex(tail, -1)
	for i, m := range idx {
		end := len(tail)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		out[html.UnescapeString(string(tail[m[2]:m[3]]))] = string(tail[m[1]:end])
	}
	return out
}

func htmlFinding(rec map[string]string, rules map[string]string, lim decode.Limits) aspm.Finding {
	desc := rules[rec["rule"]]
	f := aspm.Finding{
		Kind:         aspm.KindSAST,
		Rule:         rec["rule"],
		RuleName:     rec["description"],
		Title:        decode.Summary(rec["message"]),
		Description:  decode.Clip(rec["message"], lim.MaxText),
		Severity:     aspm.ParseSeverity(rec["severity"]),
		ToolSeverity: rec["severity"],
		CWEs:         aspm.ParseCWEs(desc),
		Status:       status(rec["status"], "", ""),
	}
	if f.Title == "" {
		f.Title = f.RuleName
	}
	if f.Title == "" {
		f.Title = f.Rule
	}
	var refs []string
	for _, m := range reHref.FindAllStringSubmatch(desc, -1) {
		refs = append(refs, html.UnescapeString(m[1]))
	}
	f.References = decode.SortedSet(refs)
	if file := rec["component"]; file != "" {
		loc := aspm.Location{File: strings.ReplaceAll(file, `\`, "/")}
		if n, err := strconv.Atoi(rec["line"]); err == nil && n > 0 {
			loc.Region = &aspm.Region{StartLine: n}
		}
		f.Locations = []aspm.Location{loc}
	}
	if k := rec["key"]; k != "" {
		f.Fingerprints = map[string]string{"sonarqube-key": k}
	}
	props := map[string]string{}
	for k, v := range rec {
		switch k {
		case "rule", "description", "message", "severity", "component", "line", "key":
			continue
		}
		if v != "" {
			props[k] = decode.Clip(v, lim.MaxText)
		}
	}
	if len(props) > 0 {
		f.Properties = props
	}
	return f
}
