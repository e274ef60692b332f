package faults

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/history"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// snapshot is the engine's data as one read transaction saw it: every case
// that is not generated demo history (which has no audit events or outbox
// rows by design), with its steps, tasks, audit actions and outbox events.
type snapshot struct {
	cases   map[int64]*caseRow
	byNum   map[string]int64
	apps    map[int64]appRow
	outbox  []outboxRow
	blobs   map[string]bool
	licence map[int64]int
}

type caseRow struct {
	id, app, version     int64
	number               string
	status               int
	accepted, concluded  bool
	steps                []stepRow
	tasks                []string
	audit                map[string]int // case.<action> → count
	outbox               map[string]int // action → count
	applicant            int64
	noticeUser, noticeOr map[string]int // kind → notifications to the applicant / to departments (max per org)
}

type stepRow struct {
	action   string
	from, to int
}

type appRow struct {
	key   string
	cases int
}

type outboxRow struct {
	id                 int64
	subject, payload   string
	noticed, published bool
}

// readSnapshot reads db in one transaction (REPEATABLE READ on PostgreSQL;
// a SQLite transaction is a snapshot already).
func readSnapshot(ctx context.Context, db *sqldb.DB) (*snapshot, error) {
	var opts *sql.TxOptions
	if db.Dialect == sqldb.Postgres {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	s := &snapshot{cases: map[int64]*caseRow{}, byNum: map[string]int64{}, apps: map[int64]appRow{},
		blobs: map[string]bool{}, licence: map[int64]int{}}
	for _, read := range []func(context.Context, *sql.Tx) error{s.readCases, s.readSteps, s.readTasks, s.readAudit,
		s.readOutbox, s.readApps, s.readNotices, s.readBlobs, s.readLicences} {
		if err := read(ctx, tx); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// notGenerated leaves the generated demo history out.
var notGenerated = "NOT " + history.GeneratedSQL("cases", "c.id")

func (s *snapshot) readCases(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, `SELECT c.id, c.application_id, c.number, c.status, c.version, c.accepted_at IS NOT NULL,
		c.concluded_at IS NOT NULL, COALESCE(a.applicant_id, 0) FROM cases c JOIN applications a ON a.id = c.application_id
		WHERE `+notGenerated, func(r *sql.Rows) error {
		c := &caseRow{audit: map[string]int{}, outbox: map[string]int{}, noticeUser: map[string]int{},
			noticeOr: map[string]int{}}
		if err := r.Scan(&c.id, &c.app, &c.number, &c.status, &c.version, &c.accepted, &c.concluded, &c.applicant); err != nil {
			return err
		}
		s.cases[c.id], s.byNum[c.number] = c, c.id
		return nil
	})
}

func (s *snapshot) readSteps(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, `SELECT case_id, action, from_status, to_status FROM case_steps ORDER BY case_id, id`,
		func(r *sql.Rows) error {
			var id int64
			var st stepRow
			if err := r.Scan(&id, &st.action, &st.from, &st.to); err != nil {
				return err
			}
			if c := s.cases[id]; c != nil {
				c.steps = append(c.steps, st)
			}
			return nil
		})
}

func (s *snapshot) readTasks(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, `SELECT case_id, status FROM case_tasks ORDER BY id`, func(r *sql.Rows) error {
		var id int64
		var st string
		if err := r.Scan(&id, &st); err != nil {
			return err
		}
		if c := s.cases[id]; c != nil {
			c.tasks = append(c.tasks, st)
		}
		return nil
	})
}

func (s *snapshot) readAudit(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, `SELECT object_id, action FROM audit_events WHERE object_type = 'case'`, func(r *sql.Rows) error {
		var obj, act string
		if err := r.Scan(&obj, &act); err != nil {
			return err
		}
		id, _ := strconv.ParseInt(obj, 10, 64)
		if c := s.cases[id]; c != nil {
			c.audit[act]++
		}
		return nil
	})
}

func (s *snapshot) readOutbox(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, `SELECT id, subject, payload, noticed, published_at IS NOT NULL FROM outbox ORDER BY id`,
		func(r *sql.Rows) error {
			var o outboxRow
			var noticed int
			if err := r.Scan(&o.id, &o.subject, &o.payload, &noticed, &o.published); err != nil {
				return err
			}
			o.noticed = noticed != 0
			s.outbox = append(s.outbox, o)
			return nil
		})
}

func (s *snapshot) readApps(ctx context.Context, tx *sql.Tx) error {
	err := each(ctx, tx, `SELECT id, idempotency_key FROM applications`, func(r *sql.Rows) error {
		var id int64
		var a appRow
		if err := r.Scan(&id, &a.key); err != nil {
			return err
		}
		s.apps[id] = a
		return nil
	})
	if err != nil {
		return err
	}
	return each(ctx, tx, `SELECT application_id, COUNT(*) FROM cases GROUP BY application_id`, func(r *sql.Rows) error {
		var id int64
		var n int
		if err := r.Scan(&id, &n); err != nil {
			return err
		}
		a := s.apps[id]
		a.cases = n
		s.apps[id] = a
		return nil
	})
}

func (s *snapshot) readNotices(ctx context.Context, tx *sql.Tx) error {
	perOrg := map[string]int{}
	return each(ctx, tx, `SELECT case_id, kind, COALESCE(to_user_id, 0), COALESCE(to_org_id, 0) FROM notifications
		WHERE case_id IS NOT NULL`, func(r *sql.Rows) error {
		var id, user, org int64
		var kind string
		if err := r.Scan(&id, &kind, &user, &org); err != nil {
			return err
		}
		c := s.cases[id]
		switch {
		case c == nil:
		case user != 0 && user == c.applicant:
			c.noticeUser[kind]++
		case org != 0:
			k := fmt.Sprintf("%d %s %d", id, kind, org)
			perOrg[k]++
			c.noticeOr[kind] = max(c.noticeOr[kind], perOrg[k])
		}
		return nil
	})
}

func (s *snapshot) readBlobs(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, `SELECT hash FROM blobs`, func(r *sql.Rows) error {
		var h string
		if err := r.Scan(&h); err != nil {
			return err
		}
		s.blobs[h] = true
		return nil
	})
}

func (s *snapshot) readLicences(ctx context.Context, tx *sql.Tx) error {
	return each(ctx, tx, `SELECT case_id FROM licences`, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		s.licence[id]++
		return nil
	})
}

// each runs query and calls fn for every row.
func each(ctx context.Context, tx *sql.Tx, query string, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query)
	if err != nil {
		return fmt.Errorf("%s: %w", query, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
