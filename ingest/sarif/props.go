package sarif

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// rawString returns the string a raw JSON value holds, when it is a string.
func rawString(raw json.RawMessage) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	if bytes.IndexByte(raw, '\\') < 0 && raw[len(raw)-1] == '"' {
		return string(raw[1 : len(raw)-1]), true
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// propertyString renders a raw property value as posture keeps it: a
// string as it is, anything else as compact JSON.
func propertyString(raw json.RawMessage) string {
	if s, ok := rawString(raw); ok {
		return s
	}
	if bytes.ContainsAny(raw, " \t\r\n") {
		var buf bytes.Buffer
		if err := json.Compact(&buf, raw); err == nil {
			return buf.String()
		}
	}
	return string(raw)
}

// stringList decodes a JSON array of strings; nil when raw is not one.
func stringList(raw json.RawMessage) []string {
	var out []string
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil
	}
	return out
}

// parseScore reads a score written as a number or a string ("7.5"): the
// text as written and its value, which must lie in [0,10].
func parseScore(raw json.RawMessage) (string, float64, bool) {
	text, ok := rawString(raw)
	if !ok {
		text = string(bytes.TrimSpace(raw))
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || f < 0 || f > 10 {
		return text, 0, false
	}
	return text, f, true
}
