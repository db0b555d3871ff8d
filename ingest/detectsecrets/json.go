package detectsecrets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/posturekit/posture/internal/decode"
	"strconv"
	"strings"
)

// leftovers returns raw's members other than known and null ones, or nil.
func leftovers(raw json.RawMessage, known ...string) map[string]json.RawMessage {
	var m map[string]json.RawMessage
	if json.Unmarshal(raw, &m) != nil {
		return nil
	}
	for _, k := range known {
		delete(m, k)
	}
	for k, v := range m {
		if isNull(v) {
			delete(m, k)
		}
	}
	if len(m) == 0 {
		return nil
	}
	return m
}

func isNull(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) == 0 || string(t) == "null"
}

// ptr escapes a JSON pointer token.
func ptr(tok string) string {
	return strings.NewReplacer("~", "~0", "/", "~1").Replace(tok)
}

func at(base string, i int) string { return base + "/" + strconv.Itoa(i) }

// shapeErr turns a JSON type mismatch at the top level (an array where an
// object belongs) into ErrNotFormat: the input is JSON, but not this
// format.
func shapeErr(err error) error {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return fmt.Errorf("%w: %v", decode.ErrNotFormat, err)
	}
	return err
}
