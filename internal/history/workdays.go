package history

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// workdays is the working-day calendar of the generated span held in
// memory: the generator asks millions of questions, and the calendar
// package reads the database for each. It is built from the calendar's own
// exceptions (calendar.Days) and covered years, and answers exactly as
// calendar.AddWorkdays and WorkdaysBetween do — including counting a year
// without an official arrangement Monday to Friday, which it reports as
// provisional. Days are indices from the first day of the span.
type workdays struct {
	*calendar.Index
	dates   []calendar.Date
	strs    []string // dates[i].String(), kept because formatting shows up at scale
	covered map[int]bool
	// midnight[i] is the Unix time of 00:00 Beijing time on dates[i].
	midnight []int64
}

// dayCal is what loadWorkdays needs of calendar.Calendar.
type dayCal interface {
	Days(ctx context.Context, year int) ([]calendar.Day, error)
	Years(ctx context.Context) ([]calendar.YearInfo, error)
}

// loadWorkdays builds the calendar for every day from first to last.
func loadWorkdays(ctx context.Context, cal dayCal, first, last calendar.Date) (*workdays, error) {
	w := &workdays{covered: map[int]bool{}}
	years, err := cal.Years(ctx)
	if err != nil {
		return nil, err
	}
	for _, y := range years {
		w.covered[y.Year] = y.Covered
	}
	if w.Index, err = calendar.NewIndex(ctx, cal, first, last); err != nil {
		return nil, err
	}
	for d := first; !d.After(last); d = d.AddDays(1) {
		w.dates = append(w.dates, d)
		w.strs = append(w.strs, d.String())
		w.midnight = append(w.midnight, d.Time().Unix())
	}
	return w, nil
}

// day is the stored form of day i ("" for -1).
func (w *workdays) day(i int) string {
	if i < 0 {
		return ""
	}
	return w.strs[i]
}

// index is the day index of d; d must lie in the span.
func (w *workdays) index(d calendar.Date) int { return w.Of(d) }

// dayOf is the day index of the Unix time t (Beijing date).
func (w *workdays) dayOf(t int64) int { return int((t - w.midnight[0]) / 86400) }

// add is calendar.AddWorkdays by index (see calendar.Index.AddAt).
func (w *workdays) add(i, n int) int { return w.AddAt(i, n) }

// between is calendar.WorkdaysBetween by index: working days in (i, j].
func (w *workdays) between(i, j int) int { return w.BetweenAt(i, j) }

// nextWork is the first working day at or after day i.
func (w *workdays) nextWork(i int) int {
	for i < w.Len()-1 && !w.Worked(i) {
		i++
	}
	return i
}

// provisional reports whether (i, j] touches a year whose arrangement is
// not loaded, as calendar.Result.Provisional does.
func (w *workdays) provisional(i, j int) bool {
	for y := w.dates[i].AddDays(1).Year(); y <= w.dates[j].Year(); y++ {
		if !w.covered[y] {
			return true
		}
	}
	return false
}
