package policy

import (
	"slices"
	"strings"
)

// ControlStatus is a framework control's state in a compliance report.
type ControlStatus string

// The control states.
const (
	// ControlPass: rules cover the control and none of severity fail has
	// a violation that is not excepted.
	ControlPass ControlStatus = "pass"
	// ControlFail: a covering rule of severity fail has a violation, or
	// could not be evaluated.
	ControlFail ControlStatus = "fail"
	// ControlNotCovered: no rule is tagged with the control.
	ControlNotCovered ControlStatus = "not_covered"
)

// Compliance is the compliance report: per framework control, the rules
// that cover it, its status and the evidence.
type Compliance struct {
	Frameworks []FrameworkResult `json:"frameworks"`
}

// FrameworkResult is one framework of the compliance report.
type FrameworkResult struct {
	ID       string          `json:"id"`
	Name     string          `json:"name"`
	Controls []ControlResult `json:"controls"`
}

// ControlResult is one control of the compliance report.
type ControlResult struct {
	// ID is the control id ("RV.2.2"); Tag the rule tag that names it
	// ("nist-ssdf:RV.2.2"); Text posture's own summary of it.
	ID     string        `json:"id"`
	Tag    string        `json:"tag"`
	Text   string        `json:"text"`
	Status ControlStatus `json:"status"`
	// Rules are the rules tagged with the control.
	Rules []string `json:"rules"`
	// Failing are the issues that violate a covering rule of severity
	// fail; Warnings those violating one of severity warn or info;
	// Excepted those whose violation an exception accepts, with the
	// Exceptions' ids.
	Failing    []string `json:"failing"`
	Warnings   []string `json:"warnings"`
	Excepted   []string `json:"excepted"`
	Exceptions []string `json:"exceptions"`
}

func compliance(cat *Catalog, results []RuleResult) Compliance {
	byTag := map[string][]*RuleResult{}
	for i := range results {
		for _, t := range results[i].Tags {
			if _, _, ok := cat.controlTag(t); ok {
				byTag[t] = append(byTag[t], &results[i])
			}
		}
	}
	var out Compliance
	for _, f := range cat.Frameworks {
		fr := FrameworkResult{ID: f.ID, Name: f.Name, Controls: []ControlResult{}}
		for _, ctl := range f.Controls {
			tag := f.ID + ":" + ctl.ID
			cr := ControlResult{ID: ctl.ID, Tag: tag, Text: ctl.Text, Status: ControlNotCovered,
				Rules: []string{}, Failing: []string{}, Warnings: []string{}, Excepted: []string{}, Exceptions: []string{}}
			for _, r := range byTag[tag] {
				cr.Rules = append(cr.Rules, r.Rule)
				if r.Severity == SeverityFail {
					cr.Failing = append(cr.Failing, r.Violations...)
				} else {
					cr.Warnings = append(cr.Warnings, r.Violations...)
				}
				cr.Excepted = append(cr.Excepted, r.Excepted...)
				cr.Exceptions = append(cr.Exceptions, r.Exceptions...)
				if len(r.Errors) > 0 {
					cr.Status = ControlFail
				}
			}
			if len(cr.Rules) > 0 && cr.Status != ControlFail {
				cr.Status = ControlPass
				if len(cr.Failing) > 0 {
					cr.Status = ControlFail
				}
			}
			for _, s := range []*[]string{&cr.Rules, &cr.Failing, &cr.Warnings, &cr.Excepted, &cr.Exceptions} {
				slices.Sort(*s)
				*s = slices.Compact(*s)
			}
			fr.Controls = append(fr.Controls, cr)
		}
		out.Frameworks = append(out.Frameworks, fr)
	}
	return out
}

// Control returns the result of a control by its tag
// ("iso27001:8.8"), and false when the report has no such control.
func (c Compliance) Control(tag string) (ControlResult, bool) {
	fw, id, _ := strings.Cut(tag, ":")
	for _, f := range c.Frameworks {
		if f.ID != fw {
			continue
		}
		for _, x := range f.Controls {
			if x.ID == id {
				return x, true
			}
		}
	}
	return ControlResult{}, false
}
