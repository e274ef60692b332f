package ticket

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/jobs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// ScanResult counts what one scan did.
type ScanResult struct {
	Warned, Breached, Recomputed int
}

// ScanClocks brings every running clock up to date at now, each ticket in
// its own transaction by the system actor:
//   - when the working-day calendar was corrected since the deadline was
//     computed, the new deadline is stored with event "recompute" and the
//     audit event "ticket.recompute" (closed tickets are never touched,
//     case 22);
//   - a clock past its warning instant logs "warn" once and notifies;
//   - a clock that has used more than its target logs "breach" once and
//     notifies (5x8 notices outside business hours wait for DrainNotices);
//   - each escalation level (Config.Escalations) whose instant has passed
//     logs "escalate" (detail: the offset) once per clock and level, and
//     notifies the region's operations engineers in the same transaction.
//
// A conditional update on the ticket row makes concurrent scans and user
// actions safe: the loser of a race leaves the ticket to the next scan.
func (s *Service) ScanClocks(ctx context.Context) (ScanResult, error) {
	var res ScanResult
	ids, err := runningTickets(ctx, s.db)
	if err != nil {
		return res, err
	}
	ctx = audit.WithActor(ctx, audit.Actor{Kind: audit.ActorSystem, Name: "system"})
	for _, id := range ids {
		err := s.db.WithTx(ctx, func(tx *sql.Tx) error { return s.scanOne(ctx, tx, id, &res) })
		if err != nil && !isConflict(err) {
			return res, fmt.Errorf("scan ticket %d: %w", id, err)
		}
	}
	return res, nil
}

func runningTickets(ctx context.Context, q sqldb.Querier) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT ticket_id FROM ticket_clocks WHERE state = 'running' ORDER BY ticket_id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, sqldb.Translate(err)
		}
		ids = append(ids, id)
	}
	return ids, sqldb.Translate(rows.Err())
}

// scanOne updates one ticket's clocks in tx.
func (s *Service) scanOne(ctx context.Context, tx *sql.Tx, id int64, res *ScanResult) error {
	t, err := selectTicket(ctx, tx, id)
	if err != nil || !t.Status.Open() || t.Status.Paused() {
		return err
	}
	ch, err := s.begin(ctx, tx, &t, "系统计时")
	if err != nil {
		return err
	}
	before := make([]time.Time, len(t.Clocks))
	for i := range t.Clocks {
		before[i] = t.Clocks[i].DueAt
	}
	s.settle(ch)
	var detail []string
	for i := range t.Clocks {
		c := &t.Clocks[i]
		if c.Stopped() || c.Target <= 0 {
			continue
		}
		if !before[i].IsZero() && !c.DueAt.Equal(before[i]) {
			ch.event(c, "recompute", before[i].UTC().Format(time.RFC3339)+" → "+c.DueAt.UTC().Format(time.RFC3339))
			detail = append(detail, c.Metric)
			res.Recomputed++
		}
		if !c.Warned && !ch.now.Before(c.WarnAt) {
			c.Warned = true
			ch.event(c, "warn", "")
			ch.notices = append(ch.notices, clockNotice(&t, c, "warn"))
			res.Warned++
		}
		if !c.Breached && c.UsedSeconds > int64(c.Target)*60 {
			c.Breached = true
			ch.event(c, "breach", "")
			ch.notices = append(ch.notices, clockNotice(&t, c, "breach"))
			res.Breached++
		}
	}
	if err := s.escalate(ctx, tx, ch); err != nil {
		return err
	}
	if len(ch.events) == 0 {
		return nil // nothing happened: no write, no audit event
	}
	t.UpdatedAt = ch.now
	action := "ticket.clock"
	if len(detail) > 0 {
		action = "ticket.recompute"
	}
	return s.flush(ctx, tx, ch, action, map[string]any{"events": len(ch.events), "recomputed": detail})
}

func isConflict(err error) bool { return errs.Is(err, errs.Conflict) }

// JobName is the lease name of the ticket clock job.
const JobName = "ticket-clocks"

// JobEvery is how often the ticket clock job runs.
const JobEvery = time.Minute

// NewJob returns the periodic ticket job: every JobEvery, on the one
// server holding the lease "ticket-clocks", it runs ScanClocks and then
// DrainNotices. holder names this server ("" for jobs.NewHolder()); now is
// the lease clock. The app starts it with go job.Run(ctx).
func NewJob(svc *Service, db *sqldb.DB, holder string, log *slog.Logger, now func() time.Time) *jobs.Runner {
	run := func(ctx context.Context) error {
		res, err := svc.ScanClocks(ctx)
		if err != nil {
			return err
		}
		sent, err := svc.DrainNotices(ctx)
		if log != nil && res.Warned+res.Breached+res.Recomputed+sent > 0 {
			log.InfoContext(ctx, "ticket clocks", "warned", res.Warned, "breached", res.Breached,
				"recomputed", res.Recomputed, "notices_sent", sent)
		}
		return err
	}
	return jobs.NewRunner(db, jobs.Config{Name: JobName, Holder: holder, Every: JobEvery, Now: now, Log: log}, run)
}

// escalate logs and announces the escalation levels of ch's running
// clocks that have come and were not logged before.
func (s *Service) escalate(ctx context.Context, tx *sql.Tx, ch *change) error {
	if len(s.cfg.Escalations) == 0 {
		return nil
	}
	logged, err := selectClockEvents(ctx, tx, ch.t.ID)
	if err != nil {
		return err
	}
	done := map[string]bool{}
	for _, e := range logged {
		if e.Event == "escalate" {
			done[e.Metric+" "+e.Detail] = true
		}
	}
	for i := range ch.t.Clocks {
		c := &ch.t.Clocks[i]
		if c.Stopped() || c.Target <= 0 {
			continue
		}
		for _, l := range c.escalations(s.cfg.Escalations, ch.days) {
			key := strconv.Itoa(l.Offset)
			if ch.now.Before(l.At) || done[c.Metric+" "+key] {
				continue
			}
			done[c.Metric+" "+key] = true
			ch.event(c, "escalate", key)
			ch.notices = append(ch.notices, escalationNotice(ch.t, c, l.Offset))
		}
	}
	return nil
}
