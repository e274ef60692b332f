package indicator

import (
	"context"
	"database/sql"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const defColumns = `code, name, grp, kind, formula, numerator_label, denominator_label, unit, target, tolerance,
	direction, source, official, official_note, weight, enabled, sort_order, updated_at, updated_by`

type scanner interface{ Scan(dest ...any) error }

func scanDefinition(row scanner) (Definition, error) {
	var d Definition
	var target sql.NullFloat64
	var at sqldb.Time
	err := row.Scan(&d.Code, &d.Name, &d.Group, &d.Kind, &d.Formula, &d.NumeratorLabel, &d.DenominatorLabel, &d.Unit,
		&target, &d.Tolerance, &d.Direction, &d.Source, &d.Official, &d.OfficialNote, &d.Weight, &d.Enabled,
		&d.SortOrder, &at, &d.UpdatedBy)
	if err != nil {
		return d, err
	}
	if target.Valid {
		d.Target = &target.Float64
	}
	d.UpdatedAt, d.GroupLabel, d.Snapshot, d.Dims = at.Time, GroupLabel(d.Group), snapshots[d.Code], dimsOf(d.Code)
	return d, nil
}

func selectDefinitions(ctx context.Context, q sqldb.Querier) ([]Definition, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+defColumns+` FROM indicators ORDER BY sort_order, code`)
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
	return out, rows.Err()
}

func selectDefinition(ctx context.Context, q sqldb.Querier, code string) (Definition, error) {
	d, err := scanDefinition(q.QueryRowContext(ctx, `SELECT `+defColumns+` FROM indicators WHERE code = $1`, code))
	if sqldb.NotFoundIf(err) {
		return d, errs.E(errs.NotFound, "没有这个指标。")
	}
	return d, sqldb.Translate(err)
}

func updateDefinitionRow(ctx context.Context, q sqldb.Querier, d Definition) error {
	_, err := q.ExecContext(ctx, `UPDATE indicators SET name = $2, formula = $3, target = $4, tolerance = $5,
		direction = $6, official = $7, official_note = $8, weight = $9, enabled = $10, updated_at = $11,
		updated_by = $12 WHERE code = $1`, d.Code, d.Name, d.Formula, d.Target, d.Tolerance, d.Direction, d.Official,
		d.OfficialNote, d.Weight, d.Enabled, sqldb.T(d.UpdatedAt), d.UpdatedBy)
	return sqldb.Translate(err)
}

// selectValues returns the stored values of one period for the codes'
// total (dim "") in the regions.
func selectValues(ctx context.Context, q sqldb.Querier, period, start string) (map[[2]string]Value, error) {
	rows, err := q.QueryContext(ctx, `SELECT code, region_code, numerator, denominator, value FROM indicator_values
		WHERE period = $1 AND period_start = $2 AND dim = ''`, period, start)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[[2]string]Value{}
	for rows.Next() {
		v := Value{Period: period, Start: start}
		var val sql.NullFloat64
		if err := rows.Scan(&v.Code, &v.RegionCode, &v.Numerator, &v.Denominator, &val); err != nil {
			return nil, err
		}
		if val.Valid {
			v.Value = &val.Float64
		}
		out[[2]string{v.Code, v.RegionCode}] = v
	}
	return out, rows.Err()
}
