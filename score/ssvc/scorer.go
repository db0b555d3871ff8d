package ssvc

import (
	"context"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score/cvss"
	"github.com/posturekit/posture/score/epss"
	"github.com/posturekit/posture/score/kev"
)

// Name is the scorer's name, under which the engine looks up its weight.
const Name = "ssvc"

// DefaultPoCThreshold is the EPSS probability from which a vulnerability
// not in KEV counts as having a public proof of concept.
const DefaultPoCThreshold = 0.1

// Value returns the factor value of a decision: track 0.2, track* 0.45,
// attend 0.75, act 1.
func Value(d Decision) float64 {
	switch d {
	case Act:
		return 1
	case Attend:
		return 0.75
	case TrackStar:
		return 0.45
	}
	return 0.2
}

// Scorer runs the CISA SSVC tree on each issue, with its decision points
// taken from what posture knows:
//
//   - exploitation: active when the KEV catalog lists one of the issue's
//     ids; poc when its EPSS probability reaches the PoC threshold; none
//     otherwise (also when no KEV or EPSS data is loaded);
//   - automatable: the preferred CVSS vector (as package score/cvss
//     chooses it) is network, low complexity, no privileges and no user
//     interaction, and no service of the issue is unexposed (exposure
//     "none" in the graph);
//   - technical impact: total when the vector has high (v3, v4) or
//     complete (v2) confidentiality and integrity impact, partial
//     otherwise;
//   - mission prevalence from the graph's tier (critical: essential; low:
//     minimal; otherwise support) and public well-being from its data
//     classes (phi: irreversible; pii, pci, financial, credentials:
//     material; otherwise minimal).
//
// An issue without a valid CVSS vector gets no opinion. It is safe for
// concurrent use.
type Scorer struct {
	cv      *cvss.Scorer
	kev     *kev.Catalog
	epss    *epss.Data
	poc     float64
	factors [108]aspm.Factor // by index(Inputs)
}

func index(in Inputs) int {
	i := 0
	switch in.Exploitation {
	case ExploitPoC:
		i = 1
	case ExploitActive:
		i = 2
	}
	i *= 2
	if in.Automatable {
		i++
	}
	i *= 2
	if in.Impact == ImpactTotal {
		i++
	}
	i *= 3
	switch in.Prevalence {
	case PrevalenceSupport:
		i++
	case PrevalenceEssential:
		i += 2
	}
	i *= 3
	switch in.WellBeing {
	case WellBeingMaterial:
		i++
	case WellBeingIrreversible:
		i += 2
	}
	return i
}

// Option configures a [Scorer].
type Option func(*Scorer)

// WithCVSS shares a CVSS scorer (and its cache and source preference).
func WithCVSS(s *cvss.Scorer) Option { return func(o *Scorer) { o.cv = s } }

// WithKEV sets the KEV catalog.
func WithKEV(c *kev.Catalog) Option { return func(o *Scorer) { o.kev = c } }

// WithEPSS sets the EPSS data.
func WithEPSS(d *epss.Data) Option { return func(o *Scorer) { o.epss = d } }

// WithPoCThreshold sets the EPSS threshold for poc
// ([DefaultPoCThreshold]).
func WithPoCThreshold(p float64) Option { return func(o *Scorer) { o.poc = p } }

// New returns an SSVC scorer.
func New(opts ...Option) *Scorer {
	s := &Scorer{poc: DefaultPoCThreshold}
	for _, o := range opts {
		o(s)
	}
	if s.cv == nil {
		s.cv = cvss.New()
	}
	// Every combination's factor, built once.
	for _, e := range []Exploitation{ExploitNone, ExploitPoC, ExploitActive} {
		for _, a := range []bool{false, true} {
			for _, t := range []TechnicalImpact{ImpactPartial, ImpactTotal} {
				for _, p := range []MissionPrevalence{PrevalenceMinimal, PrevalenceSupport, PrevalenceEssential} {
					for _, w := range []WellBeing{WellBeingMinimal, WellBeingMaterial, WellBeingIrreversible} {
						in := Inputs{e, a, t, p, w}
						auto := "no"
						if a {
							auto = "yes"
						}
						d := Decide(in)
						s.factors[index(in)] = aspm.Factor{
							Name: Name,
							Input: "exploitation " + string(e) + ", automatable " + auto + ", technical impact " + string(t) +
								", mission " + string(in.MissionWellBeing()) + " (prevalence " + string(p) + ", well-being " + string(w) + ") → " + string(d),
							Value:       Value(d),
							Explanation: "CISA SSVC decision " + string(d),
						}
					}
				}
			}
		}
	}
	return s
}

// Name returns "ssvc".
func (s *Scorer) Name() string { return Name }

// Inputs returns the decision points of an issue; ok is false when it has
// no valid CVSS vector.
func (s *Scorer) Inputs(is *aspm.Issue, g graph.View) (Inputs, bool) {
	_, m, ok := s.cv.Best(is)
	if !ok {
		return Inputs{}, false
	}
	in := Inputs{Exploitation: ExploitNone, Impact: ImpactPartial, Prevalence: PrevalenceSupport, WellBeing: WellBeingMinimal}
	if _, ok := s.kev.Find(is.Vulns); ok {
		in.Exploitation = ExploitActive
	} else if s.epss != nil {
		for _, v := range is.Vulns {
			if len(v) < 4 || v[:4] != "CVE-" {
				continue
			}
			if e, ok := s.epss.Lookup(v); ok && e.EPSS >= s.poc {
				in.Exploitation = ExploitPoC
				break
			}
		}
	}
	if m.TotalImpact {
		in.Impact = ImpactTotal
	}
	in.Automatable = m.Network && m.NoPrivileges
	if g != nil {
		ic := g.IssueContext(is)
		for _, sc := range ic.Services {
			if sc.Exposure == aspm.ExposureNone {
				in.Automatable = false
			}
		}
		switch ic.Tier {
		case aspm.TierCritical:
			in.Prevalence = PrevalenceEssential
		case aspm.TierLow:
			in.Prevalence = PrevalenceMinimal
		}
		for _, d := range ic.DataClasses {
			switch d {
			case aspm.DataPHI:
				in.WellBeing = WellBeingIrreversible
			case aspm.DataPII, aspm.DataPCI, aspm.DataFinancial, aspm.DataCredentials:
				if in.WellBeing == WellBeingMinimal {
					in.WellBeing = WellBeingMaterial
				}
			}
		}
	}
	return in, true
}

// Score implements score.Scorer.
func (s *Scorer) Score(_ context.Context, is *aspm.Issue, g graph.View) (aspm.Factor, bool, error) {
	in, ok := s.Inputs(is, g)
	if !ok {
		return aspm.Factor{}, false, nil
	}
	return s.factors[index(in)], true, nil
}
