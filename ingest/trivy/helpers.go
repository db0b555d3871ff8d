package trivy

import (
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// redactMatch renders a secret's matched line safely: Trivy masks the secret
// with asterisks, and then the masked line is kept (clipped); a line with no
// mask is redacted as a whole.
func redactMatch(match string) string {
	match = strings.TrimSpace(match)
	if match == "" {
		return ""
	}
	if !strings.Contains(match, "***") {
		return aspm.RedactSecret(match)
	}
	const max = 200
	return decode.Clip(match, max)
}
