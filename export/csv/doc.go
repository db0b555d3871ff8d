// Package csv writes posture's issues as CSV for spreadsheets: a fixed
// header ([Header]) and one row per issue, sorted by issue id.
//
// # Safety
//
// A spreadsheet runs a cell that starts with =, +, -, @, a tab or a
// carriage return as a formula, which an attacker who controls a finding's
// title can use to exfiltrate data or run commands (CSV injection). [Cell]
// neutralises such cells with a leading apostrophe, and removes terminal
// escapes and control characters; every cell goes through it.
package csv
