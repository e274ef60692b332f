package exchange

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/history"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// How much of the outbox one Relay run maps. A run keeps reading batches
// while the last one was full, so that a burst (10,000 operations leave
// 10,000 events) drains in a few runs rather than at one batch per run;
// the budget bounds a run so that sending and receipts are not put off
// for long. Events are mapped a group per transaction: on SQLite, whose
// commits wait for the disk (synchronous=FULL), a transaction per event
// made the commits most of the cost.
const (
	outboxBatch  = 200  // events read at a time
	outboxGroup  = 50   // events mapped in one transaction
	outboxPerRun = 5000 // events mapped at most in one run
)

// outboxEvent is an unpublished row of the outbox.
type outboxEvent struct {
	id               int64
	subject, payload string
}

// Enqueue turns unpublished outbox events, oldest first and at most
// outboxPerRun, into queued records and returns how many records it
// queued. The transaction that queues an event's records also sets its
// published_at, so an event is mapped once even if the relay dies midway.
// Events about a case that no longer exists, and other subjects, are
// marked published and skipped. An event that fails stops the run with
// the events before it published and it and the later ones not.
func (s *Service) Enqueue(ctx context.Context) (int, error) {
	total := 0
	for seen := 0; seen < outboxPerRun; {
		evs, err := s.pendingEvents(ctx, min(outboxBatch, outboxPerRun-seen))
		if err != nil {
			return total, err
		}
		for g := 0; g < len(evs); g += outboxGroup {
			n, err := s.enqueueGroup(ctx, evs[g:min(g+outboxGroup, len(evs))])
			total += n
			if err != nil {
				return total, err
			}
		}
		seen += len(evs)
		if len(evs) < outboxBatch {
			break
		}
	}
	return total, nil
}

// pendingEvents reads up to limit unpublished outbox events in id order.
func (s *Service) pendingEvents(ctx context.Context, limit int) ([]outboxEvent, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, subject, payload FROM outbox WHERE published_at IS NULL
		ORDER BY id LIMIT $1`, limit)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var evs []outboxEvent
	for rows.Next() {
		var e outboxEvent
		if err := rows.Scan(&e.id, &e.subject, &e.payload); err != nil {
			return nil, sqldb.Translate(err)
		}
		evs = append(evs, e)
	}
	return evs, sqldb.Translate(rows.Err())
}

// enqueueGroup maps evs in one transaction and returns how many records
// it queued. When one event fails it takes the group back with it; the
// group is then mapped again an event per transaction, so that the events
// before the failing one are published and the error names it.
func (s *Service) enqueueGroup(ctx context.Context, evs []outboxEvent) (int, error) {
	n := 0
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		n = 0
		synced := map[string]bool{}
		for _, e := range evs {
			k, err := s.enqueueEvent(ctx, tx, e, synced)
			if err != nil {
				return fmt.Errorf("outbox %d: %w", e.id, err)
			}
			n += k
		}
		return nil
	})
	if err == nil || len(evs) == 1 || ctx.Err() != nil {
		return n, err
	}
	total := 0
	for _, e := range evs {
		k, err := s.enqueueGroup(ctx, []outboxEvent{e})
		total += k
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// enqueueEvent publishes e in tx and queues the records of its case that
// are new or changed. synced holds the cases this transaction has synced
// already: a second event about one of them finds nothing new, since the
// first sync ran after both events were committed (they were read from
// the outbox before it), so it is only published.
func (s *Service) enqueueEvent(ctx context.Context, tx *sql.Tx, e outboxEvent, synced map[string]bool) (int, error) {
	res, err := tx.ExecContext(ctx, `UPDATE outbox SET published_at = $2 WHERE id = $1 AND published_at IS NULL`,
		e.id, sqldb.T(s.now()))
	if claimed, err := affected(res, err); err != nil || !claimed {
		return 0, err
	}
	if !strings.HasPrefix(e.subject, caseSubjects) {
		return 0, nil
	}
	var ev casework.OutboxEvent
	if err := json.Unmarshal([]byte(e.payload), &ev); err != nil || ev.CaseNumber == "" {
		s.log.WarnContext(ctx, "exchange: unreadable outbox event skipped", "outbox_id", e.id)
		return 0, nil
	}
	if synced[ev.CaseNumber] {
		return 0, nil
	}
	synced[ev.CaseNumber] = true
	var generated bool // demo history never leaves the system
	err = tx.QueryRowContext(ctx, `SELECT COUNT(*) > 0 FROM cases c WHERE c.number = $1 AND `+
		history.GeneratedSQL("cases", "c.id"), ev.CaseNumber).Scan(&generated)
	if err != nil || generated {
		return 0, sqldb.Translate(err)
	}
	n, err := s.syncCase(ctx, tx, ev.CaseNumber, e.id)
	if errs.Is(err, errs.NotFound) {
		s.log.WarnContext(ctx, "exchange: event of a missing case skipped", "outbox_id", e.id, "case", ev.CaseNumber)
		return 0, nil
	}
	return n, err
}
