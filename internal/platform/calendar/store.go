package calendar

import (
	"context"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// endOfTime bounds open-ended range reads.
var endOfTime = Date{9999, time.December, 31}

// yearStart and yearEnd are the first and last day of year y.
func yearStart(y int) Date { return Date{y, time.January, 1} }
func yearEnd(y int) Date   { return Date{y, time.December, 31} }

// loadWindow reads, in one statement, every covered year and the exceptions
// in (after, upTo]. Year rows carry the year and empty day/kind; exception
// rows carry year 0. Day columns compare as text, which is chronological
// for 'YYYY-MM-DD'.
func loadWindow(ctx context.Context, q sqldb.Querier, after, upTo Date) (window, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT year, '', '' FROM calendar_years
		UNION ALL
		SELECT 0, day, kind FROM calendar_days WHERE day > $1 AND day <= $2`, after, upTo)
	if err != nil {
		return window{}, sqldb.Translate(fmt.Errorf("calendar window: %w", err))
	}
	defer rows.Close()
	w := window{kinds: map[Date]Kind{}, covered: map[int]bool{}}
	for rows.Next() {
		var year int
		var day, kind string
		if err := rows.Scan(&year, &day, &kind); err != nil {
			return window{}, sqldb.Translate(err)
		}
		if year != 0 {
			w.covered[year] = true
			continue
		}
		d, err := ParseDate(day)
		if err != nil {
			return window{}, fmt.Errorf("calendar_days holds a bad day %q: %w", day, err)
		}
		w.kinds[d] = Kind(kind)
	}
	return w, sqldb.Translate(rows.Err())
}

// selectDays returns the exceptions from..to inclusive, in date order.
func selectDays(ctx context.Context, q sqldb.Querier, from, to Date) ([]Day, error) {
	rows, err := q.QueryContext(ctx, `SELECT day, kind, festival, source FROM calendar_days
		WHERE day >= $1 AND day <= $2 ORDER BY day`, from, to)
	if err != nil {
		return nil, sqldb.Translate(fmt.Errorf("calendar days: %w", err))
	}
	defer rows.Close()
	var out []Day
	for rows.Next() {
		var d Day
		if err := rows.Scan(&d.Date, &d.Kind, &d.Festival, &d.Source); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, d)
	}
	return out, sqldb.Translate(rows.Err())
}

// selectDay returns the exception on d, or errs.NotFound.
func selectDay(ctx context.Context, q sqldb.Querier, d Date) (Day, error) {
	out := Day{Date: d}
	err := q.QueryRowContext(ctx, `SELECT kind, festival, source FROM calendar_days WHERE day = $1`, d).
		Scan(&out.Kind, &out.Festival, &out.Source)
	return out, sqldb.Translate(err)
}

// upsertDay writes an exception, replacing any on the same date.
func upsertDay(ctx context.Context, q sqldb.Querier, d Day, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, festival, source, updated_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (day) DO UPDATE SET kind = excluded.kind, festival = excluded.festival,
			source = excluded.source, updated_at = excluded.updated_at`,
		d.Date, string(d.Kind), d.Festival, d.Source, sqldb.T(now))
	return sqldb.Translate(err)
}

// insertDayIfMissing writes an exception unless the date has one, and
// reports whether it wrote.
func insertDayIfMissing(ctx context.Context, q sqldb.Querier, d Day, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO calendar_days (day, kind, festival, source, updated_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (day) DO NOTHING`,
		d.Date, string(d.Kind), d.Festival, d.Source, sqldb.T(now))
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n > 0, sqldb.Translate(err)
}

// deleteDays removes the exceptions from..to inclusive and returns how many.
func deleteDays(ctx context.Context, q sqldb.Querier, from, to Date) (int64, error) {
	res, err := q.ExecContext(ctx, `DELETE FROM calendar_days WHERE day >= $1 AND day <= $2`, from, to)
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n, sqldb.Translate(err)
}

// upsertYear marks year covered by source.
func upsertYear(ctx context.Context, q sqldb.Querier, year int, source string, now time.Time) error {
	_, err := q.ExecContext(ctx, `INSERT INTO calendar_years (year, source, imported_at) VALUES ($1, $2, $3)
		ON CONFLICT (year) DO UPDATE SET source = excluded.source, imported_at = excluded.imported_at`,
		year, source, sqldb.T(now))
	return sqldb.Translate(err)
}

// insertYearIfMissing marks year covered unless it is, and reports whether
// it wrote.
func insertYearIfMissing(ctx context.Context, q sqldb.Querier, year int, source string, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `INSERT INTO calendar_years (year, source, imported_at) VALUES ($1, $2, $3)
		ON CONFLICT (year) DO NOTHING`, year, source, sqldb.T(now))
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n > 0, sqldb.Translate(err)
}

// selectYears returns the covered years from..to inclusive with their
// exception counts, ascending.
func selectYears(ctx context.Context, q sqldb.Querier, from, to int) ([]YearInfo, error) {
	rows, err := q.QueryContext(ctx, `
		SELECT y.year, y.source, y.imported_at,
			COUNT(CASE WHEN d.kind = 'holiday' THEN 1 END),
			COUNT(CASE WHEN d.kind = 'workday' THEN 1 END)
		FROM calendar_years y
		LEFT JOIN calendar_days d
			ON d.day >= CAST(y.year AS TEXT) || '-01-01' AND d.day <= CAST(y.year AS TEXT) || '-12-31'
		WHERE y.year >= $1 AND y.year <= $2
		GROUP BY y.year, y.source, y.imported_at
		ORDER BY y.year`, from, to)
	if err != nil {
		return nil, sqldb.Translate(fmt.Errorf("calendar years: %w", err))
	}
	defer rows.Close()
	var out []YearInfo
	for rows.Next() {
		yi := YearInfo{Covered: true}
		var at sqldb.Time
		if err := rows.Scan(&yi.Year, &yi.Source, &at, &yi.Holidays, &yi.Workdays); err != nil {
			return nil, sqldb.Translate(err)
		}
		yi.ImportedAt = at.Time
		out = append(out, yi)
	}
	return out, sqldb.Translate(rows.Err())
}

// yearCovered reports whether year has a calendar_years row.
func yearCovered(ctx context.Context, q sqldb.Querier, year int) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM calendar_years WHERE year = $1`, year).Scan(&n)
	return n > 0, sqldb.Translate(err)
}
