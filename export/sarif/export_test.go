package sarif

import (
	"context"
	"encoding/json"

	"github.com/posturekit/posture/aspm"
)

// MarshalForTest marshals the log of r in one piece with encoding/json, as
// the streaming writer should lay it out.
func MarshalForTest(ctx context.Context, e *Encoder, r *aspm.Result) ([]byte, error) {
	l, err := e.build(ctx, r)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(l, "", "  ")
	return append(b, '\n'), err
}
