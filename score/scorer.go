package score

import (
	"context"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
)

// Scorer gives one opinion about an issue's risk.
//
// Score returns a factor whose Value is in [0,1] (1 is the most risky) and
// whose Name, Input and Explanation the scorer fills; the [Engine] fills
// Weight and Contribution. The boolean is false when the scorer has no
// opinion (nothing to look at: no CVSS vector, no EPSS entry), and the
// engine then leaves the scorer out of the issue's score and renormalises
// the weights of the others. An error stops scoring.
//
// Implementations must be safe for concurrent use: the engine scores
// issues in parallel. They must not modify the issue or keep it, and must
// accept a nil or [graph.Nop] view.
type Scorer interface {
	// Name identifies the scorer; weights are looked up by it.
	Name() string
	// Score judges one issue in the context g.
	Score(ctx context.Context, is *aspm.Issue, g graph.View) (aspm.Factor, bool, error)
}

// Nop returns a scorer named name that never has an opinion.
func Nop(name string) Scorer { return nopScorer(name) }

type nopScorer string

func (n nopScorer) Name() string { return string(n) }
func (nopScorer) Score(context.Context, *aspm.Issue, graph.View) (aspm.Factor, bool, error) {
	return aspm.Factor{}, false, nil
}

// Func adapts a function to a [Scorer] named name.
func Func(name string, f func(ctx context.Context, is *aspm.Issue, g graph.View) (aspm.Factor, bool, error)) Scorer {
	return funcScorer{name: name, f: f}
}

type funcScorer struct {
	name string
	f    func(ctx context.Context, is *aspm.Issue, g graph.View) (aspm.Factor, bool, error)
}

func (s funcScorer) Name() string { return s.name }
func (s funcScorer) Score(ctx context.Context, is *aspm.Issue, g graph.View) (aspm.Factor, bool, error) {
	return s.f(ctx, is, g)
}

var (
	_ Scorer = nopScorer("")
	_ Scorer = funcScorer{}
)

// Diagnoser is an optional capability of a [Scorer]: one that reads data
// (an EPSS file, a KEV catalog) reports what is wrong with it, such as
// unreadable records or stale data with its date. [Engine.Diagnostics]
// gathers them.
type Diagnoser interface {
	Diagnostics() []aspm.Diagnostic
}
