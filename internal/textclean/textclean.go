// Package textclean neutralises user-controlled text for exporters: ANSI
// escape sequences, control characters and bidirectional overrides
// ("Trojan Source") are removed, and text is cut to a length. Each export
// leaf escapes for its own format on top of it.
package textclean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// bidi reports whether r is a bidirectional control or a line separator,
// which can make text display other than it reads ("Trojan Source").
func bidi(r rune) bool {
	return r == '\u2028' || r == '\u2029' || r >= '\u202a' && r <= '\u202e' || r >= '\u2066' && r <= '\u2069'
}

// Clean makes a user-controlled string safe for a viewer: ANSI escape
// sequences are removed, other control characters (but newline and tab)
// are dropped, and the result is cut at max runes (0: no limit).
func Clean(s string, max int) string {
	var b strings.Builder
	n := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c == 0x1b { // ESC: skip a CSI or OSC sequence
			i = skipEscape(s, i)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if r == '\n' || r == '\t' || !unicode.IsControl(r) && !bidi(r) {
			if max > 0 && n >= max {
				b.WriteString("…")
				break
			}
			b.WriteRune(r)
			n++
		}
	}
	return b.String()
}

// skipEscape returns the index after the escape sequence at s[i].
func skipEscape(s string, i int) int {
	i++
	if i >= len(s) {
		return i
	}
	switch s[i] {
	case '[': // CSI: parameters then a final byte in @..~
		for i++; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
		}
	case ']': // OSC: up to BEL or ESC \
		for i++; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
	default:
		return i + 1
	}
	return len(s)
}
