package ticket

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
)

// change collects what one action writes besides the ticket row: clock
// events, a history line, pause rows and notices.
type change struct {
	t         *Ticket
	now       time.Time
	days      sla.Table
	pauses    []Pause
	action    string
	events    []ClockEvent
	lines     []HistoryEntry
	newPause  *Pause
	endPause  bool
	notices   []notify.Notification
	prevStamp time.Time
	// after runs once the pauses are final and the clocks recomputed:
	// stopping clocks and logging events that show the new deadlines.
	after []func()
}

// event logs a clock event of c at the change's time.
func (ch *change) event(c *Clock, name, detail string) {
	ch.events = append(ch.events, ClockEvent{Metric: c.Metric, Event: name, At: ch.now, Target: c.Target,
		UsedSeconds: c.UsedSeconds, DueAt: c.DueAt, Detail: detail})
}

func (ch *change) history(actor, note string) {
	ch.lines = append(ch.lines, HistoryEntry{At: ch.now, ActorName: actor, Action: ch.action, Note: note})
}

// flush writes everything of ch in tx, and the audit event.
func (s *Service) flush(ctx context.Context, tx *sql.Tx, ch *change, auditAction string, detail any) error {
	t := ch.t
	if !ch.prevStamp.IsZero() {
		ok, err := updateTicket(ctx, tx, t, ch.prevStamp)
		if err != nil {
			return err
		}
		if !ok {
			return errs.E(errs.Conflict, "工单刚刚被其他人修改，请刷新后重试。")
		}
	}
	if ch.endPause {
		if err := endPause(ctx, tx, t.ID, ch.now); err != nil {
			return err
		}
	}
	if ch.newPause != nil {
		if err := insertPause(ctx, tx, t.ID, *ch.newPause); err != nil {
			return err
		}
	}
	for i := range t.Clocks {
		if err := upsertClock(ctx, tx, t.ID, &t.Clocks[i]); err != nil {
			return err
		}
	}
	for _, e := range ch.events {
		if err := insertClockEvent(ctx, tx, t.ID, e); err != nil {
			return err
		}
	}
	for _, h := range ch.lines {
		if err := insertHistory(ctx, tx, t.ID, h); err != nil {
			return err
		}
	}
	if err := s.deliver(ctx, tx, t, ch.notices, ch.now); err != nil {
		return err
	}
	return s.record(ctx, tx, auditAction, t, detail)
}

// mutate runs one action on ticket id: it authorises TicketWork in the
// ticket's region, loads the ticket and its pauses, lets apply change them
// (apply returns the audit detail), recomputes the clocks and writes it all
// in one transaction. Errors: Unauthenticated; Forbidden; NotFound;
// whatever apply returns; Conflict when someone changed the ticket first.
func (s *Service) mutate(ctx context.Context, id int64, action, auditAction string,
	apply func(ch *change) (any, error)) (Ticket, error) {
	if _, err := access.Authorize(ctx, access.TicketWork, ""); err != nil {
		return Ticket{}, err
	}
	var out Ticket
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		t, err := selectTicket(ctx, tx, id)
		if err != nil {
			return err
		}
		if _, err := access.Authorize(ctx, access.TicketWork, t.RegionCode); err != nil {
			return err
		}
		ch, err := s.begin(ctx, tx, &t, action)
		if err != nil {
			return err
		}
		detail, err := apply(ch)
		if err != nil {
			return err
		}
		s.settle(ch)
		t.UpdatedAt = ch.now
		if err := s.flush(ctx, tx, ch, auditAction, detail); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// begin prepares the change of t at now.
func (s *Service) begin(ctx context.Context, tx *sql.Tx, t *Ticket, action string) (*change, error) {
	pauses, err := selectPauses(ctx, tx, t.ID)
	if err != nil {
		return nil, err
	}
	days, err := s.daysFor(ctx, t.OpenedAt)
	if err != nil {
		return nil, err
	}
	now := s.instant()
	if now.Before(t.UpdatedAt) {
		now = t.UpdatedAt // a clock never runs backwards across servers
	}
	return &change{t: t, now: now, days: days, pauses: pauses, action: action, prevStamp: t.UpdatedAt}, nil
}

// settle recomputes every running clock after the action, with the
// pause rows as they will be written.
func (s *Service) settle(ch *change) {
	pauses := append([]Pause(nil), ch.pauses...)
	if ch.endPause {
		for i := range pauses {
			if pauses[i].EndedAt.IsZero() {
				pauses[i].EndedAt = ch.now
			}
		}
	}
	if ch.newPause != nil {
		pauses = append(pauses, *ch.newPause)
	}
	ch.pauses = pauses
	incomplete := false
	for i := range ch.t.Clocks {
		if len(ch.t.Clocks[i].refresh(pauses, ch.t.Status.Paused(), ch.now, ch.days, s.cfg.WarnShare)) > 0 {
			incomplete = true
		}
	}
	ch.t.CalendarIncomplete = ch.t.CalendarIncomplete || incomplete
	for _, fn := range ch.after {
		fn()
	}
}

// stopClock stops clock metric of ch's ticket, logging breach (when late
// and not yet logged) and fulfil.
func (ch *change) stopClock(metric string) {
	c, ok := ch.t.Clock(metric)
	if !ok || c.Stopped() {
		return
	}
	wasBreached := c.Breached
	c.stop(ch.pauses, ch.now, ch.days)
	if c.Breached && !wasBreached {
		ch.event(c, "breach", "")
	}
	ch.event(c, "fulfil", c.State)
}
