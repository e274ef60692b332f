package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Period granularities. Weeks are ISO weeks (Monday first); a week's 同比
// is the week 52 weeks earlier.
const (
	PeriodDay     = "day"
	PeriodWeek    = "week"
	PeriodMonth   = "month"
	PeriodQuarter = "quarter"
	PeriodYear    = "year"
)

// Periods lists the granularities.
var Periods = []Option{{PeriodDay, "日"}, {PeriodWeek, "周"}, {PeriodMonth, "月"}, {PeriodQuarter, "季度"},
	{PeriodYear, "年"}}

func validPeriod(p string) bool { return labelOf(Periods, p) != p }

// periodStart is the first day of the period containing d.
func periodStart(p string, d calendar.Date) calendar.Date {
	switch p {
	case PeriodWeek:
		return d.AddDays(-((int(d.Weekday()) + 6) % 7))
	case PeriodMonth:
		return calendar.NewDate(d.Year(), d.Month(), 1)
	case PeriodQuarter:
		return calendar.NewDate(d.Year(), (d.Month()-1)/3*3+1, 1)
	case PeriodYear:
		return calendar.NewDate(d.Year(), time.January, 1)
	}
	return d
}

// periodEnd is the last day of the period containing d.
func periodEnd(p string, d calendar.Date) calendar.Date {
	return shiftPeriods(p, periodStart(p, d), 1).AddDays(-1)
}

// shiftPeriods moves a period start d by n periods (n may be negative).
func shiftPeriods(p string, d calendar.Date, n int) calendar.Date {
	switch p {
	case PeriodWeek:
		return d.AddDays(7 * n)
	case PeriodMonth:
		return calendar.NewDate(d.Year(), d.Month()+time.Month(n), d.Day())
	case PeriodQuarter:
		return calendar.NewDate(d.Year(), d.Month()+time.Month(3*n), d.Day())
	case PeriodYear:
		return calendar.NewDate(d.Year()+n, d.Month(), d.Day())
	}
	return d.AddDays(n)
}

// yearEarlier is the start of the period one year before the period
// starting at d: the same day, month or quarter of the previous year, or
// the week 52 weeks earlier.
func yearEarlier(p string, d calendar.Date) calendar.Date {
	switch p {
	case PeriodWeek:
		return d.AddDays(-364)
	case PeriodDay:
		return calendar.NewDate(d.Year()-1, d.Month(), d.Day())
	}
	return shiftPeriods(PeriodYear, d, -1)
}

// periodKey names the period starting at start; keys sort chronologically.
func periodKey(p string, start calendar.Date) string {
	switch p {
	case PeriodWeek:
		y, w := start.Time().ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case PeriodMonth:
		return fmt.Sprintf("%04d-%02d", start.Year(), int(start.Month()))
	case PeriodQuarter:
		return fmt.Sprintf("%04d-Q%d", start.Year(), (int(start.Month())+2)/3)
	case PeriodYear:
		return strconv.Itoa(start.Year())
	}
	return start.String()
}

// periodLabel is the Chinese name of the period starting at start.
func periodLabel(p string, start calendar.Date) string {
	switch p {
	case PeriodWeek:
		y, w := start.Time().ISOWeek()
		return fmt.Sprintf("%d年第%d周", y, w)
	case PeriodMonth:
		return fmt.Sprintf("%d年%d月", start.Year(), int(start.Month()))
	case PeriodQuarter:
		return fmt.Sprintf("%d年第%d季度", start.Year(), (int(start.Month())+2)/3)
	case PeriodYear:
		return fmt.Sprintf("%d年", start.Year())
	}
	return start.Label()
}

// rangeLabel names an aligned range: one period by its name, several as
// "from 至 to".
func rangeLabel(p string, rg Range) string {
	first := periodStart(p, rg.From)
	if periodEnd(p, first) == rg.To {
		return periodLabel(p, first)
	}
	return rg.From.Label() + " 至 " + rg.To.Label()
}

// window is an inclusive date span.
type window struct{ From, To calendar.Date }

func (w window) contains(d calendar.Date) bool { return !d.Before(w.From) && !d.After(w.To) }

// comparisonWindows returns, for a report without a period dimension, the
// range one year earlier (同比) and the equally long range just before it
// (环比), counted in periods of p.
func comparisonWindows(p string, rg Range) (yoy, mom window) {
	next := rg.To.AddDays(1)
	yoy = window{yearEarlier(p, rg.From), yearEarlier(p, next).AddDays(-1)}
	n := 0
	for d := rg.From; d.Before(next) && n <= 400*7; d = shiftPeriods(p, d, 1) {
		n++
	}
	mom = window{shiftPeriods(p, rg.From, -n), rg.From.AddDays(-1)}
	return yoy, mom
}

// fetchFrom is the earliest day whose events a report over rg may need for
// its comparisons.
func fetchFrom(p string, rg Range) calendar.Date {
	yoy, mom := comparisonWindows(p, rg)
	from := yoy.From
	if mom.From.Before(from) {
		from = mom.From
	}
	if d := shiftPeriods(p, periodStart(p, rg.From), -1); d.Before(from) {
		from = d
	}
	return from
}
