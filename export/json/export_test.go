package json

import (
	"cmp"
	stdjson "encoding/json"

	"github.com/posturekit/posture/aspm"
)

// MarshalForTest marshals r with encoding/json in one piece, as the
// streaming encoder should lay it out.
func MarshalForTest(r *aspm.Result, compact bool) ([]byte, error) {
	c := *r
	c.Schema = cmp.Or(c.Schema, aspm.SchemaV1)
	c.Summary = summary(c.Summary)
	c.Issues = nil
	for _, i := range sortedIssues(r.Issues) {
		c.Issues = append(c.Issues, r.Issues[i])
	}
	if c.Issues == nil {
		c.Issues = []aspm.Issue{}
	}
	var b []byte
	var err error
	if compact {
		b, err = stdjson.Marshal(c)
	} else {
		b, err = stdjson.MarshalIndent(c, "", "  ")
	}
	return append(b, '\n'), err
}
