package calendar

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// IsWorkday reports whether d is a working day: a make-up workday, or a
// Monday–Friday that is not a holiday. For a year whose arrangement is not
// loaded it answers by the weekday alone; use AddWorkdays or
// WorkdaysBetween (which report Provisional) when that matters, or Year to
// ask whether the year is covered. Errors: Invalid for a zero or
// out-of-range date; Unavailable/Internal from the database.
func (c *Calendar) IsWorkday(ctx context.Context, d Date) (bool, error) {
	if err := checkDate(d); err != nil {
		return false, err
	}
	w, err := c.current(ctx)
	if err != nil {
		return false, err
	}
	return w.workday(d), nil
}

// AddWorkdays returns the date on which n working days after from have
// elapsed. Day 1 is the first working day after from (自受理之日起N个工作日:
// the day of acceptance itself is not counted), so from itself may be any
// day, worked or not. n = 0 returns from unchanged, even when from is not a
// working day, so that WorkdaysBetween(from, AddWorkdays(from, n).Date)
// is n for every n ≥ 0; for n ≥ 1 the result is always a working day.
// (A caller whose day 0 must itself be a working day, e.g. acceptance on a
// Sunday, first moves it with AddWorkdays(d, 1) when d is not worked.)
//
// Errors: Invalid when n < 0, n > MaxWorkdays, or from is zero or out of
// range; Unavailable/Internal from the database.
func (c *Calendar) AddWorkdays(ctx context.Context, from Date, n int) (Result, error) {
	if err := checkDate(from); err != nil {
		return Result{}, err
	}
	if n < 0 || n > MaxWorkdays {
		return Result{}, errs.Ef(errs.Invalid, "工作日天数应为 0 到 %d 之间的整数。", MaxWorkdays)
	}
	if n == 0 {
		return Result{Date: from}, nil
	}
	w, err := c.current(ctx)
	if err != nil {
		return Result{}, err
	}
	d := from
	for left := n; left > 0; {
		d = d.AddDays(1)
		if w.workday(d) {
			left--
		}
	}
	return w.result(from, d, n), nil
}

// WorkdaysBetween counts the working days d with from < d ≤ to: the
// working days elapsed from the end of day from to the end of day to. It is
// 0 when to is not after from. For every n ≥ 0,
// WorkdaysBetween(from, AddWorkdays(from, n).Date) == n. It does not say
// whether a year was counted Monday–Friday; CountWorkdays does.
//
// Errors: as CountWorkdays.
func (c *Calendar) WorkdaysBetween(ctx context.Context, from, to Date) (int, error) {
	res, err := c.CountWorkdays(ctx, from, to)
	return res.Workdays, err
}

// CountWorkdays is WorkdaysBetween with the whole Result: Workdays is the
// count, Date is to, and Provisional/MissingYears name the years of
// (from, to] that were counted Monday–Friday.
//
// Errors: Invalid when a date is zero or out of range or the dates are more
// than MaxSpanDays apart; Unavailable/Internal from the database.
func (c *Calendar) CountWorkdays(ctx context.Context, from, to Date) (Result, error) {
	if err := checkDate(from); err != nil {
		return Result{}, err
	}
	if err := checkDate(to); err != nil {
		return Result{}, err
	}
	if !to.After(from) {
		return Result{Date: to}, nil
	}
	if to.Sub(from) > MaxSpanDays {
		return Result{}, errs.E(errs.Invalid, "起止日期相隔不能超过20年。")
	}
	w, err := c.current(ctx)
	if err != nil {
		return Result{}, err
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		if w.workday(d) {
			n++
		}
	}
	return w.result(from, to, n), nil
}

// checkDate refuses the zero date and dates outside MinYear..MaxYear.
func checkDate(d Date) error {
	if d.IsZero() {
		return errs.E(errs.Invalid, "请填写日期。")
	}
	if d.Year() < MinYear || d.Year() > MaxYear {
		return errs.Ef(errs.Invalid, "日期 %s 超出系统支持的范围（%d年至%d年）。", d, MinYear, MaxYear)
	}
	return nil
}

// window is what one computation knows: the exceptions in the range it
// read and every covered year.
type window struct {
	kinds   map[Date]Kind
	covered map[int]bool
}

// workday applies the exceptions to the Monday–Friday week.
func (w window) workday(d Date) bool {
	if k, ok := w.kinds[d]; ok {
		return k == Workday
	}
	return !d.IsWeekend()
}

// result builds the Result of the span (from, to] holding n working days,
// naming the years of the span that are not covered.
func (w window) result(from, to Date, n int) Result {
	res := Result{Date: to, Workdays: n}
	for y := from.AddDays(1).Year(); y <= to.Year(); y++ {
		if !w.covered[y] {
			res.MissingYears = append(res.MissingYears, y)
		}
	}
	res.Provisional = len(res.MissingYears) > 0
	return res
}
