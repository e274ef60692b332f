package calendar

import (
	"context"
	"math/rand/v2"
	"testing"
)

// TestIndex_AgreesWithCalendar: over seeded-random dates of 2024–2028
// (2028 has no arrangement: Monday–Friday) the in-memory Index answers
// every count and addition as the Calendar does, including spans that
// start or end outside it (clamped) and additions past its end (-1).
func TestIndex_AgreesWithCalendar(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	first, last := d(t, "2024-01-01"), d(t, "2028-12-31")
	x, err := NewIndex(ctx, f.cal, first, last)
	if err != nil {
		t.Fatal(err)
	}
	if x.Len() != last.Sub(first)+1 || x.First() != first || x.Date(x.Of(last)) != last {
		t.Fatalf("span: len %d first %s", x.Len(), x.First())
	}
	rng := rand.New(rand.NewPCG(2026, 1128))
	for range 300 {
		a := first.AddDays(rng.IntN(x.Len()))
		b := a.AddDays(rng.IntN(400) - 40)
		if b.After(last) {
			b = last
		}
		want, err := f.cal.WorkdaysBetween(ctx, a, b)
		if err != nil {
			t.Fatal(err)
		}
		if got := x.Between(a, b); got != want {
			t.Fatalf("Between(%s, %s) = %d, calendar %d", a, b, got, want)
		}
		worked, err := f.cal.IsWorkday(ctx, a)
		if err != nil || x.Worked(x.Of(a)) != worked {
			t.Fatalf("Worked(%s) = %v, calendar %v (%v)", a, x.Worked(x.Of(a)), worked, err)
		}
		n := rng.IntN(300)
		res, err := f.cal.AddWorkdays(ctx, a, n)
		if err != nil {
			t.Fatal(err)
		}
		got := x.AddAt(x.Of(a), n)
		if res.Date.After(last) != (got == -1) || (got != -1 && x.Date(got) != res.Date) {
			t.Fatalf("AddAt(%s, %d) = %d, calendar %s", a, n, got, res.Date)
		}
	}
	// clamped: before the span counts from its first day, after it to its last
	if got, want := x.Between(first.AddDays(-30), first.AddDays(10)), x.Between(first, first.AddDays(10)); got != want {
		t.Errorf("Between from before the span = %d, want %d", got, want)
	}
	if got, want := x.Between(last.AddDays(-10), last.AddDays(30)), x.Between(last.AddDays(-10), last); got != want {
		t.Errorf("Between to after the span = %d, want %d", got, want)
	}
}
