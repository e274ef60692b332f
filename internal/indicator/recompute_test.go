package indicator

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// TestRecompute_WritesChangesOnly changes the data after a recompute (a
// case moves to another region, emptying a day it was alone on; another
// concludes) and recomputes: the stored values and samples must equal
// those of a recompute into empty tables, the emptied day must be gone,
// and the rows nothing changed must not have been rewritten.
func TestRecompute_WritesChangesOnly(t *testing.T) {
	e := newEnv(t)
	e.generate(t, 5)
	ctx := context.Background()
	e.must(t, e.svc.Recompute(ctx))
	first := e.clock.Now()
	e.clock.Set(first.Add(time.Hour))
	var region string
	var day calendar.Date
	e.must(t, e.db.QueryRowContext(ctx, `SELECT region_code, period_start FROM indicator_values
		WHERE code = $1 AND period = 'day' AND denominator = 1 ORDER BY period_start, region_code LIMIT 1`,
		OnlineApplyRate).Scan(&region, &day))
	res, err := e.db.ExecContext(ctx, `UPDATE cases SET region_code = '511781' WHERE region_code = $1
		AND received_at >= $2 AND received_at < $3`, region, sqldbT(day.Time()), sqldbT(day.AddDays(1).Time()))
	e.must(t, err)
	if n, _ := res.RowsAffected(); n != 1 || region == "511781" {
		t.Fatalf("moved %d cases from %s; want one case away from 511781", n, region)
	}
	_, err = e.db.ExecContext(ctx, `UPDATE cases SET status = 11, concluded_at = $1, warn_level = 'none'
		WHERE id = (SELECT MIN(id) FROM cases WHERE status = 8)`, sqldbT(e.clock.Now()))
	e.must(t, err)
	e.must(t, e.svc.Recompute(ctx))
	got, gotSets := dumpValues(t, e), dumpSets(t, e)
	if _, ok := got[OnlineApplyRate+"/"+region+"/day/"+day.String()+"/"]; ok {
		t.Errorf("%s %s %s: the day's only case moved away, yet its value is still stored", OnlineApplyRate, region, day)
	}
	var fresh, total int
	e.must(t, e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_values WHERE computed_at > $1`,
		sqldbT(first)).Scan(&fresh))
	e.must(t, e.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM indicator_values`).Scan(&total))
	if fresh == 0 || fresh >= total/2 {
		t.Errorf("the second recompute wrote %d of %d values; want the few that changed", fresh, total)
	}
	for _, table := range []string{"indicator_values", "indicator_sample_sets"} {
		_, err := e.db.ExecContext(ctx, `DELETE FROM `+table)
		e.must(t, err)
	}
	e.must(t, e.svc.Recompute(ctx))
	sameDump(t, "values", got, dumpValues(t, e))
	sameDump(t, "sample sets", gotSets, dumpSets(t, e))
}

// dumpSets returns every stored sample set keyed by its identity.
func dumpSets(t *testing.T, e *env) map[string]string {
	t.Helper()
	rows, err := e.db.QueryContext(context.Background(), `SELECT code, region_code, day, dim, vals
		FROM indicator_sample_sets`)
	e.must(t, err)
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var code, region, day, dim, vals string
		e.must(t, rows.Scan(&code, &region, &day, &dim, &vals))
		out[code+"/"+region+"/"+day+"/"+dim] = vals
	}
	e.must(t, rows.Err())
	return out
}

// sameDump reports every difference between two dumps.
func sameDump(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d rows, want %d", what, len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s %s: %q, want %q", what, k, got[k], v)
		}
	}
}
