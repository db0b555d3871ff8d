package redact

import (
	"bytes"
	"encoding/json"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// Finding replaces every occurrence of secret in the text of f with
// aspm.RedactSecret(secret): as it is and as it stands inside JSON text
// (with and without HTML escapes), and inside the strings of JSON objects
// and arrays kept as properties ([JSON]). It covers the title, description,
// rule and rule name, the secret's type, properties, fingerprints,
// references, tags, and each location's file, URL, logical location,
// evidence and snippet. A secret shorter than [MinLen] once trimmed is left
// alone: it would match ordinary words. f must not be nil.
func Finding(f *aspm.Finding, secret string) {
	if len(strings.TrimSpace(secret)) < MinLen {
		return
	}
	red := aspm.RedactSecret(secret)
	forms := append([]string{secret}, jsonForms(secret)...)
	rep := func(s string) string {
		for _, v := range forms {
			s = strings.ReplaceAll(s, v, red)
		}
		return s
	}
	f.Title, f.Description, f.RuleName, f.Rule = rep(f.Title), rep(f.Description), rep(f.RuleName), rep(f.Rule)
	if f.Secret != nil {
		f.Secret.Type = rep(f.Secret.Type)
	}
	for k, v := range f.Properties {
		f.Properties[k] = rep(JSON(v, secret, red))
	}
	for k, v := range f.Fingerprints {
		f.Fingerprints[k] = rep(v)
	}
	for i := range f.References {
		f.References[i] = rep(f.References[i])
	}
	for i := range f.Tags {
		f.Tags[i] = rep(f.Tags[i])
	}
	for i := range f.Locations {
		l := &f.Locations[i]
		l.File, l.URL, l.Logical = rep(l.File), rep(l.URL), rep(l.Logical)
		l.Evidence, l.Snippet = rep(l.Evidence), rep(l.Snippet)
	}
}

// JSON replaces secret by red in the strings (keys and values) of s when s
// is a JSON object or array, whatever escapes the input used, and returns
// it re-encoded compactly without HTML escapes. Other text, text that does
// not parse, and JSON that cannot hold the secret in an escaped form are
// returned as they are.
func JSON(s, secret, red string) string {
	t := strings.TrimSpace(s)
	if t == "" || (t[0] != '{' && t[0] != '[') || !strings.Contains(t, "\\") && !strings.ContainsAny(secret, "\"<>&\\") {
		return s
	}
	dec := json.NewDecoder(strings.NewReader(t))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return s
	}
	var walk func(any) any
	walk = func(v any) any {
		switch x := v.(type) {
		case string:
			return strings.ReplaceAll(x, secret, red)
		case []any:
			for i := range x {
				x[i] = walk(x[i])
			}
		case map[string]any:
			out := make(map[string]any, len(x))
			for k, e := range x {
				out[strings.ReplaceAll(k, secret, red)] = walk(e)
			}
			return out
		}
		return v
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if enc.Encode(walk(v)) != nil {
		return s
	}
	return strings.TrimSpace(buf.String())
}
