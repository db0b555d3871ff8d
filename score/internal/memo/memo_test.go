package memo_test

import (
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/posturekit/posture/score/internal/memo"
)

func TestCache(t *testing.T) {
	c := memo.New[int, int](1000)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 2000 {
				if v, ok := c.Get(i); ok {
					assert.Equal(t, i*2, v)
					continue
				}
				c.Put(i, i*2)
				_ = w
			}
		})
	}
	wg.Wait()
	n := 0
	for i := range 2000 {
		if v, ok := c.Get(i); ok {
			assert.Equal(t, i*2, v)
			n++
		}
	}
	assert.Equal(t, 1000, n, "bounded")
}
