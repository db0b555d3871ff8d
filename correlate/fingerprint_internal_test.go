package correlate

import (
	"hash/fnv"
	"testing"
)

// The inlined hash must be FNV-1a-128 exactly.
func TestKeyHashIsFNV1a128(t *testing.T) {
	k := key{class: classSAST, a: "rule:x", b: "a/b.go", c: "line:10", d: ""}
	h := fnv.New128a()
	h.Write([]byte{byte(k.class), byte(k.rk), byte(k.tag)})
	for _, s := range []string{k.a, k.b, k.c, k.d} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	sum := h.Sum(nil)
	var hi, lo uint64
	for i := 0; i < 8; i++ {
		hi = hi<<8 | uint64(sum[i])
		lo = lo<<8 | uint64(sum[8+i])
	}
	if got := k.hash(); got != (hash128{hi, lo}) {
		t.Fatalf("hash %x %x, want %x %x", got.hi, got.lo, hi, lo)
	}
}
