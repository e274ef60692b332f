package anomaly

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Calendar is what anomaly reads of the working-day calendar
// (*calendar.Calendar satisfies it): the dated exceptions of a year.
type Calendar interface {
	Days(ctx context.Context, year int) ([]calendar.Day, error)
}

var _ Calendar = (*calendar.Calendar)(nil)

// workdays answers "is d worked" from the exceptions of the years it has
// loaded: a make-up working day, or Monday–Friday unless a holiday. One
// evaluation loads it once, so that judging ten regions costs no more
// calendar queries than judging one.
type workdays struct {
	cal    Calendar
	kinds  map[calendar.Date]calendar.Kind
	loaded map[int]bool
}

func newWorkdays(cal Calendar) *workdays {
	return &workdays{cal: cal, kinds: map[calendar.Date]calendar.Kind{}, loaded: map[int]bool{}}
}

// is reports whether d is a working day.
func (w *workdays) is(ctx context.Context, d calendar.Date) (bool, error) {
	if !w.loaded[d.Year()] {
		days, err := w.cal.Days(ctx, d.Year())
		if err != nil {
			return false, err
		}
		for _, day := range days {
			w.kinds[day.Date] = day.Kind
		}
		w.loaded[d.Year()] = true
	}
	if k, ok := w.kinds[d]; ok {
		return k == calendar.Workday, nil
	}
	return !d.IsWeekend(), nil
}

// before returns the n working days before d (d excluded), oldest first.
// It looks back at most 3n+30 calendar days, enough for any holiday.
func (w *workdays) before(ctx context.Context, d calendar.Date, n int) ([]calendar.Date, error) {
	out := make([]calendar.Date, 0, n)
	for x, limit := d.AddDays(-1), 3*n+30; len(out) < n && limit > 0; x, limit = x.AddDays(-1), limit-1 {
		ok, err := w.is(ctx, x)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, x)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}

// between returns the working days d with after < d ≤ upTo, oldest first,
// at most the last n of them.
func (w *workdays) between(ctx context.Context, after, upTo calendar.Date, n int) ([]calendar.Date, error) {
	var out []calendar.Date
	for x := upTo; x.After(after) && len(out) < n; x = x.AddDays(-1) {
		ok, err := w.is(ctx, x)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, x)
		}
	}
	for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
		out[i], out[j] = out[j], out[i]
	}
	return out, nil
}
