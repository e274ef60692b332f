package sla

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Span is a period [From, To). A zero To means "still going": functions
// that take a horizon cut it there.
type Span struct {
	From, To time.Time
}

// Credit returns the business time of the pauses that lies inside
// [start, until): the time a clock started at start and stopped (or looked
// at) at until must not count. A pause after until gives nothing, so a
// pause after the first response does not move the response clock
// (case 15); a pause still going (zero To) runs to until. Credit is counted
// on this clock's schedule, so a pause over a weekend credits only the
// working hours inside it (GLPI #10594, case 14). Pauses must not overlap.
func (c Clock) Credit(pauses []Span, start, until time.Time) time.Duration {
	var sum time.Duration
	for _, p := range pauses {
		to := p.To
		if to.IsZero() || to.After(until) {
			to = until
		}
		sum += c.Business(later(p.From, start), to)
	}
	return sum
}

// Used returns the business time a clock started at start has run by
// until, less the pauses' credit.
func (c Clock) Used(pauses []Span, start, until time.Time) time.Duration {
	return c.Business(start, until) - c.Credit(pauses, start, until)
}

// DayBreaks splits [a, b) at local midnights into one span per calendar
// day in Asia/Shanghai: a pause from noon on day 0 to noon on day 5 gives
// 12:00–24:00, four whole days and 00:00–12:00 (the Zammad break pattern,
// case 28). Empty when b is not after a.
func DayBreaks(a, b time.Time) []Span {
	a, b = a.In(Shanghai), b.In(Shanghai)
	var out []Span
	for from := a; from.Before(b) && len(out) < maxDays; {
		to := earlier(b, calendar.DateOf(from).AddDays(1).Time().In(Shanghai))
		out = append(out, Span{From: from, To: to})
		from = to
	}
	return out
}
