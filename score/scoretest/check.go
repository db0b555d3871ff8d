package scoretest

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/score"
)

// CheckScores asserts what the engine promises of every scored issue:
// each factor has a name, an input, a positive weight and the
// contribution Scale·Value·Weight (to within a hundredth); the
// contributions add up to the score (exactly in hundredths, and to within
// 1e-9 as float64); the issue has a priority; and the JSON form of the
// score lists every factor with name, input, weight and contribution.
func CheckScores(t testing.TB, issues []aspm.Issue) {
	t.Helper()
	for _, is := range issues {
		require.NotNil(t, is.Score, is.ID)
		var sum float64
		for _, f := range is.Score.Factors {
			assert.NotEmpty(t, f.Name, is.ID)
			assert.NotEmpty(t, f.Input, "%s %s", is.ID, f.Name)
			assert.Positive(t, f.Weight, "%s %s", is.ID, f.Name)
			assert.InDelta(t, score.Scale*f.Value*f.Weight, f.Contribution, 0.01+1e-6, "%s %s", is.ID, f.Name)
			sum += f.Contribution
		}
		assert.Equal(t, is.Score.Value, score.Sum(is.Score.Factors), is.ID)
		assert.InDelta(t, is.Score.Value, sum, 1e-9, is.ID)
		assert.NotEmpty(t, is.Priority, is.ID)
		raw, err := json.Marshal(is.Score)
		require.NoError(t, err)
		var back struct {
			Factors []map[string]any `json:"factors"`
		}
		require.NoError(t, json.Unmarshal(raw, &back))
		for _, f := range back.Factors {
			for _, k := range []string{"name", "input", "weight", "contribution"} {
				assert.Contains(t, f, k, is.ID)
			}
		}
	}
}
