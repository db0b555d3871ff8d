package exporttest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// Validate checks that doc validates against the JSON Schema in the file
// schema and fails t otherwise. Every other *.json file in the schema's
// folder is added as a resource under its own $id, so that schemas which
// refer to their neighbours (CycloneDX's spdx and jsf schemas) compile
// without a network.
func Validate(t testing.TB, schema string, doc []byte) {
	t.Helper()
	c := jsonschema.NewCompiler()
	others, _ := filepath.Glob(filepath.Join(filepath.Dir(schema), "*.json"))
	for _, o := range others {
		if o == schema {
			continue
		}
		b, err := os.ReadFile(o)
		if err != nil {
			t.Fatalf("exporttest: %v", err)
		}
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err != nil {
			continue // not JSON: not a schema
		}
		if m, ok := v.(map[string]any); ok {
			if id, ok := m["$id"].(string); ok {
				_ = c.AddResource(id, v)
			}
		}
	}
	sch, err := c.Compile(schema)
	if err != nil {
		t.Fatalf("exporttest: compile %s: %v", schema, err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		t.Fatalf("exporttest: output is not JSON: %v", err)
	}
	if err := sch.Validate(inst); err != nil {
		t.Errorf("exporttest: output does not validate against %s:\n%v", filepath.Base(schema), err)
	}
}
