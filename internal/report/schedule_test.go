package report

import (
	"bytes"
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestFirstWorkday_Holidays(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range []struct {
		y    int
		m    time.Month
		want string
	}{
		// 2025: 国庆节、中秋节 1–8 October
		{2025, time.October, "2025-10-09"},
		// 2026: 国庆节 1–7 October, the 8th (a Thursday) is worked
		{2026, time.October, "2026-10-08"},
		{2026, time.January, "2026-01-04"}, // 元旦 1–3 January, Sunday the 4th is a make-up day
		{2026, time.February, "2026-02-02"},
		{2026, time.March, "2026-03-02"}, // 1 March is a Sunday
		{2026, time.May, "2026-05-06"},   // 劳动节 1–5 May
	} {
		d, err := FirstWorkday(ctx, e.cal, c.y, c.m)
		if err != nil || d.String() != c.want {
			t.Errorf("%d-%02d: %s %v, want %s", c.y, c.m, d, err, c.want)
		}
	}
}

func TestNextRun(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	for _, c := range []struct {
		sched   string
		weekday int
		after   time.Time
		want    time.Time
	}{
		{ScheduleMonthly, 0, at(2025, 9, 15), time.Date(2025, 10, 9, 6, 0, 0, 0, cst)},
		{ScheduleMonthly, 0, at(2026, 9, 15), time.Date(2026, 10, 8, 6, 0, 0, 0, cst)},
		{ScheduleMonthly, 0, time.Date(2026, 10, 8, 6, 0, 0, 0, cst), time.Date(2026, 11, 2, 6, 0, 0, 0, cst)},
		{ScheduleMonthly, 0, time.Date(2026, 10, 8, 5, 0, 0, 0, cst), time.Date(2026, 10, 8, 6, 0, 0, 0, cst)},
		{ScheduleWeekly, 1, at(2026, 4, 8), time.Date(2026, 4, 13, 6, 0, 0, 0, cst)}, // Wednesday → Monday
		{ScheduleWeekly, 3, at(2026, 4, 8), time.Date(2026, 4, 15, 6, 0, 0, 0, cst)}, // 10:00 Wednesday is past 06:00
		{ScheduleNone, 0, at(2026, 4, 8), time.Time{}},
	} {
		got, err := e.svc.nextRun(ctx, c.sched, c.weekday, c.after)
		if err != nil || !got.Equal(c.want) {
			t.Errorf("%s %d after %v: %v %v, want %v", c.sched, c.weekday, c.after, got, err, c.want)
		}
	}
}

func TestRolled(t *testing.T) {
	s := Spec{Rows: []string{DimRegion}, Measures: []string{"accepted"}, Period: PeriodMonth, From: "2026-01-01",
		To: "2026-03-31"}
	r := rolled(s, calendar.NewDate(2026, 5, 6))
	if r.From != "2026-02-01" || r.To != "2026-04-30" {
		t.Errorf("rolled to %s..%s", r.From, r.To)
	}
}

// TestRunDue_ArchivesScheduledRun: a county supervisor schedules a report
// monthly; on the first working day of October the job makes it once,
// restricted to the county, and archives an xlsx with the snapshot.
func TestRunDue_ArchivesScheduledRun(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	owner := e.countySupervisor(t, "chuangkou.qx", "511725")
	d, err := e.svc.Save(owner, 0, DefinitionInput{Name: "渠县月报", Share: ShareRegion, ShareRegion: "511725",
		Schedule: ScheduleMonthly, Spec: Spec{Rows: []string{DimRegion}, Measures: []string{"accepted"},
			Period: PeriodMonth, From: "2026-03-01", To: "2026-03-31"}})
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 5, 6, 6, 0, 0, 0, cst); !d.NextRunAt.Equal(want) {
		t.Fatalf("next run %v, want %v", d.NextRunAt, want)
	}
	if n, err := e.svc.RunDue(context.Background(), time.Date(2026, 5, 6, 5, 59, 0, 0, cst)); n != 0 || err != nil {
		t.Fatalf("early: %d %v", n, err)
	}
	now := time.Date(2026, 5, 6, 6, 0, 0, 0, cst)
	e.clock.Set(now)
	if n, err := e.svc.RunDue(context.Background(), now); n != 1 || err != nil {
		t.Fatalf("due: %d %v", n, err)
	}
	if n, _ := e.svc.RunDue(context.Background(), now); n != 0 {
		t.Fatalf("ran twice")
	}
	runs, err := e.svc.Runs(owner, d.ID)
	if err != nil || len(runs) != 1 {
		t.Fatalf("runs %v %v", runs, err)
	}
	r := runs[0]
	if r.Status != RunDone || r.Spec.From != "2026-04-01" || r.Scope.String() != "511725" || r.SpecHash == "" {
		t.Fatalf("run %+v", r)
	}
	rc, _, err := e.svc.File(owner, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(rc)
	rc.Close()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(f.GetSheetList(), []string{SheetReport, SheetConditions}) {
		t.Errorf("sheets %v", f.GetSheetList())
	}
	// the city sees the county's file; another county does not
	if _, _, err := e.svc.File(e.as(t, "jianguan"), r.ID); err != nil {
		t.Errorf("city: %v", err)
	}
	if _, _, err := e.svc.File(e.as(t, "fuzeren"), r.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("通川区 reads 渠县's file: %v", err)
	}
	if next, _ := e.svc.Definition(owner, d.ID); !next.NextRunAt.Equal(time.Date(2026, 6, 1, 6, 0, 0, 0, cst)) {
		t.Errorf("next run after May: %v", next.NextRunAt)
	}
}
