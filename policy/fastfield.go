package policy

import (
	"reflect"
	"strings"

	"cel.dev/cel-go/cel"
	"cel.dev/cel-go/common/types"
	"cel.dev/cel-go/common/types/ref"
)

// Field access on the input is the hot path of evaluation: with plain
// native types, every reference to issue.vulns reflects on the struct and
// converts the slice to a CEL list again. The input's structs are
// therefore handed to CEL as cachedObj values, and the type provider below
// gives their fields getters that convert each field once per issue.

// cachedObj is a native struct (a pointer to IssueInput, ServiceInput or
// ScanInput) with its CEL field values converted on first use. It is used
// by one goroutine.
type cachedObj struct {
	native  any
	val     ref.Val // the plain native object, for the ref.Val methods
	adapter types.Adapter
	cache   []ref.Val
}

func newCachedObj(adapter types.Adapter, native any, nfields int) *cachedObj {
	return &cachedObj{native: native, val: adapter.NativeToValue(native), adapter: adapter, cache: make([]ref.Val, nfields)}
}

func (o *cachedObj) ConvertToNative(t reflect.Type) (any, error) { return o.val.ConvertToNative(t) }
func (o *cachedObj) ConvertToType(t ref.Type) ref.Val            { return o.val.ConvertToType(t) }
func (o *cachedObj) Type() ref.Type                              { return o.val.Type() }

// Value returns the cachedObj itself, so that field getters receive it.
func (o *cachedObj) Value() any { return o }

func (o *cachedObj) Equal(other ref.Val) ref.Val {
	if c, ok := other.(*cachedObj); ok {
		other = c.val
	}
	return o.val.Equal(other)
}

// fieldSlots maps "type.field" (CEL names) to the struct field index.
func fieldSlots() map[string]int {
	m := map[string]int{}
	for _, t := range []reflect.Type{reflect.TypeFor[IssueInput](), reflect.TypeFor[ServiceInput](), reflect.TypeFor[ScanInput]()} {
		for i := range t.NumField() {
			name, _, _ := strings.Cut(t.Field(i).Tag.Get("cel"), ",")
			if name != "" && name != "-" {
				m["policy."+t.Name()+"."+name] = i
			}
		}
	}
	return m
}

// cachingProvider wraps the native type provider: the field getters it
// returns read cachedObj values through their cache.
type cachingProvider struct {
	types.Provider
	slots map[string]int
}

func withCachedFields() cel.EnvOption {
	return func(env *cel.Env) (*cel.Env, error) {
		return cel.CustomTypeProvider(&cachingProvider{Provider: env.CELTypeProvider(), slots: fieldSlots()})(env)
	}
}

func (p *cachingProvider) FindStructFieldType(structType, fieldName string) (*types.FieldType, bool) {
	ft, ok := p.Provider.FindStructFieldType(structType, fieldName)
	if !ok {
		return ft, ok
	}
	slot, ok := p.slots[structType+"."+fieldName]
	if !ok {
		return ft, true
	}
	get, isSet := ft.GetFrom, ft.IsSet
	return &types.FieldType{
		Type:        ft.Type,
		IsJSONField: ft.IsJSONField,
		IsSet: func(obj any) bool {
			if o, ok := obj.(*cachedObj); ok {
				obj = o.native
			}
			return isSet(obj)
		},
		GetFrom: func(obj any) (any, error) {
			o, ok := obj.(*cachedObj)
			if !ok {
				return get(obj)
			}
			if v := o.cache[slot]; v != nil {
				return v, nil
			}
			raw, err := get(o.native)
			if err != nil {
				return nil, err
			}
			v := o.adapter.NativeToValue(raw)
			o.cache[slot] = v
			return v, nil
		},
	}, true
}
