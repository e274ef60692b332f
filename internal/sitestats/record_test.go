package sitestats

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// keys returns the distinct visitor keys of a day.
func (e *env) keys(t testing.TB, day string) map[string]bool {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(),
		`SELECT visitor FROM sitestats_visitors WHERE day = $1 AND module = '*' AND region_code = '*'`, day)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out[k] = true
	}
	return out
}

func TestVisitors_UniquePerDayAndUnlinkableAcrossDays(t *testing.T) {
	e := newEnv(t, Deps{})
	other := anon
	other.ua = "Mozilla/5.0 Safari/17"
	for range 3 {
		e.do(t, anon, "GET", "/guide/items")
	}
	e.flush(t) // a second flush of the same visitor must not count them again
	e.do(t, anon, "GET", "/verify/DZ-1")
	e.do(t, anon2, "GET", "/guide/items")
	e.do(t, other, "GET", "/guide/items")
	e.flush(t)
	first := e.keys(t, "2026-03-09")
	if len(first) != 3 {
		t.Fatalf("day 1 visitors = %d, want 3 (same address and browser once; another address; another browser)", len(first))
	}
	if n := e.count(t, `SELECT COUNT(*) FROM sitestats_visitors WHERE day = '2026-03-09' AND module = 'guide' AND region_code = '*'`); n != 3 {
		t.Errorf("guide visitors = %d, want 3", n)
	}
	if n := e.count(t, `SELECT COUNT(*) FROM sitestats_visitors WHERE day = '2026-03-09' AND module = 'verify' AND region_code = '*'`); n != 1 {
		t.Errorf("verify visitors = %d, want 1", n)
	}
	e.clock.Set(noon(day1.AddDays(1)))
	e.do(t, anon, "GET", "/guide/items")
	e.flush(t)
	second := e.keys(t, "2026-03-10")
	if len(second) != 1 {
		t.Fatalf("day 2 visitors = %d, want 1", len(second))
	}
	for k := range second {
		if first[k] {
			t.Errorf("the same person has the same key %q on two days", k)
		}
	}
	if n := e.count(t, `SELECT COUNT(DISTINCT salt) FROM sitestats_salts`); n != 2 {
		t.Errorf("salts = %d, want one per day", n)
	}
}

func TestSearches(t *testing.T) {
	e := newEnv(t, Deps{})
	e.do(t, anon, "GET", "/guide/items?q=施工许可&n=4")
	e.do(t, anon2, "GET", "/guide/items?q=+施工许可+&n=4")
	e.do(t, anon, "GET", "/guide/items?q=排污许可&n=0")
	e.do(t, anon2, "GET", "/guide/items?q=排污许可&n=0")
	e.do(t, anon, "GET", "/guide/items?q=排污许可&n=1")
	e.do(t, anon, "GET", "/public/results?q=滨江路")     // the page did not report: result unknown
	e.do(t, anon, "GET", "/guide/items?q=%20%20&n=0") // blank: no search
	e.do(t, anon, "GET", "/guide/items")
	e.flush(t)
	type agg struct{ n, with, without int64 }
	want := map[string]agg{"guide 施工许可": {2, 2, 0}, "guide 排污许可": {3, 1, 2}, "public 滨江路": {1, 0, 0}}
	rows, err := e.db.QueryContext(context.Background(),
		`SELECT module, term, searches, with_results, no_results FROM sitestats_searches`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]agg{}
	for rows.Next() {
		var m, term string
		var a agg
		if err := rows.Scan(&m, &term, &a.n, &a.with, &a.without); err != nil {
			t.Fatal(err)
		}
		got[m+" "+term] = a
	}
	if len(got) != len(want) {
		t.Errorf("searches = %v, want %v", got, want)
	}
	for k, a := range want {
		if got[k] != a {
			t.Errorf("search %q = %+v, want %+v", k, got[k], a)
		}
	}
	rep, err := e.svc.Report(as(jianguan), Filter{From: day1, To: day1})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.NoResults) != 1 || rep.NoResults[0].Term != "排污许可" || rep.NoResults[0].NoResults != 2 {
		t.Errorf("no-result searches = %+v, want 排污许可 twice", rep.NoResults)
	}
	if len(rep.Searches) != 3 || rep.Searches[0].Term != "排污许可" {
		t.Errorf("top searches = %+v, want 排污许可 first of 3", rep.Searches)
	}
}

// TestConversions checks the guide → application rule: same visitor, same
// day, the viewed item, once; and that closing the day keeps the counts
// while deleting the salt and every visitor key.
func TestConversions(t *testing.T) {
	e := newEnv(t, Deps{})
	qiye2 := qiye
	qiye2.ip = "203.0.113.78"
	late := qiye
	late.ip = "203.0.113.79"
	fallback := qiye
	fallback.ip = "203.0.113.80"

	e.do(t, qiye, "GET", "/guide/items/A-1")
	e.do(t, qiye, "GET", "/guide/items/B-2/illustrated")
	e.do(t, qiye, "POST", "/projects/12/apply?report=1&items=A-1")  // converts A-1 only
	e.do(t, qiye, "POST", "/projects/12/apply?report=1&items=A-1")  // idempotent re-submission
	e.do(t, qiye2, "POST", "/projects/13/apply?report=1&items=A-1") // never viewed the guide
	e.do(t, anon, "GET", "/guide/items/A-1")                        // viewed, never applied
	e.do(t, late, "POST", "/projects/14/apply?item=B-2")            // applied before viewing …
	e.do(t, late, "GET", "/guide/items/B-2")                        // … so the view is no conversion
	e.do(t, fallback, "GET", "/guide/items/A-1")
	e.do(t, fallback, "GET", "/guide/items/B-2")
	e.do(t, fallback, "POST", "/projects/15/apply") // no item named: every item viewed today
	e.do(t, clerkTC, "GET", "/guide/items/B-2")
	e.do(t, clerkTC, "POST", "/projects/16/apply?report=1&items=B-2") // a clerk's walk-in
	e.flush(t)
	e.clock.Set(noon(day1.AddDays(1)))
	e.do(t, anon, "POST", "/projects/17/apply?report=1&items=A-1") // anonymous: not an enterprise user
	e.do(t, qiye, "POST", "/projects/12/apply?report=1&items=B-2") // the next day: no conversion
	e.flush(t)

	want := map[string]ItemRow{"A-1": {Views: 3, Viewers: 3, Conversions: 2}, "B-2": {Views: 4, Viewers: 4, Conversions: 1}}
	e.checkItems(t, "open day", want)

	e.clock.Set(noon(day1.AddDays(2)))
	n, err := e.svc.CloseDays(context.Background())
	if err != nil || n != 2 {
		t.Fatalf("CloseDays = %d, %v; want 2 days", n, err)
	}
	e.checkItems(t, "closed day", want)
	for _, tbl := range []string{"sitestats_visitors", "sitestats_guide_visits", "sitestats_salts"} {
		if c := e.count(t, "SELECT COUNT(*) FROM "+tbl); c != 0 {
			t.Errorf("%s keeps %d rows after the days closed", tbl, c)
		}
	}
	if evs := testkit.AuditEvents(t, e.db, "sitestats.close_day"); len(evs) != 2 {
		t.Errorf("close_day audit events = %d, want 2", len(evs))
	}
	testkit.AuditChainOK(t, e.db)
	if n, err := e.svc.CloseDays(context.Background()); err != nil || n != 0 {
		t.Errorf("second CloseDays = %d, %v; want nothing left to close", n, err)
	}
	e.checkItems(t, "closed twice", want)
}

func (e *env) checkItems(t testing.TB, when string, want map[string]ItemRow) {
	t.Helper()
	rep, err := e.svc.Report(as(jianguan), Filter{From: day1, To: day1.AddDays(1)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Items) != len(want) {
		t.Fatalf("%s: items = %+v", when, rep.Items)
	}
	for _, it := range rep.Items {
		w := want[it.Code]
		if it.Views != w.Views || it.Viewers != w.Viewers || it.Conversions != w.Conversions {
			t.Errorf("%s: item %s = views %d viewers %d conversions %d, want %d %d %d", when, it.Code,
				it.Views, it.Viewers, it.Conversions, w.Views, w.Viewers, w.Conversions)
		}
	}
	if rep.Items[0].Code != "A-1" || rep.Items[0].Name != "建设工程规划许可证核发" {
		t.Errorf("%s: first item %+v, want A-1 (most conversions) named from the catalog", when, rep.Items[0])
	}
}
