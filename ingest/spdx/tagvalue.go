package spdx

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/posturekit/posture/aspm"
	"github.com/posturekit/posture/internal/decode"
)

// tvLine is one "Tag: value" pair of a tag-value document.
type tvLine struct {
	tag, value string
	line       int // 1-based line of the tag
}

const (
	textOpen  = "<text>"
	textClose = "</text>"
)

// scanTagValue splits a tag-value document into its pairs. A value that
// starts with <text> runs to the next </text>, across lines; one that is
// never closed is an error (the input was cut). Lines that are not a
// "Tag: value" pair are reported through bad and skipped. Values longer than
// maxText are clipped.
func scanTagValue(ctx context.Context, data []byte, maxText int, bad func(line int, msg string), yield func(tvLine) error) error {
	line := 0
	for pos := 0; pos < len(data); {
		if line&4095 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		line++
		start := pos
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += pos
		}
		pos = end + 1
		raw := bytes.TrimRight(data[start:end], "\r")
		trimmed := bytes.TrimSpace(raw)
		if len(trimmed) == 0 || trimmed[0] == '#' {
			continue
		}
		colon := bytes.IndexByte(raw, ':')
		if colon < 0 {
			bad(line, "not a \"Tag: value\" line; skipped")
			continue
		}
		tag := string(bytes.TrimSpace(raw[:colon]))
		if !validTag(tag) {
			bad(line, fmt.Sprintf("%q is not a tag; line skipped", decode.Clip(tag, 60)))
			continue
		}
		// valStart is the offset in data of the value's first non-space byte.
		valStart := start + colon + 1
		for valStart < start+len(raw) && (data[valStart] == ' ' || data[valStart] == '\t') {
			valStart++
		}
		val := data[valStart : start+len(raw)]
		if !bytes.HasPrefix(val, []byte(textOpen)) {
			if err := yield(tvLine{tag, decode.Clip(string(bytes.TrimSpace(val)), maxText), line}); err != nil {
				return err
			}
			continue
		}
		textStart := valStart + len(textOpen)
		n := bytes.Index(data[textStart:], []byte(textClose))
		if n < 0 {
			return fmt.Errorf("spdx: line %d: %s value of %s is never closed with %s: %w", line, textOpen, decode.Clip(tag, 60), textClose, io.ErrUnexpectedEOF)
		}
		text := data[textStart : textStart+n]
		tagLine := line
		line += bytes.Count(text, []byte("\n"))
		after := textStart + n + len(textClose)
		rest := len(data)
		if i := bytes.IndexByte(data[after:], '\n'); i >= 0 {
			rest = after + i
		}
		if len(bytes.TrimSpace(data[after:rest])) > 0 {
			bad(line, "text after </text> ignored")
		}
		pos = rest + 1
		if err := yield(tvLine{tag, decode.Clip(strings.TrimSpace(string(text)), maxText), tagLine}); err != nil {
			return err
		}
	}
	return nil
}

// validTag reports whether s looks like an SPDX tag: letters, digits,
// "-" and "_", at most 64 bytes.
func validTag(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// tvSection is the kind of element the tags being read belong to.
type tvSection int

const (
	secDocument tvSection = iota
	secPackage
	secFile
	secSnippet
	secOther // licence, annotation, review: nothing posture reads
)

// Decode reads one SPDX 2 tag-value document: packages become components
// and their relationships edges; there are no findings.
func (d *TagValueDecoder) Decode(ctx context.Context, r io.Reader) (*aspm.Document, error) {
	lim := decode.LimitsFrom(ctx)
	data, err := decode.ReadAll(ctx, r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	doc := &aspm.Document{Source: aspm.Source{Format: FormatTagValue}}
	b := newBuilder(doc, lim, decode.NewRecords(ctx), relKind2)

	var (
		version  string
		sec      = secDocument
		cur      *pkgInfo
		cpe22    []string
		creators []string
		created  string
		first    = true
	)
	flush := func() error {
		if cur == nil {
			return nil
		}
		cur.cpes = append(cur.cpes, cpe22...)
		p := *cur
		cur, cpe22 = nil, nil
		return b.addPackage(p)
	}
	where := func(n int) string { return "line " + strconv.Itoa(n) }
	bad := func(n int, msg string) { b.diag("line", aspm.Warnf(where(n), "%s", msg)) }
	outside := func(l tvLine) {
		b.diag("line", aspm.Warnf(where(l.line), "%s outside a package; ignored", l.tag))
	}
	err = scanTagValue(ctx, data, lim.MaxText, bad, func(l tvLine) error {
		if first {
			first = false
			if l.tag != "SPDXVersion" {
				return fmt.Errorf("spdx: %w: line %d: the document does not start with SPDXVersion", decode.ErrNotFormat, l.line)
			}
			version = l.value
			if !strings.HasPrefix(version, "SPDX-2.") {
				return fmt.Errorf("spdx: %w: SPDXVersion %q (this decoder reads SPDX-2.x)", decode.ErrUnsupported, decode.Clip(version, 40))
			}
			return nil
		}
		switch l.tag {
		case "PackageName":
			if err := flush(); err != nil {
				return err
			}
			sec = secPackage
			cur = &pkgInfo{name: l.value, where: where(l.line)}
			return nil
		case "FileName":
			sec = secFile
			return flush()
		case "SnippetSPDXID":
			b.addOther(l.value, "snippet")
			sec = secSnippet
			return flush()
		case "LicenseID", "Annotator", "Reviewer":
			sec = secOther
			return flush()
		case "SPDXID":
			switch sec {
			case secDocument:
				if b.docID == "" {
					b.docID = l.value
				}
			case secPackage:
				if cur.id != "" {
					b.diag("line", aspm.Warnf(where(l.line), "second SPDXID %q for one package; ignored", decode.Clip(l.value, 200)))
				} else {
					cur.id = l.value
				}
			case secFile:
				b.addOther(l.value, "file")
			default:
				b.diag("line", aspm.Warnf(where(l.line), "SPDXID outside a document, package or file section; ignored"))
			}
			return nil
		case "Relationship":
			f := strings.Fields(l.value)
			if len(f) != 3 {
				b.diag("relationship", aspm.Warnf(where(l.line), "relationship %q is not \"A TYPE B\"; skipped", decode.Clip(l.value, 200)))
				return nil
			}
			b.rels = append(b.rels, relInfo{from: f[0], typ: f[1], to: f[2], where: where(l.line)})
			return nil
		case "DocumentName":
			b.name = l.value
			return nil
		case "Creator":
			creators = append(creators, l.value)
			return nil
		case "Created":
			created = l.value
			return nil
		}
		if !strings.HasPrefix(l.tag, "Package") && l.tag != "ExternalRef" && l.tag != "PrimaryPackagePurpose" {
			return nil // a tag posture does not read
		}
		if sec != secPackage {
			outside(l)
			return nil
		}
		switch l.tag {
		case "PackageVersion":
			cur.version = l.value
		case "PackageSupplier":
			cur.supplier = l.value
		case "PackageOriginator":
			cur.originator = l.value
		case "PackageLicenseConcluded", "PackageLicenseDeclared":
			cur.licenses = append(cur.licenses, l.value)
		case "PrimaryPackagePurpose":
			cur.purpose = l.value
		case "PackageChecksum":
			alg, val, ok := strings.Cut(l.value, ":")
			if !ok || strings.TrimSpace(val) == "" {
				b.diag("line", aspm.Warnf(where(l.line), "checksum %q is not \"ALGORITHM: value\"; ignored", decode.Clip(l.value, 200)))
				return nil
			}
			cur.hashes = append(cur.hashes, aspm.Hash{Algorithm: strings.TrimSpace(alg), Value: strings.TrimSpace(val)})
		case "ExternalRef":
			f := strings.Fields(l.value)
			if len(f) != 3 {
				b.diag("line", aspm.Warnf(where(l.line), "external reference %q is not \"CATEGORY TYPE LOCATOR\"; ignored", decode.Clip(l.value, 200)))
				return nil
			}
			switch {
			case strings.EqualFold(f[1], "purl"):
				cur.purls = append(cur.purls, ref{f[2], where(l.line)})
			case f[1] == "cpe23Type":
				cur.cpes = append(cur.cpes, f[2])
			case f[1] == "cpe22Type":
				cpe22 = append(cpe22, f[2])
			case isSecurityRef(f[0], f[1]):
				b.security[f[1]]++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if first {
		return nil, fmt.Errorf("spdx: %w: no SPDXVersion line", decode.ErrNotFormat)
	}
	if err := flush(); err != nil {
		return nil, err
	}
	doc.Source.Tool = creatorsTool(creators)
	doc.Source.ScanTime = parseTime(created)
	b.finish()
	return doc, nil
}
