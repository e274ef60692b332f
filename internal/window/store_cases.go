package window

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// CaseRef is what this package reads of a case (the case engine owns the
// cases table; this package only reads it).
type CaseRef struct {
	ID          int64           `json:"id"`
	Number      string          `json:"number"`
	RegionCode  string          `json:"region_code"`
	ItemName    string          `json:"item_name"`
	ProjectName string          `json:"project_name"`
	Status      casework.Status `json:"status"`
	StatusLabel string          `json:"status_label"`
	ReceivedAt  time.Time       `json:"received_at"`
}

const caseColumns = `c.id, c.number, c.region_code, c.item_name, c.project_name, c.status, c.received_at`

func scanCase(sc scanner) (CaseRef, error) {
	var c CaseRef
	var received sqldb.Time
	err := sc.Scan(&c.ID, &c.Number, &c.RegionCode, &c.ItemName, &c.ProjectName, &c.Status, &received)
	c.ReceivedAt, c.StatusLabel = received.Time, c.Status.Label()
	return c, sqldb.Translate(err)
}

func selectCase(ctx context.Context, q sqldb.Querier, id int64) (CaseRef, error) {
	c, err := scanCase(q.QueryRowContext(ctx, `SELECT `+caseColumns+` FROM cases c WHERE c.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return c, errs.E(errs.NotFound, "办件不存在。")
	}
	return c, err
}

// selectWindowCases lists the cases now at window id, newest first.
func selectWindowCases(ctx context.Context, q sqldb.Querier, id int64) ([]CaseRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+caseColumns+` FROM cases c JOIN case_windows cw ON cw.case_id = c.id
		WHERE cw.window_id = $1 ORDER BY cw.since DESC, c.id DESC LIMIT 200`, id)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []CaseRef
	for rows.Next() {
		c, err := scanCase(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, sqldb.Translate(rows.Err())
}

// currentWindow returns the id of the case's current window, 0 when none.
func currentWindow(ctx context.Context, q sqldb.Querier, caseID int64) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT window_id FROM case_windows WHERE case_id = $1`, caseID).Scan(&id)
	if sqldb.NotFoundIf(err) {
		return 0, nil
	}
	return id, sqldb.Translate(err)
}

// Move is one assignment of a case to a window: FromWindowID 0 is the
// first assignment (收件到窗口), otherwise a transfer.
type Move struct {
	ID           int64     `json:"id"`
	CaseID       int64     `json:"case_id"`
	FromWindowID int64     `json:"from_window_id,omitempty"`
	FromTitle    string    `json:"from_title,omitempty"`
	ToWindowID   int64     `json:"to_window_id"`
	ToTitle      string    `json:"to_title"`
	ToRegionCode string    `json:"to_region_code"`
	Reason       string    `json:"reason"`
	ByID         int64     `json:"by_id"`
	ByName       string    `json:"by_name"`
	At           time.Time `json:"at"`
}

func selectMoves(ctx context.Context, q sqldb.Querier, caseID int64) ([]Move, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.id, m.case_id, COALESCE(m.from_window_id, 0), COALESCE(f.number, 0),
		COALESCE(f.name, ''), m.to_window_id, t.number, t.name, t.region_code, m.reason, m.moved_by, m.mover_name, m.moved_at
		FROM case_window_moves m JOIN windows t ON t.id = m.to_window_id LEFT JOIN windows f ON f.id = m.from_window_id
		WHERE m.case_id = $1 ORDER BY m.id`, caseID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Move
	for rows.Next() {
		var m Move
		var fNum, tNum int
		var fName, tName string
		var at sqldb.Time
		if err := rows.Scan(&m.ID, &m.CaseID, &m.FromWindowID, &fNum, &fName, &m.ToWindowID, &tNum, &tName,
			&m.ToRegionCode, &m.Reason, &m.ByID, &m.ByName, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		if m.FromWindowID != 0 {
			m.FromTitle = Window{Number: fNum, Name: fName}.Title()
		}
		m.ToTitle, m.At = Window{Number: tNum, Name: tName}.Title(), at.Time
		out = append(out, m)
	}
	return out, sqldb.Translate(rows.Err())
}

func insertMove(ctx context.Context, tx *sql.Tx, m Move) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO case_window_moves (case_id, from_window_id, to_window_id, reason,
		moved_by, mover_name, moved_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		m.CaseID, nullID(m.FromWindowID), m.ToWindowID, m.Reason, m.ByID, m.ByName, sqldb.T(m.At)).Scan(&id)
	return id, sqldb.Translate(err)
}

// setCurrent makes move m the case's current window, provided the case is
// still at m.FromWindowID (none when 0); false means another clerk moved
// it meanwhile.
func setCurrent(ctx context.Context, tx *sql.Tx, m Move) (bool, error) {
	if m.FromWindowID == 0 {
		res, err := tx.ExecContext(ctx, `INSERT INTO case_windows (case_id, window_id, move_id, since)
			VALUES ($1, $2, $3, $4) ON CONFLICT (case_id) DO NOTHING`, m.CaseID, m.ToWindowID, m.ID, sqldb.T(m.At))
		return affected(res, err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE case_windows SET window_id = $2, move_id = $3, since = $4
		WHERE case_id = $1 AND window_id = $5`, m.CaseID, m.ToWindowID, m.ID, sqldb.T(m.At), m.FromWindowID)
	return affected(res, err)
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }
