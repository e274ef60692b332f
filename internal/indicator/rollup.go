package indicator

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// rollKey identifies a rolled-up value.
type rollKey struct {
	period, code, region, dim string
	start                     calendar.Date
}

// rollAcc sums day values into one period value. For a snapshot it keeps
// the last day's sum instead (last: the day it holds).
type rollAcc struct {
	num, den float64
	last     calendar.Date
	samples  []float64
}

// periodStart is one period to roll up: its kind and first day.
type periodStart struct {
	period string
	start  calendar.Date
}

// rollSet is the periods one roll-up recomputes, and the days it reads:
// [from, to), the union of the periods.
type rollSet struct {
	want     map[periodStart]bool
	from, to calendar.Date
}

func (r *rollSet) add(p string, start calendar.Date) {
	if r.want == nil {
		r.want = map[periodStart]bool{}
	}
	r.want[periodStart{p, start}] = true
	if r.from.IsZero() || start.Before(r.from) {
		r.from = start
	}
	if end := Next(p, start); end.After(r.to) {
		r.to = end
	}
}

// targets calls fn for every wanted period containing day.
func (r *rollSet) targets(day calendar.Date, fn func(p string, start calendar.Date)) {
	for _, p := range Periods {
		if start := StartOf(p, day); r.want[periodStart{p, start}] {
			fn(p, start)
		}
	}
}

// rollupSet recomputes every value of the periods of set from the
// regions' day values: for each region and for CityWide, sums of
// numerators and denominators; for a snapshot, the last day that has a
// value; for a median, the median of the samples. For a day only the
// CityWide rows are produced (the regions' day rows are the source). The
// day values and samples are read once, whatever the number of periods.
func (s *Service) rollupSet(ctx context.Context, set *rollSet) error {
	if len(set.want) == 0 {
		return nil
	}
	acc, err := s.rollDays(ctx, set)
	if err != nil {
		return err
	}
	if err := s.rollSamples(ctx, set, acc); err != nil {
		return err
	}
	vals := make([]Value, 0, len(acc))
	for k, a := range acc {
		v := Value{Code: k.code, RegionCode: k.region, Period: k.period, Start: k.start.String(), Dim: k.dim,
			Numerator: a.num, Denominator: a.den, Value: valueOf(kindOf(k.code), a.num, a.den)}
		if kindOf(k.code) == KindMedian {
			v.Value = median(a.samples)
		}
		vals = append(vals, v)
	}
	now := s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := deleteRolled(ctx, tx, set); err != nil {
			return err
		}
		return insertValues(ctx, tx, s.db.Dialect, vals, now)
	})
}

// deleteRolled removes the stored values of the periods of set (for days,
// only the CityWide rows), one statement per run of consecutive periods.
func deleteRolled(ctx context.Context, tx *sql.Tx, set *rollSet) error {
	for _, p := range Periods {
		for d := StartOf(p, set.from); d.Before(set.to); d = Next(p, d) {
			if !set.want[periodStart{p, d}] {
				continue
			}
			end := d
			for set.want[periodStart{p, end}] {
				end = Next(p, end)
			}
			q := `DELETE FROM indicator_values WHERE period = $1 AND period_start >= $2 AND period_start < $3`
			if p == Day {
				q += ` AND region_code = 'all'`
			}
			if _, err := tx.ExecContext(ctx, q, p, d.String(), end.String()); err != nil {
				return sqldb.Translate(err)
			}
			d = Prev(p, end)
		}
	}
	return nil
}

// rollDays reads the regions' day values of the set's days into period sums.
func (s *Service) rollDays(ctx context.Context, set *rollSet) (map[rollKey]*rollAcc, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT code, region_code, dim, period_start, numerator, denominator
		FROM indicator_values WHERE period = 'day' AND region_code <> 'all'
		AND period_start >= $1 AND period_start < $2 ORDER BY period_start`, set.from.String(), set.to.String())
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
		set.targets(day, func(p string, start calendar.Date) {
			if p != Day {
				addRoll(acc, rollKey{p, code, region, dim, start}, day, num, den)
			}
			addRoll(acc, rollKey{p, code, CityWide, dim, start}, day, num, den)
		})
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

// rollSamples gathers the samples of the set's days of the median indicators.
func (s *Service) rollSamples(ctx context.Context, set *rollSet, acc map[rollKey]*rollAcc) error {
	rows, err := s.db.QueryContext(ctx, `SELECT code, region_code, dim, day, value FROM indicator_samples
		WHERE day >= $1 AND day < $2`, set.from.String(), set.to.String())
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
		dims := []string{dim}
		if dim != "" {
			dims = append(dims, "") // stored under its dimension only, it counts under the total too
		}
		set.targets(day, func(p string, start calendar.Date) {
			for _, r := range []string{region, CityWide} {
				if p == Day && r != CityWide {
					continue
				}
				for _, d := range dims {
					if a := acc[rollKey{p, code, r, d, start}]; a != nil {
						a.samples = append(a.samples, v)
					}
				}
			}
		})
	}
	return rows.Err()
}

// rollupAround re-rolls every period of every kind that contains one of
// days (and the whole city's day values of those days), in one pass.
func (s *Service) rollupAround(ctx context.Context, days []calendar.Date) error {
	var set rollSet
	for _, p := range Periods {
		for _, d := range days {
			set.add(p, StartOf(p, d))
		}
	}
	return s.rollupSet(ctx, &set)
}
