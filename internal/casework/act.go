package casework

import (
	"context"
	"slices"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// act runs fn on the locked case in one transaction and returns the case
// row as committed (not its tasks, pauses, record or clock: Get gives the
// full view, and the API and pages call it). fn authorises first; any
// error leaves nothing behind.
func (s *Service) act(ctx context.Context, id, version int64, fn func(tx *txn, c *Case) error) (Case, error) {
	if _, err := access.Require(ctx); err != nil {
		return Case{}, err
	}
	var c Case
	err := s.inTx(ctx, func(tx *txn) error {
		var err error
		if c, err = lockCase(ctx, tx, s.db.Dialect, id, version, s.now()); err != nil {
			return err
		}
		tx.touch(&c) // the version always advances
		return fn(tx, &c)
	})
	if err != nil {
		return Case{}, err
	}
	// The row as flushed: every change to it was made on c (see writeCase).
	c.Tasks, c.Pauses, c.Consultations = nil, nil, nil
	s.after(ctx, c)
	return c, nil
}

// after tells the After hook of a committed change to c.
func (s *Service) after(ctx context.Context, c Case) {
	if s.afterHook != nil {
		s.afterHook(ctx, c)
	}
}

// stageItem finds the case's item in the flow version the case started on.
func (s *Service) stageItem(ctx context.Context, c *Case) (catalog.StageItem, error) {
	flow, err := s.flow(ctx, c.FlowID)
	if err != nil {
		return catalog.StageItem{}, err
	}
	for _, st := range flow.Stages {
		if st.No != c.StageNo {
			continue
		}
		for _, si := range st.Items {
			if si.ItemCode == c.ItemCode {
				return si, nil
			}
		}
	}
	return catalog.StageItem{}, errs.Ef(errs.Internal, "flow %d lacks item %s", c.FlowID, c.ItemCode)
}

// departmentsOf lists the reviewing departments, the item's lead first.
func departmentsOf(si catalog.StageItem) []string {
	out := []string{}
	if si.Item.LeadFunction != "" {
		out = append(out, si.Item.LeadFunction)
	}
	for _, fn := range si.Departments {
		if !slices.Contains(out, fn) {
			out = append(out, fn)
		}
	}
	return out
}

// conclude stamps the end of a case: pending tasks are cancelled and an open
// pause is closed, so that the clock and the task list tell the truth.
func (s *Service) conclude(ctx context.Context, tx *txn, c *Case, conclusion string) error {
	tx.write(`UPDATE case_tasks SET status = 'cancelled' WHERE case_id = $1 AND status = 'pending'`, c.ID)
	if err := s.closePause(ctx, tx, c, "办件终结"); err != nil {
		return err
	}
	c.ConcludedAt, c.Conclusion, c.PausedSince, c.ReadyToConclude = s.now().UTC().Truncate(time.Microsecond), conclusion, time.Time{}, false
	tx.touch(c)
	return nil
}

// closePause ends the open pause of c, if any, recording its working days
// and adding them to the case so the deadline moves back accordingly.
func (s *Service) closePause(ctx context.Context, tx *txn, c *Case, outcome string) error {
	for _, p := range c.Pauses {
		if !p.EndedAt.IsZero() {
			continue
		}
		days := 0
		if c.Accepted() && !p.StartedAt.Before(c.AcceptedAt) {
			n, err := pausedWorkdays(ctx, s.cal, p.StartedAt, s.now())
			if err != nil {
				return err
			}
			days = n
		}
		tx.write(`UPDATE case_pauses SET ended_at = $2, workdays = $3, outcome = $4 WHERE id = $1`,
			p.ID, sqldb.T(s.now()), days, outcome)
		return s.addPausedDays(ctx, tx, c, days)
	}
	return nil
}

// addPausedDays pushes the deadline back by days and clears paused_since.
func (s *Service) addPausedDays(ctx context.Context, tx *txn, c *Case, days int) error {
	c.PausedDays += days
	c.PausedSince = time.Time{}
	tx.touch(c)
	if !c.Accepted() {
		return nil
	}
	dl, err := Deadline(ctx, s.cal, c.StartDay, c.LimitDays, c.PausedDays)
	if err != nil {
		return err
	}
	c.Deadline, c.DeadlineProvisional = dl.Date, dl.Provisional
	return nil
}

// openPause starts a pause; after acceptance it stops the clock.
func (s *Service) openPause(ctx context.Context, tx *txn, c *Case, p Pause) error {
	items, err := jsonText(orEmptyFix(p.Items))
	if err != nil {
		return err
	}
	now := sqldb.T(s.now())
	tx.write(`INSERT INTO case_pauses (case_id, kind, reason, items, special_kind, expected_days, started_at)
		VALUES ($1,$2,$3,$4,$5,$6,$7)`, c.ID, p.Kind, p.Reason, items, p.SpecialKind, p.ExpectedDays, now)
	if c.Accepted() {
		c.PausedSince = s.now().UTC().Truncate(time.Microsecond)
		tx.touch(c)
	}
	return nil
}
