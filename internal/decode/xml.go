package decode

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
)

// CheckXMLDepth fails with [ErrTooDeep], wrapped in a *SyntaxError with the
// offset, when XML elements nest deeper than max. It reads raw tokens only,
// so it neither checks nor expands anything else (the strict decoder that
// runs next does), and returns the tokenizer's error for text that is not
// XML tokens (mismatched tags are left to the decoder).
func CheckXMLDepth(data []byte, max int) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	depth := 0
	for {
		tok, err := dec.RawToken()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			depth++
			if depth > max {
				return &SyntaxError{Offset: dec.InputOffset(), Err: fmt.Errorf("%w (%d)", ErrTooDeep, max)}
			}
		case xml.EndElement:
			depth--
		}
	}
}
