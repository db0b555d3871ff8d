package inventory

import (
	"errors"
	"fmt"
	"strings"
)

// Sentinel errors, wrapped by every [*Error]. Test for them with errors.Is.
var (
	// ErrSyntax: the input is not well-formed YAML.
	ErrSyntax = errors.New("inventory: malformed YAML")
	// ErrEmpty: the input holds no YAML document.
	ErrEmpty = errors.New("inventory: empty input")
	// ErrUnknownKey: a mapping has a key the format does not define.
	ErrUnknownKey = errors.New("inventory: unknown key")
	// ErrMissing: a required field is absent or empty.
	ErrMissing = errors.New("inventory: missing field")
	// ErrInvalid: a field has a value the format does not allow (a data
	// class, exposure, tier or control we do not know, a malformed purl or
	// glob, a value of the wrong YAML type).
	ErrInvalid = errors.New("inventory: invalid value")
	// ErrDuplicate: two services or two teams share a name.
	ErrDuplicate = errors.New("inventory: duplicate name")
	// ErrCycle: teams whose parents form a cycle.
	ErrCycle = errors.New("inventory: cycle of owners")
	// ErrTooLarge: the input is over a limit.
	ErrTooLarge = errors.New("inventory: input over a limit")
)

// Error is a problem at one place of an inventory file. File is the name
// the caller gave, Line and Column (1-based; 0 when unknown) locate the
// problem, and Field names it as a path from the top of the document
// ("services[2].data_classes[0]"). Err wraps one of the package's
// sentinels.
//
// Decode reports every problem it finds, up to a bound, joined with
// errors.Join; errors.As finds the first.
type Error struct {
	File   string
	Line   int
	Column int
	Field  string
	Err    error
}

// Error renders "file:line:column: field: message".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ":%d", e.Column)
		}
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	b.WriteString(e.Err.Error())
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
