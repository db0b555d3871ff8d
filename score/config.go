package score

import (
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/posturekit/posture/aspm"
)

// Bucket is one priority bucket: issues whose score is at least Min (and
// below the next higher bucket's Min) get Priority, with a due date SLADays
// after they were first seen (no due date when SLADays is 0).
type Bucket struct {
	Priority aspm.Priority `json:"priority" yaml:"priority"`
	Min      float64       `json:"min" yaml:"min"`
	SLADays  int           `json:"sla_days,omitempty" yaml:"sla_days"`
}

// DefaultBuckets returns the default buckets on the 0–100 scale: P0 from
// 80 (due in 7 days), P1 from 60 (30 days), P2 from 40 (90 days), P3 from
// 20 (120 days) and P4 below (no due date).
func DefaultBuckets() []Bucket {
	return []Bucket{
		{Priority: "P0", Min: 80, SLADays: 7},
		{Priority: "P1", Min: 60, SLADays: 30},
		{Priority: "P2", Min: 40, SLADays: 90},
		{Priority: "P3", Min: 20, SLADays: 120},
		{Priority: "P4", Min: 0},
	}
}

// DefaultWeights returns the default weight of each built-in scorer by
// name. Only the ratios matter: the engine normalises them over the
// scorers that have an opinion about an issue.
func DefaultWeights() map[string]float64 {
	return map[string]float64{
		"cvss":         0.30,
		"epss":         0.15,
		"kev":          0.15,
		"ssvc":         0.10,
		"reachability": 0.15,
		"business":     0.15,
	}
}

// Config is what a scoring YAML file says: the weights of the scorers by
// name and the priority buckets. A zero Config means the defaults.
//
//	weights:
//	  cvss: 0.3
//	  epss: 0.15
//	buckets:             # optional; the most urgent first
//	  - {priority: P0, min: 80, sla_days: 7}
//	  - {priority: P1, min: 60, sla_days: 30}
//	  - {priority: P2, min: 0}
type Config struct {
	Weights map[string]float64 `json:"weights,omitempty" yaml:"weights"`
	Buckets []Bucket           `json:"buckets,omitempty" yaml:"buckets"`
}

// ConfigError is a mistake in a scoring YAML file, at a line.
type ConfigError struct {
	Line int
	Msg  string
}

// Error renders "score: config: line N: message".
func (e *ConfigError) Error() string { return fmt.Sprintf("score: config: line %d: %s", e.Line, e.Msg) }

// LoadConfig reads a scoring YAML file. Weights must be finite and not
// negative; buckets must have a name, distinct names, and strictly
// decreasing Min values; unknown keys are errors. Every error is a
// *ConfigError naming the line.
func LoadConfig(r io.Reader) (*Config, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("score: config: %w", err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("score: config: %w", err)
	}
	cfg := &Config{}
	if len(doc.Content) == 0 {
		return cfg, nil
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &ConfigError{root.Line, "want a mapping with weights and buckets"}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		switch k.Value {
		case "weights":
			if err := cfg.readWeights(v); err != nil {
				return nil, err
			}
		case "buckets":
			if err := cfg.readBuckets(v); err != nil {
				return nil, err
			}
		default:
			return nil, &ConfigError{k.Line, fmt.Sprintf("unknown key %q (want weights or buckets)", k.Value)}
		}
	}
	return cfg, nil
}

func (c *Config) readWeights(n *yaml.Node) error {
	if n.Kind != yaml.MappingNode {
		return &ConfigError{n.Line, "weights: want a mapping of scorer names to numbers"}
	}
	c.Weights = map[string]float64{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		w, err := number(v)
		if err != nil || w < 0 {
			return &ConfigError{v.Line, fmt.Sprintf("weight of %q: want a number >= 0, got %q", k.Value, v.Value)}
		}
		if _, dup := c.Weights[k.Value]; dup {
			return &ConfigError{k.Line, fmt.Sprintf("weight of %q given twice", k.Value)}
		}
		c.Weights[k.Value] = w
	}
	return nil
}

func (c *Config) readBuckets(n *yaml.Node) error {
	if n.Kind != yaml.SequenceNode {
		return &ConfigError{n.Line, "buckets: want a list"}
	}
	for _, item := range n.Content {
		if item.Kind != yaml.MappingNode {
			return &ConfigError{item.Line, "bucket: want a mapping with priority, min and sla_days"}
		}
		b := Bucket{}
		for i := 0; i+1 < len(item.Content); i += 2 {
			k, v := item.Content[i], item.Content[i+1]
			switch k.Value {
			case "priority":
				b.Priority = aspm.Priority(v.Value)
			case "min":
				f, err := number(v)
				if err != nil || f < 0 {
					return &ConfigError{v.Line, fmt.Sprintf("min: want a number >= 0, got %q", v.Value)}
				}
				b.Min = f
			case "sla_days":
				d, err := strconv.Atoi(v.Value)
				if err != nil || d < 0 {
					return &ConfigError{v.Line, fmt.Sprintf("sla_days: want a whole number of days >= 0, got %q", v.Value)}
				}
				b.SLADays = d
			default:
				return &ConfigError{k.Line, fmt.Sprintf("bucket: unknown key %q (want priority, min or sla_days)", k.Value)}
			}
		}
		if b.Priority == "" {
			return &ConfigError{item.Line, "bucket: priority is missing"}
		}
		if slices.ContainsFunc(c.Buckets, func(o Bucket) bool { return o.Priority == b.Priority }) {
			return &ConfigError{item.Line, fmt.Sprintf("bucket %q given twice", b.Priority)}
		}
		if l := len(c.Buckets); l > 0 && b.Min >= c.Buckets[l-1].Min {
			return &ConfigError{item.Line, fmt.Sprintf("bucket %q: min %g must be below the previous bucket's %g (list the most urgent first)", b.Priority, b.Min, c.Buckets[l-1].Min)}
		}
		c.Buckets = append(c.Buckets, b)
	}
	return nil
}

func number(v *yaml.Node) (float64, error) {
	if v.Kind != yaml.ScalarNode {
		return 0, errors.New("not a scalar")
	}
	f, err := strconv.ParseFloat(v.Value, 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
		return 0, errors.New("not a number")
	}
	return f, nil
}
