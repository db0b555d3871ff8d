//go:build unix

package policy_test

import (
	"syscall"
	"time"
)

// cpuTime is the process's user and system CPU time so far, so that
// benchmarks on shared machines can report what they used, not only how
// long they waited.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
