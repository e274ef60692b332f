package sitestats

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// CloseGrace is how long after midnight a day stays open, so that the
// events buffered in its last seconds are flushed before it is rolled up.
const CloseGrace = 10 * time.Minute

// CloseDays closes every day that ended more than CloseGrace ago and still
// has a salt or per-visitor rows: in one transaction per day it rolls the
// unique visitors up into sitestats_uniques and the guide viewers and
// conversions into sitestats_items, deletes the day's visitor keys, guide
// visits and salt, and records "sitestats.close_day". After that nothing
// links any count to a visitor. It returns the number of days closed.
//
// The app runs it as a leased periodic job (every 15 minutes is plenty);
// running it twice is harmless. Who: the system (no principal needed).
func (s *Service) CloseDays(ctx context.Context) (int, error) {
	before := calendar.DateOf(s.now().Add(-CloseGrace))
	days, err := openDays(ctx, s.db, before)
	if err != nil {
		return 0, err
	}
	for i, d := range days {
		if err := s.closeDay(ctx, d); err != nil {
			return i, err
		}
	}
	return len(days), nil
}

// openDays lists the days before `before` that still hold a salt or rows
// keyed by visitor.
func openDays(ctx context.Context, q sqldb.Querier, before calendar.Date) ([]calendar.Date, error) {
	rows, err := q.QueryContext(ctx, `SELECT day FROM sitestats_salts WHERE day < $1
		UNION SELECT DISTINCT day FROM sitestats_visitors WHERE day < $1
		UNION SELECT DISTINCT day FROM sitestats_guide_visits WHERE day < $1
		ORDER BY day`, before)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []calendar.Date
	for rows.Next() {
		var d calendar.Date
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, sqldb.Translate(rows.Err())
}

// The roll-up of a closed day. In SQLite an INSERT … SELECT followed by an
// upsert clause needs a WHERE in the SELECT (to tell ON CONFLICT from a
// join's ON); each has one. Adding (not replacing) keeps a day correct when
// a late flush wrote more rows after an earlier close.
const (
	rollupUniques = `INSERT INTO sitestats_uniques (day, module, region_code, visitors)
		SELECT day, module, region_code, COUNT(*) FROM sitestats_visitors WHERE day = $1
		GROUP BY day, module, region_code
		ON CONFLICT (day, module, region_code) DO UPDATE SET visitors = sitestats_uniques.visitors + excluded.visitors`
	rollupItems = `INSERT INTO sitestats_items (day, item_code, views, viewers, conversions)
		SELECT day, item_code, 0, COUNT(*), SUM(converted) FROM sitestats_guide_visits WHERE day = $1
		GROUP BY day, item_code
		ON CONFLICT (day, item_code) DO UPDATE SET viewers = sitestats_items.viewers + excluded.viewers,
			conversions = sitestats_items.conversions + excluded.conversions`
)

func (s *Service) closeDay(ctx context.Context, d calendar.Date) error {
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		var visitors int64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sitestats_visitors
			WHERE day = $1 AND module = '*' AND region_code = '*'`, d).Scan(&visitors); err != nil {
			return sqldb.Translate(err)
		}
		for _, q := range []string{rollupUniques, rollupItems,
			`DELETE FROM sitestats_visitors WHERE day = $1`, `DELETE FROM sitestats_guide_visits WHERE day = $1`,
			`DELETE FROM sitestats_salts WHERE day = $1`} {
			if _, err := tx.ExecContext(ctx, q, d); err != nil {
				return sqldb.Translate(err)
			}
		}
		return s.rec.Record(ctx, tx, audit.Entry{Action: "sitestats.close_day", ObjectType: "sitestats_day",
			ObjectID: d.String(), Detail: map[string]any{"visitors": visitors, "salt_deleted": true}})
	})
}
