// Package inventory reads posture's inventory file: the business context
// that turns findings into priorities. It says which services exist, who
// owns them, how critical they are, what data they handle, where they run
// and from where they can be reached, and which repositories, images,
// SBOMs and scan outputs make them up. Package graph joins it to scanner
// output; see graph.Graph.AddInventory.
//
// The inventory is context, not scanner output: it is never detected among
// scanner outputs (it is not an ingest.Decoder and is not in
// ingest.Default). Read it explicitly with [Decode], [DecodeFile] or a
// [Decoder] (posture's --inventory flag).
//
// # Format
//
// An inventory is one YAML document (format "posture-inventory", schema
// "posture-inventory/v1", published as schemas/inventory-v1.schema.json):
//
//	schema: posture-inventory/v1        # optional
//	teams:
//	  - name: payments                  # required, unique
//	    parent: commerce                # optional: the enclosing team
//	    contact: "#payments-oncall"     # optional
//	services:
//	  - name: checkout                  # required, unique
//	    description: Takes orders and payments
//	    owners: [payments]              # team names
//	    business_unit: commerce
//	    tier: 1                         # 1..4, tier-1..tier-4, or critical, high, medium, low
//	    data_classes: [pii, pci]
//	    exposure: internet              # internet, internal or none
//	    environments: [production, staging]
//	    repos: [https://github.com/acme/checkout]
//	    images: ["registry.acme.test/checkout@sha256:…"]
//	    sboms: [sboms/checkout.cdx.json]
//	    scans: ["scans/checkout/*.sarif"]
//	    components: ["pkg:npm/express@4.18.2"]
//	    controls: [waf]
//
// Every list field also takes a single value ("owners: payments"). YAML
// anchors, aliases and merge keys ("<<") may be used, and top-level keys
// starting with "x-" are ignored, so that shared values can be defined
// once ("x-defaults: &defaults …" then "<<: *defaults" in a service). Keys
// are case-sensitive; values of the enumerated fields are not.
//
// The enumerations are those of the model: data classes are
// [aspm.DataClasses] (pii, phi, pci, financial, credentials, secrets,
// confidential, internal, public), exposures [aspm.Exposures], tiers
// [aspm.Tiers], and controls [aspm.Controls] (waf, network-isolation,
// rasp, authentication, mfa, rate-limiting, egress-filtering, encryption,
// sandbox) or a control of your own spelt "x-NAME". Environments are free
// names; "production", "prod" and names like "prod-eu" count as production
// (see [aspm.Environment.IsProduction]).
//
// Owners may name teams that the teams list does not declare: such a team
// has no parent. A team's parent rolls ownership up (the parent hears about
// its teams' services); parents must not form a cycle.
//
// # Paths
//
// sboms and scans are paths or glob patterns (path.Match syntax, "/" as
// the separator) of files that posture reads. Package graph matches them
// against the names that inputs were read under, so write them as they are
// given to posture, relative to where it runs, or as the trailing part of
// that path ("checkout.cdx.json" matches "out/sboms/checkout.cdx.json");
// graph.Graph.AddInventory documents the rule.
//
// # Errors
//
// The decoder is strict, because a silently ignored typo in an inventory
// hides a service's context: an unknown key, a service or team without a
// name, two services or two teams of one name, a value outside an
// enumeration (an unknown data class, exposure, tier or control), a
// malformed purl or glob, a value of the wrong YAML type, or a cycle of
// parent teams is an [*Error] naming the file, line, column and field
// ("services[2].data_classes[0]"), wrapping one of the sentinels
// ([ErrUnknownKey], [ErrMissing], [ErrInvalid], [ErrDuplicate], [ErrCycle],
// [ErrSyntax], [ErrEmpty], [ErrTooLarge]). Decode reports up to
// [Decoder].MaxProblems problems at once, joined with errors.Join.
//
// # Limits
//
// The input is read through the byte limit of ingest.Limits carried in the
// context (the default when there is none), and the walk visits at most the
// record limit's number of YAML nodes, so aliases cannot inflate it.
package inventory
