package trivy

import "strings"

// splitTarget splits an OS result target "alpine:3.14 (alpine 3.14.0)" into
// the image or path before the parentheses and the family and release in
// them. ok is false when the target has no such suffix.
func splitTarget(target string) (name, family, release string, ok bool) {
	target = strings.TrimSpace(target)
	if !strings.HasSuffix(target, ")") {
		return target, "", "", false
	}
	i := strings.LastIndex(target, " (")
	if i < 0 {
		return target, "", "", false
	}
	inner := target[i+2 : len(target)-1]
	j := strings.LastIndexByte(inner, ' ')
	if j <= 0 {
		return target, "", "", false
	}
	return target[:i], inner[:j], inner[j+1:], true
}
