package casework

import (
	"context"
	"math"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Calendar is what the engine needs of the working-day calendar.
type Calendar interface {
	IsWorkday(ctx context.Context, d calendar.Date) (bool, error)
	AddWorkdays(ctx context.Context, from calendar.Date, n int) (calendar.Result, error)
	WorkdaysBetween(ctx context.Context, from, to calendar.Date) (int, error)
}

// ClockPolicy holds the configurable rules of the approval clock.
type ClockPolicy struct {
	// WarnShare is the share of the limit used at which a case turns yellow.
	WarnShare float64
	// OfficeClose is when the service hall closes (minutes after midnight,
	// Beijing time): a case accepted later counts as accepted the next
	// working day.
	OfficeClose int
	// ConsultDays is the default answer time of a consultation (国发〔1999〕9号: 7).
	ConsultDays int
	// DeficiencyDays is the default time to supply 容缺 materials.
	DeficiencyDays int
}

// DefaultClockPolicy: yellow at 80 %, hall closes 17:30, 7 days to answer a
// consultation, 5 working days to supply a 容缺 material.
var DefaultClockPolicy = ClockPolicy{WarnShare: 0.8, OfficeClose: 17*60 + 30, ConsultDays: 7, DeficiencyDays: 5}

// Clock levels.
const (
	LevelGreen  = "green"
	LevelYellow = "yellow"
	LevelRed    = "red"
	LevelPaused = "paused"
	LevelDone   = "done"
	LevelNone   = "none" // not yet accepted: no clock
)

// ClockState is a case's clock at a moment.
type ClockState struct {
	Level         string        `json:"level"`
	LevelLabel    string        `json:"level_label"`
	StartDay      calendar.Date `json:"start_day,omitzero"`
	Deadline      calendar.Date `json:"deadline,omitzero"`
	Provisional   bool          `json:"provisional"`
	LimitDays     int           `json:"limit_days"`
	UsedDays      int           `json:"used_days"`
	PausedDays    int           `json:"paused_days"`
	RemainingDays int           `json:"remaining_days"`
	Natural       time.Duration `json:"natural_ns"`
	NaturalPaused time.Duration `json:"natural_paused_ns"`
}

// beijing is UTC+8; China has kept no daylight saving time since 1991.
var beijing = time.FixedZone("CST", 8*3600)

var levelLabels = map[string]string{LevelGreen: "正常", LevelYellow: "预警", LevelRed: "逾期",
	LevelPaused: "暂停计时", LevelDone: "已办结", LevelNone: "未受理"}

// StartDay is the acceptance day for counting: the day of acceptance when it
// is a working day and the hall was still open, otherwise the next working
// day. Day 1 of the limit is the first working day after it.
func StartDay(ctx context.Context, cal Calendar, p ClockPolicy, acceptedAt time.Time) (calendar.Date, error) {
	d := calendar.DateOf(acceptedAt)
	local := acceptedAt.In(beijing)
	work, err := cal.IsWorkday(ctx, d)
	if err != nil {
		return d, err
	}
	if work && local.Hour()*60+local.Minute() < p.OfficeClose {
		return d, nil
	}
	r, err := cal.AddWorkdays(ctx, d, 1)
	return r.Date, err
}

// pausedWorkdays counts the working days inside a pause: those after the
// day it started, up to and including the day it ended (or today).
func pausedWorkdays(ctx context.Context, cal Calendar, from, to time.Time) (int, error) {
	return cal.WorkdaysBetween(ctx, calendar.DateOf(from), calendar.DateOf(to))
}

// Deadline is the last working day of the limit, pushed back by paused days.
func Deadline(ctx context.Context, cal Calendar, start calendar.Date, limit, paused int) (calendar.Result, error) {
	return cal.AddWorkdays(ctx, start, limit+paused)
}

// State computes the clock of c at now from its stored start day, limit and
// pauses; nothing is guessed from wall-clock differences.
func State(ctx context.Context, cal Calendar, p ClockPolicy, c *Case, now time.Time) (ClockState, error) {
	st := ClockState{LimitDays: c.LimitDays, Level: LevelNone}
	if !c.Accepted() {
		st.LevelLabel = levelLabels[st.Level]
		return st, nil
	}
	end := now
	if c.Status.Terminal() && !c.ConcludedAt.IsZero() {
		end = c.ConcludedAt
	}
	paused, naturalPaused, err := pauseTotals(ctx, cal, c.Pauses, c.AcceptedAt, end)
	if err != nil {
		return st, err
	}
	elapsed, err := cal.WorkdaysBetween(ctx, c.StartDay, calendar.DateOf(end))
	if err != nil {
		return st, err
	}
	dl, err := Deadline(ctx, cal, c.StartDay, c.LimitDays, paused)
	if err != nil {
		return st, err
	}
	st.StartDay, st.Deadline, st.Provisional, st.PausedDays = c.StartDay, dl.Date, dl.Provisional, paused
	st.UsedDays = max(elapsed-paused, 0)
	st.RemainingDays = c.LimitDays - st.UsedDays
	st.Natural, st.NaturalPaused = end.Sub(c.AcceptedAt), naturalPaused
	st.Level = level(p, c, st)
	st.LevelLabel = levelLabels[st.Level]
	return st, nil
}

// pauseTotals sums the pauses after acceptance (a 补正 before acceptance
// delays acceptance itself and has no clock to stop).
func pauseTotals(ctx context.Context, cal Calendar, pauses []Pause, accepted, end time.Time) (int, time.Duration, error) {
	days, natural := 0, time.Duration(0)
	for _, ps := range pauses {
		if ps.StartedAt.Before(accepted) {
			continue
		}
		to := ps.EndedAt
		if to.IsZero() || to.After(end) {
			to = end
		}
		if to.Before(ps.StartedAt) {
			continue
		}
		n, err := pausedWorkdays(ctx, cal, ps.StartedAt, to)
		if err != nil {
			return 0, 0, err
		}
		days += n
		natural += to.Sub(ps.StartedAt)
	}
	return days, natural, nil
}

func level(p ClockPolicy, c *Case, st ClockState) string {
	switch {
	case c.Status.Terminal():
		return LevelDone
	case c.Status.Paused():
		return LevelPaused
	case st.UsedDays > c.LimitDays:
		return LevelRed
	case c.LimitDays > 0 && st.UsedDays >= int(math.Ceil(p.WarnShare*float64(c.LimitDays))):
		return LevelYellow
	}
	return LevelGreen
}
