//go:build unix

package cyclonedx_test

import (
	"syscall"
	"testing"
	"time"
)

// reportCPU reports the process's CPU time (user and system, every
// goroutine including the garbage collector's) per operation as
// "cpu-ns/op". On a shared machine this compares decoders more fairly than
// wall time. Call the result when the loop is done.
func reportCPU(b *testing.B) func() {
	start := cpuTime()
	return func() {
		if b.N > 0 {
			b.ReportMetric(float64(cpuTime()-start)/float64(b.N), "cpu-ns/op")
		}
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
