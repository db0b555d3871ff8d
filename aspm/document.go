package aspm

import "time"

// Document is one decoded input: everything a decoder read from one file.
// A decoder fills what its format has; an SBOM has components and
// relationships and no findings, a VEX document has statements.
type Document struct {
	Source        Source         `json:"source"`
	Components    []Component    `json:"components,omitempty"`
	Relationships []Relationship `json:"relationships,omitempty"`
	Findings      []Finding      `json:"findings,omitempty"`
	Statements    []VEXStatement `json:"statements,omitempty"`
	Diagnostics   []Diagnostic   `json:"diagnostics,omitempty"`
}

// Source describes an input: which tool wrote it, in which format, when,
// and what it scanned.
type Source struct {
	Tool   Tool   `json:"tool"`
	Format Format `json:"format"`
	// File is the input's name as the caller gave it.
	File string `json:"file,omitempty"`
	// ScanTime is when the scan ran, when the input says; zero otherwise.
	ScanTime time.Time `json:"scan_time,omitzero"`
	// Target is what was scanned, when the input says.
	Target *Target `json:"target,omitempty"`
}

// TargetKind classifies what a scan looked at.
type TargetKind string

// The target kinds.
const (
	TargetImage      TargetKind = "image"      // a container image
	TargetRepository TargetKind = "repository" // a source repository or directory
	TargetManifest   TargetKind = "manifest"   // a lockfile or manifest
	TargetURL        TargetKind = "url"        // a running web application
	TargetCluster    TargetKind = "cluster"    // a Kubernetes cluster
	TargetOther      TargetKind = "other"
)

// Target is the subject of a scan.
type Target struct {
	Kind TargetKind `json:"kind,omitempty"`
	// Name is the image reference, path, repository URL or site.
	Name string `json:"name,omitempty"`
	// Digest is a content digest ("sha256:…") when known.
	Digest string `json:"digest,omitempty"`
	// OS is the operating system of an image ("debian 11.6").
	OS string `json:"os,omitempty"`
	// PURL identifies the target as a package, when the input gives one.
	PURL PURL `json:"purl,omitzero"`
}

// Component is a software package: an SBOM entry, or the package a finding is
// about.
type Component struct {
	// Ref is the component's key inside its document (a CycloneDX bom-ref,
	// an SPDXID); relationships use it. Empty for components named by
	// findings.
	Ref  string `json:"ref,omitempty"`
	PURL PURL   `json:"purl,omitzero"`
	// Name and Version are as the input gave them; for a component with a
	// PURL they usually agree with it.
	Name    string `json:"name,omitempty"`
	Version string `json:"version,omitempty"`
	// Type is the component's class ("library", "application",
	// "container", "operating-system", "file").
	Type      string   `json:"type,omitempty"`
	Licenses  []string `json:"licenses,omitempty"`
	Hashes    []Hash   `json:"hashes,omitempty"`
	Scope     Scope    `json:"scope,omitempty"`
	Supplier  string   `json:"supplier,omitempty"`
	CPE       string   `json:"cpe,omitempty"`
	Ecosystem string   `json:"ecosystem,omitempty"`
	// Paths are the files (lockfiles, manifests, image paths) the component
	// was found in.
	Paths []string `json:"paths,omitempty"`
}

// Key returns the identity of the component: its PURL key, or, for a
// component without a PURL, its document reference prefixed with "ref:", or
// its name and version prefixed with "name:".
func (c *Component) Key() string {
	if !c.PURL.IsZero() {
		return c.PURL.Key()
	}
	if c.Ref != "" {
		return "ref:" + c.Ref
	}
	if c.Name == "" {
		return ""
	}
	if c.Version == "" {
		return "name:" + c.Name
	}
	return "name:" + c.Name + "@" + c.Version
}

// Hash is a content digest.
type Hash struct {
	Algorithm string `json:"alg"`
	Value     string `json:"value"`
}

// RelationshipType names an edge between two components.
type RelationshipType string

// The relationship types.
const (
	RelDependsOn RelationshipType = "depends_on" // From needs To at run or build time
	RelContains  RelationshipType = "contains"   // From contains To (an image contains a package)
	RelDescribes RelationshipType = "describes"  // the document describes To (From is empty)
)

// Relationship is a directed edge between two components of a document,
// named by their Ref (or, where the input gives none, by their Key).
type Relationship struct {
	From string           `json:"from"`
	To   string           `json:"to"`
	Type RelationshipType `json:"type"`
}

// VEXStatement is one exploitability statement: the state of one
// vulnerability in some products.
type VEXStatement struct {
	// Vuln is the vulnerability, with its aliases.
	Vuln Vuln `json:"vuln"`
	// Products are the affected or unaffected products, as PURLs; ProductRefs
	// holds product names that are not PURLs (CPEs, document refs).
	Products    []PURL   `json:"products,omitempty"`
	ProductRefs []string `json:"product_refs,omitempty"`
	// Subcomponents narrow the statement to packages inside the products.
	Subcomponents []PURL      `json:"subcomponents,omitempty"`
	Analysis      VEXAnalysis `json:"analysis"`
	// Timestamp is when the statement was made; zero when unsaid.
	Timestamp  time.Time  `json:"timestamp,omitzero"`
	Provenance Provenance `json:"source"`
}
