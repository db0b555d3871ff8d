package sarif_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/export/exporttest"
	"github.com/posturekit/posture/export/sarif"
	"github.com/posturekit/posture/internal/golden"
	"github.com/posturekit/posture/internal/testenv"
)

func encode(t *testing.T, e *sarif.Encoder, r *aspm.Result) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, e.Encode(t.Context(), &buf, r))
	return buf.Bytes()
}

var encoders = []struct {
	name string
	enc  sarif.Encoder
}{
	{"per-tool.sarif", sarif.Encoder{}},
	{"merged.sarif", sarif.Encoder{MergedRun: true}},
	{"fixed.sarif", sarif.Encoder{MergedRun: true, IncludeFixed: true, Placeholder: "NO_FILE", Version: "0.1.0"}},
}

func TestEncodeGolden(t *testing.T) {
	for _, tt := range encoders {
		t.Run(tt.name, func(t *testing.T) {
			golden.Assert(t, tt.name, encode(t, &tt.enc, exporttest.Result()))
		})
	}
}

func TestSchema(t *testing.T) {
	schema := filepath.Join(testenv.Schemas(t), "sarif-schema-2.1.0.json")
	inputs := map[string]*aspm.Result{"fixture": exporttest.Result(), "hostile": exporttest.Hostile(), "empty": {}, "large": exporttest.Large(60)}
	for name, r := range inputs {
		for _, tt := range encoders {
			t.Run(name+"/"+tt.name, func(t *testing.T) {
				exporttest.Validate(t, schema, encode(t, &tt.enc, r))
			})
		}
	}
}

// log is the part of SARIF the tests look at.
type log struct {
	Runs []struct {
		Tool struct {
			Driver struct {
				Name  string `json:"name"`
				Rules []struct {
					ID         string         `json:"id"`
					Properties map[string]any `json:"properties"`
					Help       struct{ Text string }
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID              string `json:"ruleId"`
			RuleIndex           int    `json:"ruleIndex"`
			Level               string `json:"level"`
			Message             struct{ Text string }
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Suppressions        []any             `json:"suppressions"`
			Locations           []struct {
				PhysicalLocation struct {
					ArtifactLocation struct{ URI string } `json:"artifactLocation"`
					Region           struct{ StartLine int }
				} `json:"physicalLocation"`
				LogicalLocations []struct{ FullyQualifiedName string } `json:"logicalLocations"`
			} `json:"locations"`
		} `json:"results"`
	} `json:"runs"`
}

func parse(t *testing.T, b []byte) log {
	t.Helper()
	var l log
	require.NoError(t, json.Unmarshal(b, &l))
	return l
}

func TestRunsAndRules(t *testing.T) {
	r := exporttest.Result()
	perTool := parse(t, encode(t, &sarif.Encoder{}, r))
	var names []string
	total := 0
	for _, run := range perTool.Runs {
		names = append(names, run.Tool.Driver.Name)
		total += len(run.Results)
		for _, res := range run.Results {
			// ruleIndex points at the rule.
			assert.Equal(t, res.RuleID, run.Tool.Driver.Rules[res.RuleIndex].ID)
		}
	}
	assert.Equal(t, []string{"gitleaks", "grype", "osv-scanner", "semgrep", "zap"}, names, "checkov's issue is fixed and left out")
	assert.Equal(t, 5, total)

	merged := parse(t, encode(t, &sarif.Encoder{MergedRun: true}, r))
	require.Len(t, merged.Runs, 1)
	run := merged.Runs[0]
	assert.Equal(t, "posture", run.Tool.Driver.Name)
	byRule := map[string]int{}
	for i, ru := range run.Tool.Driver.Rules {
		byRule[ru.ID] = i
		assert.NotEmpty(t, ru.Help.Text)
	}
	log4j := run.Tool.Driver.Rules[byRule["CVE-2021-44228"]]
	assert.Equal(t, "9.2", log4j.Properties["security-severity"], "score 92 of 100")
	assert.Equal(t, "8.0", run.Tool.Driver.Rules[byRule["aws-access-key"]].Properties["security-severity"], "unscored high")
	assert.Contains(t, run.Tool.Driver.Rules[byRule["go.lang.security.sqli"]].Properties["tags"], "external/cwe/cwe-89")

	ids := map[string]bool{}
	for _, is := range r.Issues {
		ids[is.ID] = true
	}
	for _, res := range run.Results {
		id := res.PartialFingerprints[sarif.FingerprintKey]
		assert.True(t, ids[id], "fingerprint %q is an issue id", id)
		require.NotEmpty(t, res.Locations, "GitHub needs a location")
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		switch res.RuleID {
		case "CVE-2021-44228":
			assert.Equal(t, "pom.xml", uri, "SCA at its manifest")
			assert.Equal(t, "error", res.Level)
			assert.Empty(t, res.Suppressions)
		case "GHSA-35jh-r3h4-6jhm":
			assert.Equal(t, "web/package-lock.json", uri)
			assert.Len(t, res.Suppressions, 1, "triaged not affected")
		case "go.lang.security.sqli":
			assert.Equal(t, "src/db/query.go", uri)
			assert.Equal(t, 42, res.Locations[0].PhysicalLocation.Region.StartLine)
		case "40012":
			assert.Equal(t, sarif.DefaultPlaceholder, uri, "DAST has no file")
			assert.Equal(t, "GET https://shop.example.com/search (parameter q)", res.Locations[0].LogicalLocations[0].FullyQualifiedName)
		}
	}
}

func TestHostile(t *testing.T) {
	out := encode(t, &sarif.Encoder{MergedRun: true}, exporttest.Hostile())
	s := string(out)
	assert.NotContains(t, s, "<script", "JSON escapes <")
	assert.NotContains(t, s, "<img")
	assert.NotContains(t, s, "\\u001b", "no terminal escapes")
	assert.NotContains(t, s, "\\r", "no carriage returns")
	assert.NotContains(t, s, `"helpUri": "javascript`)
	l := parse(t, out)
	for _, res := range l.Runs[0].Results {
		uri := res.Locations[0].PhysicalLocation.ArtifactLocation.URI
		assert.False(t, strings.ContainsAny(uri, "<> \"`"), "uri %q is escaped", uri)
		assert.False(t, strings.HasPrefix(strings.ToLower(uri), "javascript:"), uri)
	}
}

func TestEncodeErrors(t *testing.T) {
	assert.Error(t, (&sarif.Encoder{}).Encode(t.Context(), &bytes.Buffer{}, nil))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	assert.ErrorIs(t, (&sarif.Encoder{}).Encode(ctx, &bytes.Buffer{}, exporttest.Result()), context.Canceled)
}

func TestStreamMatchesMarshal(t *testing.T) {
	for _, r := range []*aspm.Result{exporttest.Result(), exporttest.Hostile(), exporttest.Large(30), {}} {
		for _, tt := range encoders {
			want, err := sarif.MarshalForTest(t.Context(), &tt.enc, r)
			require.NoError(t, err)
			assert.Equal(t, string(want), string(encode(t, &tt.enc, r)))
		}
	}
}
