package dependencycheck

import (
	"bytes"
	"fmt"

	"github.com/posturekit/posture/internal/decode"
)

// checkXMLDepth scans XML text and fails with decode.ErrTooDeep, wrapped in
// a *decode.SyntaxError with the offset, when elements nest deeper than max.
// It skips comments, processing instructions, CDATA sections and the
// document type declaration, and does not validate anything else: the
// decoder that runs next does. encoding/xml has no depth limit of its own
// below the one the limits ask for.
func checkXMLDepth(data []byte, max int) error {
	depth := 0
	for i := 0; i < len(data); i++ {
		if data[i] != '<' {
			continue
		}
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i = skipPast(data, i+4, "-->")
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i = skipPast(data, i+9, "]]>")
		case bytes.HasPrefix(rest, []byte("<?")):
			i = skipPast(data, i+2, "?>")
		case bytes.HasPrefix(rest, []byte("<!")):
			i = skipDeclaration(data, i+2)
		case bytes.HasPrefix(rest, []byte("</")):
			depth--
			i = skipPast(data, i+2, ">")
		default:
			end, selfClosing := tagEnd(data, i+1)
			if !selfClosing {
				depth++
				if depth > max {
					return &decode.SyntaxError{Offset: int64(i), Err: fmt.Errorf("%w (%d)", decode.ErrTooDeep, max)}
				}
			}
			i = end
		}
	}
	return nil
}

// skipPast returns the index of the last byte of the first end at or after
// from, or the end of data.
func skipPast(data []byte, from int, end string) int {
	if from >= len(data) {
		return len(data)
	}
	n := bytes.Index(data[from:], []byte(end))
	if n < 0 {
		return len(data)
	}
	return from + n + len(end) - 1
}

// skipDeclaration skips a <!DOCTYPE …> declaration, with its internal
// subset in brackets and quoted strings.
func skipDeclaration(data []byte, i int) int {
	brackets := 0
	var quote byte
	for ; i < len(data); i++ {
		c := data[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '[':
			brackets++
		case c == ']':
			brackets--
		case c == '>' && brackets <= 0:
			return i
		}
	}
	return len(data)
}

// tagEnd returns the index of the '>' that closes the start tag beginning at
// i, skipping quoted attribute values, and whether the tag closes itself.
func tagEnd(data []byte, i int) (int, bool) {
	var quote byte
	for ; i < len(data); i++ {
		c := data[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i, i > 0 && data[i-1] == '/'
		}
	}
	return len(data), false
}
