// Package corpustest holds the starter pack's test over the shared scanner
// corpus (POSTURE_CORPUS). It sits apart from package policy's tests
// because it builds the ingest decoders and correlation, which policy
// itself must not depend on.
package corpustest
