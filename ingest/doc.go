// Package ingest turns scanner output into [aspm.Document] values.
//
// # Decoders and the registry
//
// A [Decoder] reads one wire format. It is asked first, cheaply, whether a
// bounded head of the input looks like its format ([Decoder.Detect]), and
// then to decode the whole input ([Decoder.Decode]). Each built-in format is
// a leaf package below this one (ingest/sarif, ingest/cyclonedx, …) that
// imports only the model and posture's internal helpers.
//
// A [Registry] is a plain value holding decoders in detection order.
// [Default] returns a fresh registry of every built-in decoder; build your
// own with [NewRegistry], listing yours first so they win detection. There
// is no global registry and no init-time registration.
//
// # Errors and diagnostics
//
// Decoding is partial, not all-or-nothing: a record that cannot be read
// becomes an [aspm.Diagnostic] in the document and decoding goes on. An
// error is returned only when the input as a whole cannot be used: it is
// empty ([ErrEmpty]), of no known format ([ErrUnknownFormat]), of a known
// format in a version posture does not read ([ErrUnsupported]), malformed,
// over a limit, or unreadable, or the context was cancelled. Errors about
// the input are a [*ParseError] naming the file and, where known, the byte
// offset, line or record.
//
// # Limits
//
// Inputs are untrusted. [Limits] bound the bytes read, the nesting depth,
// the number of records and the length of text kept; the zero value means
// the defaults, and [Registry.Limits] raises or lowers them.
package ingest
