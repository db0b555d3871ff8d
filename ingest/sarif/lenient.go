package sarif

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"
)

// lenientUnmarshal decodes data into v (a pointer) as json.Unmarshal does,
// except that a member whose value does not fit its Go type is left at its
// zero value and reported with its JSON pointer, instead of failing the
// whole log. It is the slow path, taken only when the plain decode of a log
// failed on a value (a string where SARIF wants a number, a timestamp
// encoding/json cannot parse); data must be well-formed JSON.
//
// Two producer habits are accepted silently: -1 in an unsigned index member
// (SARIF's own "not set" value, which osv-scanner writes) and a plain string
// where a message object is expected (taken as its text).
// err is the error of the plain decode that failed.
func lenientUnmarshal(data []byte, v any, err error, report func(pointer string, err error)) {
	lenient(data, reflect.ValueOf(v).Elem(), "", report, err)
}

var (
	unmarshalerType  = reflect.TypeFor[json.Unmarshaler]()
	messageType      = reflect.TypeFor[gosarif.Message]()
	multiMessageType = reflect.TypeFor[gosarif.MultiformatMessageString]()
)

// errNotTried is lenient's err argument when data has not been tried as a
// whole yet.
var errNotTried = errors.New("not tried")

// lenient decodes data into the addressable v; err is the error of an
// earlier plain decode of data into v's type, or errNotTried.
func lenient(data []byte, v reflect.Value, ptr string, report func(string, error), err error) {
	if err == errNotTried {
		if err = json.Unmarshal(data, v.Addr().Interface()); err == nil {
			return
		}
	}
	t := v.Type()
	v.SetZero()
	if isNull(data) {
		return
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		report(ptr, err)
		return
	}
	switch t.Kind() {
	case reflect.Pointer:
		nv := reflect.New(t.Elem())
		lenient(data, nv.Elem(), ptr, report, err)
		v.Set(nv)
	case reflect.Struct:
		if (t == messageType || t == multiMessageType) && firstByte(data) == '"' {
			var s string
			if json.Unmarshal(data, &s) == nil {
				v.FieldByName("Text").Set(reflect.ValueOf(&s))
				return
			}
		}
		var members map[string]json.RawMessage
		if e := json.Unmarshal(data, &members); e != nil {
			report(ptr, e)
			return
		}
		fields := jsonFields(t)
		keys := make([]string, 0, len(members))
		for k := range members {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			index, ok := fields[k]
			if !ok {
				for name, idx := range fields {
					if strings.EqualFold(name, k) {
						index, ok = idx, true
						break
					}
				}
			}
			if ok {
				lenient(members[k], v.FieldByIndex(index), ptr+"/"+escapePointer(k), report, errNotTried)
			}
		}
	case reflect.Slice:
		var elems []json.RawMessage
		if e := json.Unmarshal(data, &elems); e != nil {
			report(ptr, e)
			return
		}
		s := reflect.MakeSlice(t, len(elems), len(elems))
		for i, el := range elems {
			lenient(el, s.Index(i), ptr+"/"+strconv.Itoa(i), report, errNotTried)
		}
		v.Set(s)
	case reflect.Map:
		var members map[string]json.RawMessage
		if e := json.Unmarshal(data, &members); e != nil || t.Key().Kind() != reflect.String {
			report(ptr, cmpErr(e, err))
			return
		}
		keys := make([]string, 0, len(members))
		for k := range members {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		m := reflect.MakeMapWithSize(t, len(members))
		for _, k := range keys {
			ev := reflect.New(t.Elem()).Elem()
			lenient(members[k], ev, ptr+"/"+escapePointer(k), report, errNotTried)
			m.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), ev)
		}
		v.Set(m)
	default:
		switch t.Kind() {
		case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
			if string(bytes.TrimSpace(data)) == "-1" {
				return // SARIF's "not set"
			}
		}
		report(ptr, err)
	}
}

// jsonFields maps the JSON member names of struct type t to field index
// paths, with encoding/json's rule for embedded structs: the shallowest
// field wins, and at equal depth a tagged one.
func jsonFields(t reflect.Type) map[string][]int {
	type cand struct {
		index  []int
		depth  int
		tagged bool
	}
	best := map[string]cand{}
	clash := map[string]bool{}
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" {
				continue
			}
			name, _, _ := strings.Cut(tag, ",")
			index := append(slices.Clone(prefix), i)
			if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
				walk(f.Type, index)
				continue
			}
			if !f.IsExported() {
				continue
			}
			tagged := name != ""
			if !tagged {
				name = f.Name
			}
			c := cand{index, len(index), tagged}
			old, seen := best[name]
			switch {
			case !seen || c.depth < old.depth:
				best[name], clash[name] = c, false
			case c.depth == old.depth && c.tagged && !old.tagged:
				best[name] = c
			case c.depth == old.depth && c.tagged == old.tagged:
				clash[name] = true
			}
		}
	}
	walk(t, nil)
	out := make(map[string][]int, len(best))
	for name, c := range best {
		if !clash[name] {
			out[name] = c.index
		}
	}
	return out
}

func isNull(data []byte) bool { return string(bytes.TrimSpace(data)) == "null" }

func firstByte(data []byte) byte {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return 0
	}
	return data[0]
}

func escapePointer(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(s)
}

func cmpErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return errors.New("unexpected value")
}

// describeValueError renders a decoding problem of one member briefly.
func describeValueError(err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Sprintf("value ignored: JSON %s where %s was expected", te.Value, te.Type)
	}
	if err == nil {
		return "value ignored"
	}
	return "value ignored: " + err.Error()
}
