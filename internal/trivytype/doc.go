// Package trivytype maps the result types that Trivy writes (a language
// package manager such as "npm" or "gomod", or an OS family such as
// "debian") onto the ecosystem words of aspm.PURLFromEcosystem. The Trivy
// report decoder and the Trivy operator decoder share it, since the
// operator's reports carry Trivy's types.
//
// [Ecosystem] gives the word for a type, with the OS release for an OS
// family; [IsOSFamily] tells OS families from language types.
// [MaskedMatch] says what may be kept of the line a secret was found in.
//
// Every function is safe for concurrent use and keeps no state.
package trivytype
