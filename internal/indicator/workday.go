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

// loadWorkdays indexes the working days of the years from..to in memory
// (calendar.Index), so that a recompute over a million cases does not ask
// the database per case. The span starts the day before 1 January of from,
// so that a day before the years counts as that day (none of them worked).
func loadWorkdays(ctx context.Context, cal Calendar, from, to int) (*calendar.Index, error) {
	return calendar.NewIndex(ctx, cal, calendar.NewDate(from, 1, 1).AddDays(-1), calendar.NewDate(to+1, 1, 1))
}

func sortFloats(xs []float64) { sort.Float64s(xs) }
