package aspmtest

import (
	"slices"

	"github.com/posturekit/posture/aspm"
)

// InventoryFile is the file name [Inventory] gives its inventories, as if
// it had been read from an inventory file; graph edges built from the
// inventory name it as their provenance.
const InventoryFile = "inventory.yaml"

// InventoryPart is a piece of an inventory that [Inventory] puts together:
// a [*ServiceBuilder] or a [*TeamBuilder]. The interface is closed: only
// this package's builders implement it.
type InventoryPart interface {
	addTo(inv *aspm.Inventory)
}

// Inventory returns an inventory of the given teams and services, in the
// order given, named [InventoryFile]. A nil part is skipped. The builders
// are read, not kept: changing one afterwards does not change the
// inventory.
//
//	inv := aspmtest.Inventory(
//		aspmtest.Team("payments").Parent("commerce"),
//		aspmtest.Service("checkout").Owner("payments").Tier(aspm.TierCritical).
//			Exposure(aspm.ExposureInternet).Env(aspm.EnvProduction).Uses("pkg:npm/lodash@4.17.15"),
//	)
func Inventory(parts ...InventoryPart) *aspm.Inventory {
	inv := &aspm.Inventory{File: InventoryFile}
	for _, p := range parts {
		if p != nil {
			p.addTo(inv)
		}
	}
	return inv
}

// ServiceBuilder builds one aspm.Service; chain its setters and call
// Build, or pass it to [Inventory]. Setters that take lists append to what
// is already set.
type ServiceBuilder struct{ s aspm.Service }

// Service starts a service of the given name with no other facts: no
// owner, tier, exposure or environment (each "unsaid", as in an inventory
// file that leaves them out).
func Service(name string) *ServiceBuilder {
	return &ServiceBuilder{s: aspm.Service{Name: name}}
}

// Build returns the service. Its slices are fresh: later calls on the
// builder do not change it. Data classes and controls are sorted and
// de-duplicated, as the inventory decoder (package ingest/inventory)
// leaves them.
func (b *ServiceBuilder) Build() aspm.Service {
	s := b.s.Clone()
	s.DataClasses = sortedUnique(s.DataClasses)
	s.Controls = sortedUnique(s.Controls)
	return s
}

func sortedUnique[T ~string](s []T) []T {
	if s == nil {
		return nil
	}
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}

func (b *ServiceBuilder) addTo(inv *aspm.Inventory) { inv.Services = append(inv.Services, b.Build()) }

// Description sets the description.
func (b *ServiceBuilder) Description(text string) *ServiceBuilder { b.s.Description = text; return b }

// Owner adds owning teams by name. A team named here and not given to
// [Inventory] with [Team] is still an owner, without contact or parent, as
// in an inventory file.
func (b *ServiceBuilder) Owner(teams ...string) *ServiceBuilder {
	b.s.Owners = append(b.s.Owners, teams...)
	return b
}

// BusinessUnit sets the business unit.
func (b *ServiceBuilder) BusinessUnit(name string) *ServiceBuilder { b.s.BusinessUnit = name; return b }

// Tier sets the business criticality.
func (b *ServiceBuilder) Tier(t aspm.Tier) *ServiceBuilder { b.s.Tier = t; return b }

// Data adds the classes of data the service handles.
func (b *ServiceBuilder) Data(classes ...aspm.DataClass) *ServiceBuilder {
	b.s.DataClasses = append(b.s.DataClasses, classes...)
	return b
}

// Exposure sets from where the service can be reached.
func (b *ServiceBuilder) Exposure(e aspm.Exposure) *ServiceBuilder { b.s.Exposure = e; return b }

// Env adds deployment environments.
func (b *ServiceBuilder) Env(envs ...aspm.Environment) *ServiceBuilder {
	b.s.Environments = append(b.s.Environments, envs...)
	return b
}

// Repo adds source repositories (URLs or names as scanners report them).
func (b *ServiceBuilder) Repo(repos ...string) *ServiceBuilder {
	b.s.Repos = append(b.s.Repos, repos...)
	return b
}

// Image adds container images the service runs as, by reference or digest.
func (b *ServiceBuilder) Image(refs ...string) *ServiceBuilder {
	b.s.Images = append(b.s.Images, refs...)
	return b
}

// SBOM adds paths of SBOM files that describe the service. A document whose
// Source.File matches one (as [SBOM] names them) is linked to the service
// by the graph.
func (b *ServiceBuilder) SBOM(paths ...string) *ServiceBuilder {
	b.s.SBOMs = append(b.s.SBOMs, paths...)
	return b
}

// Scan adds paths or glob patterns of scanner outputs that cover the
// service. A document of [Doc] is read from "<tool>.json": Scan("trivy.json")
// puts the findings of Doc("trivy", ...) on the service.
func (b *ServiceBuilder) Scan(globs ...string) *ServiceBuilder {
	b.s.Scans = append(b.s.Scans, globs...)
	return b
}

// Uses adds packages the service is known to use, by purl; a purl without
// a version means every version of the package. As with the finding
// builders, an invalid purl is kept as the zero PURL rather than failing
// here; graph.AddInventory rejects it, as the inventory decoder rejects a
// bad purl.
func (b *ServiceBuilder) Uses(purls ...string) *ServiceBuilder {
	for _, p := range purls {
		b.s.Components = append(b.s.Components, aspm.MustParsePURL(p))
	}
	return b
}

// Control adds compensating controls in front of the service.
func (b *ServiceBuilder) Control(controls ...aspm.Control) *ServiceBuilder {
	b.s.Controls = append(b.s.Controls, controls...)
	return b
}

// TeamBuilder builds one aspm.Team; chain its setters and call Build, or
// pass it to [Inventory].
type TeamBuilder struct{ t aspm.Team }

// Team starts a top-level team of the given name.
func Team(name string) *TeamBuilder { return &TeamBuilder{t: aspm.Team{Name: name}} }

// Parent sets the enclosing team: ownership rolls up to it.
func (b *TeamBuilder) Parent(name string) *TeamBuilder { b.t.Parent = name; return b }

// Contact sets the contact: an e-mail address, a chat channel or a pager
// handle.
func (b *TeamBuilder) Contact(c string) *TeamBuilder { b.t.Contact = c; return b }

// Build returns the team.
func (b *TeamBuilder) Build() aspm.Team { return b.t }

func (b *TeamBuilder) addTo(inv *aspm.Inventory) { inv.Teams = append(inv.Teams, b.t) }
