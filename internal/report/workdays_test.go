package report

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// noExceptions is a calendar of weekdays only (enough for these dates).
type noExceptions struct{ Calendar } // only Days is called

func (noExceptions) Days(context.Context, int) ([]calendar.Day, error) { return nil, nil }

// TestMeasureDurations: working days between the clock's start and the
// conclusion, pauses taken off; a case concluded on its day of acceptance
// (its clock would start the next working day) used none and is on time.
func TestMeasureDurations(t *testing.T) {
	d := calendar.NewDate
	facts := []fact{
		{Concluded: d(2026, 3, 13), startDay: d(2026, 3, 10), limit: 5, concludedStatus: true},
		{Concluded: d(2026, 3, 20), startDay: d(2026, 3, 10), limit: 5, paused: 2, concludedStatus: true},
		{Concluded: d(2026, 3, 9), startDay: d(2026, 3, 10), limit: 1, concludedStatus: true},
		{Concluded: d(2026, 3, 27), startDay: d(2026, 3, 10), limit: 5, concludedStatus: true},
	}
	if err := measureDurations(context.Background(), noExceptions{}, facts); err != nil {
		t.Fatal(err)
	}
	for i, want := range []struct {
		used   int
		onTime bool
	}{{3, true}, {6, false}, {0, true}, {13, false}} {
		if facts[i].Used != want.used || facts[i].OnTime != want.onTime {
			t.Errorf("fact %d: used %d on time %v, want %d %v", i, facts[i].Used, facts[i].OnTime, want.used, want.onTime)
		}
	}
	only := []fact{{Concluded: d(2026, 3, 9), startDay: d(2026, 3, 10), limit: 1, concludedStatus: true}}
	if err := measureDurations(context.Background(), noExceptions{}, only); err != nil || only[0].Used != 0 || !only[0].OnTime {
		t.Errorf("a lone same-day conclusion: %+v %v", only[0], err)
	}
}
