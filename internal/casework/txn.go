package casework

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// txn is an engine transaction: the SQL transaction plus the rows every
// transition adds — processing steps, outbox rows and audit events — which
// flush writes together just before commit. Writing them last keeps the
// audit chain's tip (a single row every audited transaction must lock)
// locked only for the end of the transaction, so that concurrent actions
// on different cases overlap instead of queueing for the whole of each
// other's work.
type txn struct {
	*sql.Tx
	// writes are the action's own statements on rows that nothing reads
	// later in the transaction (tasks, pauses, consultations of the locked
	// case), in the order the action made them; flush sends them with the
	// rest, which on PostgreSQL saves a round trip each.
	writes []sqldb.Stmt
	steps  [][]any
	outbox [][]any
	audit  []audit.Entry
	// cases changed in memory; flush writes each one's row once.
	cases []*Case
	// at is the time of the action, stored as the cases' updated_at.
	at time.Time
}

// touch marks c as changed: flush writes its mutable columns.
func (tx *txn) touch(c *Case) {
	for _, x := range tx.cases {
		if x == c {
			return
		}
	}
	tx.cases = append(tx.cases, c)
}

// write queues a statement for flush. Only for rows under the case lock
// that the action does not read back: its error surfaces at flush, still
// inside the transaction, so the action fails as a whole either way.
func (tx *txn) write(sql string, args ...any) {
	tx.writes = append(tx.writes, sqldb.Stmt{SQL: sql, Args: args})
}

// inTx runs fn in a transaction and flushes its rows before commit.
func (s *Service) inTx(ctx context.Context, fn func(tx *txn) error) error {
	return s.db.WithTx(ctx, func(sqlTx *sql.Tx) error {
		tx := &txn{Tx: sqlTx}
		if err := fn(tx); err != nil {
			return err
		}
		return s.flush(ctx, tx)
	})
}

// flush writes the queued statements, the changed case rows, the steps, the outbox rows and the
// audit events. The audit tip is advanced (and locked) first; everything
// else then goes in one batch, which on PostgreSQL is one round trip.
func (s *Service) flush(ctx context.Context, tx *txn) error {
	stmts := tx.writes
	for i, c := range tx.cases {
		for _, x := range tx.cases[:i] {
			if x.ID == c.ID { // the later copy would undo the earlier's changes
				return errs.Ef(errs.Internal, "case %d changed through two copies in one transaction", c.ID)
			}
		}
		st, err := caseRow(c, tx.at)
		if err != nil {
			return err
		}
		stmts = append(stmts, st)
	}
	if len(tx.steps) > 0 {
		stmts = append(stmts, rowsStmt(`INSERT INTO case_steps (case_id, action, from_status, to_status, actor_id,
		actor_name, org_unit_id, opinion, detail, occurred_at) VALUES `, tx.steps))
	}
	if len(tx.outbox) > 0 {
		stmts = append(stmts, rowsStmt(`INSERT INTO outbox (subject, payload, created_at) VALUES `, tx.outbox))
	}
	auditStmts, err := s.rec.Reserve(ctx, tx, tx.audit)
	if err != nil {
		return err
	}
	stmts = append(stmts, auditStmts...)
	if s.flushed != nil {
		s.flushed(stmts)
	}
	return s.db.ExecAll(ctx, tx.Tx, stmts)
}

// rowsStmt is one multi-row INSERT of rows (each the same number of
// values) whose VALUES list it builds.
func rowsStmt(head string, rows [][]any) sqldb.Stmt {
	var b strings.Builder
	b.WriteString(head)
	args := make([]any, 0, len(rows)*len(rows[0]))
	for i, row := range rows {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(")
		for j := range row {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(&b, "$%d", len(args)+j+1)
		}
		b.WriteString(")")
		args = append(args, row...)
	}
	return sqldb.Stmt{SQL: b.String(), Args: args}
}

// caseRow is the UPDATE storing the mutable columns of c as they are in
// memory, its version included (lockCase advanced it). Every action changes
// the case it locked through its fields, so one statement writes all of an
// action's changes, however many steps it took.
func caseRow(c *Case, at time.Time) (sqldb.Stmt, error) {
	def, err := json.Marshal(orEmpty(c.Deficiency))
	if err != nil {
		return sqldb.Stmt{}, err
	}
	return sqldb.Stmt{SQL: `UPDATE cases SET status = $2, lead_org_id = $3, accepted_at = $4,
		start_day = $5, deadline = $6, deadline_provisional = $7, paused_days = $8, paused_since = $9,
		deficiency_items = $10, deficiency_deadline = $11, ready_to_conclude = $12, concluded_at = $13,
		conclusion = $14, version = $15, updated_at = $16 WHERE id = $1`, Args: []any{
		c.ID, int(c.Status), nullID(c.LeadOrgID), sqldb.NT(c.AcceptedAt), day(c.StartDay), day(c.Deadline),
		c.DeadlineProvisional, c.PausedDays, sqldb.NT(c.PausedSince), string(def), day(c.DeficiencyDeadline),
		c.ReadyToConclude, sqldb.NT(c.ConcludedAt), c.Conclusion, c.Version, sqldb.T(at)}}, nil
}
