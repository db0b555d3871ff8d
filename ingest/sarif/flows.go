package sarif

import (
	"slices"
	"strconv"
	"unicode/utf8"

	gosarif "github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/posturekit/posture/aspm"
)

// maxFrames bounds the frames kept of a code flow: the first and the last
// half of it.
const maxFrames = 20

type frame struct {
	File    string
	Line    int
	Column  int
	Logical string
	Message string
}

// codeFlows summarises the first thread flow of the first code flow: its
// frames, entry first, in Reachability.Trace and, with their messages, in
// Properties["code_flows"]. No reachability level is claimed.
func (rc *runCtx) codeFlows(f *aspm.Finding, flows []*gosarif.CodeFlow, secret bool, ps *propSet) {
	var tf *gosarif.ThreadFlow
	threads := 0
	for _, cf := range flows {
		if cf == nil {
			continue
		}
		for _, t := range cf.ThreadFlows {
			if t != nil {
				threads++
				if tf == nil {
					tf = t
				}
			}
		}
	}
	if tf == nil || len(tf.Locations) == 0 {
		return
	}
	steps := tf.Locations
	omitted := 0
	if len(steps) > maxFrames {
		omitted = len(steps) - maxFrames
		steps = append(slices.Clip(steps[:maxFrames/2]), steps[len(steps)-maxFrames/2:]...)
	}
	frames := make([]frame, 0, len(steps))
	for _, s := range steps {
		if s == nil || s.Location == nil {
			continue
		}
		var fr frame
		if pl := s.Location.PhysicalLocation; pl != nil {
			fr.File = rc.paths.file(pl.ArtifactLocation)
			if rg := pl.Region; rg != nil {
				if rg.StartLine != nil && *rg.StartLine > 0 {
					fr.Line = *rg.StartLine
				}
				if rg.StartColumn != nil && *rg.StartColumn > 0 {
					fr.Column = *rg.StartColumn
				}
			}
		}
		for _, ll := range s.Location.LogicalLocations {
			if name, _ := rc.logicalName(ll); name != "" {
				fr.Logical = name
				break
			}
		}
		if s.Location.Message != nil && !secret {
			fr.Message = deref(s.Location.Message.Text)
		}
		if fr == (frame{}) {
			continue
		}
		frames = append(frames, fr)
	}
	if len(frames) == 0 {
		return
	}
	f.Reachability = &aspm.Reachability{Trace: rc.st.trace(frames)}
	ps.set("code_flows", rc.st.framesJSON(threads, len(tf.Locations), omitted, frames))
}

// trace renders each frame as "logical (file:line)", "file:line" or
// "logical"; the entries share one allocation.
func (st *state) trace(frames []frame) []string {
	b := st.scratch[:0]
	ends := make([]int, len(frames))
	for i, fr := range frames {
		switch {
		case fr.File == "":
			b = append(b, fr.Logical...)
		case fr.Logical != "":
			b = append(b, fr.Logical...)
			b = append(b, " ("...)
			b = appendFileLine(b, fr)
			b = append(b, ')')
		default:
			b = appendFileLine(b, fr)
		}
		ends[i] = len(b)
	}
	st.scratch = b
	all := string(b)
	out := make([]string, len(frames))
	start := 0
	for i, end := range ends {
		out[i] = all[start:end]
		start = end
	}
	return out
}

func appendFileLine(b []byte, fr frame) []byte {
	b = append(b, fr.File...)
	if fr.Line > 0 {
		b = append(b, ':')
		b = strconv.AppendInt(b, int64(fr.Line), 10)
	}
	return b
}

// framesJSON renders a code-flow summary as compact JSON:
// {"flows":N,"steps":N,"omitted":N,"frames":[{"file":…,"line":…,…}]}.
// It is written by hand, into a reused buffer, because it runs for every
// result with a code flow.
func (st *state) framesJSON(flows, steps, omitted int, frames []frame) string {
	b := st.scratch[:0]
	b = append(b, `{"flows":`...)
	b = strconv.AppendInt(b, int64(flows), 10)
	b = append(b, `,"steps":`...)
	b = strconv.AppendInt(b, int64(steps), 10)
	if omitted > 0 {
		b = append(b, `,"omitted":`...)
		b = strconv.AppendInt(b, int64(omitted), 10)
	}
	b = append(b, `,"frames":[`...)
	for i, fr := range frames {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '{')
		sep := false
		field := func(name string) {
			if sep {
				b = append(b, ',')
			}
			sep = true
			b = append(b, '"')
			b = append(b, name...)
			b = append(b, `":`...)
		}
		if fr.File != "" {
			field("file")
			b = appendJSONString(b, fr.File)
		}
		if fr.Line > 0 {
			field("line")
			b = strconv.AppendInt(b, int64(fr.Line), 10)
		}
		if fr.Column > 0 {
			field("column")
			b = strconv.AppendInt(b, int64(fr.Column), 10)
		}
		if fr.Logical != "" {
			field("logical")
			b = appendJSONString(b, fr.Logical)
		}
		if fr.Message != "" {
			field("message")
			b = appendJSONString(b, fr.Message)
		}
		b = append(b, '}')
	}
	b = append(b, "]}"...)
	st.scratch = b
	return string(b)
}

// appendJSONString appends s as a JSON string, as encoding/json writes it
// (invalid UTF-8 becomes U+FFFD; <, > and & are not escaped).
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\\ufffd"...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
