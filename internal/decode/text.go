package decode

import (
	"slices"
	"strings"
)

// Summary returns a one-line summary of s: the first sentence of its first
// paragraph, with the paragraph's line breaks folded, cut on a rune boundary
// to 200 bytes and an ellipsis.
func Summary(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.Index(s, "\n\n"); i >= 0 {
		s = s[:i]
	}
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i > 0 && i < 200 {
		s = s[:i+1]
	}
	if len(s) > 200 {
		cut := 200
		for cut > 0 && s[cut]&0xC0 == 0x80 {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

// FirstLine returns the first line of s after leading blank space, trimmed
// ("\r" and "\n" both end a line).
func FirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

// FirstNonEmpty returns the first of ss that is not blank, trimmed, or "".
func FirstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}

// SortedSet returns the non-empty values sorted and without repeats, or
// nil. It does not change values.
func SortedSet(values []string) []string {
	out := slices.DeleteFunc(slices.Clone(values), func(s string) bool { return s == "" })
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}

// AppendUnique appends the values of add, trimmed, that are not blank and
// that s lacks.
func AppendUnique(s []string, add ...string) []string {
	for _, v := range add {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(s, v) {
			s = append(s, v)
		}
	}
	return s
}

// Slash turns the backslashes of a Windows path into forward slashes,
// whatever the system the decoder runs on.
func Slash(p string) string { return strings.ReplaceAll(p, `\`, "/") }

// SplitList splits s at sep ("1.2.3, 1.3.0" at ","), trims the parts and
// drops empty ones and repeats, keeping the first order; nil when nothing
// is left.
func SplitList(s, sep string) []string {
	var out []string
	for v := range strings.SplitSeq(s, sep) {
		if v = strings.TrimSpace(v); v != "" && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}
