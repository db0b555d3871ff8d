// Package posture is an embeddable library for application security
// posture management: it reads what security scanners produce, turns it
// into one typed model, folds duplicates into issues, builds a context graph
// keyed by package URL, scores and prioritises, evaluates policy-as-code and
// writes the results in the formats people and tools consume. Everything
// runs in process and deterministically; there is no server and no
// database.
//
// # Stages
//
// Each stage is a package of its own and usable alone; they speak the model
// in package [github.com/posturekit/posture/aspm]:
//
//   - ingest: decoders for scanner outputs, SBOMs and VEX documents, with
//     format detection and limits for untrusted input;
//   - graph: the context graph of services, components, vulnerabilities,
//     owners and data;
//   - correlate: fingerprints and de-duplication of findings into issues,
//     and the lifecycle against a baseline;
//   - score: pluggable, explainable risk scorers;
//   - policy: rules in CEL with exceptions that expire, and the CI gate;
//   - export: JSON, SARIF, VEX, CSV, Markdown, JUnit and HTML encoders.
//
// # The pipeline
//
// [Pipeline] wires the stages: [New] with options (registry, inventory,
// baseline, clock, logger, progress callback), then [Pipeline.Run] with
// files and directories, or [Pipeline.RunDocuments] with documents you
// already hold. The [Run] it returns carries the result that exporters
// write, the graph and the correlation details. The command posture
// (cmd/posture) is a thin shell over it.
package posture
