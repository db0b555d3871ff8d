package inventory_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// schemaFile is the published JSON Schema of posture-inventory/v1.
var schemaFile = filepath.Join("..", "..", "schemas", "inventory-v1.schema.json")

// The schema and the decoder agree on what v1 is: the fixtures the decoder
// reads pass the schema, and those it rejects for a reason a schema can
// express fail it. Cycles of teams and duplicate names pass the schema;
// only the decoder sees them.
func TestSchema(t *testing.T) {
	b, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("inventory-v1.schema.json", doc))
	sch, err := c.Compile("inventory-v1.schema.json")
	require.NoError(t, err)

	tests := []struct {
		file  string
		valid bool
	}{
		{"full.yaml", true},
		{"minimal.yaml", true},
		{"merge-keys.yaml", true},
		{"owner-cycle.yaml", true},
		{"self-parent.yaml", true},
		{"duplicate-service.yaml", true},
		{"unknown-key.yaml", false},
		{"unknown-top-key.yaml", false},
		{"no-name.yaml", false},
		{"unknown-data-class.yaml", false},
		{"unknown-exposure.yaml", false},
		{"bad-tier.yaml", false},
		{"bad-purl.yaml", false},
		{"wrong-type.yaml", false},
		{"not-a-mapping.yaml", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			var inst any
			require.NoError(t, yaml.Unmarshal(read(t, tt.file), &inst))
			err := sch.Validate(inst)
			if tt.valid {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}
