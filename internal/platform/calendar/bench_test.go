package calendar

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/dazhou-gongai/gongai/internal/testkit/benchpair"
)

// benchCalendar is a seeded calendar (2024–2027 covered) over a fresh
// database: SQLite, or PostgreSQL when GONGAI_TEST_DATABASE_URL is set.
func benchCalendar(b testing.TB) *Calendar {
	b.Helper()
	ctx := context.Background()
	db := testkit.NewDB(b)
	now := func() time.Time { return time.Date(2026, 11, 28, 2, 0, 0, 0, time.UTC) }
	rec := audit.NewRecorder(now)
	if err := db.WithTx(ctx, func(tx *sql.Tx) error { return Seed(ctx, tx, rec, now()) }); err != nil {
		b.Fatal(err)
	}
	return New(db, rec, now)
}

// benchDays are 1024 consecutive dates from 2025-01-01: each call starts on
// a different day, weekends and holidays included.
func benchDays() []Date {
	out := make([]Date, 1024)
	for i := range out {
		out[i] = NewDate(2025, time.January, 1).AddDays(i)
	}
	return out
}

var sinkResult Result

// BenchmarkWorkdays is the cost of one working-day computation as callers
// make it: AddWorkdays(d, 20) (a typical statutory limit) and
// WorkdaysBetween over 90 calendar days, each checking the calendar's
// revision in the database and answering from the in-memory snapshot. The
// baseline is that revision check alone — one single-row SELECT on the same
// database, the floor of any database-checked call. "cold" is AddWorkdays
// on a Calendar with no snapshot yet (a new one each call), which reads the
// whole calendar as every call did before the snapshot.
func BenchmarkWorkdays(b *testing.B) {
	ctx := context.Background()
	cal := benchCalendar(b)
	days := benchDays()
	b.Run("baseline=select-revision", func(b *testing.B) {
		var rev int64
		for b.Loop() {
			if err := cal.db.QueryRowContext(ctx, `SELECT revision FROM calendar_revision WHERE id = 1`).Scan(&rev); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("AddWorkdays/20", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			res, err := cal.AddWorkdays(ctx, days[i&1023], 20)
			if err != nil {
				b.Fatal(err)
			}
			sinkResult = res
		}
	})
	b.Run("WorkdaysBetween/90days", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			n, err := cal.WorkdaysBetween(ctx, days[i&1023], days[i&1023].AddDays(90))
			if err != nil {
				b.Fatal(err)
			}
			sinkResult.Workdays = n
		}
	})
	b.Run("WorkdaysBetween/90days/walk-only", func(b *testing.B) {
		// The day walk of CountWorkdays over the snapshot, without the
		// revision check: what the computation itself costs.
		w, err := cal.current(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for i := 0; b.Loop(); i++ {
			from, n := days[i&1023], 0
			for d, to := from.AddDays(1), from.AddDays(90); !d.After(to); d = d.AddDays(1) {
				if w.workday(d) {
					n++
				}
			}
			sinkResult = w.result(from, from.AddDays(90), n)
		}
	})
	b.Run("AddWorkdays/20/cold", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			res, err := New(cal.db, cal.rec, cal.now).AddWorkdays(ctx, days[i&1023], 20)
			if err != nil {
				b.Fatal(err)
			}
			sinkResult = res
		}
	})
}

// BenchmarkPaired is BenchmarkWorkdays with each computation interleaved
// with the bare revision SELECT in blocks of 20 calls (see pair), for
// ratios that hold while other work shares the machine.
func BenchmarkPaired(b *testing.B) {
	ctx := context.Background()
	cal := benchCalendar(b)
	days := benchDays()
	must := func(err error) {
		if err != nil {
			b.Fatal(err)
		}
	}
	var rev int64
	selectRev := func(int) {
		must(cal.db.QueryRowContext(ctx, `SELECT revision FROM calendar_revision WHERE id = 1`).Scan(&rev))
	}
	add := func(i int) {
		res, err := cal.AddWorkdays(ctx, days[i&1023], 20)
		must(err)
		sinkResult = res
	}
	between := func(i int) {
		n, err := cal.WorkdaysBetween(ctx, days[i&1023], days[i&1023].AddDays(90))
		must(err)
		sinkResult.Workdays = n
	}
	cold := func(i int) {
		res, err := New(cal.db, cal.rec, cal.now).AddWorkdays(ctx, days[i&1023], 20)
		must(err)
		sinkResult = res
	}
	b.Run("AddWorkdays-20/vs=select-revision", func(b *testing.B) { benchpair.Run(b, 20, benchpair.Options{}, selectRev, add) })
	b.Run("WorkdaysBetween-90days/vs=select-revision", func(b *testing.B) { benchpair.Run(b, 20, benchpair.Options{}, selectRev, between) })
	b.Run("AddWorkdays-20-cold/vs=select-revision", func(b *testing.B) { benchpair.Run(b, 20, benchpair.Options{}, selectRev, cold) })
}

// TestBenchWorkdays checks the benchmark's calendar and inputs: a known
// answer across the 2025 National Day holiday, and on every benchmark date
// the two computations inverse of each other and a new Calendar agreeing
// with the snapshot.
func TestBenchWorkdays(t *testing.T) {
	ctx := context.Background()
	cal := benchCalendar(t)
	res, err := cal.AddWorkdays(ctx, NewDate(2025, time.September, 30), 1)
	if err != nil || res.Date != NewDate(2025, time.October, 9) || res.Provisional {
		t.Fatalf("AddWorkdays(2025-09-30, 1) = %+v, %v; want 2025-10-09", res, err)
	}
	for _, d := range benchDays() {
		res, err := cal.AddWorkdays(ctx, d, 20)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := cal.WorkdaysBetween(ctx, d, res.Date); err != nil || n != 20 {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want 20", d, res.Date, n, err)
		}
		if cold, err := New(cal.db, cal.rec, cal.now).AddWorkdays(ctx, d, 20); err != nil || cold.Date != res.Date {
			t.Fatalf("cold AddWorkdays(%s, 20) = %+v, %v; snapshot says %s", d, cold, err, res.Date)
		}
	}
}
