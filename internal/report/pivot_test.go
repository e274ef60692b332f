package report

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// randomCases inserts n cases over 2025–2026 in three regions with every
// kind of outcome: open, approved, denied, refused (not 办结), with pauses.
func randomCases(t *testing.T, e *env, n int) {
	t.Helper()
	rnd := rand.New(rand.NewPCG(7, 11))
	regions := []string{"511700", "511702", "511725"}
	for range n {
		recv := at(2025, 1, 1).AddDate(0, 0, rnd.IntN(480)).Add(time.Duration(rnd.IntN(8)) * time.Hour)
		c := kase{region: regions[rnd.IntN(3)], item: "I" + strconv.Itoa(1+rnd.IntN(4)),
			channel: []string{"online", "window"}[rnd.IntN(2)], flowType: []int{1, 3, 4}[rnd.IntN(3)],
			stage: 1 + rnd.IntN(4), status: 1, received: recv, limit: 3 + rnd.IntN(10)}
		if rnd.IntN(10) > 0 {
			c.accepted, c.status = recv.AddDate(0, 0, rnd.IntN(3)), 8
			if rnd.IntN(4) > 0 {
				c.concluded = c.accepted.AddDate(0, 0, rnd.IntN(25))
				c.status = []int{11, 11, 12, 13, 5}[rnd.IntN(5)]
				c.paused = rnd.IntN(3)
			}
		}
		e.add(t, c)
	}
}

// sqlCounts is the hand-written GROUP BY of one event column by region for
// [from, to), with an optional extra condition.
func sqlCounts(t *testing.T, e *env, column, extra string, from, to time.Time) map[string]float64 {
	t.Helper()
	q := fmt.Sprintf(`SELECT c.region_code, COUNT(*) FROM cases c JOIN applications a ON a.id = c.application_id
		WHERE c.%s >= $1 AND c.%s < $2 %s GROUP BY c.region_code`, column, column, extra)
	rows, err := e.db.QueryContext(context.Background(), q, sqldb.T(from), sqldb.T(to))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]float64{}
	for rows.Next() {
		var code string
		var n float64
		if err := rows.Scan(&code, &n); err != nil {
			t.Fatal(err)
		}
		out[code] = n
	}
	return out
}

// handDurations computes the working days of every concluded case in
// [from, to) per region with the calendar itself (one call per case).
func handDurations(t *testing.T, e *env, from, to time.Time) map[string][]int {
	t.Helper()
	ctx := context.Background()
	rows, err := e.db.QueryContext(ctx, `SELECT region_code, start_day, concluded_at, paused_days, limit_days FROM cases
		WHERE status IN (11, 12, 13) AND concluded_at >= $1 AND concluded_at < $2`, sqldb.T(from), sqldb.T(to))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string][]int{}
	for rows.Next() {
		var code, start string
		var concluded sqldb.Time
		var paused, limit int
		if err := rows.Scan(&code, &start, &concluded, &paused, &limit); err != nil {
			t.Fatal(err)
		}
		s, _ := calendar.ParseDate(start)
		n, err := e.cal.WorkdaysBetween(ctx, s, calendar.DateOf(concluded.Time))
		if err != nil {
			t.Fatal(err)
		}
		used := max(n-paused, 0)
		out[code] = append(out[code], used)
		if used <= limit {
			out[code+"/ontime"] = append(out[code+"/ontime"], used)
		}
	}
	return out
}

// TestPivot_AgainstSQL checks every count of a region pivot against a
// hand-written GROUP BY, and the durations against the calendar.
func TestPivot_AgainstSQL(t *testing.T) {
	e := newEnv(t)
	randomCases(t, e, 400)
	spec := Spec{Rows: []string{DimRegion}, Period: PeriodQuarter, From: "2025-10-01", To: "2026-03-31",
		Measures: []string{"received", "accepted", "concluded", "ontime", "overdue", "p50_days", "p90_days",
			"avg_days", "ontime_rate"}, Filters: Filters{Channels: []string{"online"}}}
	r, err := e.svc.Pivot(e.as(t, "jianguan"), spec)
	if err != nil {
		t.Fatal(err)
	}
	from, to := at(2025, 10, 1).Add(-10*time.Hour), at(2026, 4, 1).Add(-10*time.Hour)
	online := "AND a.channel = 'online'"
	want := map[string]map[string]float64{
		"received":  sqlCounts(t, e, "received_at", online, from, to),
		"accepted":  sqlCounts(t, e, "accepted_at", online, from, to),
		"concluded": sqlCounts(t, e, "concluded_at", online+" AND c.status IN (11, 12, 13)", from, to),
	}
	got := byRegion(t, e, r)
	for m, byCode := range want {
		col := slices.Index(spec.Measures, m)
		for _, code := range []string{"511700", "511702", "511725"} {
			if g := got[code][col]; g.Value != byCode[code] {
				t.Errorf("%s %s: pivot %v, SQL %v", code, m, g.Value, byCode[code])
			}
		}
	}
	checkDurations(t, e, spec, from, to)
}

// byRegion maps the region code of each detail row to its cells.
func byRegion(t *testing.T, e *env, r Result) map[string][]Cell {
	t.Helper()
	out := map[string][]Cell{}
	for _, code := range []string{"511700", "511702", "511725"} {
		reg, err := e.orgs.RegionByCode(context.Background(), code)
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range r.Rows[1:] {
			if row.Labels[0] == reg.Name {
				out[code] = row.Cells
			}
		}
		if out[code] == nil {
			t.Fatalf("no row for %s (%s)", reg.Name, code)
		}
	}
	return out
}

// checkDurations compares on-time counts, P50/P90 and the mean with the
// calendar's own count, over all channels.
func checkDurations(t *testing.T, e *env, spec Spec, from, to time.Time) {
	t.Helper()
	spec.Filters = Filters{}
	r, err := e.svc.Pivot(e.as(t, "jianguan"), spec)
	if err != nil {
		t.Fatal(err)
	}
	got := byRegion(t, e, r)
	hand := handDurations(t, e, from, to)
	for _, code := range []string{"511700", "511702", "511725"} {
		days := hand[code]
		if len(days) == 0 {
			t.Fatalf("fixture has no concluded case in %s", code)
		}
		slices.Sort(days)
		nr := func(p float64) float64 {
			k := int(float64(len(days))*p + 0.999999)
			return float64(days[max(k, 1)-1])
		}
		sum := 0
		for _, d := range days {
			sum += d
		}
		cells := got[code]
		if cells[5].Value != nr(0.5) || cells[6].Value != nr(0.9) {
			t.Errorf("%s P50/P90 %v/%v, want %v/%v", code, cells[5].Value, cells[6].Value, nr(0.5), nr(0.9))
		}
		if avg := float64(sum) / float64(len(days)); cells[7].Value != avg {
			t.Errorf("%s avg %v, want %v", code, cells[7].Value, avg)
		}
		if cells[3].Value != float64(len(hand[code+"/ontime"])) {
			t.Errorf("%s on time %v, want %d", code, cells[3].Value, len(hand[code+"/ontime"]))
		}
		if cells[3].Value+cells[4].Value != cells[2].Value {
			t.Errorf("%s on time %v + overdue %v != concluded %v", code, cells[3].Value, cells[4].Value, cells[2].Value)
		}
	}
}
