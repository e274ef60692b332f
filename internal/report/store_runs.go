package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const runColumns = `id, COALESCE(definition_id, 0), name, spec, spec_hash, def_version, scope_codes, origin,
	COALESCE(requested_by, 0), requested_name, status, progress, message, file_hash, file_name, file_size,
	row_count, created_at, started_at, finished_at`

func scanRun(sc scanner) (Run, error) {
	var r Run
	var spec, scope string
	var created sqldb.Time
	var started, finished sqldb.NullTime
	err := sc.Scan(&r.ID, &r.DefinitionID, &r.Name, &spec, &r.SpecHash, &r.DefVersion, &scope, &r.Origin,
		&r.RequestedBy, &r.RequestedName, &r.Status, &r.Progress, &r.Message, &r.FileHash, &r.FileName, &r.FileSize,
		&r.RowCount, &created, &started, &finished)
	if err != nil {
		return r, sqldb.Translate(err)
	}
	if err := json.Unmarshal([]byte(spec), &r.Spec); err != nil {
		return r, fmt.Errorf("report run %d spec: %w", r.ID, err)
	}
	r.Scope, r.CreatedAt, r.StartedAt, r.FinishedAt = parseScope(scope), created.Time, started.Time, finished.Time
	r.derive()
	return r, nil
}

func selectRun(ctx context.Context, q sqldb.Querier, id int64) (Run, error) {
	r, err := scanRun(q.QueryRowContext(ctx, `SELECT `+runColumns+` FROM report_runs WHERE id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return r, errs.E(errs.NotFound, "报表生成记录不存在。")
	}
	return r, err
}

// selectRuns lists the latest runs of a definition (0: the runs without
// one requested by userID).
func selectRuns(ctx context.Context, q sqldb.Querier, defID, userID int64) ([]Run, error) {
	query, args := `SELECT `+runColumns+` FROM report_runs WHERE definition_id = $1 ORDER BY id DESC LIMIT 100`,
		[]any{defID}
	if defID == 0 {
		query, args = `SELECT `+runColumns+` FROM report_runs WHERE definition_id IS NULL AND requested_by = $1
			ORDER BY id DESC LIMIT 100`, []any{userID}
	}
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Run
	for rows.Next() {
		r, err := scanRun(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

func insertRun(ctx context.Context, tx *sql.Tx, r Run) (int64, error) {
	var id int64
	var def, by any
	if r.DefinitionID != 0 {
		def = r.DefinitionID
	}
	if r.RequestedBy != 0 {
		by = r.RequestedBy
	}
	err := tx.QueryRowContext(ctx, `INSERT INTO report_runs (definition_id, name, spec, spec_hash, def_version,
		scope_codes, origin, requested_by, requested_name, status, progress, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0, $10) RETURNING id`,
		def, r.Name, specJSON(r.Spec), r.SpecHash, r.DefVersion, r.Scope.String(), r.Origin, by, r.RequestedName,
		sqldb.T(r.CreatedAt)).Scan(&id)
	return id, sqldb.Translate(err)
}

// claimRun marks a queued run running; false when another worker has it.
func claimRun(ctx context.Context, q sqldb.Querier, id int64, now time.Time) (bool, error) {
	res, err := q.ExecContext(ctx, `UPDATE report_runs SET status = 'running', progress = 5, started_at = $2
		WHERE id = $1 AND status = 'queued'`, id, sqldb.T(now))
	return affected(res, err)
}

// queuedRunIDs are the oldest queued runs.
func queuedRunIDs(ctx context.Context, q sqldb.Querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM report_runs WHERE status = 'queued' ORDER BY id LIMIT 20`)
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

// setProgress records the progress of a running run (bookkeeping only:
// not audited).
func setProgress(ctx context.Context, q sqldb.Querier, id int64, p int) error {
	_, err := q.ExecContext(ctx, `UPDATE report_runs SET progress = $2 WHERE id = $1 AND status = 'running'`, id, p)
	return sqldb.Translate(err)
}

// finishRun records the outcome of a run.
func finishRun(ctx context.Context, tx *sql.Tx, r Run) error {
	_, err := tx.ExecContext(ctx, `UPDATE report_runs SET status = $2, progress = $3, message = $4, file_hash = $5,
		file_name = $6, file_size = $7, row_count = $8, finished_at = $9 WHERE id = $1`,
		r.ID, r.Status, r.Progress, r.Message, r.FileHash, r.FileName, r.FileSize, r.RowCount, sqldb.T(r.FinishedAt))
	return sqldb.Translate(err)
}
