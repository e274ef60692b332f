package ticket

import (
	"context"
	"math"
	"reflect"
	"sort"
	"testing"
	"time"
)

// reportFixture opens five faults on 7x24 clocks (business minutes are
// wall minutes) with resolution targets, over November and December 2025:
//
//	T1 emergency 11-03 10:00: respond +30, resolve +120  → both met
//	T2 emergency 11-04 10:00: respond +90, resolve +300  → both breached
//	T3 important 11-05 10:00: respond +10, still open    → response met, resolution
//	                                                       breached by the December scan
//	T4 important 12-01 09:00: respond +121, resolve +200 → breached, met
//	T5 emergency 12-02 09:00: untouched, scanned at 12:00 → response breached
func reportFixture(t *testing.T) *env {
	e := newEnvWith(t, Config{Resolution: map[Severity]int{Emergency: 240, Important: 480}})
	ctx := e.as(t, "yunwei")
	step := func(opened string, sev Severity, respond, resolve int) {
		t.Helper()
		start := at(t, opened)
		e.clock.Set(start)
		tk := e.fault(t, sev)
		if respond > 0 {
			e.clock.Set(start.Add(time.Duration(respond) * time.Minute))
			must(e.svc.Respond(ctx, tk.ID, ""))
		}
		if resolve > 0 {
			e.clock.Set(start.Add(time.Duration(resolve) * time.Minute))
			must(e.svc.Resolve(ctx, tk.ID, ResolveInput{Cause: "甲", Resolution: "乙", Resolved: true}))
		}
	}
	step("2025-11-03 10:00", Emergency, 30, 120)
	step("2025-11-04 10:00", Emergency, 90, 300)
	step("2025-11-05 10:00", Important, 10, 0)
	step("2025-12-01 09:00", Important, 121, 200)
	step("2025-12-02 09:00", Emergency, 0, 0)
	e.clock.Set(at(t, "2025-12-02 12:00"))
	if _, err := e.svc.ScanClocks(context.Background()); err != nil {
		t.Fatal(err)
	}
	return e
}

// handRow is a report row computed in the test from the problem register.
type handRow struct {
	count, completed, met, breached int
	resp, res                       []int
}

// fromRegister folds the register's tickets (their stored clocks) into
// rows by opening month, without any of the report code.
func fromRegister(tks []Ticket) map[string]*handRow {
	rows := map[string]*handRow{"合计": {}}
	for _, tk := range tks {
		month := tk.OpenedAt.In(time.FixedZone("CST", 8*3600)).Format("2006-01")
		if rows[month] == nil {
			rows[month] = &handRow{}
		}
		for _, r := range []*handRow{rows[month], rows["合计"]} {
			r.count++
			if tk.Status == StatusResolved || tk.Status == StatusClosed {
				r.completed++
			}
			for _, c := range tk.Clocks {
				if !c.StoppedAt.IsZero() && c.Metric == MetricResponse {
					r.resp = append(r.resp, int(c.UsedSeconds/60))
				} else if !c.StoppedAt.IsZero() {
					r.res = append(r.res, int(c.UsedSeconds/60))
				}
				switch {
				case c.Breached:
					r.breached++
				case c.State == ClockMet:
					r.met++
				}
			}
		}
	}
	return rows
}

// nearestRank is the p-th percentile by the nearest-rank definition:
// the value at rank ceil(p/100 × n) of the sorted list.
func nearestRank(xs []int, p float64) int {
	if len(xs) == 0 {
		return 0
	}
	s := append([]int(nil), xs...)
	sort.Ints(s)
	return s[int(math.Ceil(p/100*float64(len(s))))-1]
}

// TestReport_RecomputedByHand compares the report (from the clock-event
// log) with figures computed here from the register, per month and in
// total, and anchors the total to the known times of the fixture.
func TestReport_RecomputedByHand(t *testing.T) {
	e := reportFixture(t)
	ctx := e.as(t, "jianguan")
	tks, _, err := e.svc.List(ctx, Filter{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	hand := fromRegister(tks)
	tot := hand["合计"]
	if tot.count != 5 || tot.completed != 3 || tot.met != 4 || tot.breached != 5 ||
		nearestRank(tot.resp, 50) != 30 || nearestRank(tot.resp, 90) != 121 ||
		nearestRank(tot.res, 50) != 200 || nearestRank(tot.res, 90) != 300 {
		t.Fatalf("register does not show the fixture's times: %+v", tot)
	}
	rep, err := e.svc.Report(ctx, Filter{}, ByMonth)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Rows) != 2 || rep.Rows[0].Group != "2025-11" || rep.Rows[1].Group != "2025-12" {
		t.Fatalf("groups = %+v", rep.Rows)
	}
	for _, row := range append(rep.Rows, rep.Total) {
		h := hand[row.Group]
		want := ReportRow{Group: row.Group, Count: h.count, Completed: h.completed, Met: h.met, Breached: h.breached,
			ResponseP50: nearestRank(h.resp, 50), ResponseP90: nearestRank(h.resp, 90),
			ResolutionP50: nearestRank(h.res, 50), ResolutionP90: nearestRank(h.res, 90),
			CompletionRate: float64(h.completed) / float64(h.count), OnTimeRate: float64(h.met) / float64(h.met+h.breached)}
		got := row
		got.response, got.resolution = nil, nil
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %+v\nwant %+v", row.Group, got, want)
		}
	}
	if rep.Total.CompletionPct() != Percent(0.6) || rep.Total.OnTimePct() != Percent(4.0/9) {
		t.Errorf("rates %s %s", rep.Total.CompletionPct(), rep.Total.OnTimePct())
	}
	for by, want := range map[string]string{ByQuarter: "2025-Q4", ByYear: "2025"} {
		r, err := e.svc.Report(ctx, Filter{}, by)
		if err != nil || len(r.Rows) != 1 || r.Rows[0].Group != want || r.Rows[0].Count != 5 {
			t.Errorf("by %s: %+v, %v", by, r.Rows, err)
		}
	}
}
