// Package exporttest builds results for testing encoders: a small fixture
// scan with every kind of issue, a hostile one whose strings try to inject
// markup, formulas and terminal escapes, and large ones for benchmarks;
// [Validate] checks an encoder's output against a JSON Schema file.
//
// The results are built by hand from [aspm] values, so they are the same on
// every run; each call returns a fresh value the caller may change.
package exporttest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"time"

	"github.com/posturekit/posture/aspm"
)

// Now is the clock of every fixture: generation time and SLA dates derive
// from it. It always returns 2026-11-28 09:00 UTC.
func Now() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }

// ID returns a content-derived issue id for s, shaped like correlation's.
func ID(s string) string {
	sum := sha256.Sum256([]byte(s))
	return "i-" + hex.EncodeToString(sum[:12])
}

func finding(tool string, kind aspm.Kind, rule, title string, sev aspm.Severity, locs ...aspm.Location) *aspm.Finding {
	f := &aspm.Finding{
		Kind: kind, Format: aspm.Format(tool + "-json"), Tool: aspm.Tool{Name: tool},
		Rule: rule, Title: title, Severity: sev, Locations: locs,
		Provenance: aspm.Provenance{File: tool + ".json"},
	}
	f.ID = aspm.FindingID(f)
	return f
}

func sca(tool, vuln, purl, manifest string, sev aspm.Severity, aliases ...string) *aspm.Finding {
	f := finding(tool, aspm.KindSCA, vuln, vuln, sev)
	p := aspm.MustParsePURL(purl)
	f.Vulns = []aspm.Vuln{aspm.NewVuln(vuln, aliases...)}
	f.Component = &aspm.Component{PURL: p, Name: p.Name(), Version: p.Version(), Paths: []string{manifest}}
	f.ID = aspm.FindingID(f)
	return f
}

func score(v float64, fs ...aspm.Factor) *aspm.Score { return &aspm.Score{Value: v, Factors: fs} }

// Result returns the fixture scan (scores on posture's 0-100 scale): six issues of different kinds, with
// scores, priorities, SLA dates, lifecycle states, policy verdicts and a
// triage decision, and its summary.
func Result() *aspm.Result {
	log4j := aspm.MustParsePURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
	lodash := aspm.MustParsePURL("pkg:npm/lodash@4.17.20")
	l4 := sca("grype", "CVE-2021-44228", log4j.String(), "pom.xml", aspm.SeverityCritical, "GHSA-jfh8-c2jp-5v3q")
	l4.Title = "Remote code execution in log4j-core (Log4Shell)"
	l4.Description = "JNDI lookups in log messages allow remote code execution."
	l4.References = []string{"https://nvd.nist.gov/vuln/detail/CVE-2021-44228"}
	l4t := sca("trivy", "CVE-2021-44228", log4j.String(), "pom.xml", aspm.SeverityCritical)
	ld := sca("osv-scanner", "GHSA-35jh-r3h4-6jhm", lodash.String(), "web/package-lock.json", aspm.SeverityHigh, "CVE-2021-23337")
	ld.Title = "Command injection in lodash"
	sql := finding("semgrep", aspm.KindSAST, "go.lang.security.sqli", "SQL built from user input", aspm.SeverityHigh,
		aspm.Location{File: "src/db/query.go", Region: &aspm.Region{StartLine: 42, EndLine: 44}, Logical: "db.Find"})
	sql.CWEs = []int{89}
	sql.Description = "A query string is concatenated with request data."
	sec := finding("gitleaks", aspm.KindSecret, "aws-access-key", "AWS access key in config/prod.env", aspm.SeverityHigh,
		aspm.Location{File: "config/prod.env", Region: &aspm.Region{StartLine: 3}})
	sec.Secret = &aspm.Secret{Type: "aws-access-key", Redacted: "AKIA…MPLE"}
	xss := finding("zap", aspm.KindDAST, "40012", "Reflected cross-site scripting", aspm.SeverityMedium,
		aspm.Location{URL: "https://shop.example.com/search", Method: "GET", Parameter: "q"})
	xss.CWEs = []int{79}
	s3 := finding("checkov", aspm.KindIaC, "CKV_AWS_18", "S3 bucket without access logging", aspm.SeverityLow,
		aspm.Location{File: "infra/main.tf", Region: &aspm.Region{StartLine: 12, EndLine: 20},
			Resource: &aspm.Resource{Type: "aws_s3_bucket", Name: "aws_s3_bucket.logs", Provider: "aws"}})

	day := 24 * time.Hour
	issues := []aspm.Issue{
		{
			ID: ID("log4j"), Kind: aspm.KindSCA, Title: l4.Title, Severity: aspm.SeverityCritical, SeveritySource: "grype",
			Vulns: []string{"CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q"}, Component: log4j, FixedVersions: []string{"2.17.1"},
			Locations: []aspm.Location{}, Tools: []string{"grype", "trivy"}, Services: []string{"checkout"}, Owners: []string{"team-payments"}, BusinessUnits: []string{"commerce"},
			Paths:    [][]string{{"service:checkout", "component:pkg:maven/com.acme/checkout@1.4.2", "component:pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}},
			Findings: []*aspm.Finding{l4, l4t}, Explanation: []string{"grype and trivy: same vulnerability in the same package version"},
			Score: score(92,
				aspm.Factor{Name: "cvss", Input: "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H from nvd", Value: 1, Weight: 4, Contribution: 40, Explanation: "critical base score"},
				aspm.Factor{Name: "epss", Input: "EPSS 0.97 on 2026-11-27", Value: 0.97, Weight: 3, Contribution: 29.1},
				aspm.Factor{Name: "exposure", Input: "internet-facing service checkout", Value: 0.76, Weight: 3, Contribution: 22.9}),
			Priority: "P0", SLADue: Now().Add(2 * day), Status: aspm.LifecycleNew, FirstSeen: Now(), LastSeen: Now(),
			Policy: []aspm.Verdict{{Rule: "no-critical-in-prod", Title: "No critical vulnerabilities in production", Result: aspm.VerdictFail, Message: "critical CVE-2021-44228 in checkout"}},
		},
		{
			ID: ID("lodash"), Kind: aspm.KindSCA, Title: ld.Title, Severity: aspm.SeverityHigh, SeveritySource: "osv-scanner",
			Vulns: []string{"GHSA-35jh-r3h4-6jhm", "CVE-2021-23337"}, Component: lodash, FixedVersions: []string{"4.17.21"},
			Locations: []aspm.Location{}, Tools: []string{"osv-scanner"}, Services: []string{"storefront"}, Owners: []string{"team-web"},
			Findings: []*aspm.Finding{ld},
			Score:    score(31, aspm.Factor{Name: "cvss", Input: "CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:H/I:H/A:H", Value: 0.72, Weight: 4, Contribution: 28.8}, aspm.Factor{Name: "reachability", Input: "not reachable", Value: 0.06, Weight: 4, Contribution: 2.2}),
			Priority: "P3", SLADue: Now().Add(90 * day), Status: aspm.LifecycleUnchanged, FirstSeen: Now().Add(-30 * day), LastSeen: Now(),
			Triage: &aspm.Triage{Status: aspm.StatusAccepted, By: "alice@example.com", Reason: "template function is never called", At: Now().Add(-10 * day),
				VEX: &aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "vulnerable_code_not_in_execute_path", Impact: "lodash.template is not used by the storefront"}},
			Policy: []aspm.Verdict{{Rule: "no-high-in-prod", Result: aspm.VerdictExcepted, Exception: "EXC-12", Message: "excepted until 2027-01-31"}},
		},
		{
			ID: ID("sqli"), Kind: aspm.KindSAST, Title: sql.Title, Severity: aspm.SeverityHigh, SeveritySource: "semgrep",
			Vulns: []string{}, CWEs: []int{89}, Locations: sql.Locations, Tools: []string{"semgrep"}, Services: []string{"checkout"}, Owners: []string{"team-payments"},
			Findings: []*aspm.Finding{sql},
			Score:    score(64, aspm.Factor{Name: "severity", Input: "high from semgrep", Value: 0.8, Weight: 8, Contribution: 64}),
			Priority: "P1", SLADue: Now().Add(-3 * day), Status: aspm.LifecycleReopened, FirstSeen: Now().Add(-60 * day), LastSeen: Now(),
			Policy: []aspm.Verdict{{Rule: "no-injection", Result: aspm.VerdictFail, Message: "CWE-89 in a production service"}},
		},
		{
			ID: ID("secret"), Kind: aspm.KindSecret, Title: sec.Title, Severity: aspm.SeverityHigh, SeveritySource: "gitleaks",
			Vulns: []string{}, Locations: sec.Locations, Tools: []string{"gitleaks"}, Services: []string{}, Owners: []string{"team-platform"},
			Findings: []*aspm.Finding{sec}, Priority: "P1", SLADue: Now().Add(7 * day), Status: aspm.LifecycleNew, FirstSeen: Now(), LastSeen: Now(),
			Policy: []aspm.Verdict{{Rule: "no-secrets", Result: aspm.VerdictWarn}},
		},
		{
			ID: ID("xss"), Kind: aspm.KindDAST, Title: xss.Title, Severity: aspm.SeverityMedium, SeveritySource: "zap",
			Vulns: []string{}, CWEs: []int{79}, Locations: xss.Locations, Tools: []string{"zap"}, Services: []string{"storefront"}, Owners: []string{"team-web"},
			Findings: []*aspm.Finding{xss}, Priority: "P2", SLADue: Now().Add(30 * day), Status: aspm.LifecycleNew, FirstSeen: Now(), LastSeen: Now(),
			Policy: []aspm.Verdict{},
		},
		{
			ID: ID("s3"), Kind: aspm.KindIaC, Title: s3.Title, Severity: aspm.SeverityLow, SeveritySource: "checkov",
			Vulns: []string{}, Locations: s3.Locations, Tools: []string{"checkov"}, Services: []string{}, Owners: []string{},
			Findings: []*aspm.Finding{s3}, Priority: "P4", Status: aspm.LifecycleFixed, FirstSeen: Now().Add(-90 * day), LastSeen: Now().Add(-1 * day), FixedAt: Now(),
			Policy: []aspm.Verdict{{Rule: "no-secrets", Result: aspm.VerdictInfo}},
		},
	}
	r := &aspm.Result{
		Schema: aspm.SchemaV1, GeneratedAt: Now(),
		Sources: []aspm.Source{
			{Tool: aspm.Tool{Name: "grype", Version: "0.80.0"}, Format: "grype-json", File: "grype.json"},
			{Tool: aspm.Tool{Name: "semgrep"}, Format: "sarif", File: "semgrep.sarif"},
		},
		Issues:      issues,
		Diagnostics: []aspm.Diagnostic{{Level: aspm.DiagWarning, File: "zap.json", Pointer: "/site/0", Message: "alert without a risk code"}},
	}
	Summarize(r, 7)
	return r
}

// Summarize fills r.Summary from r.Issues with findings as the raw count;
// the gate fails when any issue has a failing verdict.
func Summarize(r *aspm.Result, findings int) {
	s := aspm.Summary{Findings: findings, Issues: len(r.Issues), BySeverity: map[aspm.Severity]int{}, ByStatus: map[aspm.Lifecycle]int{}, Gate: aspm.GatePass}
	for i := range r.Issues {
		is := &r.Issues[i]
		s.BySeverity[is.Severity]++
		if is.Status != "" {
			s.ByStatus[is.Status]++
		}
		for _, v := range is.Policy {
			if v.Result == aspm.VerdictFail {
				s.Gate = aspm.GateFail
			}
		}
	}
	r.Summary = s
}

// Payloads are hostile strings: markup, script URLs, Markdown link and
// image injection, spreadsheet formulas, terminal escapes and control
// characters.
func Payloads() []string {
	return []string{
		`<script>alert("xss")</script>`,
		`[click me](javascript:alert(1))`,
		`![pixel](https://evil.example/track.png)`,
		`=HYPERLINK("https://evil.example","x")`,
		"+cmd|' /C calc'!A0",
		"-2+3",
		"@SUM(1+1)",
		"\tTAB",
		"\rCR",
		"\x1b[31mred\x1b[0m\x1b]8;;https://evil.example\x07link\x1b]8;;\x07",
		`<img src=x onerror=alert(1)>`,
		"</details><h1>fake</h1>",
		"| col | injection |",
		"`code` *bold* _em_ ~~strike~~ <!-- comment -->",
		"@everyone ping",
	}
}

// Hostile returns a result whose titles, messages, paths, URLs, purls,
// owners and rule ids carry the [Payloads].
func Hostile() *aspm.Result {
	var issues []aspm.Issue
	ps := Payloads()
	for i, p := range ps {
		f := finding("evil-"+fmt.Sprint(i), aspm.KindSAST, p, p, aspm.SeverityCritical,
			aspm.Location{File: "src/" + p + ".go", Region: &aspm.Region{StartLine: i + 1}, URL: "javascript:alert(1)//" + p, Snippet: p})
		f.Description = p
		f.References = []string{"javascript:alert(1)", "https://ok.example/" + p}
		f.Tool.Name = p
		issues = append(issues, aspm.Issue{
			ID: ID(p), Kind: aspm.KindSAST, Title: p, Severity: aspm.SeverityCritical, Vulns: []string{p},
			Component: aspm.NewPURL("npm", "", "evil", "1.0.0", nil),
			Locations: f.Locations, Tools: []string{p}, Services: []string{p}, Owners: []string{p},
			Findings: []*aspm.Finding{f}, Explanation: []string{p},
			Score:    score(90, aspm.Factor{Name: p, Input: p, Value: 1, Weight: 9, Contribution: 90, Explanation: p}),
			Priority: aspm.Priority(p), Status: aspm.LifecycleNew,
			Triage: &aspm.Triage{Status: aspm.StatusAccepted, By: p, Reason: p,
				VEX: &aspm.VEXAnalysis{State: aspm.VEXNotAffected, Justification: "inline_mitigations_already_exist", Impact: p, Detail: p}},
			Policy: []aspm.Verdict{{Rule: p, Title: p, Result: aspm.VerdictFail, Message: p}},
		})
	}
	r := &aspm.Result{Schema: aspm.SchemaV1, GeneratedAt: Now(), Issues: issues,
		Diagnostics: []aspm.Diagnostic{{Level: aspm.DiagError, File: ps[0], Message: ps[1]}}}
	Summarize(r, len(issues))
	return r
}

// Large returns a result of n issues cycling through the fixture's, each
// with its own id, title, file and component version, for benchmarks.
func Large(n int) *aspm.Result {
	base := Result()
	r := &aspm.Result{Schema: aspm.SchemaV1, GeneratedAt: Now(), Sources: base.Sources, Issues: make([]aspm.Issue, 0, n)}
	for i := range n {
		is := base.Issues[i%len(base.Issues)]
		is.ID = ID(fmt.Sprint("large-", i))
		is.Title = fmt.Sprintf("%s #%d", is.Title, i)
		is.Locations = slices.Clone(is.Locations)
		for j := range is.Locations {
			if is.Locations[j].File != "" {
				is.Locations[j].File = fmt.Sprintf("pkg%d/%s", i%500, is.Locations[j].File)
			}
		}
		if !is.Component.IsZero() {
			is.Component = is.Component.WithVersion(fmt.Sprintf("1.%d.%d", i/1000, i%1000))
		}
		is.Services = []string{fmt.Sprintf("service-%d", i%40)}
		is.Owners = []string{fmt.Sprintf("team-%d", i%12)}
		r.Issues = append(r.Issues, is)
	}
	Summarize(r, n*2)
	return r
}
