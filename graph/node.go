package graph

import (
	"path"
	"regexp"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// NodeKind is the class of a node. A node's key starts with its kind and a
// colon ("component:pkg:npm/qs@6.5.2").
type NodeKind string

// The node kinds.
const (
	NodeComponent NodeKind = "component" // a package version (or a document's package without a purl)
	NodePackage   NodeKind = "package"   // every version of a package: the versionless purl
	NodeService   NodeKind = "service"   // an application or service of the inventory
	NodeRepo      NodeKind = "repo"      // a source repository
	NodeArtifact  NodeKind = "artifact"  // a container image or build, by digest or reference
	NodeDocument  NodeKind = "document"  // an input: an SBOM or a scanner output
	NodeVuln      NodeKind = "vuln"      // a vulnerability id (aliases are linked by alias edges)
	NodeEnv       NodeKind = "env"       // a deployment environment
	NodeOwner     NodeKind = "owner"     // a team
	NodeData      NodeKind = "data"      // a class of data
	NodeExposure  NodeKind = "exposure"  // internet, internal or none
)

// nodeKinds lists the kinds in the order of their internal codes.
var nodeKinds = [...]NodeKind{"", NodeComponent, NodePackage, NodeService, NodeRepo, NodeArtifact, NodeDocument, NodeVuln, NodeEnv, NodeOwner, NodeData, NodeExposure}

// NodeKinds lists every node kind.
func NodeKinds() []NodeKind { return append([]NodeKind(nil), nodeKinds[1:]...) }

func kindCode(k NodeKind) uint8 {
	for i, v := range nodeKinds {
		if v == k && i > 0 {
			return uint8(i)
		}
	}
	return 0
}

// EdgeKind names a relation between two nodes. Edges point from the whole
// to the part, from the user to the used, from the owner to the owned:
// "A depends_on B", "document lists component", "service owned_by team".
type EdgeKind string

// The edge kinds, with the node kinds they join.
const (
	EdgeDependsOn   EdgeKind = "depends_on"   // component → component
	EdgeContains    EdgeKind = "contains"     // component → component; artifact → component (a finding's image)
	EdgeVersion     EdgeKind = "version"      // package → component: one of the package's versions
	EdgeDescribes   EdgeKind = "describes"    // document → component: the document's subject
	EdgeLists       EdgeKind = "lists"        // document → component: any other component it names
	EdgeReports     EdgeKind = "reports"      // document → component: a finding of the document is about it
	EdgeAffects     EdgeKind = "affects"      // vuln → component or package, with the VEX state
	EdgeAlias       EdgeKind = "alias"        // vuln → vuln: the same vulnerability
	EdgeDescribedBy EdgeKind = "described_by" // service, artifact or repo → document (its SBOM or scan output)
	EdgeBuiltFrom   EdgeKind = "built_from"   // service → repo
	EdgeDeployedAs  EdgeKind = "deployed_as"  // service → artifact
	EdgeDeployedTo  EdgeKind = "deployed_to"  // service → env
	EdgeOwnedBy     EdgeKind = "owned_by"     // service → owner
	EdgePartOf      EdgeKind = "part_of"      // owner → owner: the parent team
	EdgeHandles     EdgeKind = "handles"      // service → data
	EdgeExposed     EdgeKind = "exposed"      // service → exposure
	EdgeUses        EdgeKind = "uses"         // service → component or package (the inventory's components)
	EdgeSameAs      EdgeKind = "same_as"      // artifact → artifact: an image reference and its digest
)

var edgeKinds = [...]EdgeKind{"", EdgeDependsOn, EdgeContains, EdgeVersion, EdgeDescribes, EdgeLists, EdgeReports,
	EdgeAffects, EdgeAlias, EdgeDescribedBy, EdgeBuiltFrom, EdgeDeployedAs, EdgeDeployedTo, EdgeOwnedBy, EdgePartOf,
	EdgeHandles, EdgeExposed, EdgeUses, EdgeSameAs}

// EdgeKinds lists every edge kind.
func EdgeKinds() []EdgeKind { return append([]EdgeKind(nil), edgeKinds[1:]...) }

// Internal edge codes, in the order of edgeKinds.
const (
	eDependsOn uint8 = iota + 1
	eContains
	eVersion
	eDescribes
	eLists
	eReports
	eAffects
	eAlias
	eDescribedBy
	eBuiltFrom
	eDeployedAs
	eDeployedTo
	eOwnedBy
	ePartOf
	eHandles
	eExposed
	eUses
	eSameAs
)

// kindSet is a set of internal edge codes.
type kindSet uint32

func kinds(ks ...uint8) kindSet {
	var s kindSet
	for _, k := range ks {
		s |= 1 << k
	}
	return s
}

func (s kindSet) has(k uint8) bool { return s&(1<<k) != 0 }

var (
	// dependencyKinds are the edges of the package-level dependency graph.
	dependencyKinds = kinds(eDependsOn, eContains)
	// upKinds are followed backwards from a component to what includes it:
	// its dependents, the documents that list it, the artifacts, repos and
	// services those documents describe, the services that name it.
	upKinds = kinds(eDependsOn, eContains, eVersion, eDescribes, eLists, eReports, eUses,
		eDescribedBy, eDeployedAs, eBuiltFrom, eSameAs)
	// memberKinds are followed forwards from a document, artifact or
	// service to the components it is made of; components are not
	// expanded further.
	memberKinds = kinds(eDescribes, eLists, eUses, eDescribedBy, eDeployedAs, eBuiltFrom, eSameAs, eContains)
)

// VEX states as 3-bit codes in an edge.
var vexStates = [...]aspm.VEXState{"", aspm.VEXNotAffected, aspm.VEXAffected, aspm.VEXFixed, aspm.VEXUnderInvestigation}

func vexCode(s aspm.VEXState) uint8 {
	for i, v := range vexStates {
		if v == s {
			return uint8(i)
		}
	}
	return 0
}

// Node is one node of the graph, named by its key.
type Node struct {
	// Key is the node's identity: its kind, a colon and its name
	// ("component:pkg:npm/qs@6.5.2", "service:checkout").
	Key  string   `json:"key"`
	Kind NodeKind `json:"kind"`
}

// Name returns the key without its kind: the purl key of a component or
// package, a service's or team's name, a vulnerability id.
func (n Node) Name() string {
	_, name, _ := strings.Cut(n.Key, ":")
	return name
}

// PURL returns the package URL of a component or package node keyed by
// one, and the zero PURL otherwise. It carries the identity qualifiers
// only (see aspm.PURL.Key).
func (n Node) PURL() aspm.PURL {
	if n.Kind != NodeComponent && n.Kind != NodePackage {
		return aspm.PURL{}
	}
	name := n.Name()
	if !strings.HasPrefix(name, "pkg:") {
		return aspm.PURL{}
	}
	return aspm.MustParsePURL(name)
}

// Label returns how a node is shown to people: a component's purl, or,
// for a component known only inside one document, "file#ref"; the name
// otherwise.
func (n Node) Label() string {
	name := n.Name()
	if n.Kind == NodeComponent {
		if r, ok := strings.CutPrefix(name, "ref:"); ok {
			return r
		}
		if r, ok := strings.CutPrefix(name, "name:"); ok {
			return r
		}
	}
	return name
}

// Ref returns, for a component known only inside one document (no purl),
// the document's name and the component's ref in it.
func (n Node) Ref() (doc, ref string, ok bool) {
	if n.Kind != NodeComponent {
		return "", "", false
	}
	r, ok := strings.CutPrefix(n.Name(), "ref:")
	if !ok {
		return "", "", false
	}
	i := strings.LastIndexByte(r, '#')
	if i < 0 {
		return "", "", false
	}
	return r[:i], r[i+1:], true
}

// Edge is one edge with its provenance.
type Edge struct {
	From string   `json:"from"`
	To   string   `json:"to"`
	Kind EdgeKind `json:"kind"`
	// VEX is the exploitability state an affects edge carries, "" when
	// unsaid.
	VEX aspm.VEXState `json:"vex,omitempty"`
	// Source is the document or inventory file that asserted the edge.
	Source string `json:"source"`
}

// Path is a chain of node keys, from a service or root to a target.
type Path []string

// The key builders. They give the keys that AddDocument and AddInventory
// give, so that callers can name nodes.

// ComponentKey returns the key of the component node of a package version:
// "component:" and the purl's key (see aspm.PURL.Key).
func ComponentKey(p aspm.PURL) string { return "component:" + p.Key() }

// PackageKey returns the key of the package node of every version of p:
// "package:" and the versionless purl key.
func PackageKey(p aspm.PURL) string { return "package:" + p.VersionlessKey() }

// RefKey returns the key of a component without a purl, known by its ref
// in one document: refs are scoped by document, so that two SBOMs'
// "SPDXRef-Package-1" stay apart.
func RefKey(doc, ref string) string { return "component:ref:" + DocumentName(doc) + "#" + ref }

// ServiceKey returns the key of a service.
func ServiceKey(name string) string { return "service:" + name }

// OwnerKey returns the key of a team.
func OwnerKey(team string) string { return "owner:" + team }

// VulnKey returns the key of a vulnerability id, normalised.
func VulnKey(id string) string { return "vuln:" + aspm.NormalizeVulnID(id) }

// DocumentKey returns the key of an input document, by its file name.
func DocumentKey(file string) string { return "document:" + DocumentName(file) }

// EnvKey returns the key of a deployment environment.
func EnvKey(env aspm.Environment) string { return "env:" + string(env) }

// DataKey returns the key of a data class.
func DataKey(d aspm.DataClass) string { return "data:" + string(d) }

// DocumentName cleans a file name as graph compares them: forward
// slashes, no "." or ".." elements, no leading "./".
func DocumentName(file string) string {
	if file == "" || file == "-" {
		return file
	}
	return path.Clean(strings.ReplaceAll(file, `\`, "/"))
}

var reDigest = regexp.MustCompile(`(?i)^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-fA-F0-9]{32,}$`)

// ArtifactKey returns the key of a container image or build artifact:
// "artifact:" and its digest when the reference has one
// ("registry/app@sha256:…" and "sha256:…" both give "artifact:sha256:…"),
// else the reference as given.
func ArtifactKey(ref string) string {
	ref = strings.TrimSpace(ref)
	if i := strings.LastIndexByte(ref, '@'); i >= 0 && reDigest.MatchString(ref[i+1:]) {
		return "artifact:" + strings.ToLower(ref[i+1:])
	}
	if reDigest.MatchString(ref) {
		return "artifact:" + strings.ToLower(ref)
	}
	return "artifact:" + ref
}

// RepoKey returns the key of a source repository. URLs are normalised so
// that the ways tools write one repository meet: scheme, user, "git@host:"
// and a ".git" suffix are dropped and the name is lower-cased
// ("https://github.com/Acme/App.git" and "git@github.com:acme/app" give
// "repo:github.com/acme/app").
func RepoKey(url string) string {
	u := strings.TrimSpace(url)
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
		if at := strings.IndexByte(u, '@'); at >= 0 && at < strings.IndexByte(u+"/", '/') {
			u = u[at+1:]
		}
	} else if rest, ok := strings.CutPrefix(u, "git@"); ok {
		u = strings.Replace(rest, ":", "/", 1)
	}
	u = strings.TrimSuffix(strings.TrimSuffix(u, "/"), ".git")
	return "repo:" + strings.ToLower(u)
}

// looksLikeRepo reports whether a scan target name is a repository URL
// rather than a local path.
func looksLikeRepo(name string) bool {
	if strings.Contains(name, "://") || strings.HasPrefix(name, "git@") {
		return true
	}
	host, _, ok := strings.Cut(name, "/")
	return ok && strings.Contains(host, ".") && !strings.HasPrefix(host, ".")
}
