package casework

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// LevelChange is a case whose warning level rose during a scan.
type LevelChange struct {
	Case Case
	From string // none | yellow
	To   string // yellow | red
}

var levelRank = map[string]int{"none": 0, LevelYellow: 1, LevelRed: 2}

// ScanDeadlines recomputes the clock of every running case (accepted, not
// paused, not concluded) and raises its stored warning level when it turned
// yellow or red. For each raise it calls onChange inside the same
// transaction as the conditional update, so whatever onChange writes (the
// notifications) exists exactly once per raise, even when several servers
// scan at the same moment: only one conditional UPDATE can match.
// It runs as the system (no principal) and returns how many cases rose.
func (s *Service) ScanDeadlines(ctx context.Context,
	onChange func(ctx context.Context, tx *sql.Tx, ch LevelChange) error) (int, error) {
	ids, err := s.runningCases(ctx)
	if err != nil {
		return 0, err
	}
	raised := 0
	for _, id := range ids {
		ok, err := s.scanOne(ctx, id, onChange)
		if err != nil {
			return raised, err
		}
		if ok {
			raised++
		}
	}
	return raised, nil
}

func (s *Service) runningCases(ctx context.Context) ([]int64, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id FROM cases WHERE status IN (3, 8) AND warn_level <> 'red'
		ORDER BY id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, sqldb.Translate(err)
		}
		ids = append(ids, id)
	}
	return ids, sqldb.Translate(rows.Err())
}

func (s *Service) scanOne(ctx context.Context, id int64,
	onChange func(ctx context.Context, tx *sql.Tx, ch LevelChange) error) (bool, error) {
	c, err := loadCase(ctx, s.db, id)
	if err != nil {
		return false, err
	}
	if err := loadWorkState(ctx, s.db, &c); err != nil {
		return false, err
	}
	st, err := State(ctx, s.cal, s.policy, &c, s.now())
	if err != nil {
		return false, err
	}
	if levelRank[st.Level] <= levelRank[c.WarnLevel] || (st.Level != LevelYellow && st.Level != LevelRed) {
		return false, nil
	}
	c.Clock = &st
	raised := false
	err = s.inTx(ctx, func(tx *txn) error {
		res, err := tx.ExecContext(ctx, `UPDATE cases SET warn_level = $3 WHERE id = $1 AND warn_level = $2`,
			c.ID, c.WarnLevel, st.Level)
		if err != nil {
			return sqldb.Translate(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil // another scanner raised it first
		}
		raised = true
		if err := s.note(ctx, tx, &c, "warn_"+st.Level, c.Status, c.Status, st.LevelLabel, 0,
			map[string]any{"used_days": st.UsedDays, "limit_days": c.LimitDays, "deadline": st.Deadline.String()}); err != nil {
			return err
		}
		return onChange(ctx, tx.Tx, LevelChange{Case: c, From: c.WarnLevel, To: st.Level})
	})
	return raised, err
}
