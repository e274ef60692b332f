package history

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TestGenerate_Workdays checks dates against the calendar service itself
// (one database query per question), on every accepted case: the start
// day is the working day of acceptance, the deadline is the start day plus
// the limit and the paused days, a department's conclusion falls on a
// working day, each closed pause counts its working days, and the stored
// warning level agrees with the clock.
func TestGenerate_Workdays(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	p := smallParams()
	p.From, p.CasesPerMonth = Month{2025, time.September}, 120 // 春节 is not in it, 国庆 is
	if _, err := s.Generate(ctx, p); err != nil {
		t.Fatal(err)
	}
	rows, err := db.QueryContext(ctx, `SELECT id, status, accepted_at, start_day, deadline, limit_days, paused_days,
		concluded_at, warn_level FROM cases WHERE accepted_at IS NOT NULL ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		id                    int64
		status, limit, paused int
		accepted              sqldb.Time
		concluded             sqldb.NullTime
		start, deadline, warn string
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.id, &r.status, &r.accepted, &r.start, &r.deadline, &r.limit, &r.paused, &r.concluded,
			&r.warn); err != nil {
			t.Fatal(err)
		}
		all = append(all, r)
	}
	rows.Close()
	if len(all) < 300 {
		t.Fatalf("only %d accepted cases", len(all))
	}
	cal := s.d.Calendar
	for _, r := range all {
		start, _ := calendar.ParseDate(r.start)
		if got := calendar.DateOf(r.accepted.Time); got != start {
			t.Errorf("case %d accepted on %s, start day %s", r.id, got, start)
		}
		if ok, _ := cal.IsWorkday(ctx, start); !ok {
			t.Errorf("case %d starts on %s, not a working day", r.id, start)
		}
		dl, err := cal.AddWorkdays(ctx, start, r.limit+r.paused)
		if err != nil || dl.Date.String() != r.deadline {
			t.Errorf("case %d deadline %s, calendar says %s (%v)", r.id, r.deadline, dl.Date, err)
		}
		if r.status == 11 || r.status == 12 || r.status == 13 {
			end := calendar.DateOf(r.concluded.Time)
			if ok, _ := cal.IsWorkday(ctx, end); !ok {
				t.Errorf("case %d concluded on %s, not a working day", r.id, end)
			}
			used, _ := cal.WorkdaysBetween(ctx, start, end)
			used -= r.paused
			if (used > r.limit) != (r.warn == "red") {
				t.Errorf("case %d used %d of %d days, warn level %s", r.id, used, r.limit, r.warn)
			}
		}
	}
	checkPauses(t, db, cal)
}

func checkPauses(t *testing.T, db *sqldb.DB, cal *calendar.Calendar) {
	ctx := context.Background()
	rows, err := db.QueryContext(ctx, `SELECT p.case_id, p.started_at, p.ended_at, p.workdays FROM case_pauses p
		JOIN cases c ON c.id = p.case_id WHERE p.ended_at IS NOT NULL AND c.accepted_at IS NOT NULL
		AND p.started_at >= c.accepted_at`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var id int64
		var from, to sqldb.Time
		var days int
		if err := rows.Scan(&id, &from, &to, &days); err != nil {
			t.Fatal(err)
		}
		want, _ := cal.WorkdaysBetween(ctx, calendar.DateOf(from.Time), calendar.DateOf(to.Time))
		if days != want {
			t.Errorf("case %d pause counts %d working days, calendar %d", id, days, want)
		}
		n++
	}
	if n == 0 {
		t.Error("no closed pause after acceptance to check")
	}
}

// TestGenerate_Distributions generates three years for the whole city and
// checks the shape: volumes by region, the shares of overdue, 补正,
// special procedures, refusals and online applications, and every flow type.
func TestGenerate_Distributions(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	p := Params{Seed: 11, From: Month{2023, time.January}, To: Month{2025, time.December}, Total: 12000}
	sum, err := s.Generate(ctx, p)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Cases < 11000 || sum.Cases > 13000 {
		t.Errorf("cases = %d, want about 12,000", sum.Cases)
	}
	by := sum.ByRegion
	for _, county := range []string{"511722", "511723", "511724", "511725", "511781"} {
		if by["511702"] <= by[county] || by["511703"] <= by[county] {
			t.Errorf("通川区 %d / 达川区 %d not above %s %d", by["511702"], by["511703"], county, by[county])
		}
		if county != "511781" && by["511781"] >= by[county] {
			t.Errorf("万源市 %d not below %s %d", by["511781"], county, by[county])
		}
	}
	concluded := float64(sum.ByStatus[11] + sum.ByStatus[12] + sum.ByStatus[13])
	shares := []struct {
		name     string
		got      float64
		low, top float64
	}{
		{"overdue of concluded", float64(sum.Overdue) / concluded, 0.03, 0.09},
		{"补正", float64(sum.Corrected) / float64(sum.Cases), 0.15, 0.25},
		{"refused (4, 5)", float64(sum.ByStatus[4]+sum.ByStatus[5]) / float64(sum.Cases), 0.02, 0.045},
		{"withdrawn (2, 14)", float64(sum.ByStatus[2]+sum.ByStatus[14]) / float64(sum.Cases), 0.005, 0.03},
		{"denied", float64(sum.ByStatus[13]) / float64(sum.Cases), 0.005, 0.03},
		{"容缺通过", float64(sum.ByStatus[12]) / float64(sum.Cases), 0.002, 0.05},
	}
	t.Logf("%+v", sum)
	for _, sh := range shares {
		t.Logf("%s %.3f", sh.name, sh.got)
		if sh.got < sh.low || sh.got > sh.top {
			t.Errorf("%s share %.3f outside [%.3f, %.3f]", sh.name, sh.got, sh.low, sh.top)
		}
	}
	share(t, db, "special procedures", `SELECT COUNT(DISTINCT case_id) FROM case_pauses WHERE kind = 'special'`,
		`SELECT COUNT(*) FROM cases WHERE accepted_at IS NOT NULL`, 0.01, 0.03)
	share(t, db, "online applications", `SELECT COUNT(*) FROM applications WHERE channel = 'online'`,
		`SELECT COUNT(*) FROM applications`, 0.6, 0.8)
	assertCount(t, db, "flow types", `SELECT COUNT(DISTINCT flow_type) FROM projects`, 4)
	assertCount(t, db, "projects in every stage", `SELECT COUNT(DISTINCT stage) FROM projects`, 6)
}

func share(t *testing.T, db *sqldb.DB, name, num, den string, low, top float64) {
	t.Helper()
	var n, d float64
	if err := db.QueryRowContext(context.Background(), num).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(context.Background(), den).Scan(&d); err != nil {
		t.Fatal(err)
	}
	if d == 0 || n/d < low || n/d > top {
		t.Errorf("%s share %.0f/%.0f outside [%.3f, %.3f]", name, n, d, low, top)
	}
}

// TestGenerate_Plant checks the planted anomalies: 渠县's overdue share of
// the cases concluded in the last 10 working days stands far above the
// other counties', and 万源市 receives nothing in its silent window.
func TestGenerate_Plant(t *testing.T) {
	ctx := context.Background()
	s, db := newService(t)
	p := Params{Seed: 5, From: Month{2025, time.January}, To: Month{2025, time.November}, CasesPerMonth: 600,
		AsOf: time.Date(2025, 11, 20, 2, 0, 0, 0, time.UTC),
		Plant: []Anomaly{{Region: "511725", Kind: AnomalyOverdue, Workdays: 10, Share: 0.6},
			{Region: "511781", Kind: AnomalySilence, Workdays: 5}}}
	if _, err := s.Generate(ctx, p); err != nil {
		t.Fatal(err)
	}
	since := "2025-11-06T16:00:00.000000Z" // 10 working days before 2025-11-20 (Beijing)
	overdue := `SELECT COUNT(*) FROM cases WHERE region_code = $1 AND concluded_at >= $2 AND status IN (11, 12, 13)
		AND SUBSTR(` + beijingDate("concluded_at", db) + `, 1, 10) > deadline`
	all := `SELECT COUNT(*) FROM cases WHERE region_code = $1 AND concluded_at >= $2 AND status IN (11, 12, 13)`
	qu, quAll := count(t, db, overdue, "511725", since), count(t, db, all, "511725", since)
	tc, tcAll := count(t, db, overdue, "511702", since), count(t, db, all, "511702", since)
	t.Logf("渠县 %d/%d 通川区 %d/%d", qu, quAll, tc, tcAll)
	if quAll < 10 || float64(qu)/float64(quAll) < 0.25 || float64(qu)/float64(quAll) < 3*float64(tc)/float64(max(tcAll, 1)) {
		t.Errorf("渠县 overdue %d/%d in the window, 通川区 %d/%d: no spike", qu, quAll, tc, tcAll)
	}
	if n := count(t, db, `SELECT COUNT(*) FROM cases WHERE region_code = $1 AND received_at >= $2`, "511781",
		"2025-11-12T16:00:00.000000Z"); n != 0 {
		t.Errorf("万源市 received %d cases in its silent window", n)
	}
}

// beijingDate is the Beijing date of a timestamp column as 'YYYY-MM-DD…'.
func beijingDate(col string, db *sqldb.DB) string {
	if db.Dialect == sqldb.Postgres {
		return "TO_CHAR(" + col + " AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD')"
	}
	return "DATETIME(" + col + ", '+8 hours')"
}

func count(t *testing.T, db *sqldb.DB, q, region, since string) int {
	t.Helper()
	var n int
	arg := any(since)
	if db.Dialect == sqldb.Postgres {
		ts, _ := time.Parse(sqldb.TimeLayout, since)
		arg = sqldb.T(ts)
	}
	if err := db.QueryRowContext(context.Background(), q, region, arg).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
