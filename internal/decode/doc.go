// Package decode holds what every decoder leaf under ingest shares: the
// limits on untrusted input and how they travel (in the context, set by the
// ingest registry), bounded reading, a JSON nesting check, cheap format
// sniffing for Detect, and small converters (tool properties to strings,
// bounded text).
//
// It is internal: users meet these limits as ingest.Limits, and the errors
// as ingest's sentinels, which are the same values.
package decode
