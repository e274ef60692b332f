package report

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const definitionColumns = `id, name, spec, version, owner_id, owner_name, scope_codes, share, share_region,
	schedule, schedule_weekday, next_run_at, created_at, updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanDefinition(sc scanner) (Definition, error) {
	var d Definition
	var spec, scope string
	var next sqldb.NullTime
	var created, updated sqldb.Time
	err := sc.Scan(&d.ID, &d.Name, &spec, &d.Version, &d.OwnerID, &d.OwnerName, &scope, &d.Share, &d.ShareRegion,
		&d.Schedule, &d.Weekday, &next, &created, &updated)
	if err != nil {
		return d, sqldb.Translate(err)
	}
	if err := json.Unmarshal([]byte(spec), &d.Spec); err != nil {
		return d, fmt.Errorf("report definition %d spec: %w", d.ID, err)
	}
	d.Scope, d.NextRunAt, d.CreatedAt, d.UpdatedAt = parseScope(scope), next.Time, created.Time, updated.Time
	return d, nil
}

func selectDefinition(ctx context.Context, q sqldb.Querier, id int64) (Definition, error) {
	d, err := scanDefinition(q.QueryRowContext(ctx, `SELECT `+definitionColumns+` FROM report_definitions
		WHERE id = $1 AND deleted = FALSE`, id))
	if errs.Is(err, errs.NotFound) {
		return d, errs.E(errs.NotFound, "报表不存在或已删除。")
	}
	return d, err
}

// selectVisibleDefinitions lists the definitions a user sees: their own,
// those shared city-wide, and those shared with a region of sc.
func selectVisibleDefinitions(ctx context.Context, q sqldb.Querier, userID int64, sc Scope) ([]Definition, error) {
	query := `SELECT ` + definitionColumns + ` FROM report_definitions WHERE deleted = FALSE
		AND (owner_id = $1 OR share = 'city' OR (share = 'region'`
	args := []any{userID}
	if !sc.All {
		query += ` AND share_region IN (` + placeholders(2, len(sc.Codes)) + `)`
		for _, c := range sc.Codes {
			args = append(args, c)
		}
		if len(sc.Codes) == 0 {
			query += ` AND FALSE`
		}
	}
	rows, err := q.QueryContext(ctx, query+`)) ORDER BY updated_at DESC, id DESC LIMIT 500`, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Definition
	for rows.Next() {
		d, err := scanDefinition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, sqldb.Translate(rows.Err())
}

// placeholders is "$first, …" for n parameters ("NULL" for none, which
// matches nothing).
func placeholders(first, n int) string {
	if n == 0 {
		return "NULL"
	}
	parts := make([]string, n)
	for i := range parts {
		parts[i] = fmt.Sprintf("$%d", first+i)
	}
	return strings.Join(parts, ", ")
}

func specJSON(s Spec) string {
	b, _ := json.Marshal(s) // a Spec always marshals
	return string(b)
}

func insertDefinition(ctx context.Context, tx *sql.Tx, d Definition) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO report_definitions (name, spec, version, owner_id, owner_name,
		scope_codes, share, share_region, schedule, schedule_weekday, next_run_at, created_at, updated_at)
		VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		d.Name, specJSON(d.Spec), d.OwnerID, d.OwnerName, d.Scope.String(), d.Share, d.ShareRegion, d.Schedule,
		d.Weekday, sqldb.NT(d.NextRunAt), sqldb.T(d.UpdatedAt)).Scan(&id)
	return id, sqldb.Translate(err)
}

// updateDefinition saves d over version d.Version−1; false when another
// save came first.
func updateDefinition(ctx context.Context, tx *sql.Tx, d Definition) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE report_definitions SET name = $2, spec = $3, version = $4,
		scope_codes = $5, share = $6, share_region = $7, schedule = $8, schedule_weekday = $9, next_run_at = $10,
		updated_at = $11 WHERE id = $1 AND version = $4 - 1 AND deleted = FALSE`,
		d.ID, d.Name, specJSON(d.Spec), d.Version, d.Scope.String(), d.Share, d.ShareRegion, d.Schedule, d.Weekday,
		sqldb.NT(d.NextRunAt), sqldb.T(d.UpdatedAt))
	return affected(res, err)
}

func deleteDefinition(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE report_definitions SET deleted = TRUE, schedule = 'none',
		next_run_at = NULL, updated_at = $2 WHERE id = $1 AND deleted = FALSE`, id, sqldb.T(now))
	return affected(res, err)
}

// dueDefinitions are the scheduled definitions whose next run is due.
func dueDefinitions(ctx context.Context, q sqldb.Querier, now time.Time) ([]Definition, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+definitionColumns+` FROM report_definitions
		WHERE deleted = FALSE AND schedule <> 'none' AND next_run_at <= $1 ORDER BY next_run_at, id LIMIT 50`,
		sqldb.T(now))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Definition
	for rows.Next() {
		d, err := scanDefinition(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, sqldb.Translate(rows.Err())
}

// advanceSchedule moves a due definition's next run from prev to next;
// false when another server already did.
func advanceSchedule(ctx context.Context, tx *sql.Tx, id int64, prev, next time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE report_definitions SET next_run_at = $3
		WHERE id = $1 AND next_run_at = $2`, id, sqldb.T(prev), sqldb.T(next))
	return affected(res, err)
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}
