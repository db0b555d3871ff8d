package main

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/posturekit/posture"
)

// progressBar draws one line on a terminal's stderr for long runs; on
// anything else it is nil and draws nothing.
type progressBar struct {
	w     io.Writer
	mu    sync.Mutex
	start time.Time
	drawn bool
}

func newProgressBar(w io.Writer) *progressBar {
	if !isTerminal(w) {
		return nil
	}
	return &progressBar{w: w, start: time.Now()}
}

func (b *progressBar) update(p posture.Progress) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if time.Since(b.start) < 500*time.Millisecond { // short runs draw nothing
		return
	}
	const width = 30
	fill := 0
	if p.Total > 0 {
		fill = width * p.Done / p.Total
	}
	bar := make([]byte, width)
	for i := range bar {
		bar[i] = ' '
		if i < fill {
			bar[i] = '='
		}
	}
	fmt.Fprintf(b.w, "\r%-9s [%s] %d/%d", p.Stage, bar, p.Done, p.Total)
	b.drawn = true
}

func (b *progressBar) done() {
	if b == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
	}
}
