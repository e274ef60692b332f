package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The SQL of items. Every statement runs unchanged on SQLite and
// PostgreSQL: $n placeholders, bool parameters for boolean columns,
// RETURNING for new ids.

const revisionCols = `i.id, i.code, i.active, r.id, r.revision, r.name, r.kind, r.line, r.stage,
	r.lead_function, r.statutory_days, r.promised_days, r.form_schema, r.result_name, r.commitment,
	r.deficiency, r.standard_code, r.basis, r.fees, r.created_at, r.created_by`

// currentFrom joins each item to its current revision.
const currentFrom = ` FROM catalog_items i
	JOIN catalog_item_revisions r ON r.item_id = i.id AND r.revision = i.revision`

type scanner interface{ Scan(dest ...any) error }

func scanItem(row scanner, extra ...any) (Item, error) {
	var it Item
	var form string
	var at sqldb.Time
	dest := append([]any{&it.ID, &it.Code, &it.Active, &it.RevisionID, &it.Revision, &it.Name, &it.Kind,
		&it.Line, &it.Stage, &it.LeadFunction, &it.StatutoryDays, &it.PromisedDays, &form, &it.ResultName,
		&it.Commitment, &it.Deficiency, &it.StandardCode, &it.Basis, &it.Fees, &at, &it.UpdatedBy}, extra...)
	if err := row.Scan(dest...); err != nil {
		return Item{}, err
	}
	it.UpdatedAt = at.Time
	// The schema was checked when it was saved; stored rows are trusted.
	if err := json.Unmarshal([]byte(form), &it.Form); err != nil {
		return Item{}, fmt.Errorf("item %s revision %d: form schema: %w", it.Code, it.Revision, err)
	}
	return it, nil
}

// selectItem returns the current revision of the item with the code,
// materials included, or errs.NotFound.
func selectItem(ctx context.Context, q sqldb.Querier, code string) (Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+revisionCols+currentFrom+` WHERE i.code = $1`, code))
	if sqldb.NotFoundIf(err) {
		return Item{}, errs.Ef(errs.NotFound, "未找到事项“%s”。", code)
	}
	if err != nil {
		return Item{}, sqldb.Translate(err)
	}
	return it, withMaterials(ctx, q, []*Item{&it})
}

// selectRevision returns the item as of the revision with the id.
func selectRevision(ctx context.Context, q sqldb.Querier, revisionID int64) (Item, error) {
	it, err := scanItem(q.QueryRowContext(ctx, `SELECT `+revisionCols+` FROM catalog_items i
		JOIN catalog_item_revisions r ON r.item_id = i.id WHERE r.id = $1`, revisionID))
	if sqldb.NotFoundIf(err) {
		return Item{}, errs.E(errs.NotFound, "未找到该事项版本。")
	}
	if err != nil {
		return Item{}, sqldb.Translate(err)
	}
	return it, withMaterials(ctx, q, []*Item{&it})
}

// selectItems returns the current revisions matching f, ordered by line,
// stage and code, materials included.
func selectItems(ctx context.Context, q sqldb.Querier, f ItemFilter) ([]Item, error) {
	var w where
	if !f.IncludeInactive {
		w.add("i.active = ?", true)
	}
	if f.Kind != "" {
		w.add("r.kind = ?", f.Kind)
	}
	if f.Line != "" {
		w.add("r.line = ?", f.Line)
	}
	if f.Stage != nil {
		w.add("r.stage = ?", *f.Stage)
	}
	if q := strings.TrimSpace(f.Query); q != "" {
		w.add(`(i.code LIKE ? ESCAPE '\' OR r.name LIKE ? ESCAPE '\')`, likePattern(strings.ToLower(q)), likePattern(q))
	}
	rows, err := q.QueryContext(ctx, `SELECT `+revisionCols+currentFrom+w.sql()+
		` ORDER BY r.line DESC, r.stage, i.code`, w.args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Item
	for rows.Next() {
		it, err := scanItem(rows)
		if err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, sqldb.Translate(err)
	}
	ptrs := make([]*Item, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, withMaterials(ctx, q, ptrs)
}

// where collects AND-ed conditions; each ? becomes the next $n.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	for _, a := range args {
		w.args = append(w.args, a)
		cond = strings.Replace(cond, "?", fmt.Sprintf("$%d", len(w.args)), 1)
	}
	w.conds = append(w.conds, cond)
}

func (w *where) sql() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// likePattern matches s anywhere, with LIKE's wildcards in s escaped.
func likePattern(s string) string {
	return "%" + strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s) + "%"
}

const materialCols = `revision_id, id, sort_order, name, description, required, deficiency_allowed,
	template_hash, template_sm3, template_size, template_name, template_type,
	sample_hash, sample_sm3, sample_size, sample_name, sample_type`

// withMaterials loads the materials of the given item revisions.
func withMaterials(ctx context.Context, q sqldb.Querier, items []*Item) error {
	if len(items) == 0 {
		return nil
	}
	byRev := map[int64]*Item{}
	marks := make([]string, 0, len(items))
	args := make([]any, 0, len(items))
	for _, it := range items {
		if _, dup := byRev[it.RevisionID]; !dup {
			args = append(args, it.RevisionID)
			marks = append(marks, fmt.Sprintf("$%d", len(args)))
		}
		byRev[it.RevisionID] = it
		it.Materials = []Material{}
	}
	rows, err := q.QueryContext(ctx, `SELECT `+materialCols+` FROM catalog_materials
		WHERE revision_id IN (`+strings.Join(marks, ",")+`) ORDER BY revision_id, sort_order`, args...)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		revID, m, err := scanMaterial(rows)
		if err != nil {
			return sqldb.Translate(err)
		}
		it := byRev[revID]
		it.Materials = append(it.Materials, m)
	}
	if err := rows.Err(); err != nil {
		return sqldb.Translate(err)
	}
	// Items sharing a revision (the same item twice in a list) share materials.
	for _, it := range items {
		it.Materials = byRev[it.RevisionID].Materials
	}
	return nil
}

func scanMaterial(row scanner) (int64, Material, error) {
	var revID int64
	var m Material
	var t, s blob.Ref
	err := row.Scan(&revID, &m.ID, &m.SortOrder, &m.Name, &m.Description, &m.Required, &m.DeficiencyAllowed,
		&t.Hash, &t.SM3, &t.Size, &t.Name, &t.ContentType, &s.Hash, &s.SM3, &s.Size, &s.Name, &s.ContentType)
	m.Template, m.Sample = refOrNil(t), refOrNil(s)
	return revID, m, err
}

func refOrNil(r blob.Ref) *blob.Ref {
	if r.Hash == "" {
		return nil
	}
	return &r
}

func orEmpty(r *blob.Ref) blob.Ref {
	if r == nil {
		return blob.Ref{}
	}
	return *r
}

// insertItem creates the item row at revision 1 and returns its id.
func insertItem(ctx context.Context, q sqldb.Querier, code string, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO catalog_items (code, revision, active, created_at, updated_at)
		VALUES ($1, 1, $2, $3, $3) RETURNING id`, code, true, sqldb.T(now)).Scan(&id)
	return id, sqldb.Translate(err)
}

// advanceRevision moves the item from revision from to from+1; Conflict
// when another save got there first.
func advanceRevision(ctx context.Context, q sqldb.Querier, itemID int64, from int, now time.Time) error {
	res, err := q.ExecContext(ctx, `UPDATE catalog_items SET revision = $1, updated_at = $2
		WHERE id = $3 AND revision = $4`, from+1, sqldb.T(now), itemID, from)
	if err != nil {
		return sqldb.Translate(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return errs.E(errs.Conflict, "事项刚被他人修改，请刷新页面后重新修改。")
	}
	return nil
}

func updateItemActive(ctx context.Context, q sqldb.Querier, itemID int64, active bool, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE catalog_items SET active = $1, updated_at = $2 WHERE id = $3`,
		active, sqldb.T(now), itemID)
	return sqldb.Translate(err)
}

// insertRevision stores it as revision it.Revision of item itemID, with its
// materials, and returns the revision id.
func insertRevision(ctx context.Context, q sqldb.Querier, itemID int64, it Item, now time.Time, by string) (int64, error) {
	form, err := json.Marshal(it.Form)
	if err != nil {
		return 0, err
	}
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO catalog_item_revisions
		(item_id, revision, name, kind, line, stage, lead_function, statutory_days, promised_days, form_schema,
		 result_name, commitment, deficiency, standard_code, basis, fees, created_at, created_by)
		VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18) RETURNING id`,
		itemID, it.Revision, it.Name, it.Kind, it.Line, it.Stage, it.LeadFunction, it.StatutoryDays,
		it.PromisedDays, string(form), it.ResultName, it.Commitment, it.Deficiency, it.StandardCode, it.Basis,
		it.Fees, sqldb.T(now), by).Scan(&id)
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	for _, m := range it.Materials {
		t, s := orEmpty(m.Template), orEmpty(m.Sample)
		_, err := q.ExecContext(ctx, `INSERT INTO catalog_materials (revision_id, sort_order, name,
			description, required, deficiency_allowed, template_hash, template_sm3, template_size, template_name,
			template_type, sample_hash, sample_sm3, sample_size, sample_name, sample_type)
			VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)`,
			id, m.SortOrder, m.Name, m.Description, m.Required, m.DeficiencyAllowed,
			t.Hash, t.SM3, t.Size, t.Name, t.ContentType, s.Hash, s.SM3, s.Size, s.Name, s.ContentType)
		if err != nil {
			return 0, sqldb.Translate(err)
		}
	}
	return id, nil
}

// blobListed reports whether hash is the template or sample of some
// material, i.e. a file the catalog publishes.
func blobListed(ctx context.Context, q sqldb.Querier, hash string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM catalog_materials
		WHERE template_hash = $1 OR sample_hash = $1`, hash).Scan(&n)
	return n > 0, sqldb.Translate(err)
}
