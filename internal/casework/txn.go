package casework

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
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
	steps  [][]any
	outbox [][]any
	audit  []audit.Entry
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

func (s *Service) flush(ctx context.Context, tx *txn) error {
	if err := insertRows(ctx, tx, `INSERT INTO case_steps (case_id, action, from_status, to_status, actor_id,
		actor_name, org_unit_id, opinion, detail, occurred_at) VALUES `, tx.steps); err != nil {
		return err
	}
	if err := insertRows(ctx, tx, `INSERT INTO outbox (subject, payload, created_at) VALUES `, tx.outbox); err != nil {
		return err
	}
	return s.rec.RecordAll(ctx, tx, tx.audit)
}

// insertRows writes rows (each the same number of values) with one
// multi-row INSERT whose VALUES list it builds.
func insertRows(ctx context.Context, tx *txn, head string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
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
	_, err := tx.ExecContext(ctx, b.String(), args...)
	return sqldb.Translate(err)
}
