package report

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Calendar is what reports need of the working-day calendar
// (*calendar.Calendar satisfies it).
type Calendar interface {
	Days(ctx context.Context, year int) ([]calendar.Day, error)
	AddWorkdays(ctx context.Context, from calendar.Date, n int) (calendar.Result, error)
	IsWorkday(ctx context.Context, d calendar.Date) (bool, error)
}

// workIndex numbers the working days of a span so that the working days
// in (a, b] are idx(b) − idx(a): one query per year instead of one per
// case. Years with no loaded arrangement count Monday–Friday, as the
// calendar itself does.
type workIndex struct {
	first calendar.Date
	cum   []int // cum[i]: working days in (first, first+i]
}

// newWorkIndex reads the exceptions of the years from..to.
func newWorkIndex(ctx context.Context, cal Calendar, from, to calendar.Date) (*workIndex, error) {
	ex := map[calendar.Date]calendar.Kind{}
	for y := from.Year(); y <= to.Year(); y++ {
		days, err := cal.Days(ctx, y)
		if err != nil {
			return nil, err
		}
		for _, d := range days {
			ex[d.Date] = d.Kind
		}
	}
	n := to.Sub(from) + 1
	w := &workIndex{first: from, cum: make([]int, n)}
	for i := 1; i < n; i++ {
		d := from.AddDays(i)
		work := !d.IsWeekend()
		if k, ok := ex[d]; ok {
			work = k == calendar.Workday
		}
		w.cum[i] = w.cum[i-1]
		if work {
			w.cum[i]++
		}
	}
	return w, nil
}

// between is the number of working days d with a < d ≤ b (0 when b is not
// after a), as calendar.WorkdaysBetween. Both must lie in the index.
func (w *workIndex) between(a, b calendar.Date) int {
	if !b.After(a) {
		return 0
	}
	return w.cum[b.Sub(w.first)] - w.cum[a.Sub(w.first)]
}

// measureDurations fills Used and OnTime of the concluded facts.
func measureDurations(ctx context.Context, cal Calendar, facts []fact) error {
	var lo, hi calendar.Date
	for i := range facts {
		f := &facts[i]
		if !f.concludedStatus || f.startDay.IsZero() {
			continue
		}
		// a case concluded on the day it was accepted has its start day
		// (the next working day) after its conclusion: the index spans both
		for _, d := range []calendar.Date{f.startDay, f.Concluded} {
			if d.IsZero() {
				continue
			}
			if lo.IsZero() || d.Before(lo) {
				lo = d
			}
			if hi.IsZero() || d.After(hi) {
				hi = d
			}
		}
	}
	if lo.IsZero() {
		return nil
	}
	w, err := newWorkIndex(ctx, cal, lo, hi)
	if err != nil {
		return err
	}
	for i := range facts {
		f := &facts[i]
		if !f.concludedStatus || f.startDay.IsZero() {
			f.OnTime = f.concludedStatus // concluded without a clock: never late
			continue
		}
		f.Used = max(w.between(f.startDay, f.Concluded)-f.paused, 0)
		f.OnTime = f.Used <= f.limit
	}
	return nil
}
