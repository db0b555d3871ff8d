package semgrep

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// minRedact is the shortest value replaced inside other text: shorter
// values would match ordinary words. Texts that hold a shorter secret are
// dropped instead (see redactor.unsafe).
const minRedact = 4

// redactor replaces secret values in text with their redacted form
// (aspm.RedactSecret), both as they are and as they appear inside JSON
// text, longest value first.
type redactor struct {
	rep   *strings.Replacer
	short []string // values too short to replace safely
}

func newRedactor(values ...string) *redactor {
	vals := slices.Clone(values)
	slices.SortFunc(vals, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	vals = slices.Compact(vals)
	r := &redactor{}
	var pairs []string
	for _, v := range vals {
		if v == "" {
			continue
		}
		if len(v) < minRedact {
			r.short = append(r.short, v)
			continue
		}
		red := aspm.RedactSecret(v)
		pairs = append(pairs, v, red)
		if b, err := json.Marshal(v); err == nil {
			if esc := string(b[1 : len(b)-1]); esc != v {
				pairs = append(pairs, esc, red)
			}
		}
	}
	if len(pairs) > 0 {
		r.rep = strings.NewReplacer(pairs...)
	}
	return r
}

// text returns s with every secret value replaced.
func (r *redactor) text(s string) string {
	if r == nil || r.rep == nil || s == "" {
		return s
	}
	return r.rep.Replace(s)
}

// unsafe reports whether s holds a value too short to be replaced.
func (r *redactor) unsafe(s string) bool {
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

// props redacts every value of m in place and drops those that hold a
// value too short to replace.
func (r *redactor) props(m map[string]string) map[string]string {
	for k, v := range m {
		if r.unsafe(v) {
			delete(m, k)
			continue
		}
		m[k] = r.text(v)
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// armour is a PEM armour line alone, which several rules report as the
// match of a private key.
var armour = regexp.MustCompile(`^-----(BEGIN|END) [A-Z0-9 ]+-----$`)

// secretHash returns aspm.SecretHash of a secret value, or "" when the value
// is only a PEM armour line ("-----BEGIN RSA PRIVATE KEY-----"): every
// private key shares it, so its hash would tie unrelated leaks together.
func secretHash(value string) string {
	if armour.MatchString(strings.TrimSpace(value)) {
		return ""
	}
	return aspm.SecretHash(value)
}
