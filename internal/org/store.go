package org

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The SQL of this package. Every statement runs unchanged on SQLite and
// PostgreSQL: $n placeholders, bool parameters for boolean columns,
// RETURNING for new ids.

const regionCols = `id, code, reporting_code, code_is_internal, name, kind,
	COALESCE(parent_id, 0), sort_order, note`

type scanner interface{ Scan(dest ...any) error }

func scanRegion(row scanner) (Region, error) {
	var r Region
	err := row.Scan(&r.ID, &r.Code, &r.ReportingCode, &r.CodeIsInternal, &r.Name, &r.Kind,
		&r.ParentID, &r.SortOrder, &r.Note)
	return r, err
}

func selectRegions(ctx context.Context, q sqldb.Querier) ([]Region, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+regionCols+` FROM regions ORDER BY sort_order, code`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Region
	for rows.Next() {
		r, err := scanRegion(rows)
		if err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

// selectRegion returns the region where column = v; column is a constant.
func selectRegion(ctx context.Context, q sqldb.Querier, column string, v any) (Region, error) {
	r, err := scanRegion(q.QueryRowContext(ctx,
		`SELECT `+regionCols+` FROM regions WHERE `+column+` = $1`, v))
	if sqldb.NotFoundIf(err) {
		return Region{}, errs.E(errs.NotFound, "未找到该区县。")
	}
	return r, sqldb.Translate(err)
}

func insertRegion(ctx context.Context, q sqldb.Querier, r Region, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO regions
		(code, reporting_code, code_is_internal, name, kind, parent_id, sort_order, note, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id`,
		r.Code, r.ReportingCode, r.CodeIsInternal, r.Name, r.Kind, nullID(r.ParentID),
		r.SortOrder, r.Note, sqldb.T(now)).Scan(&id)
	return id, sqldb.Translate(err)
}

func updateRegionRow(ctx context.Context, q sqldb.Querier, r Region, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE regions SET name = $1, reporting_code = $2, note = $3,
		sort_order = $4, updated_at = $5 WHERE id = $6`,
		r.Name, r.ReportingCode, r.Note, r.SortOrder, sqldb.T(now), r.ID)
	return sqldb.Translate(err)
}

func regionNameTaken(ctx context.Context, q sqldb.Querier, name string, exceptID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM regions WHERE name = $1 AND id <> $2`,
		name, exceptID).Scan(&n)
	return n > 0, sqldb.Translate(err)
}

const unitCols = `u.id, u.region_id, r.code, r.name, COALESCE(u.parent_id, 0), u.kind,
	u.function_code, u.name, u.short_name, u.credit_code, u.phone, u.active, u.sort_order`

const unitFrom = ` FROM org_units u JOIN regions r ON r.id = u.region_id`

const unitOrder = ` ORDER BY r.sort_order, u.sort_order, u.id`

func scanUnit(row scanner) (Unit, error) {
	var u Unit
	err := row.Scan(&u.ID, &u.RegionID, &u.RegionCode, &u.RegionName, &u.ParentID, &u.Kind,
		&u.FunctionCode, &u.Name, &u.ShortName, &u.CreditCode, &u.Phone, &u.Active, &u.SortOrder)
	return u, err
}

func queryUnits(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]Unit, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, u)
	}
	return out, sqldb.Translate(rows.Err())
}

func selectUnit(ctx context.Context, q sqldb.Querier, id int64) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitCols+unitFrom+` WHERE u.id = $1`, id))
	if sqldb.NotFoundIf(err) {
		return Unit{}, errs.E(errs.NotFound, "未找到该机构。")
	}
	return u, sqldb.Translate(err)
}

// whereBuilder collects AND-ed conditions with numbered placeholders.
type whereBuilder struct {
	conds []string
	args  []any
}

// add appends cond, in which each "?" stands for the next of vs.
func (w *whereBuilder) add(cond string, vs ...any) {
	for _, v := range vs {
		w.args = append(w.args, v)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

// in appends "column IN (…)" over vs; an empty vs matches nothing.
func (w *whereBuilder) in(column string, vs []any) {
	if len(vs) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	w.add(column+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vs)), ", ")+")", vs...)
}

func (w *whereBuilder) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// selectUnits lists units matching f; regionCodes, when not nil, limits the
// result to those regions (the caller's scope).
func selectUnits(ctx context.Context, q sqldb.Querier, f UnitFilter, regionCodes []string) ([]Unit, error) {
	var w whereBuilder
	if regionCodes != nil {
		w.in("r.code", anySlice(regionCodes))
	}
	if f.RegionCode != "" {
		w.add("r.code = ?", f.RegionCode)
	}
	if f.Kind != "" {
		w.add("u.kind = ?", f.Kind)
	}
	if f.Query != "" {
		pat := "%" + likeEscaper.Replace(strings.ToLower(f.Query)) + "%"
		w.add(`(LOWER(u.name) LIKE ? ESCAPE '\' OR LOWER(u.short_name) LIKE ? ESCAPE '\'
			OR LOWER(u.credit_code) LIKE ? ESCAPE '\')`, pat, pat, pat)
	}
	if !f.IncludeInactive {
		w.add("u.active = ?", true)
	}
	return queryUnits(ctx, q, `SELECT `+unitCols+unitFrom+w.sql()+unitOrder, w.args...)
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

func selectUnitsByIDs(ctx context.Context, q sqldb.Querier, ids []int64) ([]Unit, error) {
	var w whereBuilder
	w.in("u.id", anySlice(ids))
	return queryUnits(ctx, q, `SELECT `+unitCols+unitFrom+w.sql(), w.args...)
}

func selectUnitsByParent(ctx context.Context, q sqldb.Querier, parentID int64) ([]Unit, error) {
	return queryUnits(ctx, q, `SELECT `+unitCols+unitFrom+` WHERE u.parent_id = $1`+unitOrder, parentID)
}

// selectUnitByFunction returns the first active unit of the region with the
// function, by sort order.
func selectUnitByFunction(ctx context.Context, q sqldb.Querier, regionCode, functionCode string) (Unit, error) {
	u, err := scanUnit(q.QueryRowContext(ctx, `SELECT `+unitCols+unitFrom+`
		WHERE r.code = $1 AND u.function_code = $2 AND u.active = $3`+unitOrder+` LIMIT 1`,
		regionCode, functionCode, true))
	if sqldb.NotFoundIf(err) {
		return Unit{}, errs.Ef(errs.NotFound, "区县 %s 没有职能为 %s 的启用机构。", regionCode, functionCode)
	}
	return u, sqldb.Translate(err)
}

func insertUnit(ctx context.Context, q sqldb.Querier, u Unit, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO org_units
		(region_id, parent_id, kind, function_code, name, short_name, credit_code, phone, active,
		 sort_order, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id`,
		u.RegionID, nullID(u.ParentID), u.Kind, u.FunctionCode, u.Name, u.ShortName, u.CreditCode,
		u.Phone, u.Active, u.SortOrder, sqldb.T(now)).Scan(&id)
	return id, sqldb.Translate(err)
}

func updateUnitRow(ctx context.Context, q sqldb.Querier, u Unit, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE org_units SET parent_id = $1, kind = $2, function_code = $3,
		name = $4, short_name = $5, credit_code = $6, phone = $7, sort_order = $8, updated_at = $9
		WHERE id = $10`,
		nullID(u.ParentID), u.Kind, u.FunctionCode, u.Name, u.ShortName, u.CreditCode, u.Phone,
		u.SortOrder, sqldb.T(now), u.ID)
	return sqldb.Translate(err)
}

func setUnitActiveRow(ctx context.Context, q sqldb.Querier, id int64, active bool, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE org_units SET active = $1, updated_at = $2 WHERE id = $3`,
		active, sqldb.T(now), id)
	return sqldb.Translate(err)
}

// unitNamed returns the id of the unit of the region with that exact name,
// or 0 when there is none.
func unitNamed(ctx context.Context, q sqldb.Querier, regionID int64, name string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM org_units WHERE region_id = $1 AND name = $2`,
		regionID, name).Scan(&id)
	if sqldb.NotFoundIf(err) {
		return 0, nil
	}
	return id, sqldb.Translate(err)
}

// activeDepartment returns the id and name of the active department of the
// region holding the function, other than exceptID, or id 0. At most one
// exists: the index org_units_department_function enforces it.
func activeDepartment(ctx context.Context, q sqldb.Querier, regionID int64, code string,
	exceptID int64) (id int64, name string, err error) {
	err = q.QueryRowContext(ctx, `SELECT id, name FROM org_units WHERE region_id = $1 AND function_code = $2
		AND kind = 'department' AND active = $3 AND id <> $4`, regionID, code, true, exceptID).Scan(&id, &name)
	if sqldb.NotFoundIf(err) {
		return 0, "", nil
	}
	return id, name, sqldb.Translate(err)
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func anySlice[T any](vs []T) []any {
	out := make([]any, len(vs))
	for i, v := range vs {
		out[i] = v
	}
	return out
}
