package exchange

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TestDailySuccess: accepted over settled records per region and Beijing
// day of sending; pending and unconfirmed records do not count yet.
func TestDailySuccess(t *testing.T) {
	e := newEnv(t)
	e.concluded(t, "success-1")
	if _, err := e.ex.Enqueue(context.Background()); err != nil {
		t.Fatal(err)
	}
	q := e.queue(t)
	if len(q) < 5 {
		t.Fatalf("want at least five queued records, got %d", len(q))
	}
	// Monday 9 March 2026, 23:30 in Beijing is still the 9th there (15:30 UTC);
	// 16:30 UTC is already the 10th.
	monday := time.Date(2026, 3, 9, 15, 30, 0, 0, time.UTC)
	states := []struct {
		state int
		at    time.Time
	}{{3, monday}, {3, monday}, {-1, monday}, {2, monday.Add(time.Hour)}, {1, monday}}
	for i, s := range states {
		if _, err := e.DB.Exec(`UPDATE exchange_records SET sjsczt = $2, sent_at = $3 WHERE id = $1`,
			q[i].ID, s.state, sqldb.T(s.at)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := DailySuccess(context.Background(), e.DB, calendar.NewDate(2026, 3, 9), calendar.NewDate(2026, 3, 10))
	if err != nil {
		t.Fatal(err)
	}
	want := map[calendar.Date][2]int{calendar.NewDate(2026, 3, 9): {2, 3}, calendar.NewDate(2026, 3, 10): {0, 1}}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for _, s := range got {
		if w := want[s.Day]; s.RegionCode != "511702" || s.Accepted != w[0] || s.Settled != w[1] {
			t.Errorf("%+v, want accepted/settled %v in 511702", s, w)
		}
	}
}
