package decode

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// SyntaxError is a JSON nesting problem at a byte offset.
type SyntaxError struct {
	Offset int64
	Err    error
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("offset %d: %v", e.Offset, e.Err) }
func (e *SyntaxError) Unwrap() error { return e.Err }

// CheckDepth scans JSON text and fails with ErrTooDeep, wrapped in a
// *SyntaxError with the offset, when arrays and objects nest deeper than
// max. It does not validate the rest of the syntax: the decoder that runs
// next does.
func CheckDepth(data []byte, max int) error {
	depth := 0
	inString := false
	for i := 0; i < len(data); i++ {
		c := data[i]
		if inString {
			switch c {
			case '\\':
				i++
			case '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '[', '{':
			depth++
			if depth > max {
				return &SyntaxError{Offset: int64(i), Err: fmt.Errorf("%w (%d)", ErrTooDeep, max)}
			}
		case ']', '}':
			depth--
		}
	}
	return nil
}

// Unmarshal checks data's nesting against the limit and unmarshals it into
// v with encoding/json.
func Unmarshal(data []byte, maxDepth int, v any) error {
	if err := CheckDepth(data, maxDepth); err != nil {
		return err
	}
	return json.Unmarshal(data, v)
}

// Properties turns a property bag into strings: string values as they are,
// other values as compact JSON. It returns nil for an empty bag.
func Properties(m map[string]any) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, v := range m {
		if s, ok := v.(string); ok {
			out[k] = s
			continue
		}
		b, err := json.Marshal(v)
		if err != nil {
			continue
		}
		out[k] = string(b)
	}
	return out
}

// RawProperties turns raw JSON members into strings: JSON strings
// unquoted, other values compacted. It returns nil for an empty map.
func RawProperties(m map[string]json.RawMessage) map[string]string {
	if len(m) == 0 {
		return nil
	}
	out := make(map[string]string, len(m))
	for k, raw := range m {
		var s string
		if err := json.Unmarshal(raw, &s); err == nil {
			out[k] = s
			continue
		}
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err != nil {
			continue
		}
		out[k] = buf.String()
	}
	return out
}

// Clip returns s cut to at most n bytes on a rune boundary, with a marker
// saying how much was cut.
func Clip(s string, n int) string {
	if n <= 0 || len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + fmt.Sprintf("…[%d bytes cut]", len(s)-cut)
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }
