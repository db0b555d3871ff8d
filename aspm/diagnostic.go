package aspm

import "fmt"

// DiagnosticLevel grades a diagnostic.
type DiagnosticLevel string

// The diagnostic levels.
const (
	// DiagWarning: something was odd or skipped, but the record was read.
	DiagWarning DiagnosticLevel = "warning"
	// DiagError: a record could not be read and is missing from the result.
	DiagError DiagnosticLevel = "error"
	// DiagInfo: a note, such as a limit that was close.
	DiagInfo DiagnosticLevel = "info"
)

// Diagnostic is a non-fatal problem met while reading an input: decoding
// went on, but a record was skipped or a field could not be used.
type Diagnostic struct {
	Level DiagnosticLevel `json:"level"`
	// File is the input's name; Pointer locates the record (a JSON pointer, a
	// line number "line 12", an XML path).
	File    string `json:"file,omitempty"`
	Pointer string `json:"pointer,omitempty"`
	Message string `json:"message"`
}

// String renders the diagnostic as "file: pointer: level: message".
func (d Diagnostic) String() string {
	s := string(d.Level) + ": " + d.Message
	if d.Pointer != "" {
		s = d.Pointer + ": " + s
	}
	if d.File != "" {
		s = d.File + ": " + s
	}
	return s
}

// Warnf returns a warning diagnostic at pointer.
func Warnf(pointer, format string, args ...any) Diagnostic {
	return Diagnostic{Level: DiagWarning, Pointer: pointer, Message: fmt.Sprintf(format, args...)}
}

// Errorf returns an error diagnostic at pointer: the record there was lost.
func Errorf(pointer, format string, args ...any) Diagnostic {
	return Diagnostic{Level: DiagError, Pointer: pointer, Message: fmt.Sprintf(format, args...)}
}
