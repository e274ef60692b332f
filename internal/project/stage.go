package project

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// AdvanceStage moves the project to stage (1–4, or 5 for completed) inside
// the case engine's transaction tx, and never backwards: a stage at or below
// the current one changes nothing and is not an error, so that parallel or
// repeated case events may each call it. It performs no authorisation (the
// engine has authorised the case action) and writes no audit event (the
// engine's own event for the case action, in the same tx, is the record).
// updated_at is left alone: it dates the last edit of the registered facts.
// Errors: Invalid for a stage outside 1–5; NotFound for no such project.
func AdvanceStage(ctx context.Context, tx *sql.Tx, projectID int64, stage int) error {
	if stage < 1 || stage > StageCompleted {
		return errs.Ef(errs.Invalid, "项目阶段应为 1 至 5，收到 %d。", stage)
	}
	res, err := tx.ExecContext(ctx, `UPDATE projects SET stage = $1 WHERE id = $2 AND stage < $1`, stage, projectID)
	if err != nil {
		return sqldb.Translate(fmt.Errorf("advance project %d to stage %d: %w", projectID, stage, err))
	}
	if n, err := res.RowsAffected(); err != nil || n > 0 {
		return sqldb.Translate(err)
	}
	var exists int
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE id = $1`, projectID).Scan(&exists)
	if err != nil {
		return sqldb.Translate(err)
	}
	if exists == 0 {
		return errProjectNotFound
	}
	return nil
}
