package ticket

import (
	"context"
	"crypto/rand"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

const ticketColumns = `t.id, t.number, t.kind, t.severity, t.status, t.title, t.content, t.cause, t.resolution,
	t.resolved_ok, t.channel, t.reporter_name, t.reporter_contact, COALESCE(t.reporter_user_id, 0), t.region_code,
	COALESCE(t.org_unit_id, 0), t.org_unit_name, t.subsystem, COALESCE(t.assignee_id, 0), t.assignee_name,
	t.pause_reason, COALESCE(t.alert_key, ''), t.alert_count, t.satisfaction, t.sendback_count, t.reopen_count,
	t.calendar_incomplete, t.opened_at, t.responded_at, t.resolved_at, t.closed_at, t.updated_at`

type scanner interface{ Scan(dest ...any) error }

func scanTicket(sc scanner) (Ticket, error) {
	var t Ticket
	var opened, updated sqldb.Time
	var responded, resolved, closed sqldb.NullTime
	err := sc.Scan(&t.ID, &t.Number, &t.Kind, &t.Severity, &t.Status, &t.Title, &t.Content, &t.Cause, &t.Resolution,
		&t.ResolvedOK, &t.Channel, &t.ReporterName, &t.ReporterContact, &t.ReporterUserID, &t.RegionCode,
		&t.OrgUnitID, &t.OrgUnitName, &t.Subsystem, &t.AssigneeID, &t.AssigneeName,
		&t.PauseReason, &t.AlertKey, &t.AlertCount, &t.Satisfaction, &t.SendBackCount, &t.ReopenCount,
		&t.CalendarIncomplete, &opened, &responded, &resolved, &closed, &updated)
	if err != nil {
		return t, sqldb.Translate(err)
	}
	t.OpenedAt, t.UpdatedAt = opened.Time, updated.Time
	t.RespondedAt, t.ResolvedAt, t.ClosedAt = responded.Time, resolved.Time, closed.Time
	t.StatusLabel = t.Status.Label()
	return t, nil
}

// selectTicket reads ticket id with its clocks.
func selectTicket(ctx context.Context, q sqldb.Querier, id int64) (Ticket, error) {
	t, err := scanTicket(q.QueryRowContext(ctx, `SELECT `+ticketColumns+` FROM tickets t WHERE t.id = $1`, id))
	if errs.Is(err, errs.NotFound) {
		return t, errs.E(errs.NotFound, "工单不存在。")
	}
	if err != nil {
		return t, err
	}
	t.Clocks, err = selectClocks(ctx, q, id)
	return t, err
}

func insertTicket(ctx context.Context, tx *sql.Tx, t *Ticket) error {
	err := tx.QueryRowContext(ctx, `INSERT INTO tickets (number, kind, severity, status, title, content, channel,
		reporter_name, reporter_contact, reporter_user_id, region_code, org_unit_id, org_unit_name, subsystem,
		alert_key, alert_count, calendar_incomplete, opened_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) RETURNING id`,
		"new-"+rand.Text(), t.Kind, t.Severity, t.Status, t.Title, t.Content, t.Channel,
		t.ReporterName, t.ReporterContact, nullID(t.ReporterUserID), t.RegionCode, nullID(t.OrgUnitID), t.OrgUnitName,
		t.Subsystem, nullText(t.AlertKey), t.AlertCount, t.CalendarIncomplete, sqldb.T(t.OpenedAt)).Scan(&t.ID)
	if err != nil {
		return sqldb.Translate(err)
	}
	prefix := "GZ"
	if t.Kind == Complaint {
		prefix = "TS"
	}
	t.Number = fmt.Sprintf("%s%s%05d", prefix, t.OpenedAt.In(sla.Shanghai).Format("20060102"), t.ID)
	_, err = tx.ExecContext(ctx, `UPDATE tickets SET number = $2 WHERE id = $1`, t.ID, t.Number)
	return sqldb.Translate(err)
}

// updateTicket writes the mutable fields of t unless the row changed since
// it was read (updated_at = prev); false means a concurrent action won.
func updateTicket(ctx context.Context, tx *sql.Tx, t *Ticket, prev time.Time) (bool, error) {
	res, err := tx.ExecContext(ctx, `UPDATE tickets SET severity = $3, status = $4, cause = $5, resolution = $6,
		resolved_ok = $7, assignee_id = $8, assignee_name = $9, pause_reason = $10, satisfaction = $11,
		sendback_count = $12, reopen_count = $13, calendar_incomplete = $14, responded_at = $15, resolved_at = $16,
		closed_at = $17, updated_at = $18, alert_count = $19, content = $20
		WHERE id = $1 AND updated_at = $2`,
		t.ID, sqldb.T(prev), t.Severity, t.Status, t.Cause, t.Resolution, t.ResolvedOK, nullID(t.AssigneeID), t.AssigneeName,
		t.PauseReason, t.Satisfaction, t.SendBackCount, t.ReopenCount, t.CalendarIncomplete, sqldb.NT(t.RespondedAt),
		sqldb.NT(t.ResolvedAt), sqldb.NT(t.ClosedAt), sqldb.T(t.UpdatedAt), t.AlertCount, t.Content)
	if err != nil {
		return false, sqldb.Translate(err)
	}
	n, err := res.RowsAffected()
	return n == 1, sqldb.Translate(err)
}

const clockColumns = `metric, schedule, hours, target_minutes, started_at, due_at, warn_at, stopped_at,
	used_seconds, state, warned, breached`

func selectClocks(ctx context.Context, q sqldb.Querier, ticketID int64) ([]Clock, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+clockColumns+` FROM ticket_clocks WHERE ticket_id = $1
		ORDER BY CASE metric WHEN 'response' THEN 0 ELSE 1 END`, ticketID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Clock
	for rows.Next() {
		var c Clock
		var started sqldb.Time
		var due, warn, stopped sqldb.NullTime
		if err := rows.Scan(&c.Metric, &c.Schedule, &c.Hours, &c.Target, &started, &due, &warn, &stopped,
			&c.UsedSeconds, &c.State, &c.Warned, &c.Breached); err != nil {
			return nil, sqldb.Translate(err)
		}
		c.StartedAt, c.DueAt, c.WarnAt, c.StoppedAt = started.Time, due.Time, warn.Time, stopped.Time
		out = append(out, c)
	}
	return out, sqldb.Translate(rows.Err())
}

// upsertClock writes c of ticket id, inserting it the first time.
func upsertClock(ctx context.Context, tx *sql.Tx, id int64, c *Clock) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ticket_clocks (ticket_id, `+clockColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
		ON CONFLICT (ticket_id, metric) DO UPDATE SET schedule = excluded.schedule, hours = excluded.hours,
		target_minutes = excluded.target_minutes, due_at = excluded.due_at, warn_at = excluded.warn_at,
		stopped_at = excluded.stopped_at, used_seconds = excluded.used_seconds, state = excluded.state,
		warned = excluded.warned, breached = excluded.breached`,
		id, c.Metric, c.Schedule, c.Hours, c.Target, sqldb.T(c.StartedAt), sqldb.NT(c.DueAt), sqldb.NT(c.WarnAt),
		sqldb.NT(c.StoppedAt), c.UsedSeconds, c.State, c.Warned, c.Breached)
	return sqldb.Translate(err)
}

func selectPauses(ctx context.Context, q sqldb.Querier, ticketID int64) ([]Pause, error) {
	rows, err := q.QueryContext(ctx, `SELECT kind, reason, started_at, ended_at FROM ticket_pauses
		WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Pause
	for rows.Next() {
		var p Pause
		var started sqldb.Time
		var ended sqldb.NullTime
		if err := rows.Scan(&p.Kind, &p.Reason, &started, &ended); err != nil {
			return nil, sqldb.Translate(err)
		}
		p.StartedAt, p.EndedAt = started.Time, ended.Time
		out = append(out, p)
	}
	return out, sqldb.Translate(rows.Err())
}

func insertPause(ctx context.Context, tx *sql.Tx, id int64, p Pause) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ticket_pauses (ticket_id, kind, reason, started_at, ended_at)
		VALUES ($1, $2, $3, $4, $5)`, id, p.Kind, p.Reason, sqldb.T(p.StartedAt), sqldb.NT(p.EndedAt))
	return sqldb.Translate(err)
}

func endPause(ctx context.Context, tx *sql.Tx, id int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE ticket_pauses SET ended_at = $2 WHERE ticket_id = $1 AND ended_at IS NULL`,
		id, sqldb.T(at))
	return sqldb.Translate(err)
}

func insertClockEvent(ctx context.Context, tx *sql.Tx, id int64, e ClockEvent) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ticket_clock_events (ticket_id, metric, event, at, target_minutes,
		used_seconds, due_at, detail) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
		id, e.Metric, e.Event, sqldb.T(e.At), e.Target, e.UsedSeconds, sqldb.NT(e.DueAt), e.Detail)
	return sqldb.Translate(err)
}

func selectClockEvents(ctx context.Context, q sqldb.Querier, ticketID int64) ([]ClockEvent, error) {
	rows, err := q.QueryContext(ctx, `SELECT metric, event, at, target_minutes, used_seconds, due_at, detail
		FROM ticket_clock_events WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []ClockEvent
	for rows.Next() {
		var e ClockEvent
		var at sqldb.Time
		var due sqldb.NullTime
		if err := rows.Scan(&e.Metric, &e.Event, &at, &e.Target, &e.UsedSeconds, &due, &e.Detail); err != nil {
			return nil, sqldb.Translate(err)
		}
		e.At, e.DueAt = at.Time, due.Time
		out = append(out, e)
	}
	return out, sqldb.Translate(rows.Err())
}

func insertHistory(ctx context.Context, tx *sql.Tx, id int64, h HistoryEntry) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO ticket_history (ticket_id, at, actor_name, action, note)
		VALUES ($1, $2, $3, $4, $5)`, id, sqldb.T(h.At), h.ActorName, h.Action, h.Note)
	return sqldb.Translate(err)
}

func selectHistory(ctx context.Context, q sqldb.Querier, ticketID int64) ([]HistoryEntry, error) {
	rows, err := q.QueryContext(ctx, `SELECT at, actor_name, action, note FROM ticket_history
		WHERE ticket_id = $1 ORDER BY id`, ticketID)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		var h HistoryEntry
		var at sqldb.Time
		if err := rows.Scan(&at, &h.ActorName, &h.Action, &h.Note); err != nil {
			return nil, sqldb.Translate(err)
		}
		h.At = at.Time
		out = append(out, h)
	}
	return out, sqldb.Translate(rows.Err())
}

func nullID(id int64) sql.NullInt64 { return sql.NullInt64{Int64: id, Valid: id != 0} }

func nullText(s string) sql.NullString { return sql.NullString{String: s, Valid: s != ""} }

// likePattern makes s a LIKE pattern matching it anywhere, with the
// wildcards in s escaped (ESCAPE '\').
func likePattern(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + strings.ToLower(r.Replace(s)) + "%"
}
