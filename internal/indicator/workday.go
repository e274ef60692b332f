package indicator

import (
	"context"
	"sort"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Calendar is what the indicators read of the working-day calendar
// (*calendar.Calendar satisfies it): the exceptions of a year.
type Calendar interface {
	Days(ctx context.Context, year int) ([]calendar.Day, error)
}

var _ Calendar = (*calendar.Calendar)(nil)

// workdays counts working days in memory over a range of years, so that a
// recompute over a million cases does not ask the database per case. It
// applies the calendar's exceptions to the Monday–Friday week exactly as
// calendar.WorkdaysBetween does (years without an arrangement count
// Monday–Friday).
type workdays struct {
	base int   // dayNumber of the day before the first loaded
	cum  []int // cum[i] = working days in (base, base+i]
}

// loadWorkdays reads the exceptions of the years from..to.
func loadWorkdays(ctx context.Context, cal Calendar, from, to int) (*workdays, error) {
	kinds := map[calendar.Date]calendar.Kind{}
	for y := from; y <= to; y++ {
		days, err := cal.Days(ctx, y)
		if err != nil {
			return nil, err
		}
		for _, d := range days {
			kinds[d.Date] = d.Kind
		}
	}
	base := calendar.NewDate(from, 1, 1).AddDays(-1)
	w := &workdays{base: dayNumber(base)}
	n := calendar.NewDate(to+1, 1, 1).Sub(base)
	w.cum = make([]int, n+1)
	for i := 1; i <= n; i++ {
		d := base.AddDays(i)
		work := !d.IsWeekend()
		if k, ok := kinds[d]; ok {
			work = k == calendar.Workday
		}
		w.cum[i] = w.cum[i-1]
		if work {
			w.cum[i]++
		}
	}
	return w, nil
}

// between counts the working days d with from < d ≤ to (0 when to is not
// after from), clamping to the loaded range.
func (w *workdays) between(from, to calendar.Date) int {
	if !to.After(from) {
		return 0
	}
	return w.at(to) - w.at(from)
}

func (w *workdays) at(d calendar.Date) int {
	i := dayNumber(d) - w.base
	switch {
	case i < 0:
		return 0
	case i >= len(w.cum):
		return w.cum[len(w.cum)-1]
	}
	return w.cum[i]
}

func sortFloats(xs []float64) { sort.Float64s(xs) }
