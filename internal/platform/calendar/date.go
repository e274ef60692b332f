package calendar

import (
	"database/sql/driver"
	"fmt"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// shanghai is China Standard Time. A fixed offset rather than the tz
// database: China has had no daylight saving since 1991, and a fixed zone
// needs no tzdata on the server.
var shanghai = time.FixedZone("CST", 8*60*60)

// Date is a civil date (year, month, day) with no time of day and no time
// zone, so that "2026-02-14" means the same day on every server. The zero
// Date means "no date". Dates are comparable with ==.
type Date struct {
	y int
	m time.Month
	d int
}

// NewDate returns the date y-m-d, normalising overflow as time.Date does
// (NewDate(2026, 2, 29) is 2026-03-01).
func NewDate(y int, m time.Month, d int) Date {
	return dateOfUTC(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf returns the date of instant t in Asia/Shanghai: an application
// received at 2026-02-13T17:30:00Z was received on 2026-02-14 in Dazhou.
func DateOf(t time.Time) Date {
	y, m, d := t.In(shanghai).Date()
	return Date{y, m, d}
}

func dateOfUTC(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// ParseDate parses "YYYY-MM-DD" strictly: four-digit year, two-digit month
// and day, and a day that exists. It returns an errs.Invalid error with a
// Chinese message: "请填写日期。" when s is empty, a format hint when s is
// not YYYY-MM-DD, and "日期 2026-02-30 不存在。" for an impossible day.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, errs.E(errs.Invalid, "请填写日期。")
	}
	if !dateShaped(s) {
		return Date{}, errs.Ef(errs.Invalid, "日期“%s”的格式不对，应为 YYYY-MM-DD，例如 2026-03-09。", s)
	}
	y, _ := strconv.Atoi(s[0:4])
	m, _ := strconv.Atoi(s[5:7])
	d, _ := strconv.Atoi(s[8:10])
	out := NewDate(y, time.Month(m), d)
	if m < 1 || m > 12 || out.d != d || out.m != time.Month(m) {
		return Date{}, errs.Ef(errs.Invalid, "日期 %s 不存在。", s)
	}
	return out, nil
}

// dateShaped reports whether s is ten characters of the form 0000-00-00.
func dateShaped(s string) bool {
	if len(s) != 10 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return false
			}
		} else if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Year, Month and Day return the parts of the date.
func (d Date) Year() int         { return d.y }
func (d Date) Month() time.Month { return d.m }
func (d Date) Day() int          { return d.d }

// IsZero reports whether d is the zero Date ("no date").
func (d Date) IsZero() bool { return d == Date{} }

// String returns "YYYY-MM-DD", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.y, int(d.m), d.d)
}

// Label returns the date as pages show it: "2026年2月14日" ("—" when zero).
func (d Date) Label() string {
	if d.IsZero() {
		return "—"
	}
	return fmt.Sprintf("%d年%d月%d日", d.y, int(d.m), d.d)
}

// WeekdayLabel returns the Chinese name of the weekday, e.g. "星期六".
func (d Date) WeekdayLabel() string {
	return [...]string{"星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"}[d.Weekday()]
}

// Time returns midnight at the start of d in Asia/Shanghai.
func (d Date) Time() time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, shanghai) }

func (d Date) utc() time.Time { return time.Date(d.y, d.m, d.d, 0, 0, 0, 0, time.UTC) }

// AddDays returns the date n calendar days after d (before, when n < 0).
func (d Date) AddDays(n int) Date { return NewDate(d.y, d.m, d.d+n) }

// Sub returns the number of calendar days from o to d (negative when d is
// before o): NewDate(2026, 3, 1).Sub(NewDate(2026, 2, 1)) == 28.
func (d Date) Sub(o Date) int { return int(d.utc().Sub(o.utc()).Hours() / 24) }

// Weekday returns the day of the week.
func (d Date) Weekday() time.Weekday { return d.utc().Weekday() }

// IsWeekend reports whether d is a Saturday or a Sunday.
func (d Date) IsWeekend() bool {
	wd := d.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.y != o.y:
		return cmpInt(d.y, o.y)
	case d.m != o.m:
		return cmpInt(int(d.m), int(o.m))
	}
	return cmpInt(d.d, o.d)
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is after o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// MarshalText encodes d as "YYYY-MM-DD" ("" when zero); JSON uses it.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText decodes "YYYY-MM-DD" strictly (see ParseDate); "" gives the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// Value stores d as TEXT 'YYYY-MM-DD' on both engines; the zero Date is NULL.
func (d Date) Value() (driver.Value, error) {
	if d.IsZero() {
		return nil, nil
	}
	return d.String(), nil
}

// Scan reads TEXT 'YYYY-MM-DD' (or a DATE column returned as time.Time).
func (d *Date) Scan(src any) error {
	switch v := src.(type) {
	case nil:
		*d = Date{}
		return nil
	case string:
		return d.UnmarshalText([]byte(v))
	case []byte:
		return d.UnmarshalText(v)
	case time.Time:
		*d = dateOfUTC(v)
		return nil
	}
	return fmt.Errorf("calendar.Date: cannot scan %T", src)
}
