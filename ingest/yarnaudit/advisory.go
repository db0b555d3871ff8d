package yarnaudit

import (
	"encoding/json"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/npmadvisory"
)

// advisoryFinding maps what an advisory says about every installed version.
func advisoryFinding(lim decode.Limits, adv *npmadvisory.Advisory, members map[string]json.RawMessage) aspm.Finding {
	id := decode.RawText(adv.ID)
	f := adv.Finding(id)
	f.Title = decode.Clip(decode.FirstLine(adv.Title), lim.MaxText)
	if f.Title == "" {
		f.Title = "npm advisory " + id
	}
	f.Description = decode.Clip(adv.Overview, lim.MaxText)
	f.Properties = decode.MemberProperties(members, npmadvisory.Members()...)
	return f
}
