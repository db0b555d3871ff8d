package score_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score"
)

var (
	day0 = time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	now  = func() time.Time { return time.Date(2026, 11, 28, 9, 0, 0, 0, time.UTC) }
)

// fixed returns a scorer with the same opinion about every issue.
func fixed(name string, v float64) score.Scorer {
	return score.Func(name, func(context.Context, *aspm.Issue, graph.View) (aspm.Factor, bool, error) {
		return aspm.Factor{Input: name + " input", Value: v}, true, nil
	})
}

func TestEngineScore(t *testing.T) {
	tests := []struct {
		name     string
		opts     []score.Option
		value    float64
		contribs []float64
		priority aspm.Priority
	}{
		{"single", []score.Option{score.WithScorer(fixed("a", 0.9), 1)}, 90, []float64{90}, "P0"},
		{"weighted", []score.Option{score.WithScorer(fixed("a", 1), 3), score.WithScorer(fixed("b", 0), 1)}, 75, []float64{75, 0}, "P1"},
		// Thirds: 33.333.. each; the total rounds to 100.00 and the left
		// hundredth goes to the first factor.
		{"thirds", []score.Option{score.WithScorer(fixed("a", 1), 1), score.WithScorer(fixed("b", 1), 1), score.WithScorer(fixed("c", 1), 1)}, 100, []float64{33.34, 33.33, 33.33}, "P0"},
		{"no opinion left out", []score.Option{score.WithScorer(fixed("a", 0.5), 1), score.WithScorer(score.Nop("b"), 5)}, 50, []float64{50}, "P2"},
		{"weight zero never called", []score.Option{score.WithScorer(fixed("a", 0.3), 1), score.WithScorer(fixed("b", 1), 0)}, 30, []float64{30}, "P3"},
		{"weights override", []score.Option{score.WithWeights(map[string]float64{"b": 3}), score.WithScorer(fixed("a", 1), 1), score.WithScorer(fixed("b", 0), 1)}, 25, []float64{25, 0}, "P3"},
		{"nothing", nil, 0, nil, "P4"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := score.New(append(tt.opts, score.WithClock(now))...)
			is := &aspm.Issue{ID: "x"}
			require.NoError(t, e.Score(t.Context(), is, nil))
			require.NotNil(t, is.Score)
			assert.Equal(t, tt.value, is.Score.Value)
			var got []float64
			for _, f := range is.Score.Factors {
				got = append(got, f.Contribution)
				assert.NotEmpty(t, f.Input)
				assert.Positive(t, f.Weight)
			}
			assert.Equal(t, tt.contribs, got)
			assert.Equal(t, tt.value, score.Sum(is.Score.Factors))
			assert.Equal(t, tt.priority, is.Priority)
		})
	}
}

func TestEngineSLA(t *testing.T) {
	tests := []struct {
		name      string
		v         float64
		firstSeen time.Time
		want      time.Time
	}{
		{"P0 from first seen", 0.95, day0, day0.AddDate(0, 0, 7)},
		{"P1 from clock", 0.65, time.Time{}, now().AddDate(0, 0, 30)},
		{"P2", 0.45, day0, day0.AddDate(0, 0, 90)},
		{"P3", 0.25, day0, day0.AddDate(0, 0, 120)},
		{"P4 none", 0.1, day0, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := score.New(score.WithScorer(fixed("a", tt.v), 1), score.WithClock(now))
			is := []aspm.Issue{{ID: "x", FirstSeen: tt.firstSeen}}
			require.NoError(t, e.ScoreAll(t.Context(), is, graph.Nop()))
			assert.Equal(t, tt.want, is[0].SLADue)
		})
	}
}

func TestEngineBuckets(t *testing.T) {
	cfg, err := score.LoadConfig(strings.NewReader(`
weights:
  a: 2
buckets:
  - {priority: urgent, min: 50, sla_days: 3}
  - {priority: later, min: 10}
`))
	require.NoError(t, err)
	e := score.New(score.WithScorer(fixed("a", 0.6), 1), score.WithConfig(cfg), score.WithClock(now))
	assert.Equal(t, map[string]float64{"a": 2}, e.Weights())
	is := []aspm.Issue{{ID: "x"}}
	require.NoError(t, e.ScoreAll(t.Context(), is, nil))
	assert.Equal(t, aspm.Priority("urgent"), is[0].Priority)
	assert.Equal(t, now().AddDate(0, 0, 3), is[0].SLADue)

	e = score.New(score.WithScorer(fixed("a", 0.05), 1), score.WithConfig(cfg))
	require.NoError(t, e.ScoreAll(t.Context(), is, nil))
	assert.Equal(t, aspm.Priority(""), is[0].Priority, "below every bucket")
	assert.True(t, is[0].SLADue.IsZero())
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"negative weight", "weights:\n  cvss: -1\n", "line 2: weight of \"cvss\""},
		{"not a number", "weights:\n  cvss: 0.3\n  epss: lots\n", "line 3: weight of \"epss\""},
		{"unknown key", "weights: {}\nthresholds: 3\n", "line 2: unknown key \"thresholds\""},
		{"bucket order", "buckets:\n  - {priority: P0, min: 50}\n  - {priority: P1, min: 60}\n", "line 3: bucket \"P1\": min 60"},
		{"bucket twice", "buckets:\n  - {priority: P0, min: 50}\n  - {priority: P0, min: 40}\n", "line 3: bucket \"P0\" given twice"},
		{"bad sla", "buckets:\n  - priority: P0\n    min: 50\n    sla_days: soon\n", "line 4: sla_days"},
		{"no priority", "buckets:\n  - {min: 50}\n", "line 2: bucket: priority is missing"},
		{"bad yaml", "weights: [\n", "score: config: yaml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := score.LoadConfig(strings.NewReader(tt.yaml))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			var ce *score.ConfigError
			if tt.name != "bad yaml" {
				assert.True(t, errors.As(err, &ce))
			}
		})
	}
}

func TestScoreAllDeterministic(t *testing.T) {
	// A scorer whose value depends on the issue.
	byID := score.Func("id", func(_ context.Context, is *aspm.Issue, _ graph.View) (aspm.Factor, bool, error) {
		return aspm.Factor{Input: is.ID, Value: float64(len(is.ID)%7) / 7}, len(is.ID)%5 != 0, nil
	})
	mk := func() []aspm.Issue {
		is := make([]aspm.Issue, 5000)
		for i := range is {
			is[i].ID = strings.Repeat("x", i%23+1)
		}
		return is
	}
	one, many := mk(), mk()
	opts := []score.Option{score.WithScorer(byID, 2), score.WithScorer(fixed("c", 0.37), 1), score.WithClock(now)}
	require.NoError(t, score.New(append(opts, score.WithWorkers(1))...).ScoreAll(t.Context(), one, nil))
	require.NoError(t, score.New(append(opts, score.WithWorkers(8))...).ScoreAll(t.Context(), many, nil))
	assert.Equal(t, one, many)
	for _, is := range one {
		assert.Equal(t, is.Score.Value, score.Sum(is.Score.Factors))
	}
}

func TestScoreAllError(t *testing.T) {
	boom := score.Func("boom", func(context.Context, *aspm.Issue, graph.View) (aspm.Factor, bool, error) {
		return aspm.Factor{}, false, errors.New("no")
	})
	err := score.New(score.WithScorer(boom, 1)).ScoreAll(t.Context(), []aspm.Issue{{ID: "abc"}}, nil)
	require.Error(t, err)
	assert.Equal(t, "score: issue abc: boom: no", err.Error())

	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	err = score.New(score.WithScorer(fixed("a", 1), 1)).ScoreAll(ctx, make([]aspm.Issue, 10), nil)
	assert.ErrorIs(t, err, context.Canceled)
}
