package calendar

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// defaultDaySource is the source of a day an administrator enters by hand
// without naming one.
const defaultDaySource = "系统管理员录入"

// SetDay adds or replaces the exception on day.Date, in one transaction
// with its "calendar.day.set" audit event (detail: the day before and
// after). An empty Source becomes "系统管理员录入".
//
// Errors: Unauthenticated/Forbidden without access.CalendarAdmin; Invalid
// with Fields when day breaks a rule of Day.Validate, or (field "date")
// when its year's arrangement is not loaded — import the year first, so that
// a covered year is always the whole official arrangement.
func (c *Calendar) SetDay(ctx context.Context, day Day) error {
	if _, err := access.Authorize(ctx, access.CalendarAdmin, ""); err != nil {
		return err
	}
	day.Festival, day.Source = strings.TrimSpace(day.Festival), strings.TrimSpace(day.Source)
	if day.Source == "" {
		day.Source = defaultDaySource
	}
	if err := day.Validate(); err != nil {
		return err
	}
	defer forget(ctx)
	return c.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := requireCovered(ctx, tx, day.Date.Year()); err != nil {
			return err
		}
		before, err := selectDay(ctx, tx, day.Date)
		if err != nil && !errs.Is(err, errs.NotFound) {
			return err
		}
		if err := upsertDay(ctx, tx, day, c.now()); err != nil {
			return err
		}
		detail := map[string]any{"after": auditDay(day)}
		if err == nil {
			detail["before"] = auditDay(before)
		}
		return c.rec.Record(ctx, tx, audit.Entry{Action: "calendar.day.set", ObjectType: "calendar_day",
			ObjectID: day.Date.String(), Detail: detail})
	})
}

func requireCovered(ctx context.Context, tx *sql.Tx, year int) error {
	ok, err := yearCovered(ctx, tx, year)
	if err != nil || ok {
		return err
	}
	return errs.FieldErrors(map[string]string{"date": fmt.Sprintf(
		"%d年的节假日安排尚未导入。请先导入国务院办公厅的通知，再逐日修改。", year)})
}

func auditDay(d Day) map[string]string {
	return map[string]string{"kind": string(d.Kind), "festival": d.Festival, "source": d.Source}
}

// DeleteDay removes the exception on d (the day reverts to the Monday–Friday
// rule), in one transaction with its "calendar.day.delete" audit event.
//
// Errors: Unauthenticated/Forbidden without access.CalendarAdmin; Invalid
// for a zero date; NotFound when d has no exception.
func (c *Calendar) DeleteDay(ctx context.Context, d Date) error {
	if _, err := access.Authorize(ctx, access.CalendarAdmin, ""); err != nil {
		return err
	}
	if d.IsZero() {
		return errs.E(errs.Invalid, "请填写日期。")
	}
	defer forget(ctx)
	return c.db.WithTx(ctx, func(tx *sql.Tx) error {
		before, err := selectDay(ctx, tx, d)
		if errs.Is(err, errs.NotFound) {
			return errs.Ef(errs.NotFound, "%s 没有登记节假日或调休，无需删除。", d)
		}
		if err != nil {
			return err
		}
		if _, err := deleteDays(ctx, tx, d, d); err != nil {
			return err
		}
		return c.rec.Record(ctx, tx, audit.Entry{Action: "calendar.day.delete", ObjectType: "calendar_day",
			ObjectID: d.String(), Detail: map[string]any{"before": auditDay(before)}})
	})
}

// Years lists the covered years, ascending, with their exception counts.
// Errors: Unavailable/Internal from the database.
func (c *Calendar) Years(ctx context.Context) ([]YearInfo, error) {
	return selectYears(ctx, c.db, 0, 9999)
}

// Year describes year: Covered is false (and the counts zero) when its
// arrangement is not loaded. Errors: Unavailable/Internal from the database.
func (c *Calendar) Year(ctx context.Context, year int) (YearInfo, error) {
	ys, err := selectYears(ctx, c.db, year, year)
	if err != nil || len(ys) == 0 {
		return YearInfo{Year: year}, err
	}
	return ys[0], nil
}

// Days returns the exceptions of year in date order (empty, not an error,
// for a year that has none). Errors: Unavailable/Internal from the database.
func (c *Calendar) Days(ctx context.Context, year int) ([]Day, error) {
	return selectDays(ctx, c.db, yearStart(year), yearEnd(year))
}

// MissingNextYear reports whether the operations console should warn that
// next year's arrangement is missing: missing is true when now, in
// Asia/Shanghai, is on or after 1 November and next year is not covered
// (the State Council usually publishes in late October or November).
// year is always next year. Errors: Unavailable/Internal from the database.
func (c *Calendar) MissingNextYear(ctx context.Context, now time.Time) (year int, missing bool, err error) {
	today := DateOf(now)
	year = today.Year() + 1
	if today.Month() < time.November {
		return year, false, nil
	}
	ok, err := yearCovered(ctx, c.db, year)
	if err != nil {
		return year, false, err
	}
	return year, !ok, nil
}
