package noseyparker

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// leftovers returns raw's members other than known and null ones, or nil.
func leftovers(raw json.RawMessage, known ...string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	for _, k := range known {
		delete(m, k)
	}
	for k, v := range m {
		if isNull(v) {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// strs reads a JSON string, number or boolean, or an array of them, as
// strings; anything else gives nil.
func strs(raw json.RawMessage) []string {
	if isNull(raw) {
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

// str reads a JSON string or number as a string.
func str(raw json.RawMessage) string {
	s := strs(raw)
	if len(s) == 1 {
		return s[0]
	}
	return ""
}

func at(base string, i int) string { return base + "/" + strconv.Itoa(i) }

// uniq returns the non-empty values sorted and without repeats, or nil.
func uniq(values []string) []string {
	out := slices.DeleteFunc(slices.Clone(values), func(s string) bool { return s == "" })
	slices.Sort(out)
	out = slices.Compact(out)
	if len(out) == 0 {
		return nil
	}
	return out
}
