package indicator

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// SafetyWindow is how long an outbox id stays above the refresh's floor
// after it was seen: longer than any engine transaction lasts, so that a
// lower id committed late is still read (see the package doc).
const SafetyWindow = 10 * time.Minute

// refreshBatch is how many outbox events one Refresh handles.
const refreshBatch = 1000

// Refresh brings the values up to date with the engine's events since the
// last run and returns how many events it handled. A first run (no cursor)
// is a full Recompute. It needs no principal: the app runs it as a leased
// job, every minute or so. Errors: Unavailable/Internal from the database.
func (s *Service) Refresh(ctx context.Context) (int, error) {
	floor, lastRun, ok, err := s.cursor(ctx)
	if err != nil {
		return 0, err
	}
	if !ok {
		return 0, s.Recompute(ctx)
	}
	started := s.now()
	ids, days, err := s.pendingEvents(ctx, floor)
	if err != nil {
		return 0, err
	}
	more, err := s.ratingDays(ctx, lastRun.Add(-SafetyWindow))
	if err != nil {
		return 0, err
	}
	days = append(append(days, more...), s.today())
	days = uniqueDays(days)
	for _, d := range days {
		if err := s.computeDays(ctx, d, d.AddDays(1)); err != nil {
			return 0, err
		}
	}
	if err := s.rollupAround(ctx, days); err != nil {
		return 0, err
	}
	return len(ids), s.advance(ctx, ids, started)
}

// cursor reads the refresh position; ok is false before the first run.
func (s *Service) cursor(ctx context.Context) (floor int64, lastRun time.Time, ok bool, err error) {
	var at sqldb.Time
	err = s.db.QueryRowContext(ctx, `SELECT floor_id, last_run FROM indicator_cursor WHERE id = 1`).Scan(&floor, &at)
	if sqldb.NotFoundIf(err) {
		return 0, time.Time{}, false, nil
	}
	return floor, at.Time, err == nil, sqldb.Translate(err)
}

// pendingEvents reads the unseen outbox events above floor and the days
// each can change (projectDays, and the event's own day).
func (s *Service) pendingEvents(ctx context.Context, floor int64) ([]int64, []calendar.Date, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT o.id, o.payload FROM outbox o WHERE o.id > $1
		AND NOT EXISTS (SELECT 1 FROM indicator_seen s WHERE s.outbox_id = o.id) ORDER BY o.id LIMIT $2`,
		floor, refreshBatch)
	if err != nil {
		return nil, nil, sqldb.Translate(err)
	}
	var ids []int64
	numbers := map[string]bool{}
	var days []calendar.Date
	for rows.Next() {
		var id int64
		var payload string
		if err := rows.Scan(&id, &payload); err != nil {
			rows.Close()
			return nil, nil, err
		}
		ids = append(ids, id)
		var ev casework.OutboxEvent
		if json.Unmarshal([]byte(payload), &ev) == nil && ev.CaseNumber != "" {
			numbers[ev.CaseNumber] = true
			days = append(days, calendar.DateOf(ev.OccurredAt))
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	for n := range numbers {
		more, err := s.projectDays(ctx, n)
		if err != nil {
			return nil, nil, err
		}
		days = append(days, more...)
	}
	return ids, days, nil
}

// projectDays returns the days whose figures a change to case number can
// move: its own received, accepted and concluded days, and the concluded
// days of the other cases of its project (where its stages and whole
// process end). The other cases' received and accepted days carry only
// their own figures, so they are left alone: at a million cases, recomputing
// them made a Refresh several times dearer.
func (s *Service) projectDays(ctx context.Context, number string) ([]calendar.Date, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT number, received_at, accepted_at, concluded_at FROM cases
		WHERE project_id = (SELECT project_id FROM cases WHERE number = $1)`, number)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []calendar.Date
	for rows.Next() {
		var n string
		var received sqldb.Time
		var accepted, concluded sqldb.NullTime
		if err := rows.Scan(&n, &received, &accepted, &concluded); err != nil {
			return nil, err
		}
		if concluded.Valid {
			out = append(out, calendar.DateOf(concluded.Time))
		}
		if n != number {
			continue
		}
		out = append(out, calendar.DateOf(received.Time))
		if accepted.Valid {
			out = append(out, calendar.DateOf(accepted.Time))
		}
	}
	return out, rows.Err()
}

// ratingDays returns the days of the ratings and rectifications made or
// changed since since (ratings never change; rectifications are answered
// and closed later, and count on the day they were opened).
func (s *Service) ratingDays(ctx context.Context, since time.Time) ([]calendar.Date, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT created_at FROM ratings WHERE created_at >= $1
		UNION SELECT created_at FROM rectifications
		WHERE created_at >= $1 OR answered_at >= $1 OR closed_at >= $1`, sqldb.T(since))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []calendar.Date
	for rows.Next() {
		var at sqldb.Time
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, calendar.DateOf(at.Time))
	}
	return out, rows.Err()
}

// advance marks ids seen, raises the floor to the highest id seen before
// the safety window, forgets the seen ids at or below it and stamps the
// run, in one transaction.
func (s *Service) advance(ctx context.Context, ids []int64, started time.Time) error {
	now := s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		for _, id := range ids {
			if _, err := tx.ExecContext(ctx, `INSERT INTO indicator_seen (outbox_id, seen_at) VALUES ($1, $2)
				ON CONFLICT (outbox_id) DO NOTHING`, id, sqldb.T(now)); err != nil {
				return sqldb.Translate(err)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE indicator_cursor SET last_run = $1,
			floor_id = COALESCE((SELECT MAX(outbox_id) FROM indicator_seen WHERE seen_at < $2), floor_id)
			WHERE id = 1`, sqldb.T(started), sqldb.T(now.Add(-SafetyWindow)))
		if err != nil {
			return sqldb.Translate(err)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM indicator_seen
			WHERE outbox_id <= (SELECT floor_id FROM indicator_cursor WHERE id = 1)`)
		return sqldb.Translate(err)
	})
}

func uniqueDays(days []calendar.Date) []calendar.Date {
	slices.SortFunc(days, func(a, b calendar.Date) int { return a.Compare(b) })
	return slices.Compact(days)
}
