package quality

import (
	"context"
	"database/sql"
	"sort"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// storeResult writes the result, its per-region counts and its first
// MaxStored failing rows.
func storeResult(ctx context.Context, tx *sql.Tx, run *Run, res *Result, out outcome, now time.Time) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO quality_results (run_id, rule_id, rule_code, dimension, table_name,
		status, evaluated, failed, stored, error, duration_ms, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id`,
		run.ID, res.RuleID, res.RuleCode, res.Dimension, res.Table, res.Status, res.Evaluated, res.Failed, res.Stored,
		res.Error, res.DurationMS, sqldb.T(now)).Scan(&res.ID)
	if err != nil {
		return sqldb.Translate(err)
	}
	if res.Status == StatusError {
		return nil
	}
	if err := storeRegions(ctx, tx, run, res, out); err != nil {
		return err
	}
	for _, f := range out.failures[:res.Stored] {
		_, err := tx.ExecContext(ctx, `INSERT INTO quality_failures (result_id, record_type, record_id, region_code,
			explanation, link) VALUES ($1, $2, $3, $4, $5, $6)`, res.ID, f.RecordType, f.RecordID, f.RegionCode,
			f.Explanation, f.Link)
		if err != nil {
			return sqldb.Translate(err)
		}
	}
	return nil
}

// storeRegions writes evaluated and failed per region (a region's evaluated
// count is at least its failures).
func storeRegions(ctx context.Context, tx *sql.Tx, run *Run, res *Result, out outcome) error {
	failed := map[string]int{}
	for _, f := range out.failures {
		failed[f.RegionCode]++
	}
	regions := map[string]bool{}
	for r := range out.evaluated {
		regions[r] = true
	}
	for r := range failed {
		regions[r] = true
	}
	codes := make([]string, 0, len(regions))
	for r := range regions {
		codes = append(codes, r)
	}
	sort.Strings(codes)
	for _, r := range codes {
		_, err := tx.ExecContext(ctx, `INSERT INTO quality_result_regions (result_id, run_id, day, region_code,
			dimension, table_name, evaluated, failed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			res.ID, run.ID, run.Day, r, res.Dimension, res.Table, max(out.evaluated[r], failed[r]), failed[r])
		if err != nil {
			return sqldb.Translate(err)
		}
	}
	return nil
}

// unitIndex finds the org unit of a function in a region.
type unitIndex map[string]int64 // "region|function" → unit id

func loadUnits(ctx context.Context, q sqldb.Querier) (unitIndex, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.code, u.function_code, u.id FROM org_units u
		JOIN regions r ON r.id = u.region_id
		WHERE u.active = TRUE AND u.function_code <> '' ORDER BY u.sort_order DESC, u.id DESC`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := unitIndex{}
	for rows.Next() {
		var region, fn string
		var id int64
		if err := rows.Scan(&region, &fn, &id); err != nil {
			return nil, sqldb.Translate(err)
		}
		out[region+"|"+fn] = id // the last one written is the first in sort order
	}
	return out, sqldb.Translate(rows.Err())
}

// responsible returns the unit a failure's task goes to under setting:
// the case's lead department, the region's window or the region's
// department of a function; it falls back to the region's window and then
// to the city's window (0 when there is none at all).
func (ix unitIndex) responsible(setting string, f Failure) int64 {
	if setting == RespCaseLead && f.leadOrg != 0 {
		return f.leadOrg
	}
	if fn, ok := strings.CutPrefix(setting, "function:"); ok {
		if id := ix[f.RegionCode+"|"+fn]; id != 0 {
			return id
		}
	}
	if id := ix[f.RegionCode+"|window"]; id != 0 {
		return id
	}
	return ix["511700|window"]
}
