package html

import "github.com/posturekit/posture/internal/textclean"

// clean is textclean.Clean: no ANSI escapes, control or bidi characters,
// cut at max runes (0: no limit).
func clean(s string, max int) string { return textclean.Clean(s, max) }
