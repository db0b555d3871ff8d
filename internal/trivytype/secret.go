package trivytype

import (
	"strings"

	"github.com/posturekit/posture/aspm"
)

// MaxMatch is how many bytes of a secret's masked line decoders keep.
const MaxMatch = 200

// MaskedMatch returns what may be kept of the line in which Trivy found a
// secret: the line itself when Trivy masked the secret in it with
// asterisks, else the whole line redacted; "" for an empty line. Callers
// clip it to MaxMatch bytes.
func MaskedMatch(match string) string {
	match = strings.TrimSpace(match)
	switch {
	case match == "":
		return ""
	case !strings.Contains(match, "***"):
		return aspm.RedactSecret(match)
	}
	return match
}
