package calendar

import (
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in, want, msg string
	}{
		{"2026-02-14", "2026-02-14", ""},
		{"2024-02-29", "2024-02-29", ""},
		{"", "", "请填写日期。"},
		{"2026-02-30", "", "日期 2026-02-30 不存在。"},
		{"2025-02-29", "", "日期 2025-02-29 不存在。"},
		{"2026-13-01", "", "日期 2026-13-01 不存在。"},
		{"2026-00-10", "", "日期 2026-00-10 不存在。"},
		{"2026-2-14", "", "日期“2026-2-14”的格式不对，应为 YYYY-MM-DD，例如 2026-03-09。"},
		{"2026/02/14", "", "日期“2026/02/14”的格式不对，应为 YYYY-MM-DD，例如 2026-03-09。"},
		{"２０２６-02-14", "", "日期“２０２６-02-14”的格式不对，应为 YYYY-MM-DD，例如 2026-03-09。"},
		{"2026-02-14T00:00:00Z", "", "日期“2026-02-14T00:00:00Z”的格式不对，应为 YYYY-MM-DD，例如 2026-03-09。"},
	}
	for _, tc := range tests {
		got, err := ParseDate(tc.in)
		if tc.msg != "" {
			if !errs.Is(err, errs.Invalid) || errs.Message(err) != tc.msg {
				t.Errorf("ParseDate(%q) error %v, want %q", tc.in, err, tc.msg)
			}
			continue
		}
		if err != nil || got.String() != tc.want {
			t.Errorf("ParseDate(%q) = %s, %v", tc.in, got, err)
		}
	}
}

func TestDate_Calendar(t *testing.T) {
	// 2026-02-13T16:30Z is 00:30 on 14 Feb in Dazhou.
	if got := DateOf(time.Date(2026, 2, 13, 16, 30, 0, 0, time.UTC)); got.String() != "2026-02-14" {
		t.Fatalf("DateOf = %s", got)
	}
	if got := DateOf(time.Date(2026, 2, 13, 15, 59, 59, 0, time.UTC)); got.String() != "2026-02-13" {
		t.Fatalf("DateOf = %s", got)
	}
	sat := NewDate(2026, time.February, 14)
	if sat.Weekday() != time.Saturday || !sat.IsWeekend() || sat.WeekdayLabel() != "星期六" || sat.Label() != "2026年2月14日" {
		t.Fatalf("%s: %v %v %s %s", sat, sat.Weekday(), sat.IsWeekend(), sat.WeekdayLabel(), sat.Label())
	}
	if got := NewDate(2024, time.February, 28).AddDays(2); got.String() != "2024-03-01" {
		t.Fatalf("leap year AddDays = %s", got)
	}
	if got := NewDate(2026, time.January, 1).AddDays(-1); got.String() != "2025-12-31" {
		t.Fatalf("AddDays(-1) = %s", got)
	}
	if n := NewDate(2026, time.March, 1).Sub(NewDate(2026, time.February, 1)); n != 28 {
		t.Fatalf("Sub = %d", n)
	}
	a, b := NewDate(2026, 2, 14), NewDate(2026, 2, 15)
	if !a.Before(b) || !b.After(a) || a.Compare(a) != 0 || a.After(b) || (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Fatal("comparisons")
	}
	if v, _ := (Date{}).Value(); v != nil {
		t.Fatalf("zero Value = %v", v)
	}
}
