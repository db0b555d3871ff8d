package cvss

import (
	"errors"
	"fmt"
	"strings"

	gocvss20 "github.com/pandatix/go-cvss/20"
	gocvss30 "github.com/pandatix/go-cvss/30"
	gocvss31 "github.com/pandatix/go-cvss/31"
	gocvss40 "github.com/pandatix/go-cvss/40"
)

// Version is a CVSS version.
type Version string

// The CVSS versions.
const (
	V2  Version = "2.0"
	V30 Version = "3.0"
	V31 Version = "3.1"
	V40 Version = "4.0"
)

// ErrInvalidVector is returned (wrapped) for a vector the CVSS
// specification of its version does not allow.
var ErrInvalidVector = errors.New("cvss: invalid vector")

// Metrics is what the scorer and others (package score/ssvc) need from a
// parsed vector besides the score.
type Metrics struct {
	Version Version
	// Score is the base score for v2.0 and v3.x, and the score of the
	// vector as given for v4.0 (which has no separate base score:
	// Nomenclature says which metric groups it used).
	Score float64
	// Nomenclature is "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE" for
	// v4.0, "" otherwise.
	Nomenclature string
	// Network reports an attack vector of network (AV:N).
	Network bool
	// NoPrivileges reports no privileges or authentication required and
	// no user interaction (PR:N and UI:N; Au:N for v2.0), and low attack
	// complexity (AC:L; AT:N too for v4.0).
	NoPrivileges bool
	// TotalImpact reports high (v3, v4: H on confidentiality and
	// integrity of the vulnerable system) or complete (v2: C:C and I:C)
	// impact.
	TotalImpact bool
}

// Parse reads a vector of any version: "CVSS:4.0/…", "CVSS:3.1/…",
// "CVSS:3.0/…", or a v2.0 vector with or without a "CVSS:2.0/" prefix
// or parentheses. Metrics beyond the base group are allowed.
func Parse(vector string) (Metrics, error) {
	v := strings.TrimSpace(vector)
	switch {
	case strings.HasPrefix(v, "CVSS:4.0/"):
		c, err := gocvss40.ParseVector(v)
		if err != nil {
			return Metrics{}, fmt.Errorf("%w: %q: %w", ErrInvalidVector, vector, err)
		}
		m := Metrics{Version: V40, Score: c.Score(), Nomenclature: c.Nomenclature()}
		m.Network = get40(c, "AV") == "N"
		m.NoPrivileges = get40(c, "PR") == "N" && get40(c, "UI") == "N" && get40(c, "AC") == "L" && get40(c, "AT") == "N"
		m.TotalImpact = get40(c, "VC") == "H" && get40(c, "VI") == "H"
		return m, nil
	case strings.HasPrefix(v, "CVSS:3.1/"):
		c, err := gocvss31.ParseVector(v)
		if err != nil {
			return Metrics{}, fmt.Errorf("%w: %q: %w", ErrInvalidVector, vector, err)
		}
		g := func(k string) string { s, _ := c.Get(k); return s }
		return v3(V31, c.BaseScore(), g), nil
	case strings.HasPrefix(v, "CVSS:3.0/"):
		c, err := gocvss30.ParseVector(v)
		if err != nil {
			return Metrics{}, fmt.Errorf("%w: %q: %w", ErrInvalidVector, vector, err)
		}
		g := func(k string) string { s, _ := c.Get(k); return s }
		return v3(V30, c.BaseScore(), g), nil
	case strings.HasPrefix(v, "CVSS:"):
		if !strings.HasPrefix(v, "CVSS:2.0/") {
			return Metrics{}, fmt.Errorf("%w: %q: unknown version", ErrInvalidVector, vector)
		}
		v = strings.TrimPrefix(v, "CVSS:2.0/")
	}
	v = strings.TrimSuffix(strings.TrimPrefix(v, "("), ")")
	c, err := gocvss20.ParseVector(v)
	if err != nil {
		return Metrics{}, fmt.Errorf("%w: %q: %w", ErrInvalidVector, vector, err)
	}
	g := func(k string) string { s, _ := c.Get(k); return s }
	return Metrics{
		Version:      V2,
		Score:        c.BaseScore(),
		Network:      g("AV") == "N",
		NoPrivileges: g("Au") == "N" && g("AC") == "L",
		TotalImpact:  g("C") == "C" && g("I") == "C",
	}, nil
}

func get40(c *gocvss40.CVSS40, k string) string {
	s, _ := c.Get(k)
	return s
}

func v3(ver Version, score float64, g func(string) string) Metrics {
	return Metrics{
		Version:      ver,
		Score:        score,
		Network:      g("AV") == "N",
		NoPrivileges: g("PR") == "N" && g("UI") == "N" && g("AC") == "L",
		TotalImpact:  g("C") == "H" && g("I") == "H",
	}
}
