package csaf

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/posturekit/posture/aspm"
)

// The product tree: branches of vendors, product names and versions whose
// leaves are products, full product names outside branches, relationships
// that make a product of a component installed in another product, and
// named groups of products.

type productTree struct {
	Branches         []branch          `json:"branches"`
	FullProductNames []fullProductName `json:"full_product_names"`
	Relationships    []relationship    `json:"relationships"`
	ProductGroups    []productGroup    `json:"product_groups"`
}

type branch struct {
	Category string           `json:"category"`
	Name     string           `json:"name"`
	Branches []branch         `json:"branches"`
	Product  *fullProductName `json:"product"`
}

type fullProductName struct {
	Name      string `json:"name"`
	ProductID string `json:"product_id"`
	Helper    *struct {
		CPE   string   `json:"cpe"`
		PURL  string   `json:"purl"`
		PURLs []string `json:"purls"` // CSAF 2.1
	} `json:"product_identification_helper"`
}

type relationship struct {
	Category                  string          `json:"category"`
	ProductReference          string          `json:"product_reference"`
	RelatesToProductReference string          `json:"relates_to_product_reference"`
	FullProductName           fullProductName `json:"full_product_name"`
}

type productGroup struct {
	GroupID    string   `json:"group_id"`
	ProductIDs []string `json:"product_ids"`
}

// product is what posture knows of one product id.
type product struct {
	id, name string
	purl     aspm.PURL
	cpe      string
	// vendor, family and version come from the branches above the product.
	vendor, family, version string
	// rel is set for a product defined by a relationship: component is
	// installed in (or otherwise related to) parent.
	rel *productRel
}

type productRel struct {
	category          string
	component, parent string
}

// products indexes the product tree by product id.
type products struct {
	byID   map[string]*product
	groups map[string][]string
}

func newProducts() *products {
	return &products{byID: map[string]*product{}, groups: map[string][]string{}}
}

// read indexes the tree; problems become diagnostics.
func (ps *products) read(t *productTree, diag func(aspm.Diagnostic)) {
	for i := range t.Branches {
		ps.branch(fmt.Sprintf("/product_tree/branches/%d", i), &t.Branches[i], branchPath{}, diag)
	}
	for i, fpn := range t.FullProductNames {
		ps.add(fmt.Sprintf("/product_tree/full_product_names/%d", i), fpn, branchPath{}, diag)
	}
	for i, r := range t.Relationships {
		ptr := fmt.Sprintf("/product_tree/relationships/%d", i)
		p := ps.add(ptr+"/full_product_name", r.FullProductName, branchPath{}, diag)
		if p != nil {
			p.rel = &productRel{category: r.Category, component: r.ProductReference, parent: r.RelatesToProductReference}
		}
	}
	for _, g := range t.ProductGroups {
		if g.GroupID != "" {
			ps.groups[g.GroupID] = g.ProductIDs
		}
	}
}

type branchPath struct{ vendor, family, version string }

func (ps *products) branch(ptr string, b *branch, path branchPath, diag func(aspm.Diagnostic)) {
	switch b.Category {
	case "vendor":
		path.vendor = b.Name
	case "product_name", "product_family":
		if path.family == "" || b.Category == "product_name" {
			path.family = b.Name
		}
	case "product_version", "product_version_range", "patch_level", "service_pack":
		if path.version == "" || b.Category == "product_version" {
			path.version = b.Name
		}
	}
	if b.Product != nil {
		ps.add(ptr+"/product", *b.Product, path, diag)
	}
	for i := range b.Branches {
		ps.branch(fmt.Sprintf("%s/branches/%d", ptr, i), &b.Branches[i], path, diag)
	}
}

func (ps *products) add(ptr string, fpn fullProductName, path branchPath, diag func(aspm.Diagnostic)) *product {
	id := strings.TrimSpace(fpn.ProductID)
	if id == "" {
		diag(aspm.Warnf(ptr, "product without a product_id skipped"))
		return nil
	}
	p := &product{id: id, name: strings.TrimSpace(fpn.Name), vendor: path.vendor, family: path.family, version: path.version}
	if h := fpn.Helper; h != nil {
		p.cpe = strings.TrimSpace(h.CPE)
		cands := append([]string{h.PURL}, h.PURLs...)
		for _, s := range cands {
			if s = strings.TrimSpace(s); s == "" {
				continue
			}
			u, err := aspm.ParsePURL(s)
			if err != nil {
				diag(aspm.Warnf(ptr+"/product_identification_helper", "purl %q: %v", s, err))
				continue
			}
			p.purl = u
			break
		}
	}
	if _, dup := ps.byID[id]; dup {
		diag(aspm.Warnf(ptr, "product_id %q defined twice; the first definition is used", id))
		return nil
	}
	ps.byID[id] = p
	return p
}

// get returns the product of an id, or a bare product named by its id when
// the tree does not define it.
func (ps *products) get(id string) *product {
	if p := ps.byID[id]; p != nil {
		return p
	}
	return &product{id: id}
}

// expand returns product ids plus the members of the groups named.
func (ps *products) expand(ids, groups []string) []string {
	out := append([]string(nil), ids...)
	for _, g := range groups {
		out = append(out, ps.groups[g]...)
	}
	return out
}

// label names a product for titles.
func (p *product) label() string {
	switch {
	case p.name != "":
		return p.name
	case !p.purl.IsZero():
		return p.purl.String()
	case p.cpe != "":
		return p.cpe
	}
	return p.id
}

// ref names a product that has no purl: its CPE, else its name, else its id.
func (p *product) ref() string {
	switch {
	case p.cpe != "":
		return p.cpe
	case p.name != "":
		return p.name
	}
	return p.id
}

// versionOf returns the product's version: its purl's, else its branch's.
func (p *product) versionOf() string {
	if v := p.purl.Version(); v != "" {
		return v
	}
	return p.version
}

// family identifies a product across its versions, for finding the fixed
// versions of an affected product: the versionless purl, else the vendor
// and product name of its branches.
func (p *product) familyKey() string {
	if !p.purl.IsZero() {
		return "purl:" + p.purl.VersionlessKey()
	}
	if p.family != "" {
		return "branch:" + p.vendor + "\x00" + p.family
	}
	return ""
}

// subject returns the product a finding or statement is about: for a
// relationship product, the component and the product it belongs to.
func (ps *products) subject(p *product) (component, parent *product) {
	if p.rel == nil {
		return p, nil
	}
	comp := ps.byID[p.rel.component]
	par := ps.byID[p.rel.parent]
	if comp == nil || comp.rel != nil {
		comp = p
	}
	if par != nil && par.rel != nil {
		par = nil
	}
	return comp, par
}

// component returns the finding's component for a product.
func (p *product) component() *aspm.Component {
	c := &aspm.Component{PURL: p.purl, CPE: p.cpe, Supplier: p.vendor}
	switch {
	case !p.purl.IsZero():
		c.Name, c.Version = p.purl.FullName(), p.purl.Version()
	case p.family != "":
		c.Name, c.Version = p.family, p.version
	default:
		c.Name, c.Version = p.label(), p.version
	}
	return c
}

func rawJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(b)
}
