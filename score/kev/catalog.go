package kev

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/posturekit/posture/aspm"
)

// ErrFormat is returned (wrapped) when a file is not a KEV catalog.
var ErrFormat = errors.New("kev: not a KEV catalog")

// MaxSize bounds the bytes Load reads (the catalog is a few MB).
const MaxSize = 64 << 20

// Entry is one known exploited vulnerability.
type Entry struct {
	CVE           string
	VendorProject string
	Product       string
	Name          string
	DateAdded     time.Time
	// DueDate is the remediation deadline CISA set for federal agencies.
	DueDate time.Time
	// Ransomware reports knownRansomwareCampaignUse "Known".
	Ransomware bool
}

// Catalog is a loaded CISA Known Exploited Vulnerabilities catalog. It is
// read-only once loaded and safe for concurrent use.
type Catalog struct {
	File     string
	Version  string
	Released time.Time
	// Diagnostics are the entries that could not be read and other
	// oddities.
	Diagnostics []aspm.Diagnostic
	entries     map[string]Entry
}

type wire struct {
	Title           *string `json:"title"`
	CatalogVersion  string  `json:"catalogVersion"`
	DateReleased    string  `json:"dateReleased"`
	Count           *int    `json:"count"`
	Vulnerabilities *[]struct {
		CVE        string `json:"cveID"`
		Vendor     string `json:"vendorProject"`
		Product    string `json:"product"`
		Name       string `json:"vulnerabilityName"`
		DateAdded  string `json:"dateAdded"`
		DueDate    string `json:"dueDate"`
		Ransomware string `json:"knownRansomwareCampaignUse"`
	} `json:"vulnerabilities"`
}

// Load reads the KEV catalog JSON as CISA publishes it
// (known_exploited_vulnerabilities.json). The library never fetches it.
//
// Malformed or truncated JSON, or a document without a vulnerabilities
// list, is an error wrapping [ErrFormat]; an entry without a valid CVE id
// or with a bad date is skipped (or its date left zero) with a diagnostic
// naming its index, and a count that disagrees with the list gets a
// warning.
func Load(r io.Reader, name string) (*Catalog, error) {
	var w wire
	dec := json.NewDecoder(io.LimitReader(r, MaxSize))
	if err := dec.Decode(&w); err != nil {
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%w: %s: truncated JSON: %w", ErrFormat, name, err)
		}
		var se *json.SyntaxError
		if errors.As(err, &se) {
			return nil, fmt.Errorf("%w: %s: offset %d: %w", ErrFormat, name, se.Offset, err)
		}
		return nil, fmt.Errorf("%w: %s: %w", ErrFormat, name, err)
	}
	if w.Vulnerabilities == nil {
		return nil, fmt.Errorf("%w: %s: no vulnerabilities list", ErrFormat, name)
	}
	c := &Catalog{File: name, Version: w.CatalogVersion, entries: make(map[string]Entry, len(*w.Vulnerabilities))}
	if w.DateReleased != "" {
		t, err := parseDate(w.DateReleased)
		if err != nil {
			c.warn("/dateReleased", "dateReleased %q is not a date", w.DateReleased)
		}
		c.Released = t
	}
	for i, v := range *w.Vulnerabilities {
		ptr := "/vulnerabilities/" + strconv.Itoa(i)
		if !aspm.IsCVE(v.CVE) {
			c.Diagnostics = append(c.Diagnostics, aspm.Diagnostic{Level: aspm.DiagError, File: name, Pointer: ptr, Message: fmt.Sprintf("cveID %q is not a CVE id; entry skipped", v.CVE)})
			continue
		}
		e := Entry{CVE: strings.ToUpper(strings.TrimSpace(v.CVE)), VendorProject: v.Vendor, Product: v.Product, Name: v.Name,
			Ransomware: strings.EqualFold(v.Ransomware, "Known")}
		var err error
		if e.DateAdded, err = parseDate(v.DateAdded); err != nil {
			c.warn(ptr+"/dateAdded", "%s: dateAdded %q is not a date", e.CVE, v.DateAdded)
		}
		if v.DueDate != "" {
			if e.DueDate, err = parseDate(v.DueDate); err != nil {
				c.warn(ptr+"/dueDate", "%s: dueDate %q is not a date", e.CVE, v.DueDate)
			}
		}
		c.entries[e.CVE] = e
	}
	if w.Count != nil && *w.Count != len(*w.Vulnerabilities) {
		c.warn("/count", "count says %d entries, the list has %d: the catalog may be truncated", *w.Count, len(*w.Vulnerabilities))
	}
	return c, nil
}

func (c *Catalog) warn(ptr, format string, args ...any) {
	d := aspm.Warnf(ptr, format, args...)
	d.File = c.File
	c.Diagnostics = append(c.Diagnostics, d)
}

func parseDate(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.DateOnly, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date %q", s)
}

// Len returns the number of entries.
func (c *Catalog) Len() int {
	if c == nil {
		return 0
	}
	return len(c.entries)
}

// Lookup returns a CVE's entry. A nil Catalog knows nothing.
func (c *Catalog) Lookup(cve string) (Entry, bool) {
	if c == nil {
		return Entry{}, false
	}
	e, ok := c.entries[cve]
	return e, ok
}

// Find returns the entry of the first of ids in the catalog.
func (c *Catalog) Find(ids []string) (Entry, bool) {
	if c == nil {
		return Entry{}, false
	}
	for _, id := range ids {
		if !strings.HasPrefix(id, "CVE-") {
			continue
		}
		if e, ok := c.Lookup(id); ok {
			return e, true
		}
	}
	return Entry{}, false
}

// Check returns the load diagnostics and a warning, with the release
// date, when the catalog is older than maxAge at now or undated. (The
// newest dateAdded stands in for an absent dateReleased.)
func (c *Catalog) Check(now time.Time, maxAge time.Duration) []aspm.Diagnostic {
	if c == nil {
		return nil
	}
	out := append([]aspm.Diagnostic(nil), c.Diagnostics...)
	date := c.Released
	if date.IsZero() {
		for _, e := range c.entries {
			if e.DateAdded.After(date) {
				date = e.DateAdded
			}
		}
	}
	switch age := now.Sub(date); {
	case date.IsZero():
		out = append(out, aspm.Diagnostic{Level: aspm.DiagWarning, File: c.File, Message: "KEV catalog has no release date: its age is unknown"})
	case age > maxAge:
		out = append(out, aspm.Diagnostic{Level: aspm.DiagWarning, File: c.File, Message: fmt.Sprintf("KEV catalog %s released %s is %d days old, older than %d days: download a fresh one", c.Version, date.Format(time.DateOnly), int(age.Hours()/24), int(maxAge.Hours()/24))})
	}
	return out
}
