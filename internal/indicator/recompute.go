package indicator

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Recompute rebuilds every value from the source tables: the day values
// of every day from the first case or rating to today, then every period
// and the whole city. Past snapshots (预警数, coverage) are kept: they
// cannot be recomputed. It resets the refresh cursor below the events of
// the last SafetyWindow, which the next Refresh handles again, and
// records "indicator.recompute". No principal needed (the app's
// `gongai indicators recompute` and the admin page's button, which
// authorises first, call it). Errors: Unavailable/Internal.
//
// The cases are read once, every figure is kept in memory, the periods
// are rolled up from there, and only the values and samples that differ
// from the stored ones are written, all in one transaction: readers see
// the old values or the new ones, never a mixture.
func (s *Service) Recompute(ctx context.Context) error {
	started := s.now()
	from, err := s.firstDay(ctx)
	if err != nil {
		return err
	}
	today := s.today()
	to := today.AddDays(1)
	var set rollSet
	for _, p := range Periods {
		for d := StartOf(p, from); !d.After(today); d = Next(p, d) {
			set.add(p, d)
		}
	}
	out := newCollector(set.from, set.to)
	x, err := s.newExtract(ctx, from, to, out)
	if err != nil {
		return err
	}
	x.all, x.in = true, interner{}
	if x.stages, err = s.stageList(ctx); err != nil {
		return err
	}
	if err := x.run(ctx, from, to, today); err != nil {
		return err
	}
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := s.storeAll(ctx, tx, out.store, &set, from, to); err != nil {
			return err
		}
		return s.finishRecompute(ctx, tx, started, from, to)
	})
}

// storeAll stores the day values of days [from, to) summed in st (whose
// span is set's), and every value of the periods of set rolled up from
// them and from the past snapshots kept, writing what changed.
func (s *Service) storeAll(ctx context.Context, tx *sql.Tx, st *store, set *rollSet, from, to calendar.Date) error {
	vals, sets := st.dayValues()
	if err := lockValues(ctx, s.db, tx); err != nil {
		return err
	}
	have, err := readValues(ctx, tx, len(vals)*4/3, `period_start >= $1`, set.from.String())
	if err != nil {
		return err
	}
	inDays := dayScope(from, to, s.today())
	for k, f := range have { // the regions' day values that stay: past snapshots
		if k.period == Day && k.region != CityWide && !inDays(k) {
			st.putValue(k, f)
		}
	}
	for k, f := range st.rollup(set) {
		vals[k] = f
	}
	inScope := func(k valueKey) bool { return inDays(k) || set.holds(k) }
	if err := writeValues(ctx, s.db, tx, have, vals, inScope, s.now()); err != nil {
		return err
	}
	haveSets, err := readSampleSets(ctx, tx, from, to)
	if err != nil {
		return err
	}
	return writeSampleSets(ctx, tx, s.db.Dialect, haveSets, sets, from, to)
}

// finishRecompute moves the refresh cursor below the events of the last
// SafetyWindow and records the recompute.
func (s *Service) finishRecompute(ctx context.Context, tx *sql.Tx, started time.Time, from, to calendar.Date) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO indicator_cursor (id, floor_id, last_run, full_run)
		VALUES (1, COALESCE((SELECT MAX(id) FROM outbox WHERE created_at < $1), 0), $2, $2)
		ON CONFLICT (id) DO UPDATE SET floor_id = excluded.floor_id, last_run = excluded.last_run,
		full_run = excluded.full_run`, sqldb.T(started.Add(-SafetyWindow)), sqldb.T(started))
	if err != nil {
		return sqldb.Translate(err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM indicator_seen`); err != nil {
		return sqldb.Translate(err)
	}
	return s.rec.Record(ctx, tx, audit.Entry{Action: "indicator.recompute", ObjectType: "indicator",
		Detail: map[string]any{"from": from.String(), "to": to.AddDays(-1).String()}})
}

// stageList is an empty list with room for every case (a million cases
// appended one by one would be copied over and over as the list grows).
func (s *Service) stageList(ctx context.Context) ([]stageCase, error) {
	var n sql.NullInt64
	if err := s.db.QueryRowContext(ctx, `SELECT MAX(id) FROM cases`).Scan(&n); err != nil {
		return nil, sqldb.Translate(err)
	}
	return make([]stageCase, 0, n.Int64), nil
}

// firstDay is the earliest day with a case or a rating (today if none).
func (s *Service) firstDay(ctx context.Context) (calendar.Date, error) {
	var first sqldb.NullTime
	err := s.db.QueryRowContext(ctx, `SELECT MIN(t) FROM (SELECT MIN(received_at) AS t FROM cases
		UNION ALL SELECT MIN(created_at) FROM ratings) m`).Scan(&first)
	if err != nil {
		return calendar.Date{}, sqldb.Translate(err)
	}
	if !first.Valid {
		return s.today(), nil
	}
	return calendar.DateOf(first.Time), nil
}
