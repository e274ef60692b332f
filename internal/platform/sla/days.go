package sla

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Table is a Days source held in memory: the dated exceptions to the
// Monday–Friday week and the years whose arrangement is loaded. A date
// without an exception is worked when it is Monday to Friday, whatever its
// year. The zero Table knows no exceptions and covers no year.
type Table struct {
	Kinds map[calendar.Date]calendar.Kind
	Years map[int]bool
}

var _ Days = Table{}

// NewTable returns a Table of days, marking years covered.
func NewTable(days []calendar.Day, years ...int) Table {
	t := Table{Kinds: make(map[calendar.Date]calendar.Kind, len(days)), Years: map[int]bool{}}
	for _, d := range days {
		t.Kinds[d.Date] = d.Kind
	}
	for _, y := range years {
		t.Years[y] = true
	}
	return t
}

// Workday implements Days.
func (t Table) Workday(d calendar.Date) bool {
	if k, ok := t.Kinds[d]; ok {
		return k == calendar.Workday
	}
	return !d.IsWeekend()
}

// Covered implements Days.
func (t Table) Covered(year int) bool { return t.Years[year] }

// ParseHours reads working hours written as "09:00-12:00,13:00-18:00":
// one or more segments, ascending, not overlapping, each at least one
// minute, within one day. Errors: Invalid with a Chinese message.
func ParseHours(s string) ([]Segment, error) {
	var segs []Segment
	for part := range strings.SplitSeq(strings.ReplaceAll(s, "，", ","), ",") {
		part = strings.TrimSpace(part)
		a, b, ok := strings.Cut(strings.ReplaceAll(part, "–", "-"), "-")
		from, err1 := clockMinutes(a)
		to, err2 := clockMinutes(b)
		if !ok || err1 != nil || err2 != nil {
			return nil, errs.Ef(errs.Invalid, "工作时间“%s”的格式不对，应为 09:00-12:00,13:00-18:00。", part)
		}
		if to <= from {
			return nil, errs.Ef(errs.Invalid, "工作时间“%s”的结束时刻应晚于开始时刻。", part)
		}
		if len(segs) > 0 && from < segs[len(segs)-1].End {
			return nil, errs.Ef(errs.Invalid, "工作时间“%s”与前一段重叠或顺序颠倒。", part)
		}
		segs = append(segs, Segment{from, to})
	}
	return segs, nil
}

// clockMinutes parses "HH:MM" (00:00–24:00) as minutes after midnight.
func clockMinutes(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if !ok || err1 != nil || err2 != nil || len(m) != 2 || hh < 0 || mm < 0 || mm > 59 || hh*60+mm > 24*60 {
		return 0, fmt.Errorf("bad clock time %q", s)
	}
	return hh*60 + mm, nil
}

// FormatHours writes segments as ParseHours reads them.
func FormatHours(segs []Segment) string {
	parts := make([]string, len(segs))
	for i, g := range segs {
		parts[i] = fmt.Sprintf("%02d:%02d-%02d:%02d", g.Start/60, g.Start%60, g.End/60, g.End%60)
	}
	return strings.Join(parts, ",")
}
