package casework_test

import (
	"context"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
)

// TestDeadlines_AcrossHolidays checks the start day and deadline rules on
// dates around the 2025 and 2026 Spring Festival and National Day, against
// the State Council notices (国办发明电〔2024〕12号 and the 2026 notice):
// 2025: 28 Jan–4 Feb off, 26 Jan and 8 Feb worked; 1–8 Oct off, 28 Sep and
// 11 Oct worked. 2026: 15–23 Feb off, 14 and 28 Feb worked; 1–7 Oct off,
// 20 Sep and 10 Oct worked. Day 1 is the first working day after the start
// day; acceptance after 17:30 or on a day off starts on the next working day.
func TestDeadlines_AcrossHolidays(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tests := []struct {
		name      string
		accepted  time.Time
		limit     int
		start, dl string
	}{
		{"2026 Friday before Spring Festival, Saturday make-up is day 1", beijing(2026, 2, 13, 10, 0), 1, "2026-02-13", "2026-02-14"},
		{"2026 Spring Festival skipped", beijing(2026, 2, 13, 10, 0), 5, "2026-02-13", "2026-02-27"},
		{"2026 make-up Saturday 28 Feb counts", beijing(2026, 2, 13, 10, 0), 6, "2026-02-13", "2026-02-28"},
		{"2026 accepted on a holiday starts after it", beijing(2026, 2, 18, 10, 0), 1, "2026-02-24", "2026-02-25"},
		{"2026 National Day skipped", beijing(2026, 9, 30, 9, 0), 2, "2026-09-30", "2026-10-09"},
		{"2026 make-up Saturday 10 Oct counts", beijing(2026, 9, 30, 9, 0), 3, "2026-09-30", "2026-10-10"},
		{"2026 accepted Saturday 19 Sep starts on make-up Sunday 20 Sep", beijing(2026, 9, 19, 11, 0), 1, "2026-09-20", "2026-09-21"},
		{"2026 accepted on Mid-Autumn (25 Sep, off): twenty days from 28 Sep", beijing(2026, 9, 25, 10, 0), 20, "2026-09-28", "2026-10-30"},
		{"2026 twenty days across National Day", beijing(2026, 9, 24, 10, 0), 20, "2026-09-24", "2026-10-29"},
		{"after office hours counts from the next working day", beijing(2026, 3, 9, 17, 45), 1, "2026-03-10", "2026-03-11"},
		{"just before closing counts the same day", beijing(2026, 3, 9, 17, 29), 1, "2026-03-09", "2026-03-10"},
		{"2025 make-up Sunday 26 Jan is day 1", beijing(2025, 1, 24, 10, 0), 1, "2025-01-24", "2025-01-26"},
		{"2025 Spring Festival skipped", beijing(2025, 1, 24, 10, 0), 3, "2025-01-24", "2025-02-05"},
		{"2025 make-up Saturday 8 Feb counts", beijing(2025, 2, 5, 10, 0), 3, "2025-02-05", "2025-02-08"},
		{"2025 make-up Sunday 28 Sep counts", beijing(2025, 9, 26, 10, 0), 1, "2025-09-26", "2025-09-28"},
		{"2025 National Day (8 days) skipped", beijing(2025, 9, 26, 10, 0), 4, "2025-09-26", "2025-10-09"},
		{"2025 make-up Saturday 11 Oct counts", beijing(2025, 9, 26, 10, 0), 6, "2025-09-26", "2025-10-11"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start, err := casework.StartDay(ctx, e.cal, casework.DefaultClockPolicy, tc.accepted)
			if err != nil {
				t.Fatal(err)
			}
			dl, err := casework.Deadline(ctx, e.cal, start, tc.limit, 0)
			if err != nil {
				t.Fatal(err)
			}
			if start.String() != tc.start || dl.Date.String() != tc.dl || dl.Provisional {
				t.Fatalf("start %s deadline %s (provisional %v), want %s %s", start, dl.Date, dl.Provisional, tc.start, tc.dl)
			}
		})
	}
}

// TestClockLevels checks green → yellow at 80 % → red, with the clock
// standing still while paused.
func TestClockLevels(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c := casework.Case{Status: casework.InReview, LimitDays: 5, AcceptedAt: beijing(2026, 3, 9, 10, 0)}
	c.StartDay, _ = casework.StartDay(ctx, e.cal, casework.DefaultClockPolicy, c.AcceptedAt)
	tests := []struct {
		now   time.Time
		level string
		used  int
	}{
		{beijing(2026, 3, 11, 12, 0), casework.LevelGreen, 2},
		{beijing(2026, 3, 13, 12, 0), casework.LevelYellow, 4}, // 4/5 = 80 %
		{beijing(2026, 3, 16, 12, 0), casework.LevelYellow, 5}, // last day: not yet overdue
		{beijing(2026, 3, 17, 12, 0), casework.LevelRed, 6},
	}
	for _, tc := range tests {
		st, err := casework.State(ctx, e.cal, casework.DefaultClockPolicy, &c, tc.now)
		if err != nil || st.Level != tc.level || st.UsedDays != tc.used || st.Deadline.String() != "2026-03-16" {
			t.Fatalf("at %s: %+v %v, want %s used %d", tc.now, st, err, tc.level, tc.used)
		}
	}
	c.Status = casework.CorrectionStarted
	c.Pauses = []casework.Pause{{Kind: casework.PauseCorrection, StartedAt: beijing(2026, 3, 12, 9, 0)}}
	st, err := casework.State(ctx, e.cal, casework.DefaultClockPolicy, &c, beijing(2026, 3, 20, 9, 0))
	if err != nil || st.Level != casework.LevelPaused || st.UsedDays != 3 || st.Deadline.String() != "2026-03-24" {
		t.Fatalf("paused since 12 Mar: %+v %v", st, err)
	}
}
