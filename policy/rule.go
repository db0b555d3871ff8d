package policy

import (
	"fmt"
	"path"
	"slices"
)

// Severity is what a violation of a rule does to the gate.
type Severity string

// The rule severities. Only SeverityFail fails the gate.
const (
	SeverityFail Severity = "fail"
	SeverityWarn Severity = "warn"
	SeverityInfo Severity = "info"
)

// Rule is one policy rule as written in a rule file. Expr is a CEL
// expression over the environment of [Input] that is true when an issue
// violates the rule; Severity, fail when empty, is the result of a
// violation.
type Rule struct {
	ID          string   `yaml:"id"`
	Title       string   `yaml:"title"`
	Description string   `yaml:"description,omitempty"`
	Severity    Severity `yaml:"severity"`
	Expr        string   `yaml:"expr"`
	Scope       Scope    `yaml:"scope,omitzero"`
	// Tags name the framework controls the rule helps meet, as
	// "framework:control" ("nist-ssdf:RV.1.1", "iso27001:8.8"), and any
	// free-form labels.
	Tags []string `yaml:"tags,omitempty"`
	// Pos is where the rule was read, ExprPos where its expression's first
	// character is; zero for rules built in code.
	Pos     Pos `yaml:"-"`
	ExprPos Pos `yaml:"-"`
}

// Scope narrows the issues a rule or an exception looks at. Each non-empty
// list must match (path.Match patterns, so "payments-*" works); an empty
// scope matches every issue.
type Scope struct {
	// Services match the issue's services, Teams its owners,
	// Environments its services' environments, Kinds its kind.
	Services     []string `yaml:"services,omitempty"`
	Teams        []string `yaml:"teams,omitempty"`
	Environments []string `yaml:"environments,omitempty"`
	Kinds        []string `yaml:"kinds,omitempty"`
}

// IsZero reports whether the scope matches everything.
func (s Scope) IsZero() bool {
	return len(s.Services) == 0 && len(s.Teams) == 0 && len(s.Environments) == 0 && len(s.Kinds) == 0
}

// Matches reports whether the scope admits the input's issue.
func (s Scope) Matches(in *Input) bool {
	if len(s.Kinds) > 0 && !anyMatch(s.Kinds, []string{in.Issue.Kind}) {
		return false
	}
	if len(s.Services) > 0 && !anyMatch(s.Services, in.Issue.Services) {
		return false
	}
	if len(s.Teams) > 0 && !anyMatch(s.Teams, in.Issue.Owners) {
		return false
	}
	if len(s.Environments) > 0 {
		var envs []string
		for _, sv := range in.Services {
			envs = append(envs, sv.Environments...)
		}
		if !anyMatch(s.Environments, envs) {
			return false
		}
	}
	return true
}

func anyMatch(patterns, values []string) bool {
	for _, p := range patterns {
		for _, v := range values {
			if ok, err := path.Match(p, v); (err == nil && ok) || p == v {
				return true
			}
		}
	}
	return false
}

// Pos is a position in a policy file.
type Pos struct {
	File string `json:"file,omitempty"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

func (p Pos) String() string {
	switch {
	case p.File == "" && p.Line == 0:
		return "<rule>"
	case p.Line == 0:
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Error is a problem with one rule, exception or field of a policy file,
// at a position.
type Error struct {
	Pos Pos
	// Rule is the rule or exception id, when known; Field the YAML key.
	Rule  string
	Field string
	Msg   string
	Err   error
}

func (e *Error) Error() string {
	s := "policy: " + e.Pos.String() + ": "
	if e.Rule != "" {
		s += e.Rule + ": "
	}
	if e.Field != "" {
		s += e.Field + ": "
	}
	s += e.Msg
	if e.Err != nil {
		if e.Msg != "" {
			s += ": "
		}
		s += e.Err.Error()
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

func validSeverity(s Severity) bool {
	return slices.Contains([]Severity{SeverityFail, SeverityWarn, SeverityInfo}, s)
}
