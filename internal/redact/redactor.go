package redact

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// MinLen is the shortest value replaced inside other text: shorter values
// would match ordinary words. Texts that hold a shorter secret are dropped
// instead (see [Redactor.Unsafe]).
const MinLen = 4

// Redactor replaces secret values in text with their redacted form
// (aspm.RedactSecret), both as they are and as they appear inside JSON
// text, longest value first. The zero value and a nil *Redactor redact
// nothing. A Redactor is immutable and safe for concurrent use.
type Redactor struct {
	rep   *strings.Replacer
	short []string // values too short to replace safely
}

// New returns a Redactor for the given secret values. Empty values are
// ignored; values shorter than [MinLen] are not replaced but make the text
// that holds them [Redactor.Unsafe].
func New(values ...string) *Redactor {
	vals := slices.Clone(values)
	slices.SortFunc(vals, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	vals = slices.Compact(vals)
	r := &Redactor{}
	var pairs []string
	for _, v := range vals {
		if v == "" {
			continue
		}
		if len(v) < MinLen {
			r.short = append(r.short, v)
			continue
		}
		red := aspm.RedactSecret(v)
		pairs = append(pairs, v, red)
		for _, esc := range jsonForms(v) {
			pairs = append(pairs, esc, red)
		}
	}
	if len(pairs) > 0 {
		r.rep = strings.NewReplacer(pairs...)
	}
	return r
}

// jsonForms returns the forms of v as it stands inside a JSON string, with
// and without HTML escapes, other than v itself, each once.
func jsonForms(v string) []string {
	var out []string
	for _, html := range []bool{true, false} {
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(html)
		if enc.Encode(v) != nil {
			continue
		}
		q := strings.TrimSpace(buf.String())
		if len(q) < 2 {
			continue
		}
		if esc := q[1 : len(q)-1]; esc != v && !slices.Contains(out, esc) {
			out = append(out, esc)
		}
	}
	return out
}

// Text returns s with every secret value replaced.
func (r *Redactor) Text(s string) string {
	if r == nil || r.rep == nil || s == "" {
		return s
	}
	return r.rep.Replace(s)
}

// Unsafe reports whether s holds a value too short to be replaced.
func (r *Redactor) Unsafe(s string) bool {
	if r == nil {
		return false
	}
	for _, v := range r.short {
		if strings.Contains(s, v) {
			return true
		}
	}
	return false
}

// Props redacts every value of m in place and drops those that hold a
// value too short to replace. It returns m, or nil when nothing is left.
func (r *Redactor) Props(m map[string]string) map[string]string {
	for k, v := range m {
		if r.Unsafe(v) {
			delete(m, k)
			continue
		}
		m[k] = r.Text(v)
	}
	if len(m) == 0 {
		return nil
	}
	return m
}
