package business

import (
	"context"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/graph"
	"github.com/posturekit/posture/score/internal/memo"
)

// Name is the scorer's name, under which the engine looks up its weight.
const Name = "business"

// Scorer judges what is at stake where the issue lives, from the graph's
// [graph.IssueContext]: the services' most critical tier, their most
// sensitive data class, their widest exposure and whether any runs in
// production, blended as
//
//	0.30·tier + 0.25·data + 0.30·exposure + 0.15·environment
//
// with tier critical 1, high 0.75, medium 0.5, low 0.25 (unknown 0.5);
// data phi, pci, credentials or secrets 1, pii or financial 0.8,
// confidential 0.6, internal 0.3, public 0.1 (none said 0.3); exposure
// internet 1, internal 0.5, none 0.2 (unknown 0.5); production 1, known
// non-production environments 0.3 (none said 0.6).
//
// Compensating controls lower it: the controls that every one of the
// issue's services has multiply it by their factors (network isolation
// 0.7, WAF, RASP and sandbox 0.85, authentication 0.9, others 0.95), down
// to at most half the uncontrolled value. An issue the graph maps to no
// service gets no opinion. It is safe for concurrent use.
type Scorer struct {
	memo *memo.Cache[key, aspm.Factor]
}

// key identifies the factor of the common case: one service with at most
// one control.
type key struct {
	service  string
	tier     aspm.Tier
	data     string
	exposure aspm.Exposure
	env      int8
	control  aspm.Control
}

// New returns a business-context scorer.
func New() *Scorer { return &Scorer{memo: memo.New[key, aspm.Factor](1 << 14)} }

// Name returns "business".
func (*Scorer) Name() string { return Name }

func tierValue(t aspm.Tier) float64 {
	switch t {
	case aspm.TierCritical:
		return 1
	case aspm.TierHigh:
		return 0.75
	case aspm.TierMedium:
		return 0.5
	case aspm.TierLow:
		return 0.25
	}
	return 0.5
}

func dataValue(d aspm.DataClass) float64 {
	switch d {
	case aspm.DataPHI, aspm.DataPCI, aspm.DataCredentials, aspm.DataSecrets:
		return 1
	case aspm.DataPII, aspm.DataFinancial:
		return 0.8
	case aspm.DataConfidential:
		return 0.6
	case aspm.DataInternal:
		return 0.3
	case aspm.DataPublic:
		return 0.1
	}
	return 0.3
}

func exposureValue(e aspm.Exposure) float64 {
	switch e {
	case aspm.ExposureInternet:
		return 1
	case aspm.ExposureInternal:
		return 0.5
	case aspm.ExposureNone:
		return 0.2
	}
	return 0.5
}

// ControlFactor returns how much a compensating control multiplies the
// business value by.
func ControlFactor(c aspm.Control) float64 {
	switch c {
	case aspm.ControlNetworkIsolation:
		return 0.7
	case aspm.ControlWAF, aspm.ControlRASP, aspm.ControlSandbox:
		return 0.85
	case aspm.ControlAuthentication:
		return 0.9
	}
	return 0.95
}

// Score implements score.Scorer.
func (s *Scorer) Score(_ context.Context, is *aspm.Issue, g graph.View) (aspm.Factor, bool, error) {
	if g == nil {
		return aspm.Factor{}, false, nil
	}
	ic := g.IssueContext(is)
	if len(ic.Services) == 0 {
		return aspm.Factor{}, false, nil
	}
	if len(ic.Services) > 1 || len(ic.Services[0].Controls) > 1 || s.memo == nil {
		return factor(ic), true, nil
	}
	k := key{service: ic.Services[0].Name, tier: ic.Tier, exposure: ic.Exposure, env: envState(ic)}
	if len(ic.Services[0].Controls) == 1 {
		k.control = ic.Services[0].Controls[0]
	}
	_, k.data = dataOf(ic)
	if f, ok := s.memo.Get(k); ok {
		return f, true, nil
	}
	f := factor(ic)
	s.memo.Put(k, f)
	return f, true, nil
}

func envState(ic graph.IssueContext) int8 {
	switch {
	case ic.Production:
		return 2
	case len(ic.Environments) > 0:
		return 1
	}
	return 0
}

func dataOf(ic graph.IssueContext) (float64, string) {
	data, name := 0.3, "none said"
	for _, d := range ic.DataClasses {
		if v := dataValue(d); v > data || name == "none said" {
			data, name = v, string(d)
		}
	}
	return data, name
}

func factor(ic graph.IssueContext) aspm.Factor {
	var b strings.Builder
	b.Grow(96)
	tier := tierValue(ic.Tier)
	b.WriteString("tier ")
	b.WriteString(orUnknown(string(ic.Tier)))
	data, dataName := dataOf(ic)
	b.WriteString(", data ")
	b.WriteString(dataName)
	exp := exposureValue(ic.Exposure)
	b.WriteString(", exposure ")
	b.WriteString(orUnknown(string(ic.Exposure)))
	env := 0.6
	switch envState(ic) {
	case 2:
		env = 1
		b.WriteString(", production")
	case 1:
		env = 0.3
		b.WriteString(", not production")
	default:
		b.WriteString(", environment unknown")
	}
	raw := 0.30*tier + 0.25*data + 0.30*exp + 0.15*env
	v := raw
	controls := commonControls(ic.Services)
	if len(controls) > 0 {
		b.WriteString(", controls ")
		for i, c := range controls {
			if i > 0 {
				b.WriteByte('+')
			}
			b.WriteString(string(c))
			v *= ControlFactor(c)
		}
		v = max(v, raw/2)
	}
	expl := "what is at stake in " + strings.Join(serviceNames(ic.Services), ", ")
	if v < raw {
		expl += "; lowered by compensating controls"
	}
	return aspm.Factor{Name: Name, Input: b.String(), Value: v, Explanation: expl}
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// commonControls returns the controls every service has, sorted.
func commonControls(ss []graph.ServiceContext) []aspm.Control {
	if len(ss) == 0 {
		return nil
	}
	out := slices.Clone(ss[0].Controls)
	for _, s := range ss[1:] {
		out = slices.DeleteFunc(out, func(c aspm.Control) bool { return !slices.Contains(s.Controls, c) })
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func serviceNames(ss []graph.ServiceContext) []string {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return names
}
