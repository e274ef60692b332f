package ticket

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Link is the page of ticket id.
func Link(id int64) string { return fmt.Sprintf("/ops/tickets/%d", id) }

// openedNotices announce a new ticket to the region's operations
// engineers and, for a complaint with a responsible unit, to that unit.
func openedNotices(t *Ticket) []notify.Notification {
	title := fmt.Sprintf("新%s %s：%s", t.Kind.Label(), t.Number, t.Title)
	if t.Kind == Fault {
		title = fmt.Sprintf("新故障（%s）%s：%s", t.Severity.Label(), t.Number, t.Title)
	}
	out := []notify.Notification{{Kind: "ticket.open", Title: clip(title), Body: t.Content, Link: Link(t.ID),
		ToRole: access.OpsEngineer, ToRegionCode: t.RegionCode}}
	if t.Kind == Complaint && t.OrgUnitID != 0 {
		out = append(out, notify.Notification{Kind: "ticket.complaint", Title: clip("收到投诉 " + t.Number + "：" + t.Title),
			Body: t.Content + "\n请于答复期限内处理并答复。", ToOrgID: t.OrgUnitID})
	}
	return out
}

// clockNotice announces a warning or breach of clock c.
func clockNotice(t *Ticket, c *Clock, event string) notify.Notification {
	what := map[string]string{"warn": "即将超时", "breach": "已超时"}[event]
	n := notify.Notification{Kind: "ticket." + event, Link: Link(t.ID),
		Title:  clip(fmt.Sprintf("%s %s %s%s：%s", t.Kind.Label(), t.Number, c.MetricLabel(), what, t.Title)),
		ToRole: access.OpsEngineer, ToRegionCode: t.RegionCode}
	if t.AssigneeID != 0 {
		n.ToRole, n.ToRegionCode, n.ToUserID = "", "", t.AssigneeID
	}
	return n
}

// escalationNotice announces that clock c reached the escalation level
// offset (business minutes from its deadline) to the region's operations
// engineers, whoever the assignee is.
func escalationNotice(t *Ticket, c *Clock, offset int) notify.Notification {
	when := fmt.Sprintf("距%s期限 %d 分钟", c.MetricLabel(), -offset)
	if offset >= 0 {
		when = fmt.Sprintf("%s已超期 %d 分钟", c.MetricLabel(), offset)
	}
	return notify.Notification{Kind: "ticket.escalate", Link: Link(t.ID), ToRole: access.OpsEngineer,
		ToRegionCode: t.RegionCode, Title: clip(fmt.Sprintf("升级提醒：%s %s %s：%s", t.Kind.Label(), t.Number, when, t.Title)),
		Body: "处理人：" + t.AssigneeName}
}

func clip(s string) string {
	r := []rune(s)
	if len(r) > 200 {
		return string(r[:199]) + "…"
	}
	return s
}

// deliver sends ns for t in tx: at once when t runs on a 7x24 clock or
// now is within the business hours of its 5x8 clock, otherwise held until
// the next open minute (DrainNotices sends them).
func (s *Service) deliver(ctx context.Context, tx *sql.Tx, t *Ticket, ns []notify.Notification, now time.Time) error {
	if len(ns) == 0 {
		return nil
	}
	sendAt := now
	if len(t.Clocks) > 0 && t.Clocks[0].Schedule == sla.Kind5x8 {
		days, err := s.daysFor(ctx, now)
		if err != nil {
			return err
		}
		sendAt = slaClock(&t.Clocks[0], days).NextOpen(now)
	}
	for _, n := range ns {
		if !sendAt.After(now) {
			if err := s.notify.Send(ctx, tx, n); err != nil {
				return err
			}
			continue
		}
		if err := holdNotice(ctx, tx, t.ID, sendAt, n); err != nil {
			return err
		}
	}
	return nil
}

func holdNotice(ctx context.Context, tx *sql.Tx, id int64, at time.Time, n notify.Notification) error {
	payload, err := json.Marshal(n)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO ticket_held_notices (ticket_id, send_at, payload) VALUES ($1, $2, $3)`,
		id, sqldb.T(at), string(payload))
	return sqldb.Translate(err)
}

// DrainNotices sends the held notices whose time has come, each in its
// own transaction with a conditional update that claims it, so several
// servers draining at once send each notice once. It returns how many it
// sent. The app runs it every minute (see NewJobs).
func (s *Service) DrainNotices(ctx context.Context) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, payload FROM ticket_held_notices
		WHERE sent_at IS NULL AND send_at <= $1 ORDER BY id LIMIT 200`, sqldb.T(s.instant()))
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	type held struct {
		id      int64
		payload string
	}
	var due []held
	for rows.Next() {
		var h held
		if err := rows.Scan(&h.id, &h.payload); err != nil {
			rows.Close()
			return 0, sqldb.Translate(err)
		}
		due = append(due, h)
	}
	rows.Close()
	sent := 0
	for _, h := range due {
		var n notify.Notification
		if err := json.Unmarshal([]byte(h.payload), &n); err != nil {
			return sent, fmt.Errorf("held notice %d: %w", h.id, err)
		}
		claimed := false
		err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
			res, err := tx.ExecContext(ctx, `UPDATE ticket_held_notices SET sent_at = $2 WHERE id = $1 AND sent_at IS NULL`,
				h.id, sqldb.T(s.instant()))
			if err != nil {
				return sqldb.Translate(err)
			}
			if k, _ := res.RowsAffected(); k != 1 {
				return nil
			}
			claimed = true
			return s.notify.Send(ctx, tx, n)
		})
		if err != nil {
			return sent, err
		}
		if claimed {
			sent++
		}
	}
	return sent, nil
}

// selectHours returns the working hours set for org unit id, or "".
func selectHours(ctx context.Context, q sqldb.Querier, id int64) (string, error) {
	var h string
	err := q.QueryRowContext(ctx, `SELECT hours FROM ticket_hours WHERE org_unit_id = $1`, id).Scan(&h)
	if sqldb.NotFoundIf(err) {
		return "", nil
	}
	return h, sqldb.Translate(err)
}
