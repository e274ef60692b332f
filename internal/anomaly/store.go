package anomaly

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

type scanner interface{ Scan(dest ...any) error }

const ruleColumns = `id, name, indicator_code, indicator_name, unit, region_code, method, direction, threshold,
	min_delta, cusum_k, window_days, for_n, keep_n, min_sample, span_days, nodata, enabled, note, created_at,
	updated_at`

func scanRule(sc scanner) (Rule, error) {
	var r Rule
	var created, updated sqldb.Time
	err := sc.Scan(&r.ID, &r.Name, &r.IndicatorCode, &r.IndicatorName, &r.Unit, &r.RegionCode, &r.Method,
		&r.Direction, &r.Threshold, &r.MinDelta, &r.CUSUMK, &r.WindowDays, &r.ForN, &r.KeepN, &r.MinSample,
		&r.SpanDays, &r.NoData, &r.Enabled, &r.Note, &created, &updated)
	r.CreatedAt, r.UpdatedAt = created.Time, updated.Time
	return r, sqldb.Translate(err)
}

// selectRules lists the rules, enabled ones only when enabledOnly, by
// indicator, region and id.
func selectRules(ctx context.Context, q sqldb.Querier, enabledOnly bool) ([]Rule, error) {
	where := ""
	if enabledOnly {
		where = " WHERE enabled = TRUE"
	}
	rows, err := q.QueryContext(ctx, `SELECT `+ruleColumns+` FROM anomaly_rules`+where+
		` ORDER BY indicator_code, region_code, id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Rule
	for rows.Next() {
		r, err := scanRule(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

func selectRule(ctx context.Context, q sqldb.Querier, id int64) (Rule, error) {
	r, err := scanRule(q.QueryRowContext(ctx, `SELECT `+ruleColumns+` FROM anomaly_rules WHERE id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return r, errs.E(errs.NotFound, "异常规则不存在。")
	}
	return r, err
}

func insertRule(ctx context.Context, tx *sql.Tx, r Rule) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO anomaly_rules (name, indicator_code, indicator_name, unit,
		region_code, method, direction, threshold, min_delta, cusum_k, window_days, for_n, keep_n, min_sample,
		nodata, enabled, note, created_at, updated_at, span_days)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19)
		RETURNING id`,
		r.Name, r.IndicatorCode, r.IndicatorName, r.Unit, r.RegionCode, r.Method, r.Direction, r.Threshold,
		r.MinDelta, r.CUSUMK, r.WindowDays, r.ForN, r.KeepN, r.MinSample, r.NoData, r.Enabled, r.Note,
		sqldb.T(r.UpdatedAt), r.span()).Scan(&id)
	return id, sqldb.Translate(err)
}

func updateRule(ctx context.Context, tx *sql.Tx, r Rule) error {
	_, err := tx.ExecContext(ctx, `UPDATE anomaly_rules SET name = $2, indicator_code = $3, indicator_name = $4,
		unit = $5, region_code = $6, method = $7, direction = $8, threshold = $9, min_delta = $10, cusum_k = $11,
		window_days = $12, for_n = $13, keep_n = $14, min_sample = $15, nodata = $16, enabled = $17, note = $18,
		updated_at = $19, span_days = $20 WHERE id = $1`,
		r.ID, r.Name, r.IndicatorCode, r.IndicatorName, r.Unit, r.RegionCode, r.Method, r.Direction, r.Threshold,
		r.MinDelta, r.CUSUMK, r.WindowDays, r.ForN, r.KeepN, r.MinSample, r.NoData, r.Enabled, r.Note,
		sqldb.T(r.UpdatedAt), r.span())
	return sqldb.Translate(err)
}

// checkedDays returns the last evaluated working day of rule ruleID per
// region code.
func checkedDays(ctx context.Context, q sqldb.Querier, ruleID int64) (map[string]calendar.Date, error) {
	rows, err := q.QueryContext(ctx, `SELECT region_code, evaluated_day FROM anomaly_checks WHERE rule_id = $1`, ruleID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[string]calendar.Date{}
	for rows.Next() {
		var code string
		var d calendar.Date
		if err := rows.Scan(&code, &d); err != nil {
			return nil, sqldb.Translate(err)
		}
		out[code] = d
	}
	return out, sqldb.Translate(rows.Err())
}

// claimDay moves the rule's evaluated day in the region from prev (zero:
// never evaluated) to day; false means another evaluation moved it first.
func claimDay(ctx context.Context, tx *sql.Tx, ruleID int64, region string, prev, day calendar.Date) (bool, error) {
	var res sql.Result
	var err error
	if prev.IsZero() {
		res, err = tx.ExecContext(ctx, `INSERT INTO anomaly_checks (rule_id, region_code, evaluated_day)
			VALUES ($1, $2, $3) ON CONFLICT (rule_id, region_code) DO NOTHING`, ruleID, region, day)
	} else {
		res, err = tx.ExecContext(ctx, `UPDATE anomaly_checks SET evaluated_day = $4
			WHERE rule_id = $1 AND region_code = $2 AND evaluated_day = $3`, ruleID, region, prev, day)
	}
	return affected(res, err)
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, sqldb.Translate(err)
}

// query accumulates the conditions and positional arguments of a SELECT.
type query struct {
	where []string
	args  []any
}

// arg appends v and returns its placeholder ($n).
func (q *query) arg(v any) string {
	q.args = append(q.args, v)
	return "$" + strconv.Itoa(len(q.args))
}

func (q *query) add(cond string) { q.where = append(q.where, cond) }

func (q *query) sql() string {
	if len(q.where) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(q.where, " AND ")
}

// in adds "column IN (…)" over codes; an empty list matches nothing.
func (q *query) in(column string, codes []string) {
	if len(codes) == 0 {
		q.add("1 = 0")
		return
	}
	ph := make([]string, len(codes))
	for i, c := range codes {
		ph[i] = q.arg(c)
	}
	q.add(column + " IN (" + strings.Join(ph, ", ") + ")")
}

// nullFloat is a nullable REAL/DOUBLE PRECISION argument.
func nullFloat(x float64, valid bool) sql.NullFloat64 {
	return sql.NullFloat64{Float64: x, Valid: valid}
}

// ptr returns the value of a scanned nullable float, nil when NULL.
func ptr(n sql.NullFloat64) *float64 {
	if !n.Valid {
		return nil
	}
	v := n.Float64
	return &v
}
