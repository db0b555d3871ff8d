package markdown

import (
	"bufio"
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "markdown"

// DefaultMaxChars is GitHub's limit on the body of a comment.
const DefaultMaxChars = 65536

// Encoder writes a result as Markdown for a pull-request comment. The zero
// value fits GitHub's comment limit and titles the comment "posture".
type Encoder struct {
	// MaxChars bounds the output; 0 means [DefaultMaxChars]. Issues that do
	// not fit are left out and counted in a closing line.
	MaxChars int
	// Title is the heading's text; "" means "posture". It is escaped like
	// any other string.
	Title string
}

// Format returns "markdown".
func (*Encoder) Format() aspm.Format { return Format }

// Encode writes the comment: a heading with the gate, a severity table and
// lifecycle counts, then the new and reopened issues, the other open
// issues and the fixed ones, each group ordered by score, severity and id,
// each issue a collapsible <details> block with its evidence, score
// factors and verdicts. When the comment would pass the size limit, the
// remaining issues are counted instead of shown.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("markdown: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	limit := cmp.Or(e.MaxChars, DefaultMaxChars)
	var head strings.Builder
	writeSummary(&head, cmp.Or(e.Title, "posture"), r)

	groups := [3][]*aspm.Issue{}
	for i := range r.Issues {
		is := &r.Issues[i]
		switch is.Status {
		case aspm.LifecycleNew, aspm.LifecycleReopened:
			groups[0] = append(groups[0], is)
		case aspm.LifecycleFixed:
			groups[2] = append(groups[2], is)
		default:
			groups[1] = append(groups[1], is)
		}
	}
	names := [3]string{"New issues", "Other open issues", "Fixed issues"}

	bw := bufio.NewWriter(w)
	out := head.String()
	// Keep room for the closing line, which is short.
	budget := limit - 200
	if len(out) > budget {
		out = out[:0]
	}
	left := 0
	for g, issues := range groups {
		if len(issues) == 0 {
			continue
		}
		slices.SortStableFunc(issues, order)
		section := "\n### " + names[g] + " (" + strconv.Itoa(len(issues)) + ")\n\n"
		wroteSection := false
		for n, is := range issues {
			if n%1024 == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if left > 0 {
				left++ // once one issue does not fit, the rest are counted, not shown
				continue
			}
			var block string
			if g == 2 {
				block = fixedLine(is)
			} else {
				block = details(is)
			}
			extra := len(block)
			if !wroteSection {
				extra += len(section)
			}
			if len(out)+extra > budget {
				left++
				continue
			}
			if !wroteSection {
				out += section
				wroteSection = true
			}
			out += block
		}
	}
	if left > 0 {
		out += "\n> [!NOTE]\n> " + strconv.Itoa(left) + " more issue(s) not shown: the comment would pass the " +
			strconv.Itoa(limit) + "-character limit. See the full report.\n"
	}
	if _, err := bw.WriteString(out); err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("markdown: %w", err)
	}
	return nil
}

// order puts higher scores, then higher severities, then lower ids first.
func order(a, b *aspm.Issue) int {
	return cmp.Or(-cmp.Compare(scoreOf(a), scoreOf(b)), -cmp.Compare(a.Severity.Rank(), b.Severity.Rank()), cmp.Compare(a.ID, b.ID))
}

func scoreOf(is *aspm.Issue) float64 {
	if is.Score == nil {
		return -1
	}
	return is.Score.Value
}

func writeSummary(b *strings.Builder, title string, r *aspm.Result) {
	gate := "passed ✅"
	if r.Summary.Gate == aspm.GateFail {
		gate = "failed ❌"
	}
	fmt.Fprintf(b, "## %s: policy gate %s\n\n", esc(title), gate)
	// Counted from the issues, so that a result without a summary still
	// gets its table.
	bySev := map[aspm.Severity]int{}
	byStatus := map[aspm.Lifecycle]int{}
	for i := range r.Issues {
		bySev[r.Issues[i].Severity]++
		byStatus[r.Issues[i].Status]++
	}
	fmt.Fprintf(b, "%d issue(s) from %d finding(s).", len(r.Issues), r.Summary.Findings)
	var st []string
	for _, l := range []aspm.Lifecycle{aspm.LifecycleNew, aspm.LifecycleReopened, aspm.LifecycleUnchanged, aspm.LifecycleFixed} {
		if n := byStatus[l]; n > 0 {
			st = append(st, strconv.Itoa(n)+" "+string(l))
		}
	}
	if len(st) > 0 {
		b.WriteString(" " + strings.Join(st, ", ") + ".")
	}
	b.WriteString("\n\n| Severity | Issues |\n|---|---:|\n")
	for _, s := range aspm.Severities() {
		if n := bySev[s]; n > 0 {
			fmt.Fprintf(b, "| %s | %d |\n", s, n)
		}
	}
}

func severityMark(s aspm.Severity) string {
	switch s {
	case aspm.SeverityCritical:
		return "🟥"
	case aspm.SeverityHigh:
		return "🟧"
	case aspm.SeverityMedium:
		return "🟨"
	case aspm.SeverityLow:
		return "🟦"
	}
	return "⬜"
}

func summaryLine(is *aspm.Issue) string {
	var b strings.Builder
	b.WriteString(severityMark(is.Severity) + " <b>" + esc(strings.ToUpper(string(is.Severity))) + "</b>")
	if is.Priority != "" {
		b.WriteString(" " + esc(string(is.Priority)))
	}
	b.WriteString(" · " + esc(cut(is.Title, 200)))
	if !is.Component.IsZero() {
		b.WriteString(" · <code>" + esc(cut(is.Component.String(), 200)) + "</code>")
	} else if loc := location(is); loc != "" {
		b.WriteString(" · <code>" + esc(cut(loc, 200)) + "</code>")
	}
	if is.Status == aspm.LifecycleReopened {
		b.WriteString(" · reopened")
	}
	return b.String()
}

func fixedLine(is *aspm.Issue) string {
	return "- ~~" + summaryLine(is) + "~~\n"
}

// details is one issue's collapsible block.
func details(is *aspm.Issue) string {
	var b strings.Builder
	b.WriteString("<details><summary>" + summaryLine(is) + "</summary>\n\n")
	b.WriteString("- ID: <code>" + esc(is.ID) + "</code> (" + esc(string(is.Kind)) + ")\n")
	if len(is.Vulns) > 0 {
		b.WriteString("- Vulnerabilities: " + codes(is.Vulns, 10) + "\n")
	}
	if len(is.FixedVersions) > 0 {
		b.WriteString("- Fixed in: " + codes(is.FixedVersions, 5) + "\n")
	}
	if len(is.CWEs) > 0 {
		var cwes []string
		for _, c := range is.CWEs {
			cwes = append(cwes, "CWE-"+strconv.Itoa(c))
		}
		b.WriteString("- Weaknesses: " + strings.Join(cwes, ", ") + "\n")
	}
	if loc := location(is); loc != "" {
		b.WriteString("- Location: <code>" + esc(cut(loc, 300)) + "</code>\n")
	}
	if len(is.Tools) > 0 {
		b.WriteString("- Found by: " + list(is.Tools, 10) + "\n")
	}
	if len(is.Services) > 0 {
		b.WriteString("- Services: " + list(is.Services, 10) + "\n")
	}
	if len(is.Owners) > 0 {
		b.WriteString("- Owners: " + list(is.Owners, 10) + "\n")
	}
	if !is.SLADue.IsZero() {
		b.WriteString("- SLA due: " + is.SLADue.UTC().Format("2006-01-02") + "\n")
	}
	if s := is.Score; s != nil {
		b.WriteString("- Score: " + num(s.Value))
		var parts []string
		for _, f := range s.Factors {
			parts = append(parts, esc(cut(f.Name, 50))+" "+num(f.Contribution)+" ("+esc(cut(f.Input, 120))+")")
		}
		if len(parts) > 0 {
			b.WriteString(" = " + strings.Join(parts, " + "))
		}
		b.WriteString("\n")
	}
	for _, v := range is.Policy {
		b.WriteString("- Policy <code>" + esc(cut(v.Rule, 100)) + "</code>: " + esc(string(v.Result)))
		if v.Message != "" {
			b.WriteString(" — " + esc(cut(v.Message, 300)))
		}
		if v.Exception != "" {
			b.WriteString(" (exception " + esc(cut(v.Exception, 100)) + ")")
		}
		b.WriteString("\n")
	}
	if t := is.Triage; t != nil {
		b.WriteString("- Triage: " + esc(string(t.Status)))
		if t.VEX != nil && t.VEX.State != "" {
			b.WriteString(", " + esc(string(t.VEX.State)))
		}
		if t.Reason != "" {
			b.WriteString(" — " + esc(cut(t.Reason, 300)))
		}
		b.WriteString("\n")
	}
	b.WriteString("\n</details>\n")
	return b.String()
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func codes(ss []string, max int) string {
	var out []string
	for i, s := range ss {
		if i == max {
			out = append(out, "+"+strconv.Itoa(len(ss)-max)+" more")
			break
		}
		out = append(out, "<code>"+esc(cut(s, 100))+"</code>")
	}
	return strings.Join(out, ", ")
}

func list(ss []string, max int) string {
	var out []string
	for i, s := range ss {
		if i == max {
			out = append(out, "+"+strconv.Itoa(len(ss)-max)+" more")
			break
		}
		out = append(out, esc(cut(s, 100)))
	}
	return strings.Join(out, ", ")
}

// location renders the primary location.
func location(is *aspm.Issue) string {
	for _, l := range is.Locations {
		switch {
		case l.File != "":
			if l.Region != nil && l.Region.StartLine > 0 {
				return l.File + ":" + strconv.Itoa(l.Region.StartLine)
			}
			return l.File
		case l.URL != "":
			return strings.TrimSpace(l.Method + " " + l.URL)
		case l.Resource != nil:
			return cmp.Or(l.Resource.Name, l.Resource.ID, l.Resource.Type)
		case l.Image != "":
			return l.Image
		}
	}
	for _, f := range is.Findings {
		if f != nil && f.Component != nil && len(f.Component.Paths) > 0 {
			return f.Component.Paths[0]
		}
	}
	return ""
}

// cut shortens s to at most n runes.
func cut(s string, n int) string { return clean(s, n) }

// esc makes a user-controlled string inert in GitHub Markdown and in the
// HTML blocks around it: control characters and terminal escapes are
// removed, line breaks become spaces, and every character that Markdown
// or HTML gives a meaning (links, images, emphasis, code, tables,
// headings, mentions, tags, entities, autolinks) is written as a numeric
// character reference, which GitHub renders as the character itself.
func esc(s string) string {
	s = clean(s, 0)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch r {
		case '\n', '\t':
			b.WriteByte(' ')
		case '&', '<', '>', '"', '\'', '\\', '`', '*', '_', '[', ']', '(', ')', '!', '|', '~', '#', '@', ':':
			b.WriteString("&#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
