// Command posture is the command-line shell over the posture library: it
// reads scanner outputs, correlates, scores, applies policy and writes
// reports. Run "posture help" for the commands.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
