package main

import (
	"cmp"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/posturekit/posture"
	"github.com/posturekit/posture/aspm"
)

// useColor reports whether w is a terminal that wants colour: not when
// NO_COLOR is set (https://no-color.org) or w is a file or pipe.
func useColor(w io.Writer) bool {
	if os.Getenv("NO_COLOR") != "" {
		return false
	}
	return isTerminal(w)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

var sevColor = map[aspm.Severity]string{
	aspm.SeverityCritical: "\x1b[1;31m", aspm.SeverityHigh: "\x1b[31m", aspm.SeverityMedium: "\x1b[33m",
	aspm.SeverityLow: "\x1b[36m", aspm.SeverityInfo: "\x1b[2m",
}

// writeTable prints the top issues and a summary line.
func writeTable(w io.Writer, run *posture.Run, top int, color bool) error {
	res := run.Result
	open := make([]*aspm.Issue, 0, len(res.Issues))
	for i := range res.Issues {
		if res.Issues[i].Status != aspm.LifecycleFixed {
			open = append(open, &res.Issues[i])
		}
	}
	slices.SortStableFunc(open, func(a, b *aspm.Issue) int {
		return cmp.Or(cmp.Compare(prioRank(a), prioRank(b)), -cmp.Compare(scoreOf(a), scoreOf(b)),
			-cmp.Compare(a.Severity.Rank(), b.Severity.Rank()), -cmp.Compare(len(a.Tools), len(b.Tools)), strings.Compare(a.ID, b.ID))
	})
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "PRIO\tSCORE\tSEVERITY\tISSUE\tWHERE\tSERVICES\tOWNER\tSLA DUE\tSTATUS\tPOLICY\tTOOLS")
	for i, is := range open {
		if i >= top {
			break
		}
		sev := string(is.Severity)
		if color {
			sev = sevColor[is.Severity] + sev + "\x1b[0m"
		}
		prio, score, due := string(is.Priority), "", ""
		if prio == "" {
			prio = "-"
		}
		if is.Score != nil {
			score = fmt.Sprintf("%.1f", is.Score.Value)
		}
		if !is.SLADue.IsZero() {
			due = is.SLADue.Format("2006-01-02")
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", prio, score, sev, clean(clip(is.Title, 60)), clean(clip(where(is), 40)),
			clean(clip(strings.Join(is.Services, ","), 24)), clean(clip(strings.Join(is.Owners, ","), 16)), due, is.Status, verdicts(is), clean(strings.Join(is.Tools, ",")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	s := res.Summary
	var sev []string
	for _, v := range aspm.Severities() {
		if n := s.BySeverity[v]; n > 0 {
			sev = append(sev, fmt.Sprintf("%d %s", n, v))
		}
	}
	line := fmt.Sprintf("%d findings from %d inputs → %d issues (%s)", s.Findings, len(run.Documents), s.Issues, strings.Join(sev, ", "))
	if n := len(open); n > top {
		line += fmt.Sprintf("; top %d shown", top)
	}
	if s.ByStatus[aspm.LifecycleUnchanged]+s.ByStatus[aspm.LifecycleReopened]+s.ByStatus[aspm.LifecycleFixed] > 0 {
		line += fmt.Sprintf("; since baseline: %d new, %d reopened, %d fixed", s.ByStatus[aspm.LifecycleNew], s.ByStatus[aspm.LifecycleReopened], s.ByStatus[aspm.LifecycleFixed])
	}
	if n := len(run.Failed); n > 0 {
		line += fmt.Sprintf("; %d inputs failed", n)
	}
	gate := string(s.Gate)
	if color {
		gate = map[aspm.Gate]string{aspm.GatePass: "\x1b[32mpass\x1b[0m", aspm.GateFail: "\x1b[1;31mFAIL\x1b[0m"}[s.Gate]
	}
	_, err := fmt.Fprintf(w, "\n%s; gate: %s\n", line, gate)
	return err
}

// verdicts summarises an issue's policy verdicts: the strongest result and
// its rule ("fail: leaked-secret", "excepted: leaked-secret (EXC-1)").
func verdicts(is *aspm.Issue) string {
	rank := map[aspm.VerdictResult]int{aspm.VerdictFail: 4, aspm.VerdictExcepted: 3, aspm.VerdictWarn: 2, aspm.VerdictInfo: 1}
	var best *aspm.Verdict
	for i := range is.Policy {
		if best == nil || rank[is.Policy[i].Result] > rank[best.Result] {
			best = &is.Policy[i]
		}
	}
	if best == nil {
		return "-"
	}
	s := string(best.Result) + ": " + clean(clip(best.Rule, 28))
	if best.Exception != "" {
		s += " (" + clean(clip(best.Exception, 16)) + ")"
	}
	if n := len(is.Policy); n > 1 {
		s += fmt.Sprintf(" +%d", n-1)
	}
	return s
}

func prioRank(is *aspm.Issue) int {
	if is.Priority == "" {
		return 99
	}
	return int(is.Priority[len(is.Priority)-1]) // "P0" < "P4"
}

func scoreOf(is *aspm.Issue) float64 {
	if is.Score == nil {
		return -1
	}
	return is.Score.Value
}

// where names an issue's place: its package, else its primary location.
func where(is *aspm.Issue) string {
	if !is.Component.IsZero() {
		return is.Component.FullName() + "@" + is.Component.Version()
	}
	if len(is.Locations) == 0 {
		return ""
	}
	l := is.Locations[0]
	switch {
	case l.File != "" && l.Region != nil && l.Region.StartLine > 0:
		return fmt.Sprintf("%s:%d", l.File, l.Region.StartLine)
	case l.File != "":
		return l.File
	case l.URL != "":
		return strings.TrimSpace(l.Method + " " + l.URL)
	case l.Resource != nil:
		return l.Resource.Name
	}
	return l.Image
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// clean drops control characters (ANSI escapes among them) from text that
// came from scanner output, so it cannot drive the terminal.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return -1
		}
		return r
	}, s)
}
