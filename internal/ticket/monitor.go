package ticket

import (
	"context"
	"database/sql"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Alert is a failing health check or a firing indicator alert.
type Alert struct {
	Key        string   // stable identity, e.g. "health:db" or "indicator:overdue_rate:511702"
	Title      string   // e.g. "数据库健康检查失败"
	Detail     string   // what was observed
	Severity   Severity // severity of a new ticket
	Subsystem  string
	RegionCode string // "" = 511700
}

// OpenOrUpdate is how monitoring opens tickets by itself, deduplicated by
// Alert.Key: while a ticket of that key is not closed, a repeated alert
// adds to its alert count and history (a resolved one is reopened, the
// problem having come back); otherwise a new fault opens with channel
// "monitor", reporter "监控系统", and is routed like any other. It runs as
// the system actor and needs no principal: callers are in-process jobs and
// packages, never a request. It reports whether it opened a new ticket.
// Errors: Invalid for an alert without key, title or valid severity;
// Unavailable/Internal.
func (s *Service) OpenOrUpdate(ctx context.Context, a Alert) (Ticket, bool, error) {
	a.Key, a.Title = strings.TrimSpace(a.Key), strings.TrimSpace(a.Title)
	if a.Key == "" || a.Title == "" || !a.Severity.Valid() {
		return Ticket{}, false, errs.E(errs.Invalid, "告警须有标识、标题和有效级别。")
	}
	if a.RegionCode == "" {
		a.RegionCode = "511700"
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: audit.ActorSystem, Name: "monitor"})
	id, err := openAlertTicket(ctx, s.db, a.Key)
	if err != nil {
		return Ticket{}, false, err
	}
	if id == 0 {
		t, err := s.openAlert(ctx, a)
		if errs.Is(err, errs.Conflict) { // another server opened it first
			return s.OpenOrUpdate(ctx, a)
		}
		return t, err == nil, err
	}
	t, err := s.repeatAlert(ctx, id, a)
	return t, false, err
}

func (s *Service) openAlert(ctx context.Context, a Alert) (Ticket, error) {
	in := OpenInput{Kind: Fault, Severity: a.Severity, Title: a.Title, Content: a.Detail, Channel: "monitor",
		ReporterName: "监控系统", RegionCode: a.RegionCode, Subsystem: a.Subsystem, AlertKey: a.Key}
	if in.Content == "" {
		in.Content = a.Title
	}
	t, _, err := s.newTicket(ctx, nil, in)
	if err != nil {
		return Ticket{}, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error { return s.insertNew(ctx, tx, &t, "") })
	return t, err
}

// repeatAlert counts a repeated alert on ticket id, reopening it when it
// was resolved.
func (s *Service) repeatAlert(ctx context.Context, id int64, a Alert) (Ticket, error) {
	var out Ticket
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		t, err := selectTicket(ctx, tx, id)
		if err != nil {
			return err
		}
		ch, err := s.begin(ctx, tx, &t, "告警再次触发")
		if err != nil {
			return err
		}
		t.AlertCount++
		if t.Status == StatusResolved {
			t.ReopenCount++
			ch.newPause = &Pause{Kind: "resolved", Reason: "告警再次触发", StartedAt: t.ResolvedAt, EndedAt: ch.now}
			t.Status, t.ResolvedAt = StatusInProgress, timeZero
			if c, ok := t.Clock(MetricResolution); ok {
				c.StoppedAt = timeZero
				ch.after = append(ch.after, func() { ch.event(c, "activate", "告警再次触发") })
			}
		}
		s.settle(ch)
		t.UpdatedAt = ch.now
		ch.history("监控系统", a.Detail)
		out = t
		return s.flush(ctx, tx, ch, "ticket.alert", map[string]any{"key": a.Key, "count": t.AlertCount})
	})
	return out, err
}

// openAlertTicket returns the not-closed ticket of key, or 0.
func openAlertTicket(ctx context.Context, q sqldb.Querier, key string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM tickets WHERE alert_key = $1 AND status <> 'closed'`, key).Scan(&id)
	if sqldb.NotFoundIf(err) {
		return 0, nil
	}
	return id, sqldb.Translate(err)
}
