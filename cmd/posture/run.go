package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
)

// Exit codes, as DESIGN.md's CLI contract gives them.
const (
	exitOK      = 0
	exitFailed  = 1 // an input or the run failed
	exitUsage   = 2 // the command line is wrong
	exitGateRed = 3 // the policy gate failed
)

// command is one subcommand.
type command struct {
	name, args, summary string
	run                 func(ctx context.Context, env *env, args []string) int
}

// env is what a command may touch: no globals, so tests run commands in
// process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// errorf prints one line "posture: ..." on stderr.
func (e *env) errorf(format string, args ...any) {
	fmt.Fprintf(e.stderr, "posture: "+format+"\n", args...)
}

func commands() []command {
	return []command{
		{"formats", "[--json]", "list the formats posture reads and writes", runFormats},
		{"ingest", "[--format NAME] FILE...", "decode scanner outputs into one JSON finding per line", runIngest},
		{"scan", "[flags] INPUT...", "correlate, prioritise and report on scanner outputs", runScan},
		{"graph", "QUERY TARGET INPUT...", "query the context graph: blast-radius, dependents, dependencies, paths, owners, drift", runGraph},
		{"help", "", "show this help", nil},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "posture: application security posture from your scanners' output")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Usage:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  posture %-8s %-28s %s\n", c.name, c.args, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Exit codes: 0 ok, 1 an input or the run failed, 2 usage error, 3 the policy gate failed.")
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) (code int) {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	name := args[0]
	switch name {
	case "help", "-h", "--help", "-help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == name && c.run != nil {
			return c.run(ctx, e, args[1:])
		}
	}
	e.errorf("unknown command %q (try \"posture help\")", name)
	return exitUsage
}

// newFlags returns a flag set that reports errors on stderr without exiting.
func newFlags(e *env, name, args string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: posture %s %s\n", name, args)
		fs.PrintDefaults()
	}
	return fs
}

// parseFlags parses args, letting flags and positional arguments mix, and
// returns the positional ones. The int is the exit code to stop with when
// parsing failed or help was asked for, or -1 to go on.
func parseFlags(fs *flag.FlagSet, args []string) ([]string, int) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, exitOK
			}
			return nil, exitUsage
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, -1
		}
		if used := len(args) - len(rest); used > 0 && args[used-1] == "--" {
			return append(pos, rest...), -1
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
