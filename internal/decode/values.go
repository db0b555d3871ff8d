package decode

import (
	"bytes"
	"encoding/json"
	"io"
	"strconv"
)

// SplitValues returns the JSON values of a JSON array, or of JSON text
// holding one value after another (JSON lines, or pretty-printed objects in
// a row), each with a pointer: "/N" in an array, "line N" (where the value
// starts) otherwise. It checks the nesting against maxDepth first, and
// fails on the first value that does not parse.
func SplitValues(data []byte, maxDepth int) ([]json.RawMessage, []string, error) {
	if err := CheckDepth(data, maxDepth); err != nil {
		return nil, nil, err
	}
	trimmed := TrimHead(data)
	if len(trimmed) > 0 && trimmed[0] == '[' {
		var items []json.RawMessage
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, nil, err
		}
		ptrs := make([]string, len(items))
		for i := range items {
			ptrs[i] = PointerIndex("", i)
		}
		return items, ptrs, nil
	}
	var items []json.RawMessage
	var ptrs []string
	dec := json.NewDecoder(bytes.NewReader(data))
	for {
		var raw json.RawMessage
		err := dec.Decode(&raw)
		if err == io.EOF {
			return items, ptrs, nil
		}
		if err != nil {
			return nil, nil, err
		}
		end := int(dec.InputOffset())
		start := end - len(raw)
		line := 1 + bytes.Count(data[:max(start, 0)], []byte("\n"))
		items = append(items, raw)
		ptrs = append(ptrs, "line "+strconv.Itoa(line))
	}
}

// AnyObject reports whether items is empty or holds a JSON object.
func AnyObject(items []json.RawMessage) bool {
	for _, it := range items {
		if t := bytes.TrimSpace(it); len(t) > 0 && t[0] == '{' {
			return true
		}
	}
	return len(items) == 0
}
