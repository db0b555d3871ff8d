package aspm

import (
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// SnippetHash returns the lower-case hex SHA-256 of text after every run of
// white space is folded to one space and the ends are trimmed, so that
// re-indenting a line keeps its hash. It returns "" for blank text.
func SnippetHash(text string) string {
	folded := strings.Join(strings.FieldsFunc(text, unicode.IsSpace), " ")
	if folded == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(folded))
	return hex.EncodeToString(sum[:])
}

// SecretHash returns the lower-case hex SHA-256 of a secret's exact value.
// Decoders of secret scanners store this instead of the value, so that the
// same secret reported by two tools correlates; the value itself is never
// kept. It returns "" for an empty value.
func SecretHash(value string) string {
	if value == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

// RedactSecret renders a secret safely: at most the first four and last two
// characters of values of 12 or more characters, with "…" between; shorter
// values become "****".
func RedactSecret(value string) string {
	r := []rune(value)
	if len(r) < 12 {
		return "****"
	}
	return string(r[:4]) + "…" + string(r[len(r)-2:])
}

// FindingID returns the content-derived id of a finding: a hash of its
// format, tool name, kind, rule, title, vulnerability ids, component key,
// locations and fingerprints. It ignores provenance and the tool version, so
// the same record in two runs of a tool gets the same id.
func FindingID(f *Finding) string {
	h := sha256.New()
	w := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(p))
			h.Write([]byte{0})
		}
	}
	w(string(f.Format), f.Tool.Name, string(f.Kind), f.Rule, f.Title)
	for _, v := range f.Vulns {
		w(v.ID)
	}
	if f.Component != nil {
		w("component", f.Component.Key())
	}
	for _, l := range f.Locations {
		writeLocation(h, l)
	}
	keys := make([]string, 0, len(f.Fingerprints))
	for k := range f.Fingerprints {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		w("fp", k, f.Fingerprints[k])
	}
	if f.Secret != nil {
		w("secret", f.Secret.Hash)
	}
	return "f-" + hex.EncodeToString(h.Sum(nil)[:10])
}

func writeLocation(h hash.Hash, l Location) {
	parts := []string{"loc", l.File, l.SnippetHash, l.Logical, l.URL, l.Method, l.Parameter, l.Image, l.Layer}
	if l.Region != nil {
		parts = append(parts, strconv.Itoa(l.Region.StartLine), strconv.Itoa(l.Region.StartColumn), strconv.Itoa(l.Region.EndLine), strconv.Itoa(l.Region.EndColumn))
	}
	if l.Resource != nil {
		parts = append(parts, l.Resource.Type, l.Resource.Name, l.Resource.ID)
	}
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
}
