package decode

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// IsNull reports whether raw is JSON null or empty.
func IsNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// Leftovers returns the members of the JSON object raw other than known
// and null ones, for a decoder to keep as properties. It returns nil when
// raw is not an object or nothing is left.
func Leftovers(raw json.RawMessage, known ...string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	for _, k := range known {
		delete(m, k)
	}
	for k, v := range m {
		if IsNull(v) {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

// Scalars reads a JSON string, number or boolean, or an array of them, as
// strings: strings trimmed (blank ones left out), numbers in their JSON
// spelling. Null and any other value give nil.
func Scalars(raw json.RawMessage) []string {
	if IsNull(raw) {
		return nil
	}
	var list []json.RawMessage
	if json.Unmarshal(raw, &list) != nil {
		list = []json.RawMessage{raw}
	}
	var out []string
	for _, item := range list {
		var s string
		if json.Unmarshal(item, &s) == nil {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
			continue
		}
		var n json.Number
		if json.Unmarshal(item, &n) == nil {
			out = append(out, n.String())
			continue
		}
		var b bool
		if json.Unmarshal(item, &b) == nil {
			out = append(out, strconv.FormatBool(b))
		}
	}
	return out
}

// Scalar reads a JSON string, number or boolean (or an array of exactly
// one) as a string, as [Scalars] does; anything else gives "".
func Scalar(raw json.RawMessage) string {
	s := Scalars(raw)
	if len(s) == 1 {
		return s[0]
	}
	return ""
}

// RawText renders a JSON value as text: a string unquoted (not trimmed),
// null or nothing as "", and any other value as compact JSON ("" when it is
// not valid JSON).
func RawText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return ""
	}
	return buf.String()
}

// CheckArray fails with "<what> is not an array" when raw is absent or not
// a JSON array.
func CheckArray(raw json.RawMessage, what string) error {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || t[0] != '[' {
		return fmt.Errorf("%s is not an array", what)
	}
	return nil
}

// ShapeError turns a JSON type mismatch (an array where an object belongs,
// a *json.UnmarshalTypeError) into [ErrNotFormat]: the input is JSON, but
// not this format. Other errors, and nil, pass unchanged.
func ShapeError(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%w: %v", ErrNotFormat, err)
	}
	return err
}

// PointerIndex returns the JSON pointer to element i of the array at base
// ("/runs" and 2 give "/runs/2").
func PointerIndex(base string, i int) string { return base + "/" + strconv.Itoa(i) }

// PointerToken escapes a member name for use in a JSON pointer (RFC 6901):
// "~" becomes "~0" and "/" becomes "~1".
func PointerToken(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

// MemberProperties returns the members of m other than drop, without
// nulls, as properties (see [RawProperties]); nil when none is left.
func MemberProperties(m map[string]json.RawMessage, drop ...string) map[string]string {
	rest := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		if slices.Contains(drop, k) {
			continue
		}
		if IsNull(v) {
			continue
		}
		rest[k] = v
	}
	return RawProperties(rest)
}

// PrefixedProperties returns the members of m other than drop as
// properties named by their JSON keys with prefix in front (see
// [RawProperties]). Nulls and empty strings say nothing and are left out.
func PrefixedProperties(m map[string]json.RawMessage, prefix string, drop ...string) map[string]string {
	rest := make(map[string]json.RawMessage, len(m))
	for k, v := range m {
		if slices.Contains(drop, k) {
			continue
		}
		if t := bytes.TrimSpace(v); len(t) == 0 || string(t) == "null" || string(t) == `""` {
			continue
		}
		rest[prefix+k] = v
	}
	return RawProperties(rest)
}

// SetProperty sets property k of f to v when v is not empty, making the
// map when f has none.
func SetProperty(f *aspm.Finding, k, v string) {
	if v == "" {
		return
	}
	if f.Properties == nil {
		f.Properties = map[string]string{}
	}
	f.Properties[k] = v
}

// MismatchNotFormat turns a JSON type mismatch anywhere in the input (a
// *json.UnmarshalTypeError) into [ErrNotFormat] with reason ("ErrNotFormat:
// not a tfsec report object"); other errors, and nil, pass unchanged.
func MismatchNotFormat(err error, reason string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%w: %s", ErrNotFormat, reason)
	}
	return err
}

// TopMismatchNotFormat is [MismatchNotFormat] for a mismatch of the top
// level only (an array where the report's object belongs): a mismatch
// inside a member passes unchanged.
func TopMismatchNotFormat(err error, reason string) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field == "" {
		return fmt.Errorf("%w: %s", ErrNotFormat, reason)
	}
	return err
}

// RequiredArray reads the report member named member, which must be
// present and a JSON array, into its elements. A missing member or one of
// another type is [ErrNotFormat] (`no "results" member`, `"results" is not
// an array`); an array that does not parse is returned as it is.
func RequiredArray(raw json.RawMessage, member string) ([]json.RawMessage, error) {
	quoted := strconv.Quote(member)
	if raw == nil {
		return nil, fmt.Errorf("%w: no %s member", ErrNotFormat, quoted)
	}
	if err := CheckArray(raw, quoted); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotFormat, err)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		return nil, err
	}
	return items, nil
}

// ScalarText renders a JSON scalar as text: a string as it is (not
// trimmed), a number or boolean in its JSON spelling; null, an object or
// an array give "".
func ScalarText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	t := strings.TrimSpace(string(raw))
	if t == "null" || strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
		return ""
	}
	return t
}

// TakeText removes member k from m and returns it as [ScalarText]; "" when
// m has no k. Decoders that read a record member by member take what they
// map, so that what is left can go to Properties.
func TakeText(m map[string]json.RawMessage, k string) string {
	raw, ok := m[k]
	if !ok {
		return ""
	}
	delete(m, k)
	return ScalarText(raw)
}

// Take removes member k from m and unmarshals it into v; it reports whether
// k was there and readable. One member of an unexpected type costs that
// member, not the record.
func Take(m map[string]json.RawMessage, k string, v any) bool {
	raw, ok := m[k]
	if !ok {
		return false
	}
	delete(m, k)
	return json.Unmarshal(raw, v) == nil
}
