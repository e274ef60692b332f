package indicator

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// rollKey identifies a rolled-up value.
type rollKey struct {
	code, region, dim string
	start             calendar.Date
}

// rollAcc sums day values into one period value. For a snapshot it keeps
// the last day's sum instead (last: the day it holds).
type rollAcc struct {
	num, den float64
	last     calendar.Date
	samples  []float64
}

// rollup recomputes every value of period kind p whose period starts in
// [from, to) (both aligned to p) from the regions' day values: for each
// region and for CityWide, sums of numerators and denominators; for a
// snapshot, the last day that has a value; for a median, the median of the
// samples. With p = Day only the CityWide rows are produced (the regions'
// day rows are the source).
func (s *Service) rollup(ctx context.Context, p string, from, to calendar.Date) error {
	acc, err := s.rollDays(ctx, p, from, to)
	if err != nil {
		return err
	}
	if err := s.rollSamples(ctx, p, from, to, acc); err != nil {
		return err
	}
	vals := make([]Value, 0, len(acc))
	for k, a := range acc {
		v := Value{Code: k.code, RegionCode: k.region, Period: p, Start: k.start.String(), Dim: k.dim,
			Numerator: a.num, Denominator: a.den, Value: valueOf(kindOf(k.code), a.num, a.den)}
		if kindOf(k.code) == KindMedian {
			v.Value = median(a.samples)
		}
		vals = append(vals, v)
	}
	now := s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		q := `DELETE FROM indicator_values WHERE period = $1 AND period_start >= $2 AND period_start < $3`
		if p == Day {
			q += ` AND region_code = 'all'`
		}
		if _, err := tx.ExecContext(ctx, q, p, from.String(), to.String()); err != nil {
			return sqldb.Translate(err)
		}
		return insertValues(ctx, tx, s.db.Dialect, vals, now)
	})
}

// rollDays reads the regions' day values of [from, to) into period sums.
func (s *Service) rollDays(ctx context.Context, p string, from, to calendar.Date) (map[rollKey]*rollAcc, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, region_code, dim, period_start, numerator, denominator
		FROM indicator_values WHERE period = 'day' AND region_code <> 'all'
		AND period_start >= $1 AND period_start < $2 ORDER BY period_start`, from.String(), to.String())
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	acc := map[rollKey]*rollAcc{}
	for rows.Next() {
		var code, region, dim string
		var day calendar.Date
		var num, den float64
		if err := rows.Scan(&code, &region, &dim, &day, &num, &den); err != nil {
			return nil, err
		}
		start := StartOf(p, day)
		if p != Day {
			addRoll(acc, rollKey{code, region, dim, start}, day, num, den)
		}
		addRoll(acc, rollKey{code, CityWide, dim, start}, day, num, den)
	}
	return acc, rows.Err()
}

// addRoll adds one day value; rows arrive in day order, so a snapshot
// restarts its sum whenever a later day appears.
func addRoll(acc map[rollKey]*rollAcc, k rollKey, day calendar.Date, num, den float64) {
	a := acc[k]
	if a == nil {
		a = &rollAcc{}
		acc[k] = a
	}
	if snapshots[k.code] && day.After(a.last) {
		a.num, a.den = 0, 0
	}
	a.last = day
	a.num += num
	a.den += den
}

// rollSamples gathers the samples of [from, to) of the median indicators.
func (s *Service) rollSamples(ctx context.Context, p string, from, to calendar.Date, acc map[rollKey]*rollAcc) error {
	rows, err := s.db.QueryContext(ctx, `SELECT code, region_code, dim, day, value FROM indicator_samples
		WHERE day >= $1 AND day < $2`, from.String(), to.String())
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var code, region, dim string
		var day calendar.Date
		var v float64
		if err := rows.Scan(&code, &region, &dim, &day, &v); err != nil {
			return err
		}
		start := StartOf(p, day)
		for _, r := range []string{region, CityWide} {
			if p == Day && r != CityWide {
				continue
			}
			if a := acc[rollKey{code, r, dim, start}]; a != nil {
				a.samples = append(a.samples, v)
			}
		}
	}
	return rows.Err()
}

// rollupAround re-rolls every period of every kind that contains one of
// days (and the whole city's day values of those days).
func (s *Service) rollupAround(ctx context.Context, days []calendar.Date) error {
	for _, p := range Periods {
		done := map[calendar.Date]bool{}
		for _, d := range days {
			start := StartOf(p, d)
			if done[start] {
				continue
			}
			done[start] = true
			if err := s.rollup(ctx, p, start, Next(p, start)); err != nil {
				return err
			}
		}
	}
	return nil
}
