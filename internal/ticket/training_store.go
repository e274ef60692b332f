package ticket

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const trainingColumns = `s.id, s.title, s.region_code, COALESCE(s.org_unit_id, 0), s.org_unit_name, s.held_on, s.trainer,
	s.location, s.minutes, s.content, s.notes, s.created_by, s.created_at, COALESCE(s.updated_at, s.created_at), s.version`

func scanTraining(sc scanner) (Training, error) {
	var t Training
	var created, updated sqldb.Time
	err := sc.Scan(&t.ID, &t.Title, &t.RegionCode, &t.OrgUnitID, &t.OrgUnitName, &t.HeldOn, &t.Trainer,
		&t.Location, &t.Minutes, &t.Content, &t.Notes, &t.CreatedBy, &created, &updated, &t.Version)
	t.CreatedAt, t.UpdatedAt = created.Time, updated.Time
	t.Attendees, t.Materials = []Attendee{}, []Material{}
	return t, sqldb.Translate(err)
}

// selectTraining reads session id with its attendees and materials.
func selectTraining(ctx context.Context, q sqldb.Querier, id int64) (Training, error) {
	t, err := scanTraining(q.QueryRowContext(ctx, `SELECT `+trainingColumns+` FROM training_sessions s WHERE s.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return t, errs.E(errs.NotFound, "培训记录不存在。")
	}
	if err != nil {
		return t, err
	}
	rows, err := q.QueryContext(ctx, `SELECT name, COALESCE(user_id, 0) FROM training_attendees
		WHERE session_id = $1 ORDER BY seq`, id)
	if err != nil {
		return t, sqldb.Translate(err)
	}
	for rows.Next() {
		var a Attendee
		if err := rows.Scan(&a.Name, &a.UserID); err != nil {
			rows.Close()
			return t, sqldb.Translate(err)
		}
		t.Attendees = append(t.Attendees, a)
	}
	rows.Close()
	t.Count = len(t.Attendees)
	t.Materials, err = selectMaterials(ctx, q, id)
	return t, err
}

func selectMaterials(ctx context.Context, q sqldb.Querier, id int64) ([]Material, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, name, url, COALESCE(blob_hash, ''), size, content_type
		FROM training_materials WHERE session_id = $1 ORDER BY seq`, id)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []Material{}
	for rows.Next() {
		var m Material
		if err := rows.Scan(&m.Kind, &m.Name, &m.URL, &m.Hash, &m.Size, &m.ContentType); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, m)
	}
	return out, sqldb.Translate(rows.Err())
}

// names are the attendees one per line, for the 00070 columns.
func (t *Training) names() string {
	ns := make([]string, len(t.Attendees))
	for i, a := range t.Attendees {
		ns[i] = a.Name
	}
	return strings.Join(ns, "\n")
}

func insertTraining(ctx context.Context, tx *sql.Tx, t *Training) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO training_sessions (title, region_code, org_unit_id, org_unit_name,
		held_on, trainer, location, minutes, content, notes, attendees, attendee_count, created_by, created_at,
		updated_at, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14, 1) RETURNING id`,
		t.Title, t.RegionCode, nullID(t.OrgUnitID), t.OrgUnitName, t.HeldOn, t.Trainer, t.Location, t.Minutes,
		t.Content, t.Notes, t.names(), len(t.Attendees), t.CreatedBy, sqldb.T(t.CreatedAt)).Scan(&t.ID)
	if err != nil {
		return sqldb.Translate(err)
	}
	return insertChildren(ctx, tx, t)
}

// updateTraining writes t and replaces its children unless its version
// is no longer prev.
func updateTraining(ctx context.Context, tx *sql.Tx, t *Training, prev int) error {
	res, err := tx.ExecContext(ctx, `UPDATE training_sessions SET title = $3, region_code = $4, org_unit_id = $5,
		org_unit_name = $6, held_on = $7, trainer = $8, location = $9, minutes = $10, content = $11, notes = $12,
		attendees = $13, attendee_count = $14, updated_at = $15, version = $16 WHERE id = $1 AND version = $2`,
		t.ID, prev, t.Title, t.RegionCode, nullID(t.OrgUnitID), t.OrgUnitName, t.HeldOn, t.Trainer, t.Location,
		t.Minutes, t.Content, t.Notes, t.names(), len(t.Attendees), sqldb.T(t.UpdatedAt), t.Version)
	if err != nil {
		return sqldb.Translate(err)
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return errs.E(errs.Conflict, "培训记录已被他人修改，请刷新后重新编辑。")
	}
	for _, table := range []string{"training_attendees", "training_materials"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE session_id = $1`, t.ID); err != nil {
			return sqldb.Translate(err)
		}
	}
	return insertChildren(ctx, tx, t)
}

func insertChildren(ctx context.Context, tx *sql.Tx, t *Training) error {
	for i, a := range t.Attendees {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_attendees (session_id, seq, name, user_id)
			VALUES ($1, $2, $3, $4)`, t.ID, i+1, a.Name, nullID(a.UserID)); err != nil {
			return sqldb.Translate(err)
		}
	}
	for i, m := range t.Materials {
		if _, err := tx.ExecContext(ctx, `INSERT INTO training_materials (session_id, seq, kind, name, url, blob_hash,
			size, content_type) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			t.ID, i+1, m.Kind, m.Name, m.URL, nullText(m.Hash), m.Size, m.ContentType); err != nil {
			return sqldb.Translate(err)
		}
	}
	return nil
}

// searchTrainings lists sessions with their attendee count but without
// their children.
func searchTrainings(ctx context.Context, db sqldb.Querier, f TrainingFilter, scope access.Scope) ([]Training, int, error) {
	q := &query{}
	if codes := scope.Filter(); codes != nil {
		ph := make([]string, 0, len(codes)+1)
		for _, c := range codes {
			ph = append(ph, q.Arg(c))
		}
		q.Add(`s.region_code IN (` + strings.Join(append(ph, "''"), ", ") + `)`)
	}
	if f.RegionCode != "" {
		q.Add(`s.region_code = ` + q.Arg(f.RegionCode))
	}
	if f.From != "" {
		q.Add(`s.held_on >= ` + q.Arg(f.From))
	}
	if f.To != "" {
		q.Add(`s.held_on <= ` + q.Arg(f.To))
	}
	for _, w := range strings.Fields(f.Query) {
		p := q.Arg(likePattern(w))
		q.Add(`(LOWER(s.title) LIKE ` + p + ` ESCAPE '\' OR LOWER(s.content) LIKE ` + p + ` ESCAPE '\')`)
	}
	var total int
	if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM training_sessions s`+q.SQL(), q.Args...).Scan(&total); err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 50
	}
	rows, err := db.QueryContext(ctx, `SELECT `+trainingColumns+`, s.attendee_count FROM training_sessions s`+q.SQL()+
		fmt.Sprintf(` ORDER BY s.held_on DESC, s.id DESC LIMIT %d OFFSET %d`, min(limit, 500), max(f.Offset, 0)), q.Args...)
	if err != nil {
		return nil, 0, sqldb.Translate(err)
	}
	defer rows.Close()
	out := []Training{}
	var t0 Training
	for rows.Next() {
		t, err := scanTraining(rowWith{rows, &t0.Count})
		if err != nil {
			return nil, 0, err
		}
		t.Count = t0.Count
		out = append(out, t)
	}
	return out, total, sqldb.Translate(rows.Err())
}

// rowWith scans one extra trailing column into extra.
type rowWith struct {
	sc    scanner
	extra any
}

func (r rowWith) Scan(dest ...any) error { return r.sc.Scan(append(dest, r.extra)...) }
