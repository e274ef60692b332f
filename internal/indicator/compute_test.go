package indicator

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// TestRecompute_MatchesIndependentSQL computes every indicator over a
// generated history and compares each region's and the city's value, for
// months, a quarter, a week and a day, with hand-written SQL.
func TestRecompute_MatchesIndependentSQL(t *testing.T) {
	e := newEnv(t)
	e.generate(t, 8)
	fillWorkdays(t, e)
	if err := e.svc.Recompute(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, pc := range []struct {
		p     string
		start calendar.Date
	}{
		{Month, calendar.NewDate(2026, 1, 1)}, {Month, calendar.NewDate(2026, 2, 1)}, {Month, calendar.NewDate(2026, 3, 1)},
		{Quarter, calendar.NewDate(2026, 1, 1)}, {Year, calendar.NewDate(2026, 1, 1)},
		{Week, calendar.NewDate(2026, 2, 23)}, {Day, calendar.NewDate(2026, 2, 26)},
	} {
		checkAll(t, e, pc.p, pc.start)
	}
	// Non-vacuous: the history produced values of every kind.
	for _, code := range []string{OverdueRate, StageDaysMedian, ProcessDaysMedian, RectifyRate, ELicenceRate} {
		if p := stored(t, e, code, CityWide, Quarter, calendar.NewDate(2026, 1, 1)); p.Denominator == 0 {
			t.Errorf("%s: no data in the generated history", code)
		}
	}
}

// TestRefresh_EqualsRecompute changes the data after a recompute (a case
// concludes, a new case arrives, a rectification closes), lets Refresh
// handle the outbox events, and requires every stored value to equal a
// full recompute's.
func TestRefresh_EqualsRecompute(t *testing.T) {
	e := newEnv(t)
	e.generate(t, 5)
	ctx := context.Background()
	if err := e.svc.Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(e.clock.Now().Add(30 * time.Minute))
	var open int64
	e.must(t, e.db.QueryRowContext(ctx, `SELECT MIN(id) FROM cases WHERE status = 8`).Scan(&open))
	_, err := e.db.ExecContext(ctx, `UPDATE cases SET status = 11, concluded_at = $1, warn_level = 'none' WHERE id = $2`,
		sqldbT(e.clock.Now()), open)
	e.must(t, err)
	e.event(t, open)
	p := e.project(t, "511725", 4)
	flow, _ := e.flowOf(t, "511725", 4)
	id := e.insertCase(t, tcase{project: p, region: "511725", flow: flow, stage: 1, status: 1, channel: "online",
		received: e.clock.Now(), limit: 5, statute: 10})
	e.event(t, id)
	_, err = e.db.ExecContext(ctx, `UPDATE rectifications SET close_kind = 'supervisor', closed_at = $1
		WHERE id = (SELECT MIN(id) FROM rectifications WHERE closed_at IS NULL)`, sqldbT(e.clock.Now()))
	e.must(t, err)
	n, err := e.svc.Refresh(ctx)
	if err != nil || n != 2 {
		t.Fatalf("Refresh = %d, %v; want 2 events", n, err)
	}
	if n, err := e.svc.Refresh(ctx); err != nil || n != 0 {
		t.Errorf("second Refresh = %d, %v; want nothing new", n, err)
	}
	got := dumpValues(t, e)
	if err := e.svc.Recompute(ctx); err != nil {
		t.Fatal(err)
	}
	want := dumpValues(t, e)
	if len(got) != len(want) {
		t.Errorf("refresh left %d values, recompute %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: refresh %q, recompute %q", k, got[k], v)
		}
	}
}
