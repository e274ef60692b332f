package calendar

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// ImportYear replaces the exceptions of year with days and marks the year
// covered by source, atomically and with one "calendar.year.import" audit
// event; it is how next year's notice is loaded each November, and how a
// year is corrected wholesale. A day without a source gets source. An
// empty source is taken from the days when those that name one agree.
//
// Errors: Unauthenticated/Forbidden without access.CalendarAdmin; Invalid
// when anything is wrong, and then nothing is written: Fields "year" and
// "source" for the import itself, and the per-line problems (every rule of
// Day.Validate, a date outside year, a date twice, no days at all) as
// ImportErrors inside the error (errors.As), numbered by Day.Line (by the
// position in days, from 1, where Line is 0).
func (c *Calendar) ImportYear(ctx context.Context, year int, days []Day, source string) (YearInfo, error) {
	if _, err := access.Authorize(ctx, access.CalendarAdmin, ""); err != nil {
		return YearInfo{}, err
	}
	rows := rowsOf(days)
	for i := range rows {
		if rows[i].Line == 0 {
			rows[i].Line = i + 1
		}
	}
	return c.importRows(ctx, year, rows, nil, source)
}

// ImportData parses data as ParseDays does (CSV or JSON) and imports it as
// ImportYear does. Unreadable lines and broken rules are reported together,
// ordered by line, so that one round of corrections suffices. Errors: as
// ImportYear.
func (c *Calendar) ImportData(ctx context.Context, year int, data []byte, source string) (YearInfo, error) {
	if _, err := access.Authorize(ctx, access.CalendarAdmin, ""); err != nil {
		return YearInfo{}, err
	}
	rows, bad := parseRows(data)
	return c.importRows(ctx, year, rows, bad, source)
}

// importRows validates everything, then writes in one transaction.
func (c *Calendar) importRows(ctx context.Context, year int, rows []row, bad ImportErrors, source string) (YearInfo, error) {
	source = importSource(strings.TrimSpace(source), rows)
	fields := map[string]string{}
	switch msg := checkYear(year); {
	case msg != "":
		fields["year"] = msg
	case len(rows) > 0 || len(bad) == 0: // "no days" says nothing new after a reading error
		bad = append(bad, checkRows(year, rows)...)
	}
	switch n := utf8.RuneCountInString(source); {
	case n == 0:
		fields["source"] = "请填写来源，即国务院办公厅通知的文号或标题，例如“国办发明电〔2025〕7号”。"
	case n > maxSource:
		fields["source"] = "来源不能超过100个字。"
	}
	if err := importError(fields, bad); err != nil {
		return YearInfo{}, err
	}
	days := daysOf(rows)
	for i := range days {
		if days[i].Source == "" {
			days[i].Source = source
		}
	}
	err := c.db.WithTx(ctx, func(tx *sql.Tx) error { return c.replaceYear(ctx, tx, year, days, source) })
	forget(ctx)
	if err != nil {
		return YearInfo{}, err
	}
	return c.Year(ctx, year)
}

// replaceYear deletes the year's exceptions, writes days, marks the year
// covered and records the audit event, all in tx.
func (c *Calendar) replaceYear(ctx context.Context, tx *sql.Tx, year int, days []Day, source string) error {
	now := c.now()
	removed, err := deleteDays(ctx, tx, yearStart(year), yearEnd(year))
	if err != nil {
		return err
	}
	counts := map[Kind]int{}
	for _, d := range days {
		if err := upsertDay(ctx, tx, d, now); err != nil {
			return err
		}
		counts[d.Kind]++
	}
	if err := upsertYear(ctx, tx, year, source, now); err != nil {
		return err
	}
	return c.rec.Record(ctx, tx, audit.Entry{Action: "calendar.year.import", ObjectType: "calendar_year",
		ObjectID: strconv.Itoa(year), Detail: map[string]any{"source": source, "replaced": removed,
			"holidays": counts[Holiday], "workdays": counts[Workday]}})
}

// importSource is source or, when that is empty, the one source the rows
// name (rows without a source do not count).
func importSource(source string, rows []row) string {
	if source != "" {
		return source
	}
	for _, r := range rows {
		switch {
		case r.Source == "" || r.Source == source:
		case source == "":
			source = r.Source
		default:
			return "" // two different sources: the administrator must say
		}
	}
	return source
}

// importError combines the import's field problems and line problems into
// one Invalid error, or returns nil when there are none.
func importError(fields map[string]string, bad ImportErrors) error {
	if len(fields) == 0 && len(bad) == 0 {
		return nil
	}
	if len(bad) == 0 {
		return errs.FieldErrors(fields)
	}
	e := bad.asError().(*errs.Error)
	if len(fields) > 0 {
		e.Fields = fields
	}
	return e
}

// checkRows validates parsed rows for an import of year: each day's own
// rules (a field that could not be read reports its reading problem
// instead), its year, and no date twice.
func checkRows(year int, rows []row) ImportErrors {
	if len(rows) == 0 {
		return ImportErrors{{Message: "导入内容中没有任何日期。"}}
	}
	var out ImportErrors
	seen := map[Date]int{}
	for _, r := range rows {
		bad := r.problems()
		for k, v := range r.parseBad {
			bad[k] = v
		}
		for _, field := range fieldOrder {
			if msg, ok := bad[field]; ok {
				out = append(out, RowError{Line: r.Line, Message: msg})
			}
		}
		if r.Date.IsZero() {
			continue
		}
		if r.Date.Year() != year {
			out = append(out, RowError{Line: r.Line, Message: "日期 " + r.Date.String() +
				" 不属于 " + strconv.Itoa(year) + " 年；一次只能导入一个年度。"})
		}
		if first, dup := seen[r.Date]; dup {
			out = append(out, RowError{Line: r.Line, Message: "日期 " + r.Date.String() + " 与第" + strconv.Itoa(first) + "行重复。"})
		} else {
			seen[r.Date] = r.Line
		}
	}
	return out
}
