package html

import (
	"bufio"
	"cmp"
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "html"

// DefaultMaxDetails is how many issues get a details section when the
// encoder's MaxDetails is 0.
const DefaultMaxDetails = 1000

// DefaultMaxRows is the issue table's bound when MaxRows is 0.
const DefaultMaxRows = 10_000

// DefaultPageSize is how many table rows a page shows when PageSize is 0.
const DefaultPageSize = 100

//go:embed report.tmpl
var reportTemplate string

// script filters and pages the issue table. It is the page's only script;
// the Content-Security-Policy allows it by hash and nothing else.
const script = `(function(){
var rows=Array.prototype.slice.call(document.querySelectorAll('#issues tbody tr'));
var q=document.getElementById('f-q'),sev=document.getElementById('f-sev'),st=document.getElementById('f-st'),kind=document.getElementById('f-kind');
var info=document.getElementById('f-info'),size=parseInt(document.body.getAttribute('data-page-size'),10)||100,page=0;
function apply(){var t=q.value.toLowerCase(),m=[];
rows.forEach(function(r){var ok=(!sev.value||r.getAttribute('data-sev')===sev.value)&&(!st.value||r.getAttribute('data-st')===st.value)&&(!kind.value||r.getAttribute('data-k')===kind.value)&&(!t||r.textContent.toLowerCase().indexOf(t)>=0);r.hidden=true;if(ok)m.push(r);});
var pages=Math.max(1,Math.ceil(m.length/size));if(page>=pages)page=pages-1;if(page<0)page=0;
m.slice(page*size,(page+1)*size).forEach(function(r){r.hidden=false;});
info.textContent=m.length+' matching issue(s), page '+(page+1)+' of '+pages;}
[q,sev,st,kind].forEach(function(e){e.addEventListener('input',function(){page=0;apply();});});
document.getElementById('f-prev').addEventListener('click',function(){page--;apply();});
document.getElementById('f-next').addEventListener('click',function(){page++;apply();});
document.querySelector('form.filters').addEventListener('submit',function(e){e.preventDefault();});
apply();})();`

// Encoder writes a self-contained HTML report: no network access, inline
// CSS, SVG charts drawn in Go and a few lines of plain JavaScript for
// filtering and paging. The zero value shows details for the
// [DefaultMaxDetails] highest-scored issues and lists every issue.
type Encoder struct {
	// Title is the page title; "" means "posture report".
	Title string
	// MaxDetails bounds the issues that get a details section (evidence,
	// score explanation, verdicts); 0 means [DefaultMaxDetails], a negative
	// value means none.
	MaxDetails int
	// MaxRows bounds the rows of the issue table (the highest-scored issues;
	// the report says how many it leaves out, which the JSON and CSV exports
	// hold in full); 0 means [DefaultMaxRows], a negative value no bound.
	// A browser renders a table of tens of thousands of rows slowly.
	MaxRows int
	// PageSize is how many rows the table shows at once; 0 means
	// [DefaultPageSize].
	PageSize int
}

// Format returns "html".
func (*Encoder) Format() aspm.Format { return Format }

// Encode writes the report. Every string from the result is escaped by
// html/template; links are kept only for http and https URLs; the page's
// Content-Security-Policy allows no network access and no script but its
// own. Issues are ordered by score, severity and id; "now" for SLA status
// is the result's generation time.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("html: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	tmpl, err := template.New("report").Parse(strings.Replace(reportTemplate, "<body>", `<body data-page-size="{{.PageSize}}">`, 1))
	if err != nil {
		return fmt.Errorf("html: %w", err)
	}
	data, err := e.build(ctx, r)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	if err := tmpl.Execute(bw, data); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("html: %w", err)
	}
	return nil
}

type page struct {
	Title, Generated, Gate string
	CSP                    string
	Script                 template.JS
	PageSize               int
	Summary                aspm.Summary
	Open, New              int
	SLA                    slaCounts
	Charts                 []chart
	Groups                 []group
	Severities             []aspm.Severity
	Statuses, Kinds        []string
	Rows                   []row
	RowsLeft               int
	Details                []detail
	DetailsLeft            int
	Diagnostics            []string
}

type slaCounts struct{ Overdue, Soon, OnTrack, None int }

type chart struct {
	ID, Title string
	Height    int
	Bars      []bar
}

type bar struct {
	Label, Color       string
	N, Y, TextY, W, NX int
}

type group struct {
	ID, Name string
	Rows     []groupRow
	More     int
}

type groupRow struct {
	Name                                         string
	Critical, High, Medium, Other, Open, Overdue int
	Score                                        string
	score                                        float64
}

type row struct {
	Severity, Status, Kind, Priority, Score, Title, Where, SLA, Owners, Anchor string
}

type detail struct {
	Anchor, ID, Kind, Severity, Title, Priority, Status, SLA       string
	Component, Fixed, Vulns, CWEs, Services, Owners, Triage, Score string
	Factors                                                        []factor
	Policy                                                         []aspm.Verdict
	Evidence                                                       []evidence
	Explanation                                                    []string
	// Paths are dependency paths to the component, rendered "a → b → c".
	Paths []string
}

type factor struct{ Name, Input, Value, Weight, Contribution, Explanation string }

type evidence struct {
	Tool, Rule, Source, Where, Text, Snippet, Path string
	Links                                          []string
}

func (e *Encoder) build(ctx context.Context, r *aspm.Result) (*page, error) {
	now := r.GeneratedAt
	p := &page{
		Title:    clean(cmp.Or(e.Title, "posture report"), 200),
		Gate:     string(cmp.Or(r.Summary.Gate, aspm.GatePass)),
		Script:   template.JS(script),
		PageSize: cmp.Or(e.PageSize, DefaultPageSize),
		Summary:  r.Summary,
	}
	sum := sha256.Sum256([]byte(script))
	p.CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'; base-uri 'none'; form-action 'none'"
	if now.IsZero() {
		p.Generated = "at an unknown time"
	} else {
		p.Generated = now.UTC().Format("2006-01-02 15:04 UTC")
	}
	if p.Summary.Issues == 0 {
		p.Summary.Issues = len(r.Issues)
	}

	order := make([]*aspm.Issue, len(r.Issues))
	for i := range r.Issues {
		order[i] = &r.Issues[i]
	}
	slices.SortStableFunc(order, func(a, b *aspm.Issue) int {
		return cmp.Or(-cmp.Compare(scoreOf(a), scoreOf(b)), -cmp.Compare(a.Severity.Rank(), b.Severity.Rank()), cmp.Compare(a.ID, b.ID))
	})

	bySev := map[aspm.Severity]int{}
	byPrio := map[string]int{}
	byStatus := map[string]int{}
	kinds := map[string]bool{}
	owners := map[string]*groupRow{}
	services := map[string]*groupRow{}
	units := map[string]*groupRow{}
	maxDetails := e.MaxDetails
	if maxDetails == 0 {
		maxDetails = DefaultMaxDetails
	}
	maxRows := e.MaxRows
	if maxRows == 0 {
		maxRows = DefaultMaxRows
	}
	for n, is := range order {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		status := string(cmp.Or(is.Status, aspm.LifecycleNew))
		byStatus[status]++
		kinds[string(is.Kind)] = true
		open := is.Status != aspm.LifecycleFixed
		overdue := false
		if open {
			p.Open++
			bySev[is.Severity]++
			byPrio[cmp.Or(clean(string(is.Priority), 30), "none")]++
			switch {
			case is.SLADue.IsZero():
				p.SLA.None++
			case !now.IsZero() && is.SLADue.Before(now):
				p.SLA.Overdue++
				overdue = true
			case !now.IsZero() && is.SLADue.Before(now.Add(7*24*time.Hour)):
				p.SLA.Soon++
			default:
				p.SLA.OnTrack++
			}
			for _, o := range orNone(is.Owners, "(no owner)") {
				tally(owners, o, is, overdue)
			}
			for _, s := range orNone(is.Services, "(no service)") {
				tally(services, s, is, overdue)
			}
			for _, u := range orNone(is.BusinessUnits, "(no business unit)") {
				tally(units, u, is, overdue)
			}
		}
		if is.Status == aspm.LifecycleNew || is.Status == aspm.LifecycleReopened {
			p.New++
		}
		withDetails := maxDetails > 0 && n < maxDetails
		if maxRows > 0 && len(p.Rows) >= maxRows {
			p.RowsLeft++
		} else {
			p.Rows = append(p.Rows, newRow(is, withDetails))
		}
		if withDetails {
			p.Details = append(p.Details, newDetail(is))
		} else if maxDetails > 0 {
			p.DetailsLeft++
		}
	}
	for _, s := range aspm.Severities() {
		if bySev[s] > 0 {
			p.Severities = append(p.Severities, s)
		}
	}
	p.Statuses = slices.Sorted(maps.Keys(byStatus))
	p.Kinds = slices.Sorted(maps.Keys(kinds))

	var sevBars []bar
	for _, s := range aspm.Severities() {
		sevBars = append(sevBars, bar{Label: string(s), N: bySev[s], Color: color(s)})
	}
	var prioBars []bar
	for _, k := range slices.Sorted(maps.Keys(byPrio)) {
		prioBars = append(prioBars, bar{Label: k, N: byPrio[k], Color: "#0b5cad"})
	}
	var stBars []bar
	for _, k := range p.Statuses {
		stBars = append(stBars, bar{Label: k, N: byStatus[k], Color: "#4a5360"})
	}
	p.Charts = []chart{
		newChart("c-sev", "Open issues by severity", sevBars),
		newChart("c-prio", "Open issues by priority", prioBars),
		newChart("c-status", "Issues by status", stBars),
	}
	p.Groups = []group{newGroup("unit", "business unit", units), newGroup("owner", "team (owner)", owners), newGroup("service", "service", services)}
	for _, d := range r.Diagnostics {
		p.Diagnostics = append(p.Diagnostics, clean(d.String(), 500))
	}
	return p, nil
}

func orNone(ss []string, none string) []string {
	if len(ss) == 0 {
		return []string{none}
	}
	return ss
}

func scoreOf(is *aspm.Issue) float64 {
	if is.Score == nil {
		return -1
	}
	return is.Score.Value
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func color(s aspm.Severity) string {
	switch s {
	case aspm.SeverityCritical:
		return "#8b0000"
	case aspm.SeverityHigh:
		return "#b3261e"
	case aspm.SeverityMedium:
		return "#8a5a00"
	case aspm.SeverityLow:
		return "#0b5cad"
	}
	return "#4a5360"
}

// newChart lays out a horizontal bar chart: label, bar scaled to the
// largest value, count.
func newChart(id, title string, bars []bar) chart {
	most := 0
	for _, b := range bars {
		most = max(most, b.N)
	}
	for i := range bars {
		b := &bars[i]
		b.Label = clean(b.Label, 14)
		b.Y = 4 + i*24
		b.TextY = b.Y + 14
		if most > 0 {
			b.W = b.N * 250 / most
		}
		b.NX = 110 + b.W + 6
	}
	return chart{ID: id, Title: title, Height: 8 + len(bars)*24, Bars: bars}
}

func tally(m map[string]*groupRow, name string, is *aspm.Issue, overdue bool) {
	g := m[name]
	if g == nil {
		g = &groupRow{Name: clean(name, 200)}
		m[name] = g
	}
	g.Open++
	switch is.Severity {
	case aspm.SeverityCritical:
		g.Critical++
	case aspm.SeverityHigh:
		g.High++
	case aspm.SeverityMedium:
		g.Medium++
	default:
		g.Other++
	}
	if is.Score != nil {
		g.score += is.Score.Value
	}
	if overdue {
		g.Overdue++
	}
}

// maxGroupRows bounds the rows of a risk table.
const maxGroupRows = 50

func newGroup(id, name string, m map[string]*groupRow) group {
	rows := slices.Collect(maps.Values(m))
	slices.SortFunc(rows, func(a, b *groupRow) int {
		return cmp.Or(-cmp.Compare(a.score, b.score), -cmp.Compare(a.Critical, b.Critical), -cmp.Compare(a.Open, b.Open), cmp.Compare(a.Name, b.Name))
	})
	g := group{ID: id, Name: name}
	for i, r := range rows {
		if i == maxGroupRows {
			g.More = len(rows) - maxGroupRows
			break
		}
		r.Score = strconv.FormatFloat(r.score, 'f', 1, 64)
		g.Rows = append(g.Rows, *r)
	}
	return g
}

func anchor(id string) string { return "i-" + strings.TrimPrefix(clean(id, 100), "i-") }

func newRow(is *aspm.Issue, withDetails bool) row {
	r := row{Severity: string(is.Severity), Status: string(cmp.Or(is.Status, aspm.LifecycleNew)), Kind: string(is.Kind),
		Priority: clean(string(is.Priority), 30), Title: clean(is.Title, 160), Where: clean(where(is), 120),
		Owners: clean(strings.Join(is.Owners, ", "), 80)}
	if is.Score != nil {
		r.Score = num(is.Score.Value)
	}
	if !is.SLADue.IsZero() {
		r.SLA = is.SLADue.UTC().Format(time.DateOnly)
	}
	if withDetails {
		r.Anchor = anchor(is.ID)
	}
	return r
}

// where is the package or the primary location.
func where(is *aspm.Issue) string {
	if !is.Component.IsZero() {
		return is.Component.String()
	}
	return location(is.Locations)
}

func location(locs []aspm.Location) string {
	for _, l := range locs {
		switch {
		case l.File != "":
			if l.Region != nil && l.Region.StartLine > 0 {
				return l.File + ":" + strconv.Itoa(l.Region.StartLine)
			}
			return l.File
		case l.URL != "":
			s := strings.TrimSpace(l.Method + " " + l.URL)
			if l.Parameter != "" {
				s += " (" + l.Parameter + ")"
			}
			return s
		case l.Resource != nil:
			return cmp.Or(l.Resource.Name, l.Resource.ID, l.Resource.Type)
		case l.Image != "":
			return l.Image
		}
	}
	return ""
}

// maxPaths bounds the dependency paths shown per issue.
const maxPaths = 10

func joinArrow(path []string) string {
	out := make([]string, 0, len(path))
	for _, n := range path {
		out = append(out, clean(n, 200))
	}
	return strings.Join(out, " → ")
}

func joinClean(ss []string, max int) string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, clean(s, max))
	}
	return strings.Join(out, ", ")
}

func newDetail(is *aspm.Issue) detail {
	d := detail{Anchor: anchor(is.ID), ID: clean(is.ID, 100), Kind: string(is.Kind), Severity: string(is.Severity),
		Title: clean(is.Title, 1000), Priority: clean(string(is.Priority), 30), Status: string(is.Status),
		Vulns: joinClean(is.Vulns, 100), Fixed: joinClean(is.FixedVersions, 100), Services: joinClean(is.Services, 200), Owners: joinClean(is.Owners, 200)}
	if !is.SLADue.IsZero() {
		d.SLA = is.SLADue.UTC().Format(time.DateOnly)
	}
	for i, path := range is.Paths {
		if i == maxPaths {
			d.Paths = append(d.Paths, strconv.Itoa(len(is.Paths)-maxPaths)+" more paths not shown")
			break
		}
		d.Paths = append(d.Paths, joinArrow(path))
	}
	if !is.Component.IsZero() {
		d.Component = clean(is.Component.String(), 500)
	}
	var cwes []string
	for _, c := range is.CWEs {
		cwes = append(cwes, "CWE-"+strconv.Itoa(c))
	}
	d.CWEs = strings.Join(cwes, ", ")
	if t := is.Triage; t != nil {
		s := string(t.Status)
		if t.VEX != nil && t.VEX.State != "" {
			s += ", " + string(t.VEX.State)
			if t.VEX.Justification != "" {
				s += " (" + t.VEX.Justification + ")"
			}
		}
		if t.By != "" {
			s += " by " + t.By
		}
		if t.Reason != "" {
			s += ": " + t.Reason
		}
		d.Triage = clean(s, 1000)
	}
	if is.Score != nil {
		d.Score = num(is.Score.Value)
		for _, f := range is.Score.Factors {
			d.Factors = append(d.Factors, factor{Name: clean(f.Name, 100), Input: clean(f.Input, 300), Value: num(f.Value),
				Weight: num(f.Weight), Contribution: num(f.Contribution), Explanation: clean(f.Explanation, 500)})
		}
	}
	for _, v := range is.Policy {
		d.Policy = append(d.Policy, aspm.Verdict{Rule: clean(v.Rule, 200), Result: v.Result, Message: clean(v.Message, 500), Exception: clean(v.Exception, 200)})
	}
	for i, f := range is.Findings {
		if f == nil {
			continue
		}
		if i == 20 {
			d.Evidence = append(d.Evidence, evidence{Tool: strconv.Itoa(len(is.Findings)-20) + " more finding(s)"})
			break
		}
		ev := evidence{Tool: clean(f.Tool.Name, 100), Rule: clean(f.Rule, 200), Source: clean(f.Provenance.File, 300),
			Where: clean(location(f.Locations), 300), Text: clean(cmp.Or(f.Description, f.Title), 1000)}
		for _, l := range f.Locations {
			if l.Snippet != "" {
				ev.Snippet = clean(l.Snippet, 2000)
				break
			}
		}
		if f.Reachability != nil && len(f.Reachability.Trace) > 0 {
			ev.Path = clean(strings.Join(f.Reachability.Trace, " → "), 1000)
		}
		for _, ref := range f.References {
			if u, err := url.Parse(ref); err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && len(ev.Links) < 5 {
				ev.Links = append(ev.Links, u.String())
			}
		}
		d.Evidence = append(d.Evidence, ev)
	}
	for _, x := range is.Explanation {
		d.Explanation = append(d.Explanation, clean(x, 500))
	}
	return d
}
