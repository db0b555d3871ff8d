package npmaudit

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/npmadvisory"
)

// FormatV6 is the name of the npm 6 audit report format.
const FormatV6 aspm.Format = "npm-audit-v6"

// V6Decoder reads npm 6 audit reports (and the npm registry's audit
// response of the same shape). The zero value is ready to use; it is safe
// for concurrent use.
type V6Decoder struct{}

// Format returns FormatV6.
func (*V6Decoder) Format() aspm.Format { return FormatV6 }

// Detect accepts a JSON object with an "advisories" member, or one that
// starts with npm's "actions" list (whose "resolves" name advisories), and
// no "auditReportVersion".
func (*V6Decoder) Detect(head []byte) bool {
	s := decode.Sniff(head)
	if !s.JSON || s.Array || s.Has("auditReportVersion") || s.Has("vulnerabilities") {
		return false
	}
	if s.Has("advisories") {
		return s.Has("metadata") || s.Has("actions") || s.Has("muted") || bytes.Contains(head, []byte(`"module_name"`))
	}
	// a long actions list hides the later keys
	return len(s.Keys) == 1 && s.Keys[0] == "actions" &&
		bytes.Contains(head, []byte(`"resolves"`)) && bytes.Contains(head, []byte(`"isMajor"`))
}

type v6Action struct {
	Action   string `json:"action"`
	Module   string `json:"module"`
	Target   string `json:"target"`
	IsMajor  bool   `json:"isMajor"`
	Resolves []struct {
		ID json.RawMessage `json:"id"`
	} `json:"resolves"`
}

// Decode reads an npm 6 audit report.
func (*V6Decoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	var top map[string]json.RawMessage
	if err := decode.Unmarshal(data, lim.MaxDepth, &top); err != nil {
		return nil, decode.ShapeError(err)
	}
	if _, ok := top["auditReportVersion"]; ok {
		return nil, fmt.Errorf("%w: an npm 7 report (auditReportVersion)", decode.ErrNotFormat)
	}
	if _, ok := top["advisories"]; !ok {
		return nil, fmt.Errorf("%w: no advisories", decode.ErrNotFormat)
	}
	var advisories map[string]json.RawMessage
	if err := json.Unmarshal(top["advisories"], &advisories); err != nil {
		return nil, fmt.Errorf("%w: advisories is not an object", decode.ErrNotFormat)
	}
	doc := &aspm.Document{Source: aspm.Source{Tool: aspm.Tool{Name: "npm audit"}, Format: FormatV6}}
	var acts []v6Action
	if raw, ok := top["actions"]; ok && decode.RawText(raw) != "" {
		if err := json.Unmarshal(raw, &acts); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf("/actions", "actions skipped: %v", err))
		}
	}
	actions := actionsByAdvisory(acts)
	recs := decode.NewRecords(ctx)
	for _, key := range sortedKeys(advisories) {
		ptr := "/advisories/" + decode.PointerToken(key)
		var members map[string]json.RawMessage
		var adv npmadvisory.Advisory
		if err := json.Unmarshal(advisories[key], &members); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "advisory skipped: %v", err))
			continue
		}
		if err := json.Unmarshal(advisories[key], &adv); err != nil {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Errorf(ptr, "advisory skipped: %v", err))
			continue
		}
		id := decode.RawText(adv.ID)
		if id == "" {
			id = key
		}
		if adv.ModuleName == "" {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(ptr, "advisory %s has no module_name", id))
		}
		base := adv.Finding(id)
		base.Title = decode.Clip(decode.FirstLine(adv.Title), lim.MaxText)
		if base.Title == "" {
			base.Title = "npm advisory " + id
		}
		base.Description = decode.Clip(adv.Overview, lim.MaxText)
		base.Properties = decode.MemberProperties(members, npmadvisory.Members()...)
		decode.SetProperty(&base, "actions", npmadvisory.JSONList(actions[id]))
		for _, g := range npmadvisory.GroupByVersion(adv.Findings) {
			if err := recs.Add(); err != nil {
				return nil, err
			}
			f := base
			f.Properties = maps.Clone(base.Properties)
			f.Component = npmadvisory.Component(adv.ModuleName, g.Version, g.Paths)
			f.Provenance = aspm.Provenance{Index: len(doc.Findings), Pointer: fmt.Sprintf("%s/findings/%d", ptr, g.Index)}
			decode.SetProperty(&f, "dependency_paths", npmadvisory.JSONList(g.Paths))
			for _, flag := range []struct {
				name string
				on   bool
			}{{"dev", g.Dev}, {"optional", g.Optional}, {"bundled", g.Bundled}} {
				if flag.on {
					decode.SetProperty(&f, flag.name, "true")
				}
			}
			doc.Findings = append(doc.Findings, f)
		}
		if len(adv.Findings) == 0 {
			doc.Diagnostics = append(doc.Diagnostics, aspm.Warnf(ptr, "advisory %s lists no installed versions", id))
		}
	}
	return doc, nil
}

// actionsByAdvisory lists, per advisory id, the actions that resolve it.
func actionsByAdvisory(actions []v6Action) map[string][]string {
	out := map[string][]string{}
	for _, a := range actions {
		desc := strings.TrimSpace(a.Action + " " + a.Module)
		if a.Target != "" {
			desc += "@" + a.Target
		}
		if a.IsMajor {
			desc += " (major)"
		}
		for _, r := range a.Resolves {
			id := decode.RawText(r.ID)
			if id != "" && !slices.Contains(out[id], desc) {
				out[id] = append(out[id], desc)
			}
		}
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}
