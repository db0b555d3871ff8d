package correlate

import (
	"bytes"
	"context"
	"crypto/sha256"
	"slices"
	"sync"
)

// parallel runs fn(w, n) for w in [0, n) on n goroutines and waits.
func parallel(n int, fn func(w, n int)) {
	if n <= 1 {
		fn(0, 1)
		return
	}
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() { fn(w, n) })
	}
	wg.Wait()
}

// clone returns a fingerprinter for another goroutine: it shares the
// read-only alias groups, rule map and vague prints, and has its own rule
// cache.
func (fp *fingerprinter) clone() *fingerprinter {
	c := *fp
	c.lowers = nil
	c.scratch = [4][]key{}
	c.locs = nil
	c.vroot = -1
	return &c
}

// keyChunk holds the key hashes of the members lo, lo+1, ...: member lo+n
// has the identity keys ids[off[n]:off[n+1]], primary first, and its link
// keys are in links.
type keyChunk struct {
	lo    int
	off   []int32
	ids   []hash128
	links []linkMember
}

// linkMember is one member's link key.
type linkMember struct {
	h   hash128
	idx int32
}

// keyChunkSize is the number of members a worker hashes at a time.
const keyChunkSize = 16384

// keyChunks hashes the keys of every member on up to workers goroutines
// and puts each member's primary key digest in sums; vroots holds each
// member's alias root (see correlate). The chunks are in member order
// whatever the number of workers. It stops early (with chunks left empty)
// when ctx is done; the caller checks ctx.
func keyChunks(ctx context.Context, fp *fingerprinter, ms []member, vroots []int32, sums [][idBytes]byte, workers int) []keyChunk {
	chunks := make([]keyChunk, (len(ms)+keyChunkSize-1)/keyChunkSize)
	parallel(min(workers, len(chunks)), func(w, n int) {
		wfp := fp.clone()
		var ids, links []key
		var lbuf []linkMember
		var scratch []byte
		for c := w; c < len(chunks); c += n {
			if ctx.Err() != nil {
				return
			}
			lo := c * keyChunkSize
			hi := min(lo+keyChunkSize, len(ms))
			kc := keyChunk{lo: lo, off: make([]int32, 1, hi-lo+1), ids: make([]hash128, 0, hi-lo+hi/8-lo/8)}
			lbuf = lbuf[:0]
			for i := lo; i < hi; i++ {
				wfp.vroot = vroots[i]
				ids, links = wfp.appendKeys(ids[:0], links[:0], ms[i].f, ms[i].target)
				for _, k := range ids {
					kc.ids = append(kc.ids, k.hash())
				}
				kc.off = append(kc.off, int32(len(kc.ids)))
				scratch = ids[0].appendTo(scratch[:0])
				sum := sha256.Sum256(scratch)
				copy(sums[i][:], sum[:])
				for _, k := range links {
					lbuf = append(lbuf, linkMember{k.hash(), int32(i)})
				}
			}
			kc.links = slices.Clone(lbuf)
			chunks[c] = kc
		}
	})
	return chunks
}

// sharedKeys finds the members that share an identity key, on up to
// workers goroutines: worker w indexes the key hashes whose low word is w
// modulo the number of workers, and pairs each member with the first
// (lowest) member seen with that key. Union-find joins the pairs into the
// same sets in any order. It also sets best[i], member i's primary key hash.
func sharedKeys(chunks []keyChunk, best []hash128, workers int) [][][2]int32 {
	n := min(workers, max(1, len(best)/16384))
	out := make([][][2]int32, n)
	parallel(n, func(w, n int) {
		seen := make(map[hash128]int32, (len(best)+len(best)/4)/n)
		var pairs [][2]int32
		for _, c := range chunks {
			for k := range c.off[:len(c.off)-1] {
				i := int32(c.lo + k)
				ids := c.ids[c.off[k]:c.off[k+1]]
				if w == 0 {
					best[i] = ids[0]
				}
				for _, h := range ids {
					if h.lo%uint64(n) != uint64(w) {
						continue
					}
					if j, ok := seen[h]; ok {
						pairs = append(pairs, [2]int32{i, j})
					} else {
						seen[h] = i
					}
				}
			}
		}
		out[w] = pairs
	})
	return out
}

// sortGroups sorts groups by ID on up to workers goroutines: it splits
// them by the first byte of their digest into ranges, one per worker, and
// sorts each range alone.
func sortGroups(groups []group, workers int) {
	n := min(workers, max(1, len(groups)/16384))
	parts := make([][]group, 0, n)
	rest := groups
	for w := 1; w < n; w++ {
		// Move the groups below this worker's upper bound to the front.
		bound := byte(256 * w / n)
		j := 0
		for i := range rest {
			if rest[i].sum[0] < bound {
				rest[i], rest[j] = rest[j], rest[i]
				j++
			}
		}
		parts = append(parts, rest[:j])
		rest = rest[j:]
	}
	parts = append(parts, rest)
	parallel(n, func(w, _ int) {
		slices.SortFunc(parts[w], func(a, b group) int { return bytes.Compare(a.sum[:], b.sum[:]) })
	})
}

// crossTool reports whether some two members of run (findings sharing a
// link key) come from different tools and different rules. It does not
// depend on the order of run: when no member differs from the first in both
// tool and rule, each shares the first one's tool or its rule, and a pair
// differing in both exists only between one that shares the tool (with
// another rule) and one that shares the rule (from another tool).
func crossTool(ms []member, run []linkMember) bool {
	f0 := ms[run[0].idx].f
	sameTool, sameRule := false, false
	for _, x := range run[1:] {
		f := ms[x.idx].f
		t, r := f.Tool.Name == f0.Tool.Name, f.Rule == f0.Rule
		switch {
		case !t && !r:
			return true
		case t && !r:
			sameTool = true
		case r && !t:
			sameRule = true
		}
	}
	return sameTool && sameRule
}

// group is the members of one issue, canonical first (order[lo:hi]), and
// the digest its ID is printed from.
type group struct {
	sum    [idBytes]byte
	lo, hi int32
}

// nameGroups orders the members of each group (the union-find sets, listed
// by root through start and order) and names the group by its canonical
// member's primary key digest, on up to workers goroutines. The groups come back in
// root order whatever the number of workers.
func nameGroups(ms []member, sums [][idBytes]byte, start, order []int32, best []hash128, workers int) []group {
	total := 0
	for r := range ms {
		if start[r+1] > start[r] {
			total++
		}
	}
	groups := make([]group, total)
	n := min(workers, max(1, len(ms)/4096))
	// Worker w names the groups of roots [len(ms)*w/n, len(ms)*(w+1)/n),
	// which start at slot first[w].
	first := make([]int, n+1)
	for w, r := 0, 0; w < n; w++ {
		for hi := len(ms) * (w + 1) / n; r < hi; r++ {
			if start[r+1] > start[r] {
				first[w+1]++
			}
		}
		first[w+1] += first[w]
	}
	parallel(n, func(w, n int) {
		slot := first[w]
		for r := len(ms) * w / n; r < len(ms)*(w+1)/n; r++ {
			lo, hi := start[r], start[r+1]
			if lo == hi {
				continue
			}
			idx := order[lo:hi]
			sortMembers(ms, idx, best)
			groups[slot] = group{sum: sums[idx[0]], lo: lo, hi: hi}
			slot++
		}
	})
	return groups
}
