// Package vexdecide decides the VEX statement an issue supports, from its
// triage decision or its excepted policy verdicts; the CycloneDX VEX and
// OpenVEX exporters share it.
package vexdecide

import (
	"cmp"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// Decision is the VEX statement an issue supports.
type Decision struct {
	State         aspm.VEXState
	Justification string // OpenVEX vocabulary
	Impact        string
	Action        string
	Notes         string
	At            time.Time
}

// Justification maps CycloneDX's and OpenVEX's justification words onto
// OpenVEX's.
func Justification(s string) string {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "component_not_present", "requires_dependency":
		return "component_not_present"
	case "vulnerable_code_not_present", "code_not_present":
		return "vulnerable_code_not_present"
	case "vulnerable_code_not_in_execute_path", "code_not_reachable":
		return "vulnerable_code_not_in_execute_path"
	case "vulnerable_code_cannot_be_controlled_by_adversary", "requires_configuration", "requires_environment":
		return "vulnerable_code_cannot_be_controlled_by_adversary"
	case "inline_mitigations_already_exist", "protected_by_compiler", "protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control":
		return "inline_mitigations_already_exist"
	}
	return ""
}

// Decide derives the statement of an issue from its triage Decision, else
// its policy exceptions, else (with open) its lifecycle state. It reports
// false for an issue that is not about a vulnerability in a package, or
// that has no Decision and open is false.
func Decide(is *aspm.Issue, open bool) (Decision, bool) {
	if len(is.Vulns) == 0 || is.Vulns[0] == "" || is.Component.IsZero() {
		return Decision{}, false
	}
	var d Decision
	switch t := is.Triage; {
	case t != nil && t.VEX != nil && t.VEX.State != "":
		d = Decision{State: t.VEX.State, Justification: Justification(t.VEX.Justification), Impact: t.VEX.Impact,
			Action: strings.Join(t.VEX.Response, ", "), Notes: t.VEX.Detail, At: t.At}
		if d.Justification == "" && t.VEX.Justification != "" {
			d.Impact = cmp.Or(d.Impact, t.VEX.Justification)
		}
	case t != nil:
		d.At = t.At
		switch t.Status {
		case aspm.StatusFalsePositive, aspm.StatusSuppressed:
			d.State, d.Impact = aspm.VEXNotAffected, cmp.Or(t.Reason, "triaged as "+strings.ReplaceAll(string(t.Status), "_", " "))
		case aspm.StatusFixed:
			d.State = aspm.VEXFixed
		case aspm.StatusAccepted:
			d.State, d.Action = aspm.VEXAffected, "Risk accepted"+suffix(t.Reason)
		default:
			d.State = aspm.VEXUnderInvestigation
		}
	default:
		var ex []string
		for _, v := range is.Policy {
			if v.Result == aspm.VerdictExcepted {
				ex = append(ex, strings.TrimSpace(v.Rule+" "+paren(v.Exception)+suffix(v.Message)))
			}
		}
		switch {
		case len(ex) > 0:
			d.State, d.Action = aspm.VEXAffected, "Excepted by policy: "+strings.Join(ex, "; ")
		case !open:
			return Decision{}, false
		case is.Status == aspm.LifecycleFixed:
			d.State = aspm.VEXFixed
		default:
			d.State, d.Action = aspm.VEXAffected, remedy(is)
		}
	}
	if t := is.Triage; t != nil && (t.By != "" || t.Reason != "") && d.Notes == "" {
		d.Notes = strings.TrimSpace("Triaged" + by(t.By) + suffix(t.Reason))
	}
	switch d.State {
	case aspm.VEXNotAffected:
		if d.Justification == "" && d.Impact == "" {
			d.Impact = "Not affected; no justification was recorded"
		}
	case aspm.VEXAffected:
		if d.Action == "" {
			d.Action = remedy(is)
		}
	}
	return d, true
}

func remedy(is *aspm.Issue) string {
	if len(is.FixedVersions) > 0 {
		return "Upgrade " + is.Component.Name() + " to " + strings.Join(is.FixedVersions, " or ")
	}
	return "No fix is known; mitigate or remove the component"
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

func paren(s string) string {
	if s == "" {
		return ""
	}
	return "(" + s + ")"
}

func by(s string) string {
	if s == "" {
		return ""
	}
	return " by " + s
}
