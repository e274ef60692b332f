package indicator

import (
	"fmt"
	"slices"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Period kinds. Weeks start on Monday; quarters on 1 January, April, July
// and October. Days are Beijing dates.
const (
	Day     = "day"
	Week    = "week"
	Month   = "month"
	Quarter = "quarter"
	Year    = "year"
)

// Periods lists the kinds, finest first.
var Periods = []string{Day, Week, Month, Quarter, Year}

var periodLabels = map[string]string{Day: "日", Week: "周", Month: "月", Quarter: "季度", Year: "年"}

// PeriodLabel is the Chinese name of a period kind.
func PeriodLabel(p string) string { return periodLabels[p] }

// ValidPeriod reports whether p is a period kind.
func ValidPeriod(p string) bool { return slices.Contains(Periods, p) }

// StartOf returns the first day of the period of kind p containing d.
func StartOf(p string, d calendar.Date) calendar.Date {
	switch p {
	case Week:
		off := (int(d.Weekday()) + 6) % 7 // Monday = 0
		return d.AddDays(-off)
	case Month:
		return calendar.NewDate(d.Year(), d.Month(), 1)
	case Quarter:
		m := time.Month((int(d.Month())-1)/3*3 + 1)
		return calendar.NewDate(d.Year(), m, 1)
	case Year:
		return calendar.NewDate(d.Year(), time.January, 1)
	}
	return d
}

// Next returns the first day of the period after the one starting on start.
func Next(p string, start calendar.Date) calendar.Date {
	switch p {
	case Week:
		return start.AddDays(7)
	case Month:
		return calendar.NewDate(start.Year(), start.Month()+1, 1)
	case Quarter:
		return calendar.NewDate(start.Year(), start.Month()+3, 1)
	case Year:
		return calendar.NewDate(start.Year()+1, time.January, 1)
	}
	return start.AddDays(1)
}

// Prev returns the first day of the period before the one starting on start.
func Prev(p string, start calendar.Date) calendar.Date {
	switch p {
	case Week:
		return start.AddDays(-7)
	case Month:
		return calendar.NewDate(start.Year(), start.Month()-1, 1)
	case Quarter:
		return calendar.NewDate(start.Year(), start.Month()-3, 1)
	case Year:
		return calendar.NewDate(start.Year()-1, time.January, 1)
	}
	return start.AddDays(-1)
}

// Label names the period of kind p starting on start, e.g. 2026年3月,
// 2026年第1季度, 2026年3月9日当周.
func Label(p string, start calendar.Date) string {
	switch p {
	case Week:
		return start.Label() + "起一周"
	case Month:
		return fmt.Sprintf("%d年%d月", start.Year(), start.Month())
	case Quarter:
		return fmt.Sprintf("%d年第%d季度", start.Year(), (int(start.Month())+2)/3)
	case Year:
		return fmt.Sprintf("%d年", start.Year())
	}
	return start.Label()
}

// ParsePeriod validates a period kind and a day inside it ("" = today)
// and returns the kind and the period's first day. Errors: Invalid with
// fields "period" and "start".
func ParsePeriod(p, day string, today calendar.Date) (string, calendar.Date, error) {
	f := map[string]string{}
	if p == "" {
		p = Month
	}
	if !ValidPeriod(p) {
		f["period"] = "周期应为日、周、月、季度或年。"
	}
	d := today
	if day != "" {
		var err error
		if d, err = calendar.ParseDate(day); err != nil {
			f["start"] = "日期格式应为 YYYY-MM-DD，例如 2026-03-01。"
		}
	}
	if len(f) > 0 {
		return "", calendar.Date{}, errs.FieldErrors(f)
	}
	return p, StartOf(p, d), nil
}

// dayRange is the half-open span [from, to) of Beijing days as UTC
// instants, for comparing with timestamp columns.
func dayRange(from, to calendar.Date) (time.Time, time.Time) {
	return from.Time().UTC(), to.Time().UTC()
}
