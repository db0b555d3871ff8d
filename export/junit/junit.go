package junit

import (
	"bufio"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// Format is the name of this encoder's format.
const Format aspm.Format = "junit"

// Encoder writes JUnit XML for CI test tabs. The zero value writes one test
// case per policy rule.
type Encoder struct {
	// PerIssue writes one test case per issue instead of one per rule.
	PerIssue bool
}

// Format returns "junit".
func (*Encoder) Format() aspm.Format { return Format }

type testsuites struct {
	XMLName  xml.Name    `xml:"testsuites"`
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Skipped  int         `xml:"skipped,attr"`
	Suites   []testsuite `xml:"testsuite"`
}

type testsuite struct {
	Name      string     `xml:"name,attr"`
	Tests     int        `xml:"tests,attr"`
	Failures  int        `xml:"failures,attr"`
	Errors    int        `xml:"errors,attr"`
	Skipped   int        `xml:"skipped,attr"`
	Timestamp string     `xml:"timestamp,attr,omitempty"`
	Cases     []testcase `xml:"testcase"`
}

type testcase struct {
	Name      string   `xml:"name,attr"`
	Classname string   `xml:"classname,attr"`
	Failure   *failure `xml:"failure"`
	Skipped   *skipped `xml:"skipped"`
	SystemOut string   `xml:"system-out,omitempty"`
}

type failure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type skipped struct {
	Message string `xml:"message,attr,omitempty"`
}

// Encode writes one test suite. Per rule: a test case for each policy rule
// that judged any issue, failing when the rule failed an issue (the
// failure lists those issues), with warnings in system-out; when no issue
// has a verdict, a single case for the gate. Per issue: a test case for
// each issue, failing when a rule failed it, skipped when every verdict is
// an exception or the issue is fixed.
func (e *Encoder) Encode(ctx context.Context, w io.Writer, r *aspm.Result) error {
	if r == nil {
		return errors.New("junit: nil result")
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	var suite testsuite
	var err error
	if e.PerIssue {
		suite, err = perIssue(ctx, r)
	} else {
		suite, err = perRule(ctx, r)
	}
	if err != nil {
		return err
	}
	if !r.GeneratedAt.IsZero() {
		suite.Timestamp = r.GeneratedAt.UTC().Format("2006-01-02T15:04:05")
	}
	for _, c := range suite.Cases {
		suite.Tests++
		if c.Failure != nil {
			suite.Failures++
		}
		if c.Skipped != nil {
			suite.Skipped++
		}
	}
	doc := testsuites{Name: "posture", Tests: suite.Tests, Failures: suite.Failures, Skipped: suite.Skipped, Suites: []testsuite{suite}}
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString(xml.Header); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	enc := xml.NewEncoder(bw)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	if _, err := bw.WriteString("\n"); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("junit: %w", err)
	}
	return nil
}

// maxListed bounds the issues a rule's failure text lists.
const maxListed = 200

func perRule(ctx context.Context, r *aspm.Result) (testsuite, error) {
	type rule struct {
		fails, warns []string
		failN, warnN int
	}
	rules := map[string]*rule{}
	for i := range r.Issues {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return testsuite{}, err
			}
		}
		is := &r.Issues[i]
		for _, v := range is.Policy {
			ru := rules[v.Rule]
			if ru == nil {
				ru = &rule{}
				rules[v.Rule] = ru
			}
			line := issueLine(is)
			if v.Message != "" {
				line += ": " + clean(v.Message, 500)
			}
			switch v.Result {
			case aspm.VerdictFail:
				if ru.failN++; ru.failN <= maxListed {
					ru.fails = append(ru.fails, line)
				}
			case aspm.VerdictWarn:
				if ru.warnN++; ru.warnN <= maxListed {
					ru.warns = append(ru.warns, line)
				}
			}
		}
	}
	suite := testsuite{Name: "posture policy"}
	if len(rules) == 0 {
		c := testcase{Name: "gate", Classname: "posture.policy"}
		if r.Summary.Gate == aspm.GateFail {
			c.Failure = &failure{Message: "policy gate failed", Type: "gate"}
		}
		suite.Cases = []testcase{c}
		return suite, nil
	}
	for _, name := range slices.Sorted(maps.Keys(rules)) {
		ru := rules[name]
		slices.Sort(ru.fails)
		slices.Sort(ru.warns)
		c := testcase{Name: clean(name, 500), Classname: "posture.policy"}
		if ru.failN > 0 {
			c.Failure = &failure{Message: strconv.Itoa(ru.failN) + " issue(s) fail the rule", Type: "policy",
				Text: list(ru.fails, ru.failN)}
		}
		if ru.warnN > 0 {
			c.SystemOut = strconv.Itoa(ru.warnN) + " warning(s):\n" + list(ru.warns, ru.warnN)
		}
		suite.Cases = append(suite.Cases, c)
	}
	return suite, nil
}

func list(lines []string, total int) string {
	s := strings.Join(lines, "\n")
	if total > len(lines) {
		s += "\n… and " + strconv.Itoa(total-len(lines)) + " more"
	}
	return s
}

func issueLine(is *aspm.Issue) string {
	s := is.ID + " [" + string(is.Severity) + "] " + clean(is.Title, 300)
	if !is.Component.IsZero() {
		s += " in " + clean(is.Component.String(), 300)
	}
	return s
}

func perIssue(ctx context.Context, r *aspm.Result) (testsuite, error) {
	suite := testsuite{Name: "posture issues"}
	idx := make([]int, len(r.Issues))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(r.Issues[a].ID, r.Issues[b].ID) })
	for n, i := range idx {
		if n%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return testsuite{}, err
			}
		}
		is := &r.Issues[i]
		c := testcase{Name: clean(is.Title, 300) + " [" + is.ID + "]", Classname: "posture." + clean(string(cmp.Or(is.Kind, aspm.KindOther)), 50)}
		var fails, excepted []string
		for _, v := range is.Policy {
			switch v.Result {
			case aspm.VerdictFail:
				fails = append(fails, clean(strings.TrimSpace(v.Rule+": "+v.Message), 500))
			case aspm.VerdictExcepted:
				excepted = append(excepted, clean(strings.TrimSpace(v.Rule+" "+v.Exception), 500))
			}
		}
		switch {
		case is.Status == aspm.LifecycleFixed:
			c.Skipped = &skipped{Message: "fixed"}
		case len(fails) > 0:
			c.Failure = &failure{Message: strings.Join(fails, "; "), Type: string(is.Severity), Text: detail(is)}
		case len(excepted) > 0 && len(excepted) == len(is.Policy):
			c.Skipped = &skipped{Message: "excepted: " + strings.Join(excepted, "; ")}
		}
		suite.Cases = append(suite.Cases, c)
	}
	return suite, nil
}

func detail(is *aspm.Issue) string {
	var b strings.Builder
	b.WriteString(issueLine(is))
	for _, l := range is.Locations {
		switch {
		case l.File != "":
			b.WriteString("\nat " + clean(l.File, 500))
			if l.Region != nil && l.Region.StartLine > 0 {
				b.WriteString(":" + strconv.Itoa(l.Region.StartLine))
			}
		case l.URL != "":
			b.WriteString("\nat " + clean(strings.TrimSpace(l.Method+" "+l.URL), 500))
		}
	}
	if is.Score != nil {
		b.WriteString("\nscore " + strconv.FormatFloat(is.Score.Value, 'f', -1, 64))
	}
	if is.Priority != "" {
		b.WriteString(", priority " + clean(string(is.Priority), 50))
	}
	if !is.SLADue.IsZero() {
		b.WriteString(", SLA due " + is.SLADue.UTC().Format(time.DateOnly))
	}
	return b.String()
}
