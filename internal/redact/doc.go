// Package redact keeps secret values out of what the decoder leaves under
// ingest hand on. Secret scanners report the secret they found, and often
// repeat it in a message, a matched line or a tool property; the model keeps
// only aspm.SecretHash and aspm.RedactSecret of it.
//
// # Redactor
//
// A [Redactor] is built from the secret values of one finding (or one
// report) with [New]. [Redactor.Text] replaces every occurrence of a value,
// both as it is and as it stands inside JSON text (escaped with and without
// HTML escapes), by its aspm.RedactSecret form, longest value first. Values
// shorter than [MinLen] would match ordinary words and are not replaced:
// [Redactor.Unsafe] reports text that holds one, and [Redactor.Props] drops
// such text from a property map instead of keeping it.
//
// # Whole findings
//
// [Finding] replaces one secret everywhere in the text of a finding that is
// already built, including inside the strings of JSON kept as a property
// ([JSON]), whatever escapes the tool used.
//
// # Personal data
//
// [Author] keeps a commit author's name without the e-mail address, and
// [Emails] replaces e-mail addresses in a commit message. [SecretHash] is
// aspm.SecretHash except for a lone PEM armour line, which every private key
// shares.
//
// Every function is safe for concurrent use; a Redactor is immutable once
// built, and a nil *Redactor redacts nothing.
package redact
