package redact

import (
	"regexp"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// Author keeps a person's name and drops an e-mail address, which is
// personal data the model has no place for: "Jane Doe <jane@example.com>"
// gives "Jane Doe", a bare address gives "".
func Author(s string) string {
	if i := strings.IndexByte(s, '<'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	if strings.Contains(s, "@") {
		return ""
	}
	return s
}

// armour is a PEM armour line alone, which several rules report as the
// match of a private key. It is compiled once and only read.
var armour = regexp.MustCompile(`^-----(BEGIN|END) [A-Z0-9 ]+-----$`)

// SecretHash returns aspm.SecretHash of a secret value, or "" when the value
// is only a PEM armour line ("-----BEGIN RSA PRIVATE KEY-----"): every
// private key shares it, so its hash would tie unrelated leaks together.
func SecretHash(value string) string {
	if armour.MatchString(strings.TrimSpace(value)) {
		return ""
	}
	return aspm.SecretHash(value)
}

// email matches an e-mail address. It is compiled once and only read.
var email = regexp.MustCompile(`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`)

// Emails replaces e-mail addresses in a commit message
// ("Co-authored-by: Jane <jane@example.com>") with "[e-mail]": like the
// author's address, they are personal data.
func Emails(s string) string { return email.ReplaceAllString(s, "[e-mail]") }
