// Package decode holds what every decoder leaf under ingest shares: the
// limits on untrusted input and how they travel (in the context, set by the
// ingest registry), bounded reading, a JSON nesting check, cheap format
// sniffing for Detect, and small converters (tool properties to strings,
// bounded text).
//
// # JSON members
//
// Leaves that read a record member by member use [Leftovers] to keep the
// members they do not map as properties, [Scalar] and [Scalars] for values
// a tool writes as a string, number or boolean, [RawText] for any value as
// text, [ScalarText], [TakeText] and [Take] to read an object member by
// member, and [PointerIndex] and [PointerToken] to build the JSON pointers of
// provenance. [ShapeError] turns a JSON type mismatch (an array where the
// report's object belongs) into [ErrNotFormat] ([MismatchNotFormat] and [TopMismatchNotFormat] with the
// decoder's own reason), [CheckArray] checks that a member is an array and
// [RequiredArray] reads one that the format requires.
// [SplitValues] reads a JSON array or JSON lines (values one after another)
// with a pointer for each value. [CheckXMLDepth] is the nesting check for
// XML inputs.
//
// # Text
//
// [Summary] makes a one-sentence title of a description, [FirstLine] keeps
// the first line, [FirstNonEmpty] picks the first non-blank text,
// [SortedSet] sorts a list of ids without repeats, [SplitList] splits a
// comma list, [AppendUnique] adds to a list once, and [Slash] turns a
// Windows path into forward slashes. [MemberProperties],
// [PrefixedProperties] and [SetProperty] fill a finding's properties.
//
// It is internal: users meet these limits as ingest.Limits, and the errors
// as ingest's sentinels, which are the same values.
package decode
