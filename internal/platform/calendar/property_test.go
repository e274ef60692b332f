package calendar

import (
	"context"
	"encoding/json"
	"math/rand/v2"
	"testing"
	"testing/quick"
	"time"
)

// TestProperties_AddThenCount checks over many seeded-random dates in
// 2024–2027 and counts n that adding then counting is the identity, that
// the result grows strictly with n and is always a working day, and that
// only spans reaching 2028 are provisional.
func TestProperties_AddThenCount(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(2026, 214))
	start := d(t, "2024-01-01")
	for i := 0; i < 40; i++ {
		from := start.AddDays(rng.IntN(4 * 365))
		prev := from
		for n := 0; n <= 25; n++ {
			res, err := f.cal.AddWorkdays(ctx, from, n)
			if err != nil {
				t.Fatal(err)
			}
			checkResult(t, f, from, n, prev, res)
			prev = res.Date
		}
		n := rng.IntN(1200)
		res, err := f.cal.AddWorkdays(ctx, from, n)
		if err != nil {
			t.Fatal(err)
		}
		back, err := f.cal.CountWorkdays(ctx, from, res.Date)
		if err != nil || back.Workdays != n || back.Provisional != res.Provisional {
			t.Fatalf("from %s n %d: AddWorkdays %+v, CountWorkdays %+v, %v", from, n, res, back, err)
		}
	}
}

func checkResult(t *testing.T, f fixture, from Date, n int, prev Date, res Result) {
	t.Helper()
	ctx := context.Background()
	back, err := f.cal.WorkdaysBetween(ctx, from, res.Date)
	if err != nil || back != n {
		t.Fatalf("WorkdaysBetween(%s, AddWorkdays(%s, %d) = %s) = %d, %v", from, from, n, res.Date, back, err)
	}
	if n > 0 {
		if !res.Date.After(prev) {
			t.Fatalf("AddWorkdays(%s, %d) = %s is not after AddWorkdays(…, %d) = %s", from, n, res.Date, n-1, prev)
		}
		if ok, err := f.cal.IsWorkday(ctx, res.Date); err != nil || !ok {
			t.Fatalf("AddWorkdays(%s, %d) = %s is not a working day", from, n, res.Date)
		}
	}
	if want := res.Date.Year() >= 2028; res.Provisional != want {
		t.Fatalf("AddWorkdays(%s, %d) = %+v: provisional should be %v", from, n, res, want)
	}
}

func TestDate_RoundTrips(t *testing.T) {
	base := NewDate(MinYear, time.January, 1)
	prop := func(offset uint16) bool {
		dt := base.AddDays(int(offset) % (200 * 365))
		p, err := ParseDate(dt.String())
		if err != nil || p != dt {
			return false
		}
		b, _ := json.Marshal(dt)
		var back Date
		if json.Unmarshal(b, &back) != nil || back != dt || string(b) != `"`+dt.String()+`"` {
			return false
		}
		var scanned Date
		v, _ := dt.Value()
		return scanned.Scan(v) == nil && scanned == dt && DateOf(dt.Time()) == dt &&
			dt.AddDays(int(offset)).Sub(dt) == int(offset) && dt.AddDays(1).After(dt)
	}
	if err := quick.Check(prop, &quick.Config{MaxCount: 2000}); err != nil {
		t.Fatal(err)
	}
}
