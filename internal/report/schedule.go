package report

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Schedules of a saved report.
const (
	ScheduleNone    = "none"
	ScheduleMonthly = "monthly" // 06:00 on the first working day of each month
	ScheduleWeekly  = "weekly"  // 06:00 on a weekday every week
)

// Schedules lists the schedule options.
var Schedules = []Option{{ScheduleNone, "不定时"}, {ScheduleMonthly, "每月第一个工作日"}, {ScheduleWeekly, "每周"}}

// Weekdays names the weekdays 1 (Monday) … 7 (Sunday).
var Weekdays = []Option{{"1", "周一"}, {"2", "周二"}, {"3", "周三"}, {"4", "周四"}, {"5", "周五"}, {"6", "周六"},
	{"7", "周日"}}

// runHour is the hour (Beijing time) scheduled runs are due, before the
// working day starts.
const runHour = 6

// FirstWorkday is the first working day of the month on the working-day
// calendar (holidays and make-up days included): the first working day
// after the last day of the previous month.
func FirstWorkday(ctx context.Context, cal Calendar, year int, month time.Month) (calendar.Date, error) {
	r, err := cal.AddWorkdays(ctx, calendar.NewDate(year, month, 0), 1)
	return r.Date, err
}

// nextRun is the first instant after `after` at which schedule is due;
// zero for ScheduleNone.
func (s *Service) nextRun(ctx context.Context, schedule string, weekday int, after time.Time) (time.Time, error) {
	day := calendar.DateOf(after)
	at := func(d calendar.Date) time.Time { return d.Time().Add(runHour * time.Hour) }
	switch schedule {
	case ScheduleMonthly:
		for i := 0; i < 3; i++ {
			m := calendar.NewDate(day.Year(), day.Month()+time.Month(i), 1)
			d, err := FirstWorkday(ctx, s.cal, m.Year(), m.Month())
			if err != nil {
				return time.Time{}, err
			}
			if at(d).After(after) {
				return at(d), nil
			}
		}
	case ScheduleWeekly:
		for i := 0; i <= 7; i++ {
			d := day.AddDays(i)
			if (int(d.Weekday())+6)%7+1 == weekday && at(d).After(after) {
				return at(d), nil
			}
		}
	}
	return time.Time{}, nil
}

// rolled is spec with its range moved to the complete periods just before
// day, as many as the saved range holds: a report saved for January–March
// and run on 6 May covers February–April.
func rolled(spec Spec, day calendar.Date) Spec {
	rg, err := spec.Normalize()
	if err != nil {
		return spec
	}
	n := 0
	for d := rg.From; !d.After(rg.To); d = shiftPeriods(spec.Period, d, 1) {
		n++
	}
	end := periodStart(spec.Period, day).AddDays(-1)
	spec.From = shiftPeriods(spec.Period, periodStart(spec.Period, end), -(n - 1)).String()
	spec.To = end.String()
	return spec
}

// RunDue makes the scheduled runs that are due at now: for each due saved
// report it advances the schedule (once, even with several servers),
// queues a run over the complete periods before today restricted to the
// owner's saved scope, and makes it. It returns the number of runs made.
// Job: every few minutes.
func (s *Service) RunDue(ctx context.Context, now time.Time) (int, error) {
	ctx = systemCtx(ctx)
	due, err := dueDefinitions(ctx, s.db, now)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range due {
		id, err := s.queueScheduled(ctx, d, now)
		if err != nil {
			return n, err
		}
		if id == 0 {
			continue
		}
		if ok, err := claimRun(ctx, s.db, id, s.now()); err != nil || !ok {
			return n, err
		}
		if err := s.make(ctx, id); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// queueScheduled advances d's schedule and queues its run in one
// transaction; 0 when another server advanced it first.
func (s *Service) queueScheduled(ctx context.Context, d Definition, now time.Time) (int64, error) {
	next, err := s.nextRun(ctx, d.Schedule, d.Weekday, now)
	if err != nil {
		return 0, err
	}
	spec := rolled(d.Spec, calendar.DateOf(now))
	r := Run{DefinitionID: d.ID, Name: d.Name, Spec: spec, SpecHash: hashSpec(spec), DefVersion: d.Version,
		Scope: d.Scope, Origin: "schedule", RequestedName: "", Status: RunQueued, CreatedAt: s.now()}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		ok, err := advanceSchedule(ctx, tx, d.ID, d.NextRunAt, next)
		if err != nil || !ok {
			return err
		}
		if r.ID, err = insertRun(ctx, tx, r); err != nil {
			return err
		}
		return s.recordRun(ctx, tx, "report.run.schedule", r)
	})
	return r.ID, err
}
