package generic_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// schemaFile is the published JSON Schema of posture-generic/v1.
var schemaFile = filepath.Join("..", "..", "schemas", "generic-v1.schema.json")

// The valid fixtures pass the published schema, and the fixtures that the
// decoder answers with diagnostics fail it: the schema and the decoder
// agree on what v1 is.
func TestSchema(t *testing.T) {
	b, err := os.ReadFile(schemaFile)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	require.NoError(t, c.AddResource("generic-v1.schema.json", doc))
	sch, err := c.Compile("generic-v1.schema.json")
	require.NoError(t, err)

	tests := []struct {
		file  string
		valid bool
	}{
		{"valid-full.json", true},
		{"minimal.json", true},
		{"no-findings.json", true},
		{"pentest-report.json", false},
		{"unknown-members.json", false},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(read(t, tt.file)))
			require.NoError(t, err)
			err = sch.Validate(inst)
			if tt.valid {
				assert.NoError(t, err)
			} else {
				assert.Error(t, err)
			}
		})
	}
}
