package policy

import (
	"embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

//go:embed data/frameworks.yaml data/owasp-cwe.yaml
var data embed.FS

// Catalog is the data behind compliance mappings: the frameworks and their
// controls that rule tags name, and the CWE → OWASP Top 10 2021 mapping.
type Catalog struct {
	Frameworks []Framework `yaml:"frameworks" json:"frameworks"`
	// OWASP maps a CWE number to its OWASP Top 10 2021 category ("A03").
	OWASP map[int]string `yaml:"-" json:"owasp"`
}

// Framework is a compliance framework with its controls.
type Framework struct {
	ID       string    `yaml:"id" json:"id"`
	Name     string    `yaml:"name" json:"name"`
	Controls []Control `yaml:"controls" json:"controls"`
}

// Control is one control of a framework: its id and posture's own short
// text about it.
type Control struct {
	ID   string `yaml:"id" json:"id"`
	Text string `yaml:"text" json:"text"`
}

// defaultCatalog parses the embedded data once; it is never modified.
var defaultCatalog = sync.OnceValues(func() (*Catalog, error) {
	var c Catalog
	b, err := data.ReadFile("data/frameworks.yaml")
	if err != nil {
		return nil, err
	}
	if err := yaml.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("frameworks: %w", err)
	}
	b, err = data.ReadFile("data/owasp-cwe.yaml")
	if err != nil {
		return nil, err
	}
	var m map[string][]int
	if err := yaml.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("owasp: %w", err)
	}
	c.OWASP = map[int]string{}
	for cat, cwes := range m {
		for _, n := range cwes {
			c.OWASP[n] = cat
		}
	}
	return &c, nil
})

// DefaultCatalog returns a copy of the catalogue shipped with posture:
// NIST SSDF, ISO/IEC 27001:2022 Annex A, PCI DSS v4.0 requirement 6, SOC 2
// and OWASP Top 10 2021 control ids, and a CWE → OWASP mapping of the
// common CWEs.
func DefaultCatalog() *Catalog {
	c, err := defaultCatalog()
	if err != nil {
		// The embedded data is tested; an error here is a build defect.
		return &Catalog{OWASP: map[int]string{}}
	}
	out := &Catalog{OWASP: maps.Clone(c.OWASP)}
	for _, f := range c.Frameworks {
		f.Controls = slices.Clone(f.Controls)
		out.Frameworks = append(out.Frameworks, f)
	}
	return out
}

// OWASPCategory returns the OWASP Top 10 2021 category of a CWE in the
// default catalogue, "" when it has none.
func OWASPCategory(cwe int) string {
	c, err := defaultCatalog()
	if err != nil {
		return ""
	}
	return c.OWASP[cwe]
}

func owaspOf(cwes []int) []string {
	out := []string{}
	for _, n := range cwes {
		if cat := OWASPCategory(n); cat != "" && !slices.Contains(out, cat) {
			out = append(out, cat)
		}
	}
	slices.Sort(out)
	return out
}

func (c *Catalog) framework(id string) *Framework {
	for i := range c.Frameworks {
		if c.Frameworks[i].ID == id {
			return &c.Frameworks[i]
		}
	}
	return nil
}

// checkTag rejects a "framework:control" tag whose framework is known and
// whose control is not. Other tags are free-form labels.
func (c *Catalog) checkTag(tag string) error {
	fw, ctl, ok := strings.Cut(tag, ":")
	if !ok {
		return nil
	}
	f := c.framework(fw)
	if f == nil {
		return nil
	}
	for _, x := range f.Controls {
		if x.ID == ctl {
			return nil
		}
	}
	return fmt.Errorf("tag %q: %s has no control %q", tag, f.Name, ctl)
}

// controlTag splits a tag into a known framework and control.
func (c *Catalog) controlTag(tag string) (fw, ctl string, ok bool) {
	fw, ctl, ok = strings.Cut(tag, ":")
	if !ok || c.framework(fw) == nil {
		return "", "", false
	}
	return fw, ctl, true
}
