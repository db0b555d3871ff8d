package reachability

import (
	"context"
	"strconv"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
)

// Name is the scorer's name, under which the engine looks up its weight.
const Name = "reachability"

// Values are the factor values of the evidence levels.
type Values struct {
	Function    float64 // the vulnerable symbol is called, or a code flow reaches it
	Package     float64 // the vulnerable package is imported
	Module      float64 // only the module is required
	Unreachable float64 // shown not to be called
}

// DefaultValues returns 1, 0.6, 0.3 and 0.05.
func DefaultValues() Values {
	return Values{Function: 1, Package: 0.6, Module: 0.3, Unreachable: 0.05}
}

// Scorer judges whether the vulnerable code is used, from the
// reachability the tools report on the issue's findings (govulncheck's
// levels, and SARIF code flows as a non-empty Trace, which count as
// function level). The strongest evidence of use among the findings wins.
// Unknown reachability is neutral: no opinion, so the other scorers decide
// the score alone. Unreachable lowers the score. It is safe for
// concurrent use.
type Scorer struct{ v Values }

// Option configures a [Scorer].
type Option func(*Scorer)

// WithValues replaces [DefaultValues].
func WithValues(v Values) Option { return func(s *Scorer) { s.v = v } }

// New returns a reachability scorer.
func New(opts ...Option) *Scorer {
	s := &Scorer{v: DefaultValues()}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Name returns "reachability".
func (s *Scorer) Name() string { return Name }

// input returns the factor input of a level as a constant, so that
// scoring a million issues does not build a million strings.
func input(l aspm.ReachabilityLevel) string {
	switch l {
	case aspm.ReachFunction:
		return "reachability function"
	case aspm.ReachPackage:
		return "reachability package"
	case aspm.ReachModule:
		return "reachability module"
	case aspm.ReachUnreachable:
		return "reachability unreachable"
	}
	return "reachability " + string(l)
}

func rank(l aspm.ReachabilityLevel) int {
	switch l {
	case aspm.ReachUnreachable:
		return 1
	case aspm.ReachModule:
		return 2
	case aspm.ReachPackage:
		return 3
	case aspm.ReachFunction:
		return 4
	}
	return 0
}

// Score implements score.Scorer.
func (s *Scorer) Score(_ context.Context, is *aspm.Issue, _ graph.View) (aspm.Factor, bool, error) {
	var best *aspm.Reachability
	level := aspm.ReachUnknown
	for _, f := range is.Findings {
		if f == nil || f.Reachability == nil {
			continue
		}
		l := f.Reachability.Level
		if len(f.Reachability.Trace) > 0 {
			l = aspm.ReachFunction
		}
		if best == nil || rank(l) > rank(level) {
			best, level = f.Reachability, l
		}
	}
	if best == nil || level == aspm.ReachUnknown {
		return aspm.Factor{}, false, nil
	}
	f := aspm.Factor{Name: Name, Input: input(level)}
	switch level {
	case aspm.ReachFunction:
		f.Value = s.v.Function
		switch {
		case len(best.Symbols) > 0:
			f.Input += ": " + best.Symbols[0] + " called"
			f.Explanation = "the vulnerable code is called"
		case len(best.Trace) > 0:
			f.Input += ": trace of " + strconv.Itoa(len(best.Trace)) + " steps from " + best.Trace[0]
			f.Explanation = "a code flow reaches the vulnerable code"
		default:
			f.Explanation = "the vulnerable code is called"
		}
	case aspm.ReachPackage:
		f.Value, f.Explanation = s.v.Package, "the vulnerable package is imported, the vulnerable symbol is not shown to be called"
	case aspm.ReachModule:
		f.Value, f.Explanation = s.v.Module, "only the module is required; the vulnerable package is not imported"
	case aspm.ReachUnreachable:
		f.Value, f.Explanation = s.v.Unreachable, "analysis shows the vulnerable code is not called"
	default:
		return aspm.Factor{}, false, nil
	}
	return f, true, nil
}
