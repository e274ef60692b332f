package sla

import (
	"os"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// official loads the State Council arrangements of 2025 and 2026
// (testdata/cn-holidays-2025-2026.csv, a copy of the shared reference list)
// and marks those two years covered.
func official(t testing.TB) Table {
	t.Helper()
	data, err := os.ReadFile("testdata/cn-holidays-2025-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	days, err := calendar.ParseDays(data)
	if err != nil {
		t.Fatal(err)
	}
	return NewTable(days, 2025, 2026)
}

// cst parses "2006-01-02 15:04:05" (seconds optional) in Asia/Shanghai.
func cst(t testing.TB, s string) time.Time {
	t.Helper()
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02 15:04"} {
		if v, err := time.ParseInLocation(layout, s, Shanghai); err == nil {
			return v
		}
	}
	t.Fatalf("bad test time %q", s)
	return time.Time{}
}

// utc parses an RFC 3339 instant.
func utc(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The targets of anchors-ops.md §3, in minutes, with their schedules.
const (
	emergency = 60
	important = 120
	general   = 240
	ordinary  = 360
)

func clocks(t testing.TB) (fiveByEight, full Clock) {
	return New(WorkingHours(), official(t)), New(FullTime(), nil)
}

func sameInstant(t testing.TB, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.In(Shanghai).Format("2006-01-02 15:04:05 Mon"),
			want.In(Shanghai).Format("2006-01-02 15:04:05 Mon"))
	}
}
