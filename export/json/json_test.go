package json_test

import (
	"bytes"
	"cmp"
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/aspm/aspmtest"
	"github.com/posturekit/posture/correlate"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/json"
	"github.com/posturekit/posture/internal/golden"
)

var schemaFile = filepath.Join("..", "..", "schemas", "posture-v1.schema.json")

func encode(t *testing.T, e *json.Encoder, r *aspm.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.Bytes()
}

func TestEncodeGolden(t *testing.T) {
	tests := []struct {
		name string
		enc  json.Encoder
	}{
		{"fixture.json", json.Encoder{}},
		{"fixture.compact.json", json.Encoder{Compact: true}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := encode(t, &tt.enc, exporttest.Result())
			golden.Assert(t, tt.name, got)
			exporttest.Validate(t, schemaFile, got)
		})
	}
}

func TestEncodeMatchesMarshal(t *testing.T) {
	// The streaming writer lays out the JSON exactly as encoding/json would.
	for _, r := range []*aspm.Result{exporttest.Result(), exporttest.Hostile(), {}} {
		for _, compact := range []bool{false, true} {
			want, err := json.MarshalForTest(r, compact)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(encode(t, &json.Encoder{Compact: compact}, r)))
		}
	}
}

func TestEncodeValidates(t *testing.T) {
	tests := []struct {
		name string
		r    *aspm.Result
	}{
		{"empty", &aspm.Result{}},
		{"hostile", exporttest.Hostile()},
		{"large", exporttest.Large(50)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			exporttest.Validate(t, schemaFile, encode(t, &json.Encoder{}, tt.r))
		})
	}
}

func TestDeterministic(t *testing.T) {
	r := exporttest.Result()
	want := encode(t, &json.Encoder{}, r)
	// Reversed issues give the same bytes.
	for i, j := 0, len(r.Issues)-1; i < j; i, j = i+1, j-1 {
		r.Issues[i], r.Issues[j] = r.Issues[j], r.Issues[i]
	}
	assert.Equal(t, string(want), string(encode(t, &json.Encoder{}, r)))
}

func TestRoundTrip(t *testing.T) {
	for _, compact := range []bool{false, true} {
		r := exporttest.Result()
		got, err := json.Decode(t.Context(), bytes.NewReader(encode(t, &json.Encoder{Compact: compact}, r)))
		require.NoError(t, err)
		want := exporttest.Result()
		// The encoder sorts issues by ID.
		sortByID(want.Issues)
		assert.Equal(t, want, got)
	}
}

// TestBaselineUnchanged is the CLI's round trip: a scan written as JSON and
// read back as the baseline of the same scan leaves every issue unchanged.
func TestBaselineUnchanged(t *testing.T) {
	docs := []*aspm.Document{
		aspmtest.Doc("trivy", aspmtest.SCA("CVE-2021-44228", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Manifest("pom.xml").Build()),
		aspmtest.Doc("grype", aspmtest.SCA("GHSA-jfh8-c2jp-5v3q", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").Aliases("CVE-2021-44228").Build()),
		aspmtest.Doc("semgrep", aspmtest.SAST("go.sqli", "src/db.go", 42).Snippet(`db.Query("select " + q)`).Build()),
		aspmtest.Doc("gitleaks", aspmtest.Secret("AKIAIOSFODNN7EXAMPLE", "config/prod.env", 3).Build()),
		aspmtest.Doc("zap", aspmtest.DAST("40012", "GET", "https://shop.example.com/search", "q").Build()),
		aspmtest.Doc("checkov", aspmtest.IaC("CKV_AWS_18", "aws_s3_bucket.logs", "infra/main.tf").Build()),
	}
	clock := correlate.WithClock(exporttest.Now)
	first, err := correlate.Correlate(t.Context(), docs, clock)
	require.NoError(t, err)
	res := &aspm.Result{Schema: aspm.SchemaV1, GeneratedAt: exporttest.Now(), Issues: first.Issues}
	exporttest.Summarize(res, first.Findings)
	out := encode(t, &json.Encoder{}, res)
	exporttest.Validate(t, schemaFile, out)

	base, err := json.Decode(t.Context(), bytes.NewReader(out))
	require.NoError(t, err)
	second, err := correlate.Correlate(t.Context(), docs, clock, correlate.WithBaseline(base))
	require.NoError(t, err)
	require.Len(t, second.Issues, len(first.Issues))
	for _, is := range second.Issues {
		assert.Equal(t, aspm.LifecycleUnchanged, is.Status, "%s %s", is.ID, is.Title)
	}
}

func TestDecodeErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"not json", "nope", "json: invalid character"},
		{"other schema", `{"schema":"posture/v2","issues":[]}`, `not a posture/v1 result: schema "posture/v2"`},
		{"no schema", `{"issues":[]}`, "not a posture/v1 result"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := json.Decode(t.Context(), strings.NewReader(tt.in))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	_, err := json.DecodeLimit(t.Context(), strings.NewReader(`{"schema":"posture/v1","issues":[]}`), 10)
	assert.ErrorContains(t, err, "larger than 10 bytes")
}

func TestEncodeErrors(t *testing.T) {
	assert.Error(t, (&json.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&json.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}

func sortByID(issues []aspm.Issue) {
	slices.SortStableFunc(issues, func(a, b aspm.Issue) int { return cmp.Compare(a.ID, b.ID) })
}
