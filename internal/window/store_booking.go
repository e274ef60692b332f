package window

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// slotUse is the stored state of one slot.
type slotUse struct {
	Capacity, Booked int
}

type slotKey struct {
	Day    string
	Starts Clock
}

// selectSlotUse returns the stored slots of a window in [from, to].
func selectSlotUse(ctx context.Context, q sqldb.Querier, windowID int64, from, to calendar.Date) (map[slotKey]slotUse, error) {
	rows, err := q.QueryContext(ctx, `SELECT day, starts, capacity, booked FROM appointment_slots
		WHERE window_id = $1 AND day >= $2 AND day <= $3`, windowID, from.String(), to.String())
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[slotKey]slotUse{}
	for rows.Next() {
		var k slotKey
		var u slotUse
		if err := rows.Scan(&k.Day, &k.Starts, &u.Capacity, &u.Booked); err != nil {
			return nil, sqldb.Translate(err)
		}
		out[k] = u
	}
	return out, sqldb.Translate(rows.Err())
}

// ensureSlot returns the id of the slot, creating it with capacity when it
// does not exist yet. A concurrent creator makes the INSERT do nothing (on
// PostgreSQL it waits for that creator to commit), and the SELECT, a new
// statement, then sees its row.
func ensureSlot(ctx context.Context, tx *sql.Tx, windowID int64, day calendar.Date, starts Clock, capacity int) (int64, error) {
	if _, err := tx.ExecContext(ctx, `INSERT INTO appointment_slots (window_id, day, starts, capacity, booked)
		VALUES ($1, $2, $3, $4, 0) ON CONFLICT (window_id, day, starts) DO NOTHING`,
		windowID, day.String(), starts, capacity); err != nil {
		return 0, sqldb.Translate(err)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM appointment_slots WHERE window_id = $1 AND day = $2 AND starts = $3`,
		windowID, day.String(), starts).Scan(&id)
	return id, sqldb.Translate(err)
}

// takeSeat takes one seat of the slot when one is free; false when full.
// The conditional UPDATE is the whole of the capacity rule: on PostgreSQL
// concurrent bookers queue on the row lock and each re-checks booked <
// capacity against the committed row; SQLite runs one writer at a time.
func takeSeat(ctx context.Context, tx *sql.Tx, slotID int64) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE appointment_slots SET booked = booked + 1
		WHERE id = $1 AND booked < capacity`, slotID)
	return affected(res, err)
}

// freeSeat gives a seat of the slot back.
func freeSeat(ctx context.Context, tx *sql.Tx, slotID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE appointment_slots SET booked = booked - 1 WHERE id = $1 AND booked > 0`, slotID)
	return sqldb.Translate(err)
}

func insertAppointment(ctx context.Context, tx *sql.Tx, a Appointment, slotID int64) (int64, error) {
	var id int64
	err := tx.QueryRowContext(ctx, `INSERT INTO appointments (slot_id, window_id, region_code, day, starts, ends,
		starts_at, booker_id, booker_name, matter_kind, matter_ref, matter_name, phone, status, created_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'booked', $14) RETURNING id`,
		slotID, a.WindowID, a.RegionCode, a.Day.String(), a.Starts, a.Ends, sqldb.T(a.StartsAt), a.BookerID,
		a.BookerName, a.MatterKind, a.MatterRef, a.MatterName, a.Phone, sqldb.T(a.CreatedAt)).Scan(&id)
	err = sqldb.Translate(err)
	if errs.Is(err, errs.Conflict) {
		return 0, errs.E(errs.Conflict, "您已预约了这个时段，不能重复预约。")
	}
	return id, err
}

const appointmentColumns = `a.id, a.window_id, w.number, w.name, w.location, a.region_code, a.day, a.starts, a.ends,
	a.starts_at, a.booker_id, a.booker_name, a.matter_kind, a.matter_ref, a.matter_name, a.phone, a.status,
	a.reminded_at, a.created_at, a.slot_id`

const appointmentFrom = ` FROM appointments a JOIN windows w ON w.id = a.window_id`

// scanAppointment reads appointmentColumns; it returns the slot id too.
func scanAppointment(sc scanner) (Appointment, int64, error) {
	var a Appointment
	var number int
	var name string
	var startsAt, created sqldb.Time
	var reminded sqldb.NullTime
	var slotID int64
	err := sc.Scan(&a.ID, &a.WindowID, &number, &name, &a.Location, &a.RegionCode, &a.Day, &a.Starts, &a.Ends,
		&startsAt, &a.BookerID, &a.BookerName, &a.MatterKind, &a.MatterRef, &a.MatterName, &a.Phone, &a.Status,
		&reminded, &created, &slotID)
	a.WindowTitle = Window{Number: number, Name: name}.Title()
	a.StartsAt, a.CreatedAt, a.RemindedAt = startsAt.Time, created.Time, reminded.Time
	a.StatusLabel = StatusLabel(a.Status)
	return a, slotID, sqldb.Translate(err)
}

func selectAppointment(ctx context.Context, q sqldb.Querier, id int64) (Appointment, int64, error) {
	a, slot, err := scanAppointment(q.QueryRowContext(ctx, `SELECT `+appointmentColumns+appointmentFrom+` WHERE a.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return a, 0, errs.E(errs.NotFound, "预约不存在。")
	}
	return a, slot, err
}

func queryAppointments(ctx context.Context, q sqldb.Querier, where string, args ...any) ([]Appointment, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+appointmentColumns+appointmentFrom+` WHERE `+where, args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Appointment
	for rows.Next() {
		a, _, err := scanAppointment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, sqldb.Translate(rows.Err())
}

// cancelRow cancels a booked appointment; false when it is no longer booked.
func cancelRow(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE appointments SET status = 'cancelled', cancelled_at = $2
		WHERE id = $1 AND status = 'booked'`, id, sqldb.T(now))
	return affected(res, err)
}

// markRow records arrival or no-show unless the booking was cancelled.
func markRow(ctx context.Context, tx *sql.Tx, id int64, status string, by int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE appointments SET status = $2, marked_by = $3, marked_at = $4
		WHERE id = $1 AND status <> 'cancelled'`, id, status, by, sqldb.T(now))
	return affected(res, err)
}

// claimReminder marks the reminder of a booked appointment as sent; false
// when another run sent it or the booking is no longer live.
func claimReminder(ctx context.Context, tx *sql.Tx, id int64, now time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE appointments SET reminded_at = $2
		WHERE id = $1 AND reminded_at IS NULL AND status = 'booked'`, id, sqldb.T(now))
	return affected(res, err)
}
