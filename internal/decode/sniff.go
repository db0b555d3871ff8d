package decode

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
)

// Shape is what Sniff learns cheaply from the head of an input.
type Shape struct {
	// JSON is true when the head starts like JSON; Array when its top level
	// is an array.
	JSON, Array bool
	// Keys are the member names of the top-level object, or of the first
	// element of a top-level array, in order, as far as the head goes.
	Keys []string
	// Strings maps each top-level key whose value is a string (within the
	// head) to that value.
	Strings map[string]string
	// XMLRoot is the local name of the root element of an XML input, and
	// XMLSpace its namespace.
	XMLRoot, XMLSpace string
	// XMLAttrs holds the root element's attributes by local name.
	XMLAttrs map[string]string
}

// Has reports whether the sniffed object has every one of the keys.
func (s Shape) Has(keys ...string) bool {
	for _, k := range keys {
		found := false
		for _, got := range s.Keys {
			if got == k {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// TrimHead drops a UTF-8 byte-order mark and leading white space.
func TrimHead(head []byte) []byte {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	return bytes.TrimLeft(head, " \t\r\n")
}

// Sniff reads the head of an input, which may be cut anywhere, and reports
// its shape. It never fails: what cannot be read is left out.
func Sniff(head []byte) Shape {
	head = TrimHead(head)
	var s Shape
	if len(head) == 0 {
		return s
	}
	switch head[0] {
	case '{', '[':
		s.JSON = true
		s.Array = head[0] == '['
		sniffJSON(head, &s)
	case '<':
		sniffXML(head, &s)
	}
	return s
}

func sniffJSON(head []byte, s *Shape) {
	type frame struct{ obj, wantKey bool }
	dec := json.NewDecoder(bytes.NewReader(head))
	dec.UseNumber()
	want := 1 // the depth of the object whose keys we collect
	if s.Array {
		want = 2
	}
	var stack []frame
	lastKey := ""
	for {
		tok, err := dec.Token()
		if err != nil {
			return // the head ends, or is not JSON past here
		}
		var top *frame
		if len(stack) > 0 {
			top = &stack[len(stack)-1]
		}
		switch t := tok.(type) {
		case json.Delim:
			switch t {
			case '{', '[':
				if top != nil && top.obj {
					top.wantKey = true // after this value, a key
				}
				stack = append(stack, frame{obj: t == '{', wantKey: t == '{'})
			default:
				stack = stack[:len(stack)-1]
				if len(stack) < want && len(s.Keys) > 0 {
					return // the first object at our depth is complete
				}
			}
		default:
			if top == nil {
				return
			}
			if top.obj && top.wantKey {
				key, _ := t.(string)
				if len(stack) == want {
					s.Keys = append(s.Keys, key)
					lastKey = key
				}
				top.wantKey = false
				continue
			}
			if len(stack) == want && top.obj {
				if str, ok := t.(string); ok {
					if s.Strings == nil {
						s.Strings = map[string]string{}
					}
					s.Strings[lastKey] = str
				}
			}
			if top.obj {
				top.wantKey = true
			}
		}
	}
}

func sniffXML(head []byte, s *Shape) {
	dec := xml.NewDecoder(bytes.NewReader(head))
	dec.Strict = false
	for {
		tok, err := dec.Token()
		if err != nil {
			return
		}
		if se, ok := tok.(xml.StartElement); ok {
			s.XMLRoot, s.XMLSpace = se.Name.Local, se.Name.Space
			s.XMLAttrs = make(map[string]string, len(se.Attr))
			for _, a := range se.Attr {
				s.XMLAttrs[a.Name.Local] = a.Value
			}
			return
		}
	}
}
