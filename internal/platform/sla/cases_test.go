package sla

import (
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// TestDue_AnchorCases is anchors-ops.md §3: the cases that are a plain
// deadline (opened, target, schedule → due), with the official 2025 dates.
func TestDue_AnchorCases(t *testing.T) {
	b, full := clocks(t)
	cases := []struct {
		no     int
		name   string
		clock  Clock
		opened time.Time
		target int
		want   string
	}{
		{1, "Friday 17:59, general", b, cst(t, "2025-11-14 17:59"), general, "2025-11-17 13:59"},
		{2, "Friday 17:59, ordinary", b, cst(t, "2025-11-14 17:59"), ordinary, "2025-11-17 15:59"},
		{3, "Friday 17:59, emergency on 7x24", full, cst(t, "2025-11-14 17:59"), emergency, "2025-11-14 18:59"},
		{4, "boundary at close", b, cst(t, "2025-11-14 18:00"), general, "2025-11-17 14:00"},
		{5, "boundary at lunch", b, cst(t, "2025-11-19 12:00"), general, "2025-11-19 17:00"},
		{6, "seconds are counted", b, cst(t, "2025-11-14 17:59:30"), general, "2025-11-17 13:59:30"},
		{7, "across the National Day holiday", b, cst(t, "2025-09-30 16:00"), general, "2025-10-09 11:00"},
		{8, "same, ordinary", b, cst(t, "2025-09-30 16:00"), ordinary, "2025-10-09 14:00"},
		{9, "make-up Saturday 10-11 is worked", b, cst(t, "2025-10-10 16:00"), general, "2025-10-11 11:00"},
		{10, "opened on a Saturday, make-up Sunday 09-28", b, cst(t, "2025-09-27 10:00"), general, "2025-09-28 14:00"},
		{11, "opened inside a holiday", b, cst(t, "2025-10-03 10:00"), general, "2025-10-09 14:00"},
		{12, "7x24 inside a holiday", full, cst(t, "2025-10-01 23:30"), important, "2025-10-02 01:30"},
		{18, "server zone is UTC", b, utc(t, "2025-11-14T09:59:00Z"), general, "2025-11-17 13:59"},
		{19, "holiday key is the local date", b, utc(t, "2025-09-30T16:30:00Z"), general, "2025-10-09 14:00"},
		{24, "warning at 75% falls at the segment end", b, cst(t, "2025-11-17 09:00"), general * 3 / 4, "2025-11-17 12:00"},
		{26, "complaint: 7 calendar days", full, cst(t, "2025-09-30 10:00"), 7 * 24 * 60, "2025-10-07 10:00"},
		{26, "complaint: 5 working days", b, cst(t, "2025-09-30 10:00"), 5 * 480, "2025-10-14 10:00"},
	}
	for _, c := range cases {
		sameInstant(t, c.name, c.clock.Due(c.opened, c.target), cst(t, c.want))
		if got := c.clock.BusinessMinutes(c.opened, c.clock.Due(c.opened, c.target)); got != c.target {
			t.Errorf("case %d %s: minutes back = %d, want %d", c.no, c.name, got, c.target)
		}
	}
}

// TestDue_ChinaNotUTC guards case 18: a computation in UTC would give a
// Friday 14:59 deadline.
func TestDue_ChinaNotUTC(t *testing.T) {
	b, _ := clocks(t)
	got := b.Due(utc(t, "2025-11-14T09:59:00Z"), general)
	if got.Weekday() != time.Monday || got.Location() != Shanghai {
		t.Fatalf("due %s, want Monday in Asia/Shanghai", got)
	}
}

// TestCredit_Pauses covers cases 13–16: pause credit in business minutes of
// the clock's own schedule.
func TestCredit_Pauses(t *testing.T) {
	b, full := clocks(t)
	start := cst(t, "2025-11-17 10:00")
	p13 := []Span{{cst(t, "2025-11-17 11:00"), cst(t, "2025-11-17 14:30")}}
	if got := b.Credit(p13, start, cst(t, "2025-11-18 18:00")); got != 150*time.Minute {
		t.Errorf("case 13 credit = %v, want 150m", got)
	}
	sameInstant(t, "case 13 unpaused due", b.Due(start, general), cst(t, "2025-11-17 15:00"))
	sameInstant(t, "case 13 paused due", b.DueAfter(start, general*time.Minute+b.Credit(p13, start, cst(t, "2025-11-18 18:00"))),
		cst(t, "2025-11-17 17:30"))

	weekend := []Span{{cst(t, "2025-11-14 17:00"), cst(t, "2025-11-17 10:00")}}
	if got := b.Credit(weekend, cst(t, "2025-11-14 09:00"), cst(t, "2025-11-20 00:00")); got != 120*time.Minute {
		t.Errorf("case 14 weekend credit = %v, want 120m (not 65h)", got)
	}
	if got := full.Credit(weekend, cst(t, "2025-11-14 09:00"), cst(t, "2025-11-20 00:00")); got != 65*time.Hour {
		t.Errorf("case 14 on 7x24 = %v, want 65h", got)
	}

	responded := cst(t, "2025-11-17 10:30")
	after := []Span{{cst(t, "2025-11-17 11:00"), cst(t, "2025-11-17 12:00")}}
	if got := b.Credit(after, start, responded); got != 0 {
		t.Errorf("case 15: a pause after the response credits the response clock %v", got)
	}
	if got := b.Credit(after, start, cst(t, "2025-11-17 18:00")); got != time.Hour {
		t.Errorf("case 15: the resolution clock gets %v, want 1h", got)
	}

	holiday := []Span{{cst(t, "2025-09-30 17:00"), cst(t, "2025-10-09 10:00")}}
	if got := b.Credit(holiday, cst(t, "2025-09-30 09:00"), cst(t, "2025-10-10 00:00")); got != 120*time.Minute {
		t.Errorf("case 16 credit = %v, want 60+60", got)
	}
	open := []Span{{From: cst(t, "2025-11-17 11:00")}}
	if got := b.Credit(open, start, cst(t, "2025-11-17 11:30")); got != 30*time.Minute {
		t.Errorf("an ongoing pause credits %v up to now, want 30m", got)
	}
}

// TestSeverityChange is case 17: important (7x24) → general (5x8) at +30
// minutes, 20 minutes paused earlier; recomputed from the original start on
// the 5x8 clock with the 20 minutes kept.
func TestSeverityChange(t *testing.T) {
	b, full := clocks(t)
	start := cst(t, "2025-11-17 09:00")
	pauses := []Span{{cst(t, "2025-11-17 09:05"), cst(t, "2025-11-17 09:25")}}
	change := start.Add(30 * time.Minute)
	if got := full.Credit(pauses, start, change); got != 20*time.Minute {
		t.Fatalf("credit before the change = %v", got)
	}
	due := b.DueAfter(start, general*time.Minute+b.Credit(pauses, start, change))
	sameInstant(t, "case 17 due", due, cst(t, "2025-11-17 14:20"))
}

// TestMet is case 20: an answer at exactly the deadline is in time.
func TestMet(t *testing.T) {
	b, _ := clocks(t)
	start := cst(t, "2025-11-14 17:59")
	due := b.Due(start, general)
	if !Met(b.Used(nil, start, due), general) {
		t.Error("case 20: a reply at due_at is late")
	}
	if Met(b.Used(nil, start, due.Add(time.Second)), general) {
		t.Error("a reply a second after due_at is in time")
	}
	monday := cst(t, "2025-11-17 09:00")
	if !Met(b.Used(nil, monday, cst(t, "2025-11-17 12:30")), 180) {
		t.Error("a reply at lunch after a 12:00 deadline used no business time and is in time")
	}
}

// TestMissingYear is case 21: 2027 is not loaded, so the template is used
// and the year is reported.
func TestMissingYear(t *testing.T) {
	b, _ := clocks(t)
	opened := cst(t, "2027-01-08 17:00")
	sameInstant(t, "case 21 due", b.Due(opened, general), cst(t, "2027-01-11 12:00"))
	if got := b.MissingYears(opened, b.Due(opened, general)); len(got) != 1 || got[0] != 2027 {
		t.Errorf("missing years = %v, want [2027]", got)
	}
	if got := b.MissingYears(cst(t, "2025-11-14 17:59"), cst(t, "2026-01-05 10:00")); got != nil {
		t.Errorf("2025–2026 reported missing: %v", got)
	}
}

// TestCalendarCorrection is case 22 at the clock level: an exception added
// later moves the deadline (the ticket package recomputes open tickets).
func TestCalendarCorrection(t *testing.T) {
	tab := official(t)
	opened := cst(t, "2025-11-14 17:59")
	before := New(WorkingHours(), tab).Due(opened, general)
	tab.Kinds[calendar.NewDate(2025, time.November, 17)] = calendar.Holiday
	after := New(WorkingHours(), tab).Due(opened, general)
	sameInstant(t, "before", before, cst(t, "2025-11-17 13:59"))
	sameInstant(t, "after", after, cst(t, "2025-11-18 13:59"))
}

// TestReopen is case 23: resolved after 60 minutes, reopened two days
// later; the resolution clock resumes with 180 minutes left.
func TestReopen(t *testing.T) {
	b, _ := clocks(t)
	start := cst(t, "2025-11-17 09:00")
	gap := []Span{{cst(t, "2025-11-17 10:00"), cst(t, "2025-11-19 09:00")}}
	due := b.DueAfter(start, general*time.Minute+b.Credit(gap, start, cst(t, "2025-11-19 09:00")))
	sameInstant(t, "case 23 due after reopen", due, cst(t, "2025-11-19 12:00"))
	if used := b.Used(gap, start, cst(t, "2025-11-19 11:00")); used != 180*time.Minute {
		t.Errorf("used after reopen = %v, want 60 before + 120 after", used)
	}
}

// TestEscalationOffset is case 25: general opened Monday 17:00 is due
// Tuesday 12:00; the −60 level is Tuesday 11:00, not midnight.
func TestEscalationOffset(t *testing.T) {
	b, _ := clocks(t)
	due := b.Due(cst(t, "2025-11-17 17:00"), general)
	sameInstant(t, "case 25 due", due, cst(t, "2025-11-18 12:00"))
	sameInstant(t, "case 25 level −60", b.Add(due, -60), cst(t, "2025-11-18 11:00"))
	sameInstant(t, "−60 from 13:00 crosses lunch", b.Add(cst(t, "2025-11-18 13:00"), -60), cst(t, "2025-11-18 11:00"))
	sameInstant(t, "−120 from Monday 10:00 reaches Friday", b.Add(cst(t, "2025-11-17 10:00"), -120), cst(t, "2025-11-14 17:00"))
}

// TestBusiness_Reversed is case 27.
func TestBusiness_Reversed(t *testing.T) {
	b, full := clocks(t)
	a, z := cst(t, "2025-11-17 10:00"), cst(t, "2025-11-17 11:00")
	for _, c := range []Clock{b, full} {
		if c.BusinessMinutes(z, a) != 0 || c.BusinessMinutes(a, a) != 0 {
			t.Error("case 27: reversed or empty interval is not 0")
		}
	}
}

// TestDayBreaks is case 28: noon day 0 → noon day 5.
func TestDayBreaks(t *testing.T) {
	got := DayBreaks(cst(t, "2025-11-17 12:00"), cst(t, "2025-11-22 12:00"))
	want := []string{"11-17 12:00–11-18 00:00", "11-18 00:00–11-19 00:00", "11-19 00:00–11-20 00:00",
		"11-20 00:00–11-21 00:00", "11-21 00:00–11-22 00:00", "11-22 00:00–11-22 12:00"}
	if len(got) != len(want) {
		t.Fatalf("breaks = %v", got)
	}
	for i, s := range got {
		if g := s.From.Format("01-02 15:04") + "–" + s.To.Format("01-02 15:04"); g != want[i] {
			t.Errorf("break %d = %s, want %s", i, g, want[i])
		}
	}
	if len(DayBreaks(cst(t, "2025-11-17 12:00"), cst(t, "2025-11-17 12:00"))) != 0 {
		t.Error("empty span has breaks")
	}
}
