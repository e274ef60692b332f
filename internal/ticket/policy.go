package ticket

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
)

// Complaint reply policies: what "a reply within one week" means.
const (
	ComplaintWorkdays5 = "workdays5" // five working days on the 5x8 clock (default)
	ComplaintCalendar7 = "calendar7" // seven calendar days on the 7x24 clock
)

// Config is the SLA policy. The zero value of a field takes its default
// (DefaultConfig).
type Config struct {
	// Response targets in business minutes per severity.
	Response map[Severity]int
	// Resolution targets in business minutes per severity; a missing or 0
	// entry means no target (the resolution time is still recorded).
	Resolution map[Severity]int
	// ComplaintPolicy is ComplaintWorkdays5 or ComplaintCalendar7.
	ComplaintPolicy string
	// WarnShare is the share of a target at which the warning falls (0.75).
	WarnShare float64
	// Escalations are signed offsets from the deadline, in business
	// minutes of the clock (−60 = one hour before), shown with each clock.
	Escalations []int
}

// DefaultConfig is the policy of the issue: 1 h / 2 h on 7x24, 4 h / 6 h
// on 5x8, no resolution targets, complaints in five working days, warnings
// at 75 %, escalation one hour before the deadline.
func DefaultConfig() Config {
	return Config{
		Response:        map[Severity]int{Emergency: 60, Important: 120, General: 240, Ordinary: 360},
		Resolution:      map[Severity]int{},
		ComplaintPolicy: ComplaintWorkdays5,
		WarnShare:       0.75,
		Escalations:     []int{-60},
	}
}

func (c Config) withDefaults() Config {
	d := DefaultConfig()
	if c.Response == nil {
		c.Response = d.Response
	}
	if c.Resolution == nil {
		c.Resolution = d.Resolution
	}
	if c.ComplaintPolicy != ComplaintCalendar7 {
		c.ComplaintPolicy = d.ComplaintPolicy
	}
	if c.WarnShare <= 0 || c.WarnShare >= 1 {
		c.WarnShare = d.WarnShare
	}
	if c.Escalations == nil {
		c.Escalations = d.Escalations
	}
	return c
}

// clockSpec is what a new clock needs: schedule and target.
type clockSpec struct {
	metric   string
	schedule sla.Kind
	target   int
}

// specs returns the clocks of a fault of sev, or of a complaint (sev
// ignored) whose 5x8 day lasts dayMinutes.
func (c Config) specs(kind Kind, sev Severity, dayMinutes int) []clockSpec {
	if kind == Complaint {
		if c.ComplaintPolicy == ComplaintCalendar7 {
			return []clockSpec{{MetricReply, sla.Kind7x24, 7 * 24 * 60}}
		}
		return []clockSpec{{MetricReply, sla.Kind5x8, 5 * dayMinutes}}
	}
	return []clockSpec{{MetricResponse, sev.Schedule(), c.Response[sev]},
		{MetricResolution, sev.Schedule(), c.Resolution[sev]}}
}

// Calendar is what the clocks read of the working-day calendar
// (*calendar.Calendar satisfies it).
type Calendar interface {
	Years(ctx context.Context) ([]calendar.YearInfo, error)
	Days(ctx context.Context, year int) ([]calendar.Day, error)
}

var _ Calendar = (*calendar.Calendar)(nil)

// loadDays reads the exceptions of the years from..to and every covered
// year into an sla.Table. The calendar keeps no cache (several servers
// share it), so neither does this.
func loadDays(ctx context.Context, cal Calendar, from, to int) (sla.Table, error) {
	years, err := cal.Years(ctx)
	if err != nil {
		return sla.Table{}, err
	}
	var covered []int
	for _, y := range years {
		if y.Covered {
			covered = append(covered, y.Year)
		}
	}
	var days []calendar.Day
	for y := from; y <= to; y++ {
		ds, err := cal.Days(ctx, y)
		if err != nil {
			return sla.Table{}, err
		}
		days = append(days, ds...)
	}
	return sla.NewTable(days, covered...), nil
}

// slaClock returns the sla.Clock of c over days.
func slaClock(c *Clock, days sla.Days) sla.Clock {
	if c.Schedule == sla.Kind7x24 {
		return sla.New(sla.FullTime(), nil)
	}
	segs, err := sla.ParseHours(c.Hours)
	if err != nil {
		segs = nil // stored hours were checked when set; fall back to the default day
	}
	return sla.New(sla.WorkingHours(segs...), days)
}

// spans converts pauses for the sla package.
func spans(ps []Pause) []sla.Span {
	out := make([]sla.Span, len(ps))
	for i, p := range ps {
		out[i] = sla.Span{From: p.StartedAt, To: p.EndedAt}
	}
	return out
}

// refresh recomputes a clock at now from its start, target and the
// ticket's pauses: used time, state, due and warning instants. A stopped
// clock keeps its figures. paused says whether the ticket is paused now.
// It reports the years the computation counted without an official
// arrangement.
func (c *Clock) refresh(pauses []Pause, paused bool, now time.Time, days sla.Days, warnShare float64) []int {
	if c.Stopped() {
		return nil
	}
	k := slaClock(c, days)
	sp := spans(pauses)
	c.UsedSeconds = int64(k.Used(sp, c.StartedAt, now) / time.Second)
	c.DueAt, c.WarnAt = time.Time{}, time.Time{}
	c.State = ClockRunning
	if paused {
		c.State = ClockPaused
	}
	if c.Target <= 0 || paused {
		return nil
	}
	credit := k.Credit(sp, c.StartedAt, now)
	target := time.Duration(c.Target) * time.Minute
	c.DueAt = k.DueAfter(c.StartedAt, target+credit)
	c.WarnAt = k.DueAfter(c.StartedAt, time.Duration(float64(target)*warnShare).Truncate(time.Second)+credit)
	return k.MissingYears(c.StartedAt, c.DueAt)
}

// stop stops a running clock at now and decides its result.
func (c *Clock) stop(pauses []Pause, now time.Time, days sla.Days) {
	k := slaClock(c, days)
	used := k.Used(spans(pauses), c.StartedAt, now)
	c.UsedSeconds = int64(used / time.Second)
	c.StoppedAt = now
	c.DueAt, c.WarnAt = time.Time{}, time.Time{}
	switch {
	case c.Target <= 0:
		c.State = ClockDone
	case c.Breached || !sla.Met(used, c.Target):
		c.State, c.Breached = ClockBreached, true
	default:
		c.State = ClockMet
	}
}

// Escalation is one escalation level of a clock and when it falls.
type Escalation struct {
	Offset int
	At     time.Time
}

// escalations computes the levels of a running clock with a deadline.
func (c *Clock) escalations(offsets []int, days sla.Days) []Escalation {
	if c.DueAt.IsZero() {
		return nil
	}
	k := slaClock(c, days)
	out := make([]Escalation, 0, len(offsets))
	for _, o := range offsets {
		out = append(out, Escalation{Offset: o, At: k.Add(c.DueAt, o)})
	}
	return out
}
