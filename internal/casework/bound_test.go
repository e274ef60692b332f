package casework_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// BenchmarkActionWritesVsDurable is the ceiling of
// BenchmarkCaseTransitionVsDurable. The actions of that benchmark (受理,
// 审查意见, 办结 on each case) run first on one database, and each one's
// writes are recorded as its flush sends them: the task, the case row, the
// processing steps, the outbox rows and the audit events with the audit
// chain's head. Then, on a second database set up the same way, each
// action's writes are replayed as recorded in a transaction of their own,
// after the one write that advances the audit head, with none of the
// action's reads (the locked case and its tasks, the calendar, the org
// units), no authorisation and no Go work. These blocks alternate with
// blocks of single-row durable writes on that database, as in the engine
// benchmark. An engine that writes these rows in one transaction, as
// every transition must, cannot reach a higher ratio than this.
func BenchmarkActionWritesVsDurable(b *testing.B) {
	writes := recordActions(b, b.N)
	e := newEnv(b)
	ctx := context.Background()
	if _, err := e.db.Exec(`INSERT INTO counters (name, value) VALUES ('bench', 0)`); err != nil {
		b.Fatal(err)
	}
	e.benchCases(b, b.N/3+1)
	const block = 30
	var replay, durable time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; done += block {
		durable += durableBlock(b, e.db, done, block)
		start := time.Now()
		for _, stmts := range writes[done:min(done+block, b.N)] {
			err := e.db.WithTx(ctx, func(tx *sql.Tx) error {
				var seq int64
				var hash string
				if err := tx.QueryRowContext(ctx, `UPDATE audit_head SET seq = seq + 1 WHERE id = 1
					RETURNING seq, hash`).Scan(&seq, &hash); err != nil {
					return err
				}
				return e.db.ExecAll(ctx, tx, stmts)
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		replay += time.Since(start)
	}
	reportVsDurable(b, block, replay, durable)
}

// recordActions runs n actions of the engine benchmark's cycle on a
// database of its own and returns the statements each one flushed.
func recordActions(b *testing.B, n int) [][]sqldb.Stmt {
	b.Helper()
	e := newEnv(b)
	ids := e.benchCases(b, n/3+1)
	a := e.benchActors(b)
	var flushed []sqldb.Stmt
	e.cases.OnFlush(func(stmts []sqldb.Stmt) { flushed = append(flushed, stmts...) })
	out := make([][]sqldb.Stmt, 0, n)
	for i := range n {
		flushed = nil
		if err := e.cycleStep(a, i, ids[i/3]); err != nil {
			b.Fatal(err)
		}
		out = append(out, flushed)
	}
	return out
}

// reportVsDurable reports the rates of b.N actions that took actions in all
// and of the durable writes, in blocks of block per round, that took
// durable, and their ratio.
func reportVsDurable(b *testing.B, block int, actions, durable time.Duration) {
	blocks := (b.N + block - 1) / block
	durableRate := float64(blocks*block) / durable.Seconds()
	actionRate := float64(b.N) / actions.Seconds()
	b.ReportMetric(durableRate, "durable/s")
	b.ReportMetric(actionRate, "actions/s")
	b.ReportMetric(actionRate/durableRate, "ratio")
}

// durableBlock runs n single-row durable writes (UPDATE and commit) on db,
// numbered from first, and returns the time they took.
func durableBlock(b *testing.B, db *sqldb.DB, first, n int) time.Duration {
	b.Helper()
	ctx := context.Background()
	start := time.Now()
	for i := range n {
		err := db.WithTx(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, `UPDATE counters SET value = $1 WHERE name = 'bench'`, first+i)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	return time.Since(start)
}
