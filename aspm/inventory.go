package aspm

import (
	"slices"
	"strings"
)

// Inventory is the business context of an organisation's software: which
// services exist, who owns them, what data they handle, where they run and
// face, and which repositories, images, SBOMs and scan outputs make them
// up. It is read from an inventory file (package ingest/inventory) and
// joined to scanner output by package graph.
type Inventory struct {
	// File is the inventory's name as the caller gave it; graph edges built
	// from the inventory name it as their provenance.
	File     string    `json:"file,omitempty"`
	Teams    []Team    `json:"teams,omitempty"`
	Services []Service `json:"services,omitempty"`
}

// Team is an owner: a team, with the team it belongs to. Parents roll
// ownership up: a team's parent is told about its services too.
type Team struct {
	Name string `json:"name"`
	// Parent is the name of the enclosing team, "" for a top-level team.
	Parent string `json:"parent,omitempty"`
	// Contact is an e-mail address, a chat channel or a pager handle.
	Contact string `json:"contact,omitempty"`
}

// Service is an application or service of the inventory.
type Service struct {
	// Name identifies the service; it is unique within an inventory.
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Owners are the names of the teams that own the service.
	Owners       []string `json:"owners,omitempty"`
	BusinessUnit string   `json:"business_unit,omitempty"`
	// Tier is the service's business criticality; "" when unsaid.
	Tier Tier `json:"tier,omitempty"`
	// DataClasses are the classes of data the service stores or processes.
	DataClasses []DataClass `json:"data_classes,omitempty"`
	// Exposure is how far the service can be reached from; "" when unsaid.
	Exposure     Exposure      `json:"exposure,omitempty"`
	Environments []Environment `json:"environments,omitempty"`
	// Repos are the source repositories the service is built from (URLs or
	// names as scanners report them).
	Repos []string `json:"repos,omitempty"`
	// Images are the container images the service runs as, by reference
	// ("registry/app:1.2", "registry/app@sha256:…") or digest.
	Images []string `json:"images,omitempty"`
	// SBOMs are paths of the SBOM files that describe the service.
	SBOMs []string `json:"sboms,omitempty"`
	// Scans are paths or glob patterns of the scanner outputs that cover
	// the service.
	Scans []string `json:"scans,omitempty"`
	// Components are packages the service is known to use, beyond its
	// SBOMs.
	Components []PURL `json:"components,omitempty"`
	// Controls are the compensating controls in front of the service.
	Controls []Control `json:"controls,omitempty"`
}

// Clone returns a copy of s that shares no slice with it.
func (s Service) Clone() Service {
	s.Owners = slices.Clone(s.Owners)
	s.DataClasses = slices.Clone(s.DataClasses)
	s.Environments = slices.Clone(s.Environments)
	s.Repos = slices.Clone(s.Repos)
	s.Images = slices.Clone(s.Images)
	s.SBOMs = slices.Clone(s.SBOMs)
	s.Scans = slices.Clone(s.Scans)
	s.Components = slices.Clone(s.Components)
	s.Controls = slices.Clone(s.Controls)
	return s
}

// Tier is a service's business criticality, from TierCritical (tier 1) to
// TierLow (tier 4).
type Tier string

// The criticality tiers.
const (
	TierCritical Tier = "critical" // tier 1: the business stops without it
	TierHigh     Tier = "high"     // tier 2
	TierMedium   Tier = "medium"   // tier 3
	TierLow      Tier = "low"      // tier 4
)

// Tiers lists the tiers from the most to the least critical.
func Tiers() []Tier { return []Tier{TierCritical, TierHigh, TierMedium, TierLow} }

// Rank orders tiers: critical is 4, low is 1, an unknown or empty tier 0.
func (t Tier) Rank() int {
	switch t {
	case TierCritical:
		return 4
	case TierHigh:
		return 3
	case TierMedium:
		return 2
	case TierLow:
		return 1
	}
	return 0
}

// ParseTier reads a tier as inventories write it: a word ("critical",
// "high", "medium", "low"), a number from 1 (critical) to 4 (low), or
// "tier-1" to "tier-4" (also "tier1", "t1"). Case is ignored. It reports
// false for anything else.
func ParseTier(s string) (Tier, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimPrefix(strings.TrimPrefix(strings.TrimPrefix(s, "tier"), "t"), "-")
	switch s {
	case "critical", "1":
		return TierCritical, true
	case "high", "2":
		return TierHigh, true
	case "medium", "3":
		return TierMedium, true
	case "low", "4":
		return TierLow, true
	}
	return "", false
}

// DataClass is a class of data a service handles.
type DataClass string

// The known data classes.
const (
	DataPII          DataClass = "pii"          // personal data
	DataPHI          DataClass = "phi"          // protected health information
	DataPCI          DataClass = "pci"          // payment card data
	DataFinancial    DataClass = "financial"    // other financial records
	DataCredentials  DataClass = "credentials"  // users' passwords and tokens
	DataSecrets      DataClass = "secrets"      // keys and secrets of systems
	DataConfidential DataClass = "confidential" // business confidential
	DataInternal     DataClass = "internal"     // internal, not sensitive
	DataPublic       DataClass = "public"       // public
)

// DataClasses lists the known data classes, the most sensitive first.
func DataClasses() []DataClass {
	return []DataClass{DataPHI, DataPCI, DataPII, DataCredentials, DataSecrets, DataFinancial, DataConfidential, DataInternal, DataPublic}
}

// Valid reports whether d is one of [DataClasses].
func (d DataClass) Valid() bool {
	for _, v := range DataClasses() {
		if d == v {
			return true
		}
	}
	return false
}

// Exposure says from where a service can be reached.
type Exposure string

// The exposures, from the widest to the narrowest.
const (
	ExposureInternet Exposure = "internet" // reachable from the internet
	ExposureInternal Exposure = "internal" // reachable from the internal network
	ExposureNone     Exposure = "none"     // not reachable over a network (batch jobs, libraries)
)

// Exposures lists the exposures from the widest to the narrowest.
func Exposures() []Exposure { return []Exposure{ExposureInternet, ExposureInternal, ExposureNone} }

// Valid reports whether e is one of [Exposures].
func (e Exposure) Valid() bool {
	return e == ExposureInternet || e == ExposureInternal || e == ExposureNone
}

// Environment names a deployment environment. Any name is allowed; these
// are the usual ones.
type Environment string

// Usual environment names.
const (
	EnvProduction  Environment = "production"
	EnvStaging     Environment = "staging"
	EnvDevelopment Environment = "development"
	EnvTest        Environment = "test"
)

// IsProduction reports whether the environment is production: its name is
// "production" or "prod", or starts or ends with "prod-"/"-prod" (as in
// "prod-eu", "eu-prod").
func (e Environment) IsProduction() bool {
	s := strings.ToLower(string(e))
	return s == "production" || s == "prod" || strings.HasPrefix(s, "prod-") || strings.HasSuffix(s, "-prod") ||
		strings.HasPrefix(s, "production-") || strings.HasSuffix(s, "-production")
}

// Control is a compensating control that lowers the risk of a weakness in
// a service without fixing it.
type Control string

// The known controls. Inventories may name their own with an "x-" prefix.
const (
	ControlWAF              Control = "waf"               // a web application firewall
	ControlNetworkIsolation Control = "network-isolation" // no route from untrusted networks
	ControlRASP             Control = "rasp"              // runtime application self-protection
	ControlAuthentication   Control = "authentication"    // every request is authenticated
	ControlMFA              Control = "mfa"               // multi-factor authentication
	ControlRateLimiting     Control = "rate-limiting"     // request rate limits
	ControlEgressFiltering  Control = "egress-filtering"  // outbound traffic is filtered
	ControlEncryption       Control = "encryption"        // data encrypted at rest and in transit
	ControlSandbox          Control = "sandbox"           // the process runs sandboxed
)

// Controls lists the known controls.
func Controls() []Control {
	return []Control{ControlWAF, ControlNetworkIsolation, ControlRASP, ControlAuthentication, ControlMFA, ControlRateLimiting, ControlEgressFiltering, ControlEncryption, ControlSandbox}
}

// Valid reports whether c is one of [Controls] or a custom control named
// "x-" and at least one more character.
func (c Control) Valid() bool {
	if len(c) > 2 && strings.HasPrefix(string(c), "x-") {
		return true
	}
	for _, v := range Controls() {
		if c == v {
			return true
		}
	}
	return false
}
