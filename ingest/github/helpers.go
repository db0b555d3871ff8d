package github

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
	"github.com/posturekit/posture/internal/npmadvisory"
)

// alertList reads a REST answer: an array of alerts, or one alert object
// (single).
func alertList(data []byte, maxDepth int) (list []json.RawMessage, single bool, err error) {
	if err := decode.CheckDepth(data, maxDepth); err != nil {
		return nil, false, err
	}
	var v json.RawMessage
	if err := json.Unmarshal(data, &v); err != nil {
		return nil, false, err
	}
	v = bytes.TrimSpace(v)
	switch {
	case len(v) > 0 && v[0] == '{':
		return []json.RawMessage{v}, true, nil
	case len(v) > 0 && v[0] == '[':
		if err := json.Unmarshal(v, &list); err != nil {
			return nil, false, err
		}
		return list, false, nil
	}
	return nil, false, fmt.Errorf("%w: not an array of alerts", decode.ErrNotFormat)
}

// alertPointer is the JSON pointer of alert i.
func alertPointer(i int, single bool) string {
	if single {
		return ""
	}
	return fmt.Sprintf("/%d", i)
}

// members unmarshals an alert twice: into v and into its members.
func members(raw json.RawMessage, v any) (map[string]json.RawMessage, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, err
	}
	if m == nil {
		return nil, errors.New("alert is null")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, err
	}
	return m, nil
}

// props turns the members of m other than drop into properties named
// prefix+key, leaving out nulls and the "None" that Python exports write
// for them.
func props(dst map[string]string, prefix string, m map[string]json.RawMessage, drop ...string) map[string]string {
	for k, v := range m {
		if slices.Contains(drop, k) {
			continue
		}
		s := decode.RawText(v)
		if s == "" || s == "None" {
			continue
		}
		if dst == nil {
			dst = map[string]string{}
		}
		dst[prefix+k] = s
	}
	return dst
}

// setProp sets a property when the value is not empty.
func setProp(f *aspm.Finding, k, v string) {
	if v == "" || v == "None" {
		return
	}
	if f.Properties == nil {
		f.Properties = map[string]string{}
	}
	f.Properties[k] = v
}

// null reports whether a text field holds nothing ("", "None", "null").
func null(s string) bool {
	s = strings.TrimSpace(s)
	return s == "" || s == "None" || s == "null"
}

// alertStatus maps an alert's state and dismissal or resolution reason.
func alertStatus(state, reason string) aspm.Status {
	state = strings.ToLower(strings.TrimSpace(state))
	r := strings.ToLower(strings.TrimSpace(reason))
	r = strings.NewReplacer("'", "", " ", "_", "-", "_").Replace(r)
	if null(reason) {
		r = ""
	}
	switch r {
	case "false_positive", "inaccurate", "not_used":
		return aspm.StatusFalsePositive
	case "wont_fix", "tolerable_risk", "no_bandwidth", "used_in_tests", "acceptable_risk":
		return aspm.StatusAccepted
	case "revoked":
		return aspm.StatusFixed
	case "pattern_edited", "pattern_deleted":
		return aspm.StatusSuppressed
	}
	switch state {
	case "fixed":
		return aspm.StatusFixed
	case "dismissed", "auto_dismissed", "resolved":
		return aspm.StatusSuppressed
	}
	return ""
}

// addCVSS appends a score unless it is empty or already there.
func addCVSS(list []aspm.CVSS, vector string, score float64) []aspm.CVSS {
	if null(vector) {
		vector = ""
	}
	if vector == "" && score == 0 {
		return list
	}
	c := aspm.CVSS{Source: "ghsa", Version: npmadvisory.CVSSVersion(vector), Vector: vector, Score: score}
	for i, have := range list {
		if have.Vector == c.Vector && (have.Score == c.Score || c.Score == 0) {
			return list
		}
		if have.Vector == c.Vector && have.Score == 0 {
			list[i].Score = c.Score
			return list
		}
	}
	return append(list, c)
}

// addRef appends a URL once.
func addRef(list []string, u string) []string {
	u = strings.TrimSpace(u)
	if null(u) || slices.Contains(list, u) {
		return list
	}
	return append(list, u)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); !null(s) {
			return s
		}
	}
	return ""
}

// repoPath makes a path that GitHub gives from the repository root
// ("/config/x.env") relative, as other tools give them.
func repoPath(p string) string {
	if null(p) {
		return ""
	}
	return strings.TrimLeft(strings.ReplaceAll(p, "\\", "/"), "/")
}

// region builds a region from 1-based lines and columns; nil when there is
// no line.
func region(startLine, endLine, startCol, endCol int) *aspm.Region {
	if startLine <= 0 {
		return nil
	}
	r := &aspm.Region{StartLine: startLine, StartColumn: max(startCol, 0), EndLine: max(endLine, 0), EndColumn: max(endCol, 0)}
	return r
}

// restDetect reports whether head is a REST answer (an array of alerts or
// one alert) whose alert has every key.
func restDetect(head []byte, keys ...string) bool {
	s := decode.Sniff(head)
	return s.JSON && s.Has(keys...)
}

// alertFingerprints is the identity GitHub gives an alert: its page
// (html_url, unique across repositories), else its GraphQL node id, else
// its number with the repository when known.
func alertFingerprints(htmlURL, nodeID, number, repo string) map[string]string {
	switch {
	case !null(htmlURL):
		return map[string]string{"github/alert": strings.TrimSpace(htmlURL)}
	case !null(nodeID):
		return map[string]string{"github/alert": strings.TrimSpace(nodeID)}
	case !null(number):
		return map[string]string{"github/alert": strings.TrimSpace(repo + "#" + number)}
	}
	return nil
}
