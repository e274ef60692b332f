package sqldb

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// slotWait bounds how long a statement outside a transaction waits for
// SQLite's write slot: the busy timeout it would otherwise have polled for.
const slotWait = 10 * time.Second

// ExecContext runs one statement outside any transaction. On SQLite it
// first takes the write slot that WithTx hands out: a bare write otherwise
// polls for the database file's lock against the transactions queued in
// WithTx and can lose for the whole busy timeout under load (blob inserts
// answered 503 in the kill -9 load test for that reason). It must not be
// called inside a WithTx callback on the same database — use the
// transaction there — or it waits slotWait for its own transaction and
// fails as Unavailable. On PostgreSQL it is database/sql's.
func (db *DB) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if db.Dialect != SQLite || db.txSlots == nil {
		return db.DB.ExecContext(ctx, query, args...)
	}
	wait, cancel := context.WithTimeout(ctx, slotWait)
	defer cancel()
	select {
	case db.txSlots <- struct{}{}:
		defer func() { <-db.txSlots }()
	case <-wait.Done():
		return nil, errs.Wrap(errs.Unavailable, "", wait.Err())
	}
	return db.DB.ExecContext(ctx, query, args...)
}
