package calendar

import (
	"context"
	"testing"
	"time"
)

// TestCurrent_SeesEveryWriter: a calendar answers from memory, yet a change
// made by anyone — another server's Calendar over the same database, or SQL
// typed by an operator — is seen by the next computation, on both engines.
func TestCurrent_SeesEveryWriter(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	other := New(f.db, f.rec, time.Now) // a second server on the same database
	sat := NewDate(2026, time.November, 28)
	check := func(step string, want bool) {
		t.Helper()
		for name, cal := range map[string]*Calendar{"this": f.cal, "other": other} {
			got, err := cal.IsWorkday(ctx, sat)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("%s: %s server says workday=%v, want %v", step, name, got, want)
			}
		}
	}
	check("seeded", false)
	if err := f.cal.SetDay(as(admin), Day{Date: sat, Kind: Workday, Festival: "测试调休"}); err != nil {
		t.Fatal(err)
	}
	check("after SetDay on this server", true)
	if _, err := f.db.Exec(`DELETE FROM calendar_days WHERE day = $1`, sat.String()); err != nil {
		t.Fatal(err)
	}
	check("after an operator's DELETE", false)
	if _, err := f.db.Exec(`INSERT INTO calendar_days (day, kind, festival, source, updated_at)
		VALUES ($1, 'workday', '', '', $2)`, sat.String(), "2026-11-20T00:00:00Z"); err != nil {
		t.Fatal(err)
	}
	check("after an operator's INSERT", true)
	if _, err := f.db.Exec(`UPDATE calendar_days SET kind = 'holiday' WHERE day = $1`, sat.String()); err != nil {
		t.Fatal(err)
	}
	check("after an operator's UPDATE", false)
}

// TestCurrent_CoveredYears: removing a year's arrangement makes results
// across it provisional at once, though the calendar is held in memory.
func TestCurrent_CoveredYears(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	from := NewDate(2026, time.December, 20)
	res, err := f.cal.AddWorkdays(ctx, from, 20)
	if err != nil || res.Provisional {
		t.Fatalf("before: %+v %v", res, err)
	}
	if _, err := f.db.Exec(`DELETE FROM calendar_years WHERE year = 2027`); err != nil {
		t.Fatal(err)
	}
	res, err = f.cal.AddWorkdays(ctx, from, 20)
	if err != nil || !res.Provisional || len(res.MissingYears) != 1 || res.MissingYears[0] != 2027 {
		t.Fatalf("after deleting 2027: %+v %v", res, err)
	}
}

// TestWithMemo: under a memo the calendar is read once — a change by
// someone else after the first computation is not seen within it (one
// request sees one calendar), but is seen by the next request — and a
// change made through the Calendar under the memo is seen at once.
func TestWithMemo(t *testing.T) {
	f := newFixture(t)
	sat := NewDate(2026, time.November, 28)
	is := func(ctx context.Context, step string, want bool) {
		t.Helper()
		got, err := f.cal.IsWorkday(ctx, sat)
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Fatalf("%s: workday=%v, want %v", step, got, want)
		}
	}
	operator := func(q string, args ...any) {
		t.Helper()
		if _, err := f.db.Exec(q, args...); err != nil {
			t.Fatal(err)
		}
	}
	req := WithMemo(as(admin))
	is(req, "first read in the request", false)
	if err := f.cal.SetDay(req, Day{Date: sat, Kind: Workday, Festival: "测试调休"}); err != nil {
		t.Fatal(err)
	}
	is(req, "same request after its own SetDay", true)
	operator(`DELETE FROM calendar_days WHERE day = $1`, sat.String())
	is(req, "same request after an operator's DELETE", true)
	is(WithMemo(context.Background()), "next request", false)
	operator(`INSERT INTO calendar_days (day, kind, festival, source, updated_at)
		VALUES ($1, 'holiday', '', '', $2)`, sat.String(), "2026-11-20T00:00:00Z")
	if err := f.cal.DeleteDay(req, sat); err != nil {
		t.Fatal(err)
	}
	is(req, "same request after its own DeleteDay", false)
}
