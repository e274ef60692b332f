package project

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The SQL of this package. Every statement runs unchanged on SQLite and
// PostgreSQL: $n placeholders, RETURNING for new ids, LIMIT/OFFSET, LIKE
// with an explicit ESCAPE. Region code and name come from org's regions
// table by join; the region is reference data every capability reads.

const projectCols = `p.id, p.code, p.name, r.code, r.name, p.flow_type, p.owner_name,
	p.owner_credit_code, COALESCE(p.enterprise_id, 0), p.investment, p.address,
	p.site_geojson, p.site_area_m2, p.site_lon, p.site_lat, p.stage, p.created_at, p.updated_at`

const projectFrom = ` FROM projects p JOIN regions r ON r.id = p.region_id`

var errProjectNotFound = errs.E(errs.NotFound, "未找到该项目。")

type scanner interface{ Scan(dest ...any) error }

func scanProject(row scanner) (Project, error) {
	var p Project
	var geo sql.NullString
	var area, lon, lat sql.NullFloat64
	var created, updated sqldb.Time
	err := row.Scan(&p.ID, &p.Code, &p.Name, &p.RegionCode, &p.RegionName, &p.FlowType, &p.OwnerName,
		&p.OwnerCreditCode, &p.EnterpriseID, &p.Investment, &p.Address,
		&geo, &area, &lon, &lat, &p.Stage, &created, &updated)
	if geo.Valid {
		p.Site = &Site{GeoJSON: geo.String, AreaM2: area.Float64, Centroid: [2]float64{lon.Float64, lat.Float64}}
	}
	p.CreatedAt, p.UpdatedAt = created.Time, updated.Time
	return p, err
}

// selectProject returns the project where column = v; column is a constant
// ("p.id" or "p.code"). The works are not loaded.
func selectProject(ctx context.Context, q sqldb.Querier, column string, v any) (Project, error) {
	p, err := scanProject(q.QueryRowContext(ctx, `SELECT `+projectCols+projectFrom+` WHERE `+column+` = $1`, v))
	if sqldb.NotFoundIf(err) {
		return Project{}, errProjectNotFound
	}
	return p, sqldb.Translate(err)
}

func selectWorks(ctx context.Context, q sqldb.Querier, projectID int64) ([]Work, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, name, building_area_m2, created_at
		FROM project_works WHERE project_id = $1 ORDER BY code`, projectID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Work
	for rows.Next() {
		var w Work
		var created sqldb.Time
		if err := rows.Scan(&w.ID, &w.Code, &w.Name, &w.BuildingArea, &created); err != nil {
			return nil, sqldb.Translate(err)
		}
		w.CreatedAt = created.Time
		out = append(out, w)
	}
	return out, sqldb.Translate(rows.Err())
}

// siteArgs returns the site columns' values, all NULL for no site.
func siteArgs(s *Site) []any {
	if s == nil {
		return []any{nil, nil, nil, nil}
	}
	return []any{s.GeoJSON, s.AreaM2, s.Centroid[0], s.Centroid[1]}
}

func insertProject(ctx context.Context, q sqldb.Querier, p Project, regionID int64, now time.Time) (int64, error) {
	var id int64
	args := []any{p.Code, p.Name, regionID, p.FlowType, p.OwnerName, p.OwnerCreditCode,
		sql.NullInt64{Int64: p.EnterpriseID, Valid: p.EnterpriseID != 0}, p.Investment, p.Address}
	args = append(args, siteArgs(p.Site)...)
	args = append(args, sqldb.T(now))
	err := q.QueryRowContext(ctx, `INSERT INTO projects
		(code, name, region_id, flow_type, owner_name, owner_credit_code, enterprise_id, investment, address,
		 site_geojson, site_area_m2, site_lon, site_lat, stage, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 0, $14, $14) RETURNING id`,
		args...).Scan(&id)
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	return id, RefreshGrams(ctx, q, id, id)
}

// updateProjectRow writes the editable facts of p; renamed says that its
// name changed, which refreshes its grams and marks it renamed.
func updateProjectRow(ctx context.Context, q sqldb.Querier, p Project, renamed bool, now time.Time) error {
	args := []any{p.Name, p.Address, p.Investment}
	args = append(args, siteArgs(p.Site)...)
	args = append(args, sqldb.T(now), p.ID)
	_, err := q.ExecContext(ctx, `UPDATE projects SET name = $1, address = $2, investment = $3,
		site_geojson = $4, site_area_m2 = $5, site_lon = $6, site_lat = $7, updated_at = $8 WHERE id = $9`, args...)
	if err != nil || !renamed {
		return sqldb.Translate(err)
	}
	if err := RefreshGrams(ctx, q, p.ID, p.ID); err != nil {
		return err
	}
	return markRenamed(ctx, q, p.ID)
}

func insertWork(ctx context.Context, q sqldb.Querier, projectID int64, w Work, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO project_works (project_id, code, name, building_area_m2, created_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, projectID, w.Code, w.Name, w.BuildingArea, sqldb.T(now)).Scan(&id)
	return id, sqldb.Translate(err)
}

// projectCodeTaken reports whether a project has the code.
func projectCodeTaken(ctx context.Context, q sqldb.Querier, code string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM projects WHERE code = $1`, code).Scan(&n)
	return n > 0, sqldb.Translate(err)
}

// workCodeTaken reports whether a work has the code.
func workCodeTaken(ctx context.Context, q sqldb.Querier, code string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM project_works WHERE code = $1`, code).Scan(&n)
	return n > 0, sqldb.Translate(err)
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

// clone is a copy of w that can be added to without changing w.
func (w whereBuilder) clone() whereBuilder {
	return whereBuilder{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
}

// arg appends v and returns its placeholder.
func (w *whereBuilder) arg(v any) string {
	w.args = append(w.args, v)
	return fmt.Sprintf("$%d", len(w.args))
}

// in appends "column IN (…)"; an empty list matches nothing.
func (w *whereBuilder) in(column string, vs []string) {
	if len(vs) == 0 {
		w.conds = append(w.conds, "1 = 0")
		return
	}
	args := make([]any, len(vs))
	for i, v := range vs {
		args[i] = v
	}
	w.add(column+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vs)), ", ")+")", args...)
}

func (w *whereBuilder) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// filterWhere turns f into conditions; the caller adds the scope. t is the
// lowered query prepared for names and owner names (zero for one
// character); narrow adds its candidates from the gram index, written for
// the dialect d.
func filterWhere(w *whereBuilder, d sqldb.Dialect, f Filter, t Term, narrow bool) {
	if f.RegionCode != "" {
		w.add("r.code = ?", f.RegionCode)
	}
	if f.FlowType != 0 {
		w.add("p.flow_type = ?", f.FlowType)
	}
	if f.Stage != nil {
		w.add("p.stage = ?", *f.Stage)
	}
	if f.Query == "" {
		return
	}
	term := strings.ToLower(f.Query)
	pat := "%" + likeEscaper.Replace(term) + "%"
	if !t.Indexed() || isASCII(term) {
		w.add(`(LOWER(p.name) LIKE ? ESCAPE '\' OR LOWER(p.code) LIKE ? ESCAPE '\'
			OR LOWER(p.owner_name) LIKE ? ESCAPE '\' OR LOWER(p.owner_credit_code) LIKE ? ESCAPE '\')`,
			pat, pat, pat, pat)
		return
	}
	// A term with a non-ASCII character cannot occur in a code or credit
	// code (both are normalised to ASCII and validated before any write),
	// so the name and owner name alone decide, through the gram index.
	if narrow {
		w.add(in(d, "p.id", t.candidatesSQL(w.arg)))
	}
	w.add(`(LOWER(p.name) LIKE ? ESCAPE '\' OR LOWER(p.owner_name) LIKE ? ESCAPE '\')`, pat, pat)
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// selectPage returns the projects matching w in order (an ORDER BY clause
// built from constants), with the total count, which counts matches of
// the same projects by cw (written differently for speed).
func selectPage(ctx context.Context, q sqldb.Querier, cw, w whereBuilder, order string, limit, offset int) ([]Project, int, error) {
	var total int
	if err := q.QueryRowContext(ctx, `SELECT COUNT(*)`+projectFrom+cw.sql(), cw.args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	n := len(w.args)
	rows, err := q.QueryContext(ctx, `SELECT `+projectCols+projectFrom+w.sql()+order+
		fmt.Sprintf(` LIMIT $%d OFFSET $%d`, n+1, n+2), append(w.args, limit, offset)...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Project
	for rows.Next() {
		p, err := scanProject(rows)
		if err != nil {
			return nil, 0, sqldb.Translate(err)
		}
		out = append(out, p)
	}
	return out, total, sqldb.Translate(rows.Err())
}
