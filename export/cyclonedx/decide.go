package cyclonedx

import (
	"cmp"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// decision is the VEX statement an issue supports.
type decision struct {
	state         aspm.VEXState
	justification string // OpenVEX vocabulary
	impact        string
	action        string
	notes         string
	at            time.Time
}

// justification maps CycloneDX's and OpenVEX's justification words onto
// OpenVEX's.
func justification(s string) string {
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

// decide derives the statement of an issue from its triage decision, else
// its policy exceptions, else (with open) its lifecycle state. It reports
// false for an issue that is not about a vulnerability in a package, or
// that has no decision and open is false.
func decide(is *aspm.Issue, open bool) (decision, bool) {
	if len(is.Vulns) == 0 || is.Vulns[0] == "" || is.Component.IsZero() {
		return decision{}, false
	}
	var d decision
	switch t := is.Triage; {
	case t != nil && t.VEX != nil && t.VEX.State != "":
		d = decision{state: t.VEX.State, justification: justification(t.VEX.Justification), impact: t.VEX.Impact,
			action: strings.Join(t.VEX.Response, ", "), notes: t.VEX.Detail, at: t.At}
		if d.justification == "" && t.VEX.Justification != "" {
			d.impact = cmp.Or(d.impact, t.VEX.Justification)
		}
	case t != nil:
		d.at = t.At
		switch t.Status {
		case aspm.StatusFalsePositive, aspm.StatusSuppressed:
			d.state, d.impact = aspm.VEXNotAffected, cmp.Or(t.Reason, "triaged as "+strings.ReplaceAll(string(t.Status), "_", " "))
		case aspm.StatusFixed:
			d.state = aspm.VEXFixed
		case aspm.StatusAccepted:
			d.state, d.action = aspm.VEXAffected, "Risk accepted"+suffix(t.Reason)
		default:
			d.state = aspm.VEXUnderInvestigation
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
			d.state, d.action = aspm.VEXAffected, "Excepted by policy: "+strings.Join(ex, "; ")
		case !open:
			return decision{}, false
		case is.Status == aspm.LifecycleFixed:
			d.state = aspm.VEXFixed
		default:
			d.state, d.action = aspm.VEXAffected, remedy(is)
		}
	}
	if t := is.Triage; t != nil && (t.By != "" || t.Reason != "") && d.notes == "" {
		d.notes = strings.TrimSpace("Triaged" + by(t.By) + suffix(t.Reason))
	}
	switch d.state {
	case aspm.VEXNotAffected:
		if d.justification == "" && d.impact == "" {
			d.impact = "Not affected; no justification was recorded"
		}
	case aspm.VEXAffected:
		if d.action == "" {
			d.action = remedy(is)
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
