package sla

import (
	"math/rand/v2"
	"testing"
	"time"
)

// randomInstant is a second in 2025–2026 (the covered years), often on a
// segment edge, where off-by-one errors live.
func randomInstant(r *rand.Rand) time.Time {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, Shanghai)
	day := start.AddDate(0, 0, r.IntN(700))
	edges := []int{0, 9 * 60, 12 * 60, 13 * 60, 18 * 60, 17*60 + 59}
	if r.IntN(3) == 0 {
		return day.Add(time.Duration(edges[r.IntN(len(edges))]) * time.Minute)
	}
	return day.Add(time.Duration(r.IntN(86400)) * time.Second)
}

// TestProperties checks, on both schedules over the official calendar:
// Due(Due(t,a),b) == Due(t,a+b); BusinessMinutes(t, Due(t,n)) == n; the
// deadline is monotone in n; Add(Due(t,n), -n) is NextOpen(t) for n > 0 and has
// n business minutes to Due(t,n); 7x24 agrees with wall-clock addition.
func TestProperties(t *testing.T) {
	b, full := clocks(t)
	r := rand.New(rand.NewPCG(2026, 6))
	for i := range 3000 {
		t0 := randomInstant(r)
		a, n := r.IntN(3000), r.IntN(3000)
		for _, c := range []Clock{b, full} {
			if got, want := c.Due(c.Due(t0, a), n), c.Due(t0, a+n); !got.Equal(want) {
				t.Fatalf("#%d %s: Due(Due(%s,%d),%d) = %s, want %s", i, c.sched.Kind, t0, a, n, got, want)
			}
			if got := c.BusinessMinutes(t0, c.Due(t0, n)); got != n {
				t.Fatalf("#%d %s: BusinessMinutes(%s, Due(%d)) = %d", i, c.sched.Kind, t0, n, got)
			}
			if c.Due(t0, n+1).Before(c.Due(t0, n)) {
				t.Fatalf("#%d %s: Due not monotone at %s, %d", i, c.sched.Kind, t0, n)
			}
			due := c.Due(t0, n)
			if back := c.Add(due, -n); n > 0 && !back.Equal(c.NextOpen(t0)) || c.BusinessMinutes(back, due) != n {
				t.Fatalf("#%d %s: Add(Due(%s,%d), -%d) = %s", i, c.sched.Kind, t0, n, n, back)
			}
		}
		if got := full.Due(t0, n); !got.Equal(t0.Add(time.Duration(n) * time.Minute)) {
			t.Fatalf("#%d: 7x24 Due(%s, %d) = %s, not wall-clock addition", i, t0, n, got)
		}
	}
}

// TestDue_NeverOnClosedDays checks that a positive deadline on the 5x8
// clock never falls inside a closed period: it is an open instant or the
// end of a segment.
func TestDue_NeverOnClosedDays(t *testing.T) {
	b, _ := clocks(t)
	r := rand.New(rand.NewPCG(7, 24))
	for range 2000 {
		t0, n := randomInstant(r), 1+r.IntN(5000)
		due := b.Due(t0, n)
		if !b.IsOpen(due) && !b.IsOpen(due.Add(-time.Second)) {
			t.Fatalf("Due(%s, %d) = %s is in a closed period", t0, n, due)
		}
	}
}

func TestParseHours(t *testing.T) {
	segs, err := ParseHours("08:30-12:00, 14:00-17:30")
	if err != nil || FormatHours(segs) != "08:30-12:00,14:00-17:30" || WorkingHours(segs...).DayMinutes() != 420 {
		t.Fatalf("ParseHours = %v, %v", segs, err)
	}
	for _, bad := range []string{"", "9-12", "12:00-09:00", "09:00-12:00,11:00-13:00", "09:00-25:00", "09:60-10:00"} {
		if _, err := ParseHours(bad); err == nil {
			t.Errorf("ParseHours(%q) accepted", bad)
		}
	}
}

func TestNextOpen(t *testing.T) {
	b, full := clocks(t)
	sameInstant(t, "Friday evening → make-up Saturday", b.NextOpen(cst(t, "2025-10-10 19:00")), cst(t, "2025-10-11 09:00"))
	sameInstant(t, "lunch", b.NextOpen(cst(t, "2025-11-17 12:10")), cst(t, "2025-11-17 13:00"))
	sameInstant(t, "open", b.NextOpen(cst(t, "2025-11-17 10:10")), cst(t, "2025-11-17 10:10"))
	sameInstant(t, "7x24", full.NextOpen(cst(t, "2025-10-01 03:00")), cst(t, "2025-10-01 03:00"))
}
