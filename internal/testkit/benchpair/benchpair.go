// Package benchpair measures a computation beside its baseline on a shared,
// noisy machine: the two run in alternating blocks inside one benchmark,
// so both see the same load, and medians of blocks are compared.
package benchpair

import (
	"runtime"
	"slices"
	"testing"
	"time"
)

// Options tune Run.
type Options struct {
	// GC runs a collection, untimed, before each block, so that neither
	// side pays for collecting the other's garbage (for computations that
	// leave megabytes behind, such as a licence PDF or an export).
	GC bool
}

// Run measures target against base in alternating blocks of block calls
// each (one pair of blocks per iteration of b) and reports the median time
// per call of each side ("base-ns/call", "ns/call") and the ratio of the
// medians ("ratio"): a block that was preempted moves a median little where
// it would move a mean a lot. Call i of each side is given i, counting
// from 0 across blocks.
func Run(b *testing.B, block int, opt Options, base, target func(i int)) {
	var tBase, tTarget []time.Duration
	calls := 0
	for b.Loop() {
		tBase = append(tBase, timeBlock(b, opt, block, calls, base))
		tTarget = append(tTarget, timeBlock(b, opt, block, calls, target))
		calls += block
	}
	mb, mt := median(tBase), median(tTarget)
	b.ReportMetric(float64(mb.Nanoseconds())/float64(block), "base-ns/call")
	b.ReportMetric(float64(mt.Nanoseconds())/float64(block), "ns/call")
	b.ReportMetric(float64(mt)/float64(mb), "ratio")
}

// timeBlock times block calls of fn, numbered from first.
func timeBlock(b *testing.B, opt Options, block, first int, fn func(i int)) time.Duration {
	if opt.GC {
		b.StopTimer()
		runtime.GC()
		b.StartTimer()
	}
	start := time.Now()
	for i := range block {
		fn(first + i)
	}
	return time.Since(start)
}

func median(d []time.Duration) time.Duration {
	slices.Sort(d)
	return d[len(d)/2]
}
