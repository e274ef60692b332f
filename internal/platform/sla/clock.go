package sla

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Due returns the instant at which minutes business minutes after t are
// used up. minutes ≤ 0 returns t (in Asia/Shanghai). Otherwise the clock
// starts at t or, when t is outside business hours, at the next open
// minute (a ticket opened on Saturday starts on the next working day), and
// a deadline that exhausts a segment falls at its end.
func (c Clock) Due(t time.Time, minutes int) time.Time {
	return c.DueAfter(t, time.Duration(minutes)*time.Minute)
}

// DueAfter is Due for a business duration d, counted to the second.
func (c Clock) DueAfter(t time.Time, d time.Duration) time.Time {
	t = t.In(Shanghai).Truncate(time.Second)
	d = d.Truncate(time.Second)
	if d <= 0 {
		return t
	}
	day := calendar.DateOf(t)
	for range maxDays {
		for _, iv := range c.open(day) {
			if !iv.to.After(t) {
				continue
			}
			start := later(t, iv.from)
			if avail := iv.to.Sub(start); d <= avail {
				return start.Add(d)
			} else {
				d -= avail
			}
		}
		day = day.AddDays(1)
	}
	return t // unreachable with a calendar that works at least once a century
}

// Add moves t by a signed number of business minutes: Due for minutes ≥ 0;
// for minutes < 0 the latest instant s with BusinessMinutes(s, t) ==
// -minutes, e.g. an escalation level "60 minutes before a Tuesday 12:00
// deadline" is Tuesday 11:00, not midnight (GLPI #22678, case 25).
func (c Clock) Add(t time.Time, minutes int) time.Time {
	if minutes >= 0 {
		return c.Due(t, minutes)
	}
	t = t.In(Shanghai).Truncate(time.Second)
	d := time.Duration(-minutes) * time.Minute
	day := calendar.DateOf(t)
	for range maxDays {
		ivs := c.open(day)
		for i := len(ivs) - 1; i >= 0; i-- {
			iv := ivs[i]
			if !iv.from.Before(t) {
				continue
			}
			end := earlier(t, iv.to)
			if avail := end.Sub(iv.from); d <= avail {
				return end.Add(-d)
			} else {
				d -= avail
			}
		}
		day = day.AddDays(-1)
	}
	return t
}

// Business returns the business time in [a, b), to the second; 0 when b is
// not after a (case 27).
func (c Clock) Business(a, b time.Time) time.Duration {
	a, b = a.In(Shanghai).Truncate(time.Second), b.In(Shanghai).Truncate(time.Second)
	if !b.After(a) {
		return 0
	}
	var sum time.Duration
	last := calendar.DateOf(b)
	for day, n := calendar.DateOf(a), 0; !day.After(last) && n < maxDays; day, n = day.AddDays(1), n+1 {
		for _, iv := range c.open(day) {
			from, to := later(a, iv.from), earlier(b, iv.to)
			if to.After(from) {
				sum += to.Sub(from)
			}
		}
	}
	return sum
}

// BusinessMinutes returns the whole business minutes in [a, b); 0 when b is
// not after a. For every t and n ≥ 0, BusinessMinutes(t, Due(t, n)) == n.
func (c Clock) BusinessMinutes(a, b time.Time) int {
	return int(c.Business(a, b) / time.Minute)
}

// IsOpen reports whether the clock runs at instant t.
func (c Clock) IsOpen(t time.Time) bool {
	t = t.In(Shanghai)
	for _, iv := range c.open(calendar.DateOf(t)) {
		if !t.Before(iv.from) && t.Before(iv.to) {
			return true
		}
	}
	return false
}

// NextOpen returns t when the clock runs at t, otherwise the start of the
// next open period: when a notice held outside business hours may be sent.
func (c Clock) NextOpen(t time.Time) time.Time {
	t = t.In(Shanghai).Truncate(time.Second)
	day := calendar.DateOf(t)
	for range maxDays {
		for _, iv := range c.open(day) {
			if iv.to.After(t) {
				return later(t, iv.from)
			}
		}
		day = day.AddDays(1)
	}
	return t
}

// MissingYears lists, ascending, the years from a's to b's (in
// Asia/Shanghai) whose official arrangement the Days source does not hold;
// results touching them are provisional (case 21). Always empty for 7x24.
func (c Clock) MissingYears(a, b time.Time) []int {
	if c.sched.Kind == Kind7x24 || c.days == nil {
		return nil
	}
	var out []int
	for y := calendar.DateOf(a).Year(); y <= calendar.DateOf(b).Year(); y++ {
		if !c.days.Covered(y) {
			out = append(out, y)
		}
	}
	return out
}

// Met reports whether a target of target minutes was met when used
// business time was spent: used ≤ target (an answer at exactly the
// deadline is in time, case 20).
func Met(used time.Duration, target int) bool {
	return used <= time.Duration(target)*time.Minute
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func earlier(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
