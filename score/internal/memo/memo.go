// Package memo is a bounded concurrent map that the scorers use to build
// each distinct factor once. Reads of remembered keys take no lock and
// write nothing shared, so that parallel workers do not contend; past its
// size the cache stops remembering, so memory stays bounded on
// adversarial input.
package memo

import (
	"sync"
	"sync/atomic"
)

// Cache maps keys to values, remembering at most max entries. The zero
// value is not usable: call New.
type Cache[K comparable, V any] struct {
	snap    atomic.Pointer[map[K]V] // immutable once stored
	mu      sync.Mutex
	pending map[K]V // newer entries, under mu
	hits    int     // reads served from pending since the last publish
	size    int
	max     int
}

// New returns a cache of at most max entries.
func New[K comparable, V any](max int) *Cache[K, V] {
	return &Cache[K, V]{pending: map[K]V{}, max: max}
}

// Get returns the value of k.
func (c *Cache[K, V]) Get(k K) (V, bool) {
	if m := c.snap.Load(); m != nil {
		if v, ok := (*m)[k]; ok {
			return v, true
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	v, ok := c.pending[k]
	if ok {
		// Entries read often are worth a lock-free read: publish, at a
		// rate that keeps the copying amortised.
		c.hits++
		old := 0
		if m := c.snap.Load(); m != nil {
			old = len(*m)
		}
		if c.hits > max(64, old/4) {
			c.publish()
		}
	}
	return v, ok
}

// Put remembers v under k unless the cache is full.
func (c *Cache[K, V]) Put(k K, v V) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.size >= c.max {
		return
	}
	if _, ok := c.pending[k]; ok {
		return
	}
	if m := c.snap.Load(); m != nil {
		if _, ok := (*m)[k]; ok {
			return
		}
	}
	c.pending[k] = v
	c.size++
	old := 0
	if m := c.snap.Load(); m != nil {
		old = len(*m)
	}
	if len(c.pending) >= max(64, old/8) {
		c.publish()
	}
}

// publish merges pending into a new snapshot. The caller holds mu.
func (c *Cache[K, V]) publish() {
	var m map[K]V
	if old := c.snap.Load(); old != nil {
		m = make(map[K]V, len(*old)+len(c.pending))
		for k, v := range *old {
			m[k] = v
		}
	} else {
		m = make(map[K]V, len(c.pending))
	}
	for k, v := range c.pending {
		m[k] = v
	}
	c.snap.Store(&m)
	c.pending, c.hits = map[K]V{}, 0
}
