package report

import (
	"context"
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
