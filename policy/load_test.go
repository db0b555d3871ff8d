package policy_test

import (
	"errors"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/policy"
)

func TestLoadErrors(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		want  []string // substrings of the error, in order
		field string
		line  int
		col   int
	}{
		{
			name:  "syntax error",
			file:  "rules:\n  - id: broken\n    title: Broken\n    expr: issue.severity == 'critical' &&\n",
			want:  []string{"rules.yaml:4:42: broken: expr: ERROR: expr:1:32: Syntax error: mismatched input '<EOF>'", "| issue.severity == 'critical' &&"},
			field: "expr", line: 4, col: 42,
		},
		{
			name:  "type error",
			file:  "rules:\n  - id: ok\n    expr: issue.kev\n  - id: typed\n    severity: warn\n    expr: issue.severity_rank == 'high'\n",
			want:  []string{"rules.yaml:6:31: typed: expr: ", "found no matching overload for '_==_' applied to '(int, string)'"},
			field: "expr", line: 6, col: 31,
		},
		{
			name:  "unknown field of the issue",
			file:  "id: nofield\nexpr: issue.cvss > 7.0\n",
			want:  []string{"rules.yaml:2:12: nofield: expr: ", "undefined field 'cvss'"},
			field: "expr", line: 2, col: 12,
		},
		{
			name:  "unknown YAML field",
			file:  "rules:\n  - id: typo\n    expr: issue.kev\n    severty: fail\n",
			want:  []string{"rules.yaml:4:5: typo: severty: unknown field"},
			field: "severty", line: 4,
		},
		{
			name:  "unknown scope field",
			file:  "id: scoped\nexpr: issue.kev\nscope:\n  service: [a]\n",
			want:  []string{"rules.yaml:4:3: scoped: service: unknown field"},
			field: "service", line: 4,
		},
		{
			name:  "runaway cost",
			file:  "id: runaway\nexpr: |\n  issue.vulns.all(a, issue.vulns.all(b, issue.vulns.all(c, a + b + c != '')))\n",
			want:  []string{"rules.yaml:3:3: runaway: expr: estimated worst cost", "exceeds the cost limit 1000000"},
			field: "expr", line: 3,
		},
		{
			name:  "not a bool",
			file:  "id: number\nexpr: issue.score\n",
			want:  []string{"rules.yaml:2:7: number: expr: the expression must be a bool, it is double"},
			field: "expr", line: 2,
		},
		{
			name:  "bad severity",
			file:  "id: sev\nseverity: block\nexpr: issue.kev\n",
			want:  []string{`sev: severity: severity "block" is not fail, warn or info`},
			field: "severity",
		},
		{
			name:  "unknown control of a known framework",
			file:  "id: tagged\nexpr: issue.kev\ntags: [iso27001:8.88, team-label]\n",
			want:  []string{`tagged: tags: tag "iso27001:8.88": ISO/IEC 27001:2022 Annex A has no control "8.88"`},
			field: "tags",
		},
		{
			name: "invalid YAML",
			file: "rules: [\n",
			want: []string{"policy: rules.yaml: invalid YAML: yaml: line"},
		},
		{
			name:  "exception without expiry",
			file:  "exceptions:\n  - id: forever\n    by: alice\n    reason: trust me\n    created: 2026-01-01\n    rule: '*'\n",
			want:  []string{"rules.yaml:2:5: forever: expires: an exception must expire"},
			field: "expires", line: 2,
		},
		{
			name:  "exception with a bad date",
			file:  "exceptions:\n  - id: soon\n    by: alice\n    reason: x\n    created: 2026-01-01\n    expires: next week\n    rule: r\n",
			want:  []string{`rules.yaml:6:14: soon: expires: want a date (2006-01-02) or an RFC 3339 time, got "next week"`},
			field: "expires", line: 6,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := policy.Load(t.Context(), fstest.MapFS{"rules.yaml": {Data: []byte(tt.file)}})
			require.Error(t, err)
			assert.Nil(t, p, "no partial policy")
			msg := err.Error()
			rest := msg
			for _, w := range tt.want {
				i := indexOf(rest, w)
				if !assert.GreaterOrEqual(t, i, 0, "want %q in\n%s", w, msg) {
					return
				}
				rest = rest[i+len(w):]
			}
			var pe *policy.Error
			if tt.field == "" {
				return
			}
			require.True(t, errors.As(err, &pe), "%T", err)
			assert.Equal(t, tt.field, pe.Field)
			assert.Equal(t, "rules.yaml", pe.Pos.File)
			if tt.line > 0 {
				assert.Equal(t, tt.line, pe.Pos.Line)
			}
			if tt.col > 0 {
				assert.Equal(t, tt.col, pe.Pos.Col)
			}
		})
	}
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	return -1
}

// TestLoadReportsEveryError: all broken rules of all files are reported at
// once.
func TestLoadReportsEveryError(t *testing.T) {
	_, err := policy.Load(t.Context(), fstest.MapFS{
		"a.yaml": {Data: []byte("id: a\nexpr: issue.nope\n")},
		"b.yml":  {Data: []byte("rules:\n  - id: b\n    expr: '1 +'\n  - id: a\n    expr: issue.kev\n")},
		"c.txt":  {Data: []byte("not read")},
	})
	require.Error(t, err)
	for _, w := range []string{"a.yaml:2:12: a: expr:", "b.yml:3:15: b: expr:", "b.yml:4:5: a: id: repeated rule id, first at a.yaml:1:1"} {
		assert.Contains(t, err.Error(), w)
	}
}
