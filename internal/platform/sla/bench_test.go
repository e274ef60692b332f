package sla

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/testkit/benchpair"
)

// Sinks keep the compiler from dropping the benchmarked calls.
var (
	sinkTime time.Time
	sinkBool bool
	sinkInt  int
)

// benchStarts are 1024 start instants in 2025–2026 (a third on segment
// edges), the same for every benchmark, so that each call walks a
// different stretch of the calendar, holidays included.
func benchStarts() []time.Time {
	r := rand.New(rand.NewPCG(8, 2026))
	out := make([]time.Time, 1024)
	for i := range out {
		out[i] = randomInstant(r)
	}
	return out
}

// unitHours is a unit's own working day, as ticket policies store it: a
// schedule other than DefaultHours, parsed the way the ticket package
// parses it.
func unitHours(b *testing.B) []Segment {
	segs, err := ParseHours("08:30-12:00,14:00-17:30")
	if err != nil {
		b.Fatal(err)
	}
	return segs
}

// BenchmarkDue is the cost of one due-time computation: 5x8 over the
// official 2025–2026 holiday calendar with a unit's working hours, and
// 7x24, for a 240-minute target (within a day or two) and a 5-working-day
// one (2,400 business minutes, crossing weekends and holidays). The
// baselines are the floor of any deadline — the same instant moved by
// time.Time arithmetic alone — and one lookup in the same holiday table.
func BenchmarkDue(b *testing.B) {
	starts := benchStarts()
	tab := official(b)
	five := New(WorkingHours(unitHours(b)...), tab)
	full := New(FullTime(), nil)
	const week = 5 * 420 // five of the unit's 7-hour days
	b.Run("baseline=time-add", func(b *testing.B) {
		d := general * time.Minute
		for i := 0; b.Loop(); i++ {
			sinkTime = starts[i&1023].In(Shanghai).Truncate(time.Second).Add(d)
		}
	})
	b.Run("baseline=table-lookup", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sinkBool = tab.Workday(calendar.DateOf(starts[i&1023]))
		}
	})
	for _, c := range []struct {
		name   string
		clock  Clock
		target int
	}{
		{"5x8/240min", five, general},
		{"5x8/5days", five, week},
		{"7x24/240min", full, general},
		{"7x24/7days", full, 7 * 24 * 60},
	} {
		b.Run(c.name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				sinkTime = c.clock.Due(starts[i&1023], c.target)
			}
		})
	}
}

// BenchmarkBusinessMinutes is the reverse computation (how many business
// minutes lie between two instants, as the ticket report does for each
// ticket's response and resolution), over spans of up to 14 days.
func BenchmarkBusinessMinutes(b *testing.B) {
	starts := benchStarts()
	ends := make([]time.Time, len(starts))
	r := rand.New(rand.NewPCG(28, 11))
	for i, s := range starts {
		ends[i] = s.Add(time.Duration(r.IntN(14*86400)) * time.Second)
	}
	five := New(WorkingHours(unitHours(b)...), official(b))
	full := New(FullTime(), nil)
	b.Run("baseline=time-sub", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			sinkInt = int(ends[i&1023].Sub(starts[i&1023]) / time.Minute)
		}
	})
	for name, c := range map[string]Clock{"5x8": five, "7x24": full} {
		b.Run(name, func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				sinkInt = c.BusinessMinutes(starts[i&1023], ends[i&1023])
			}
		})
	}
}

// TestBenchInputs keeps the benchmark honest: its clocks give the
// documented answers on its inputs (the deadline uses exactly the target),
// so a benchmark of a broken computation cannot pass unnoticed.
func TestBenchInputs(t *testing.T) {
	segs, err := ParseHours("08:30-12:00,14:00-17:30")
	if err != nil {
		t.Fatal(err)
	}
	five := New(WorkingHours(segs...), official(t))
	for _, s := range benchStarts()[:200] {
		for _, n := range []int{general, 5 * 420} {
			if got := five.BusinessMinutes(s, five.Due(s, n)); got != n {
				t.Fatalf("unit hours: BusinessMinutes(%s, Due(%d)) = %d", s, n, got)
			}
		}
	}
}

// BenchmarkPaired is BenchmarkDue and BenchmarkBusinessMinutes with each
// computation interleaved with its baseline in blocks of 1,000 calls, for
// ratios that hold while other work shares the machine.
func BenchmarkPaired(b *testing.B) {
	starts := benchStarts()
	tab := official(b)
	five := New(WorkingHours(unitHours(b)...), tab)
	full := New(FullTime(), nil)
	timeAdd := func(i int) { sinkTime = starts[i&1023].In(Shanghai).Truncate(time.Second).Add(general * time.Minute) }
	lookup := func(i int) { sinkBool = tab.Workday(calendar.DateOf(starts[i&1023])) }
	due := func(c Clock, n int) func(int) { return func(i int) { sinkTime = c.Due(starts[i&1023], n) } }
	for _, c := range []struct {
		name         string
		base, target func(int)
	}{
		{"5x8-240min/vs=time-add", timeAdd, due(five, general)},
		{"5x8-240min/vs=table-lookup", lookup, due(five, general)},
		{"5x8-5days/vs=table-lookup", lookup, due(five, 5*420)},
		{"7x24-240min/vs=time-add", timeAdd, due(full, general)},
	} {
		b.Run(c.name, func(b *testing.B) { benchpair.Run(b, 1000, benchpair.Options{}, c.base, c.target) })
	}
}
