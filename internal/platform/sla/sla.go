// Package sla is the business-hours clock of the operations SLAs: "when is
// a target of n business minutes due if the clock starts at t" and "how many
// business minutes lie between a and b", on a 7x24 schedule (every minute
// counts) or a 5x8 schedule (Monday–Friday working hours, plus make-up
// workdays, minus statutory holidays, as a Days source says).
//
// Everything here is a pure function of its arguments: the working days come
// from a Days value the caller loads (Table, built from the shared working-day
// calendar), and no function reads the wall clock. All day arithmetic is done
// in Asia/Shanghai whatever the server's time zone (anchors-ops.md §3 case
// 18); instants may be given in any zone and are returned in Asia/Shanghai.
//
// Granularity is the second: a ticket opened at 17:59:30 on a 5x8 clock has
// 30 seconds of Friday (case 6). Minutes are whole business minutes;
// BusinessMinutes rounds down.
//
// Rules chosen where anchors-ops.md leaves a choice:
//   - A deadline that uses up a segment exactly falls at the segment's end
//     (12:00, not 13:00; case 24), the first instant the budget is spent.
//   - Due(t, 0) is t itself, even outside business hours, so that
//     Due(Due(t, a), b) == Due(t, a+b) and BusinessMinutes(t, Due(t, n)) == n
//     hold for every t and every a, b, n ≥ 0.
//   - A target is met when the business time used is at most the target
//     (Met), which is the same as "achieved at or before Due" (case 20).
package sla

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Shanghai is the zone of every computation (China Standard Time, no DST).
var Shanghai = time.FixedZone("CST", 8*60*60)

// maxDays bounds every walk over days, so that no input (a span of
// centuries, a Days that never works) can hold the server: 100 years.
const maxDays = 36525

// Days says which civil dates are working days. Covered reports whether the
// official arrangement of a year is loaded; a clock over an uncovered year
// still answers (by the weekday alone, as Table does) and reports the year
// in MissingYears so that callers can flag the result (case 21).
type Days interface {
	Workday(d calendar.Date) bool
	Covered(year int) bool
}

// Segment is one open period of a working day, in minutes after local
// midnight: [Start, End).
type Segment struct {
	Start, End int
}

// Kind names a schedule.
type Kind string

// The schedule kinds.
const (
	Kind7x24 Kind = "7x24" // every minute of every day
	Kind5x8  Kind = "5x8"  // working hours on working days
)

// Label is the Chinese name of the kind.
func (k Kind) Label() string {
	if k == Kind7x24 {
		return "7×24 小时"
	}
	return "5×8 工作时间"
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == Kind7x24 || k == Kind5x8 }

// Schedule is when a clock runs. The zero Schedule is not valid; use
// FullTime or WorkingHours.
type Schedule struct {
	Kind     Kind
	Segments []Segment // 5x8 only: the open periods of a working day, ascending, disjoint
}

// DefaultHours is the 5x8 day of the issue: 09:00–12:00 and 13:00–18:00.
var DefaultHours = []Segment{{9 * 60, 12 * 60}, {13 * 60, 18 * 60}}

// FullTime is the 7x24 schedule.
func FullTime() Schedule { return Schedule{Kind: Kind7x24} }

// WorkingHours is the 5x8 schedule with the given segments (DefaultHours
// when none are given). Use ParseHours to check segments from input.
func WorkingHours(segs ...Segment) Schedule {
	if len(segs) == 0 {
		segs = DefaultHours
	}
	return Schedule{Kind: Kind5x8, Segments: segs}
}

// DayMinutes is the length of one full working day of the schedule in
// minutes (1440 for 7x24, 480 for DefaultHours).
func (s Schedule) DayMinutes() int {
	if s.Kind == Kind7x24 {
		return 24 * 60
	}
	n := 0
	for _, g := range s.Segments {
		n += g.End - g.Start
	}
	return n
}

// Clock is a schedule over a Days source. Its methods are pure and safe
// for concurrent use when Days is.
type Clock struct {
	sched Schedule
	days  Days
}

// New returns the clock of sched over days. days may be nil for a 7x24
// schedule only.
func New(sched Schedule, days Days) Clock { return Clock{sched: sched, days: days} }

// Schedule returns the clock's schedule.
func (c Clock) Schedule() Schedule { return c.sched }

// interval is one open period as instants: [from, to).
type interval struct{ from, to time.Time }

// open returns the open intervals of day d in ascending order.
func (c Clock) open(d calendar.Date) []interval {
	midnight := d.Time().In(Shanghai)
	if c.sched.Kind == Kind7x24 {
		return []interval{{midnight, d.AddDays(1).Time().In(Shanghai)}}
	}
	if !c.days.Workday(d) {
		return nil
	}
	out := make([]interval, 0, len(c.sched.Segments))
	for _, g := range c.sched.Segments {
		out = append(out, interval{midnight.Add(time.Duration(g.Start) * time.Minute),
			midnight.Add(time.Duration(g.End) * time.Minute)})
	}
	return out
}
