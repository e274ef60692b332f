package window

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const windowColumns = `w.id, w.region_code, w.org_unit_id, w.number, w.name, w.location, w.phone, w.active,
	w.slot_minutes, w.slot_capacity, w.updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanWindow(sc scanner) (Window, error) {
	var w Window
	var updated sqldb.Time
	err := sc.Scan(&w.ID, &w.RegionCode, &w.OrgUnitID, &w.Number, &w.Name, &w.Location, &w.Phone, &w.Active,
		&w.SlotMinutes, &w.SlotCapacity, &updated)
	w.UpdatedAt = updated.Time
	return w, sqldb.Translate(err)
}

func selectWindow(ctx context.Context, q sqldb.Querier, id int64) (Window, error) {
	w, err := scanWindow(q.QueryRowContext(ctx, `SELECT `+windowColumns+` FROM windows w WHERE w.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return w, errs.E(errs.NotFound, "窗口不存在。")
	}
	return w, err
}

// selectWindows lists windows by region and number. regions nil means every
// region; an empty slice none. Inactive windows only when inactive.
func selectWindows(ctx context.Context, q sqldb.Querier, regions []string, inactive bool) ([]Window, error) {
	var where []string
	var args []any
	if regions != nil {
		marks := []string{"''"}
		for _, r := range regions {
			args = append(args, r)
			marks = append(marks, "$"+strconv.Itoa(len(args)))
		}
		where = append(where, "w.region_code IN ("+strings.Join(marks, ", ")+")")
	}
	if !inactive {
		where = append(where, "w.active = TRUE")
	}
	sqlText := `SELECT ` + windowColumns + ` FROM windows w`
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	return queryWindows(ctx, q, sqlText+` ORDER BY w.region_code, w.number`, args...)
}

func queryWindows(ctx context.Context, q sqldb.Querier, query string, args ...any) ([]Window, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Window
	for rows.Next() {
		w, err := scanWindow(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	return out, sqldb.Translate(rows.Err())
}

// staffWindows lists the active windows user id is on.
func staffWindows(ctx context.Context, q sqldb.Querier, userID int64) ([]Window, error) {
	return queryWindows(ctx, q, `SELECT `+windowColumns+` FROM windows w JOIN window_staff s ON s.window_id = w.id
		WHERE s.user_id = $1 AND w.active = TRUE ORDER BY w.region_code, w.number`, userID)
}

func insertWindow(ctx context.Context, tx *sql.Tx, w Window, now time.Time) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO windows (region_code, org_unit_id, number, name, location, phone,
		active, slot_minutes, slot_capacity, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		w.RegionCode, w.OrgUnitID, w.Number, w.Name, w.Location, w.Phone, w.Active, w.SlotMinutes, w.SlotCapacity,
		sqldb.T(now)).Scan(&id)
	return id, numberTaken(err)
}

func updateWindow(ctx context.Context, tx *sql.Tx, w Window, now time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE windows SET number = $2, name = $3, location = $4, phone = $5, active = $6,
		slot_minutes = $7, slot_capacity = $8, updated_at = $9 WHERE id = $1`,
		w.ID, w.Number, w.Name, w.Location, w.Phone, w.Active, w.SlotMinutes, w.SlotCapacity, sqldb.T(now))
	return numberTaken(err)
}

// resizeFutureSlots applies a new capacity to the window's slots from day
// on, never below the seats already booked.
func resizeFutureSlots(ctx context.Context, tx *sql.Tx, windowID int64, day string, capacity int) error {
	_, err := tx.ExecContext(ctx, `UPDATE appointment_slots
		SET capacity = CASE WHEN booked > $3 THEN booked ELSE $3 END WHERE window_id = $1 AND day >= $2`,
		windowID, day, capacity)
	return sqldb.Translate(err)
}

// numberTaken reports a duplicate (region, number) as a field error.
func numberTaken(err error) error {
	err = sqldb.Translate(err)
	if errs.Is(err, errs.Conflict) {
		return errs.FieldErrors(map[string]string{"number": "本区县已有相同编号的窗口，请换一个编号。"})
	}
	return err
}

func selectStaff(ctx context.Context, q sqldb.Querier, windowID int64) ([]Staff, error) {
	rows, err := q.QueryContext(ctx, `SELECT user_id, user_name, assigned_at FROM window_staff
		WHERE window_id = $1 ORDER BY assigned_at, user_id`, windowID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Staff
	for rows.Next() {
		var st Staff
		var at sqldb.Time
		if err := rows.Scan(&st.UserID, &st.Name, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		st.AssignedAt = at.Time
		out = append(out, st)
	}
	return out, sqldb.Translate(rows.Err())
}

// insertStaff puts the user on the window; false when already there.
func insertStaff(ctx context.Context, tx *sql.Tx, windowID, userID int64, name string, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `INSERT INTO window_staff (window_id, user_id, user_name, assigned_at)
		VALUES ($1, $2, $3, $4) ON CONFLICT (window_id, user_id) DO NOTHING`, windowID, userID, name, sqldb.T(now))
	return affected(res, err)
}

func deleteStaff(ctx context.Context, tx *sql.Tx, windowID, userID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `DELETE FROM window_staff WHERE window_id = $1 AND user_id = $2`, windowID, userID)
	return affected(res, err)
}

func selectHours(ctx context.Context, q sqldb.Querier, windowID int64) ([]Session, error) {
	rows, err := q.QueryContext(ctx, `SELECT weekday, session, opens, closes FROM window_hours
		WHERE window_id = $1 ORDER BY weekday, session`, windowID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		var h Session
		if err := rows.Scan(&h.Weekday, &h.Session, &h.Opens, &h.Closes); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, h)
	}
	return out, sqldb.Translate(rows.Err())
}

// replaceHours sets the window's week to hours.
func replaceHours(ctx context.Context, tx *sql.Tx, windowID int64, hours []Session) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM window_hours WHERE window_id = $1`, windowID); err != nil {
		return sqldb.Translate(err)
	}
	for _, h := range hours {
		if _, err := tx.ExecContext(ctx, `INSERT INTO window_hours (window_id, weekday, session, opens, closes)
			VALUES ($1, $2, $3, $4, $5)`, windowID, h.Weekday, h.Session, h.Opens, h.Closes); err != nil {
			return sqldb.Translate(err)
		}
	}
	return nil
}

func affected(res sql.Result, err error) (bool, error) {
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return false, fmt.Errorf("rows affected: %w", err)
	}
	return n == 1, nil
}
