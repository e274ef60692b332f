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
	w, err := calendar.NewIndex(ctx, cal, lo, hi)
	if err != nil {
		return err
	}
	for i := range facts {
		f := &facts[i]
		if !f.concludedStatus || f.startDay.IsZero() {
			f.OnTime = f.concludedStatus // concluded without a clock: never late
			continue
		}
		f.Used = max(w.Between(f.startDay, f.Concluded)-f.paused, 0)
		f.OnTime = f.Used <= f.limit
	}
	return nil
}
