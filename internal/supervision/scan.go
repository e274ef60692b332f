package supervision

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/jobs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// OnLevelChange is the callback for casework.ScanDeadlines: it sends the
// warning (yellow) or overdue (red) notifications of ch inside tx, the
// scan's transaction, so that they exist exactly once per raise. It writes
// no audit event of its own: the case engine records the raise in tx.
func (s *Service) OnLevelChange(ctx context.Context, tx *sql.Tx, ch casework.LevelChange) error {
	for _, n := range levelNotices(ch) {
		if err := s.notify.Send(ctx, tx, n); err != nil {
			return fmt.Errorf("notify level %s of case %d: %w", ch.To, ch.Case.ID, err)
		}
	}
	return nil
}

// ScanOverdue announces, once each, the orders that passed their deadline
// without a reply: to the addressed department and the region's
// supervisors, with the audit event "supervision.overdue" by the system
// actor. A conditional update claims each announcement, so several servers
// scanning at once still send it once. It returns how many it announced.
func (s *Service) ScanOverdue(ctx context.Context) (int, error) {
	orders, err := overdueCandidates(ctx, s.db, s.today())
	if err != nil {
		return 0, err
	}
	done := 0
	for _, o := range orders {
		claimed := false
		err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
			ok, err := markOverdueNoticed(ctx, tx, o.ID, s.now())
			if err != nil || !ok {
				return err
			}
			claimed = true
			for _, n := range overdueNotices(o) {
				if err := s.notify.Send(ctx, tx, n); err != nil {
					return err
				}
			}
			return s.record(ctx, tx, "supervision.overdue", o, map[string]any{"deadline": o.Deadline.String()})
		})
		if err != nil {
			return done, fmt.Errorf("announce overdue order %d: %w", o.ID, err)
		}
		if claimed {
			done++
		}
	}
	return done, nil
}

// DeadlineScanner is the part of the case engine the scan job drives
// (*casework.Service satisfies it).
type DeadlineScanner interface {
	ScanDeadlines(ctx context.Context, onChange func(ctx context.Context, tx *sql.Tx, ch casework.LevelChange) error) (int, error)
}

var _ DeadlineScanner = (*casework.Service)(nil)

// ScanJobName is the lease name of the deadline scan.
const ScanJobName = "deadline-scan"

// ScanEvery is how often the deadline scan runs.
const ScanEvery = 2 * time.Minute

// NewScanJob returns the periodic deadline scan: every ScanEvery, on the one
// server holding the lease "deadline-scan", it raises case warning levels
// (notifying through sup.OnLevelChange) and announces overdue orders.
// holder names this server ("" for jobs.NewHolder()); now is the lease
// clock. The app starts it with go job.Run(ctx).
func NewScanJob(cases DeadlineScanner, sup *Service, db *sqldb.DB, holder string, log *slog.Logger,
	now func() time.Time) *jobs.Runner {
	run := func(ctx context.Context) error {
		raised, err := cases.ScanDeadlines(ctx, sup.OnLevelChange)
		if err != nil {
			return fmt.Errorf("scan case deadlines: %w", err)
		}
		overdue, err := sup.ScanOverdue(ctx)
		if raised+overdue > 0 && log != nil {
			log.InfoContext(ctx, "deadline scan", "cases_raised", raised, "orders_overdue", overdue)
		}
		return err
	}
	return jobs.NewRunner(db, jobs.Config{Name: ScanJobName, Holder: holder, Every: ScanEvery, Now: now, Log: log}, run)
}
