package exchange

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Batch sizes of one Relay run (the outbox's are in relay_enqueue.go).
const (
	sendBatch  = 100  // records read per round
	sendPerRun = 5000 // records sent at most
	// DefaultSendTime bounds a run's sending: a slow upper system (a
	// second a record) would otherwise keep one run sending for many
	// minutes, and the outbox events committed meanwhile would wait
	// unmapped for the next run. A round under way stops after the record
	// it is sending.
	DefaultSendTime = 20 * time.Second
	sweepBatch      = 100 // cases re-read because their licence appeared
	markTimeout     = 10 * time.Second
	caseSubjects    = "gongai.case."
)

// Relay is the exchange job; the app runs it under a lease (one instance at
// a time), every few seconds. One run: applies the receipts waiting, turns
// new outbox events into queued records (flipping outbox.published_at in
// the same transaction), re-reads cases whose licence was issued after
// their conclusion was queued, then sends the due records in queue order
// and applies the receipts that came back. It returns how many records it
// sent plus how many receipts it applied. A transport failure leaves the
// record failed (SJSCZT 2, SBYY the error) with its next attempt after an
// exponential backoff, stops the run and is returned; records are never
// lost, and re-sending one is harmless (same message id).
func (s *Service) Relay(ctx context.Context) (int, error) {
	got, err := s.drainReceipts(ctx)
	if err != nil {
		return got, err
	}
	queued, err := s.Enqueue(ctx)
	if err != nil {
		return got, err
	}
	swept, err := s.sweepLicences(ctx)
	if err != nil {
		return got, err
	}
	queued += swept
	if queued > 0 {
		s.log.InfoContext(ctx, "exchange records queued", "count", queued)
	}
	sent, err := s.send(ctx)
	if err != nil {
		return got + sent, err
	}
	more, err := s.drainReceipts(ctx)
	return got + sent + more, err
}

// syncCase queues every record of case number whose content is new or
// changed, parents first, and returns how many it queued.
func (s *Service) syncCase(ctx context.Context, tx *sql.Tx, number string, outboxID int64) (int, error) {
	drafts, err := caseDrafts(ctx, tx, number)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range drafts {
		rev, dig, err := latest(ctx, tx, d.Table, d.DFSJZJ)
		if err != nil {
			return n, err
		}
		next := digest(d.Fields, d.Valid, d.Why)
		if next == dig {
			continue
		}
		if err := insertQueued(ctx, tx, d, rev+1, next, outboxID, s.now()); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// sweepLicences re-reads the cases whose electronic licence was issued
// after their conclusion was queued (the licence is issued after the
// engine's transaction), so the 批复文件 record carries the licence.
func (s *Service) sweepLicences(ctx context.Context) (int, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT l.case_number FROM licences l
		WHERE NOT EXISTS (SELECT 1 FROM exchange_records r WHERE r.table_name = $1 AND r.ref = l.number)
		AND EXISTS (SELECT 1 FROM exchange_records r WHERE r.table_name = $2 AND r.dfsjzj = l.case_number)
		ORDER BY l.id LIMIT $3`, TableResult, TableInstance, sweepBatch)
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	var numbers []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			rows.Close()
			return 0, sqldb.Translate(err)
		}
		numbers = append(numbers, n)
	}
	rows.Close()
	total := 0
	for _, number := range numbers {
		err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
			n, err := s.syncCase(ctx, tx, number, 0)
			total += n
			return err
		})
		if err != nil {
			return total, err
		}
	}
	return total, sqldb.Translate(rows.Err())
}

// send delivers the due records in queue order and returns how many went
// out. Within a round, a chain whose record was rejected is held, so that
// nothing of a project overtakes a record the upper system refused. The
// outcomes of a round are recorded together in one transaction when the
// round ends or a send fails; should the relay die before that, the
// records go again next run, which is harmless (same message id).
func (s *Service) send(ctx context.Context) (int, error) {
	if s.transport == nil {
		return 0, nil
	}
	n, until := 0, time.Now().Add(s.sendTime)
	for n < sendPerRun && time.Now().Before(until) {
		batch, err := sendable(ctx, s.db, s.now(), min(sendBatch, sendPerRun-n))
		if err != nil || len(batch) == 0 {
			return n, err
		}
		k, err := s.sendRound(ctx, batch, until)
		n += k
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// sendRound sends batch, in order, until the time until, and records the
// outcomes; it returns how many went out.
func (s *Service) sendRound(ctx context.Context, batch []Queued, until time.Time) (int, error) {
	var done []sentRecord
	held := map[string]bool{}
	var failed error
	for _, q := range batch {
		if time.Now().After(until) {
			break // the rest go next run, in the same order
		}
		if held[q.Chain] {
			continue
		}
		rc, err := s.transport.Send(ctx, q.Record())
		if err != nil {
			failed = s.sendFailed(ctx, q, err)
			break
		}
		done = append(done, sentRecord{q.ID, rc})
		if rc.SJSCZT == StateRejected {
			held[q.Chain] = true
		}
	}
	if err := s.markAllSent(ctx, done); err != nil {
		return 0, errors.Join(failed, err)
	}
	return len(done), failed
}

// sentRecord is a record sent and the receipt the transport gave.
type sentRecord struct {
	id int64
	rc Receipt
}

// markAllSent records the outcomes of sent in one transaction. It goes on
// when ctx is cancelled (the lease lost, the server stopping), for up to
// markTimeout: the records did go out, and the queue should say so rather
// than send them again.
func (s *Service) markAllSent(ctx context.Context, sent []sentRecord) error {
	if len(sent) == 0 {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
	defer cancel()
	now := s.now()
	return s.db.WithTx(ctx, func(tx *sql.Tx) error {
		for _, r := range sent {
			if _, err := markSent(ctx, tx, r.id, r.rc, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// sendFailed records a failed send for a retry after the backoff, unless
// the run itself was cancelled (the record simply stays as it was).
func (s *Service) sendFailed(ctx context.Context, q Queued, cause error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	next := s.now().Add(s.backoff.after(q.Attempts + 1))
	if err := markFailed(ctx, s.db, q.ID, s.transport.Name()+"："+cause.Error(), next); err != nil {
		return errors.Join(cause, err)
	}
	return fmt.Errorf("exchange: send %s via %s: %w", q.Key, s.transport.Name(), cause)
}

// drainReceipts applies the receipts waiting at the ReceiptSource.
func (s *Service) drainReceipts(ctx context.Context) (int, error) {
	if s.receipts == nil {
		return 0, nil
	}
	return s.receipts.Drain(ctx, func(ctx context.Context, rc Receipt) error {
		if rc.SJSCZT != StateAccepted && rc.SJSCZT != StateRejected {
			return nil // not a receipt we understand: acknowledge and drop it
		}
		_, err := applyReceipt(ctx, s.db, rc, s.now())
		return err
	})
}
