package sqldb

import (
	"context"
	"database/sql"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// Stmt is one SQL statement with its arguments ($1… numbered from 1).
type Stmt struct {
	SQL  string
	Args []any
}

var placeholder = regexp.MustCompile(`\$(\d+)`)

// ExecAll runs stmts in order inside q (a transaction). On PostgreSQL they
// go to the server in one round trip: the statements are joined and sent
// with pgx's simple protocol, which quotes the arguments on the client —
// the way to batch writes through database/sql, where the network, not
// the server, is what a short write costs. SQLite runs them one by one (it
// has no network). The statements must not contain "$" other than in
// placeholders.
func ExecAll(ctx context.Context, q Querier, d Dialect, stmts []Stmt) error {
	if d != Postgres || len(stmts) < 2 {
		for _, st := range stmts {
			if _, err := q.ExecContext(ctx, st.SQL, st.Args...); err != nil {
				return Translate(err)
			}
		}
		return nil
	}
	var b strings.Builder
	args := []any{pgx.QueryExecModeSimpleProtocol}
	for i, st := range stmts {
		if i > 0 {
			b.WriteString(";\n")
		}
		offset := len(args) - 1
		b.WriteString(placeholder.ReplaceAllStringFunc(st.SQL, func(p string) string {
			n, _ := strconv.Atoi(p[1:])
			return "$" + strconv.Itoa(n+offset)
		}))
		args = append(args, st.Args...)
	}
	_, err := q.ExecContext(ctx, b.String(), args...)
	return Translate(err)
}

// ExecAll runs stmts in order inside tx, a transaction of db.WithTx. On
// PostgreSQL they are pipelined on the transaction's connection as one pgx
// batch: one round trip, and each statement is prepared once per
// connection and then only bound and executed, where the simple-protocol
// form of the package-level ExecAll makes the server parse and plan the
// whole text on every call (measured at 0.6–0.8 ms for an engine action's
// writes). Elsewhere, or for a tx that WithTx did not open, it is the
// package-level ExecAll.
func (db *DB) ExecAll(ctx context.Context, tx *sql.Tx, stmts []Stmt) error {
	v, ok := db.txConns.Load(tx)
	if db.Dialect != Postgres || !ok || len(stmts) < 2 {
		return ExecAll(ctx, tx, db.Dialect, stmts)
	}
	err := v.(*sql.Conn).Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqldb: pipelining needs pgx's driver, got %T", driverConn)
		}
		b := &pgx.Batch{}
		for _, st := range stmts {
			b.Queue(st.SQL, st.Args...)
		}
		return c.Conn().SendBatch(ctx, b).Close()
	})
	return Translate(err)
}

// WithPgx runs fn on a pooled PostgreSQL connection through pgx's own API,
// outside any transaction, and returns the connection to the pool. It is
// for reads of a million rows, where pgx's typed binary decoding into plain
// Go values costs a fraction of database/sql's per-value conversions. On
// another dialect it returns an Internal error: callers branch on Dialect
// first. fn's errors are translated like every query's.
func (db *DB) WithPgx(ctx context.Context, fn func(*pgx.Conn) error) error {
	if db.Dialect != Postgres {
		return fmt.Errorf("sqldb: WithPgx needs PostgreSQL, not %s", db.Dialect)
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		return Translate(err)
	}
	defer conn.Close()
	err = conn.Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqldb: WithPgx needs pgx's driver, got %T", driverConn)
		}
		return fn(c.Conn())
	})
	return Translate(err)
}

// CopyFrom inserts rows (each one value per column of cols, in order) into
// table inside tx, a transaction of db.WithTx on PostgreSQL, with the COPY
// protocol: no statement per row or per chunk, and no ON CONFLICT, so the
// caller must know the keys are new (by holding a lock that keeps other
// writers out). Values are plain Go values (string, float64, *float64 for
// NULL, time.Time). Elsewhere it returns an error: callers branch on Dialect.
func (db *DB) CopyFrom(ctx context.Context, tx *sql.Tx, table string, cols []string, rows [][]any) error {
	v, ok := db.txConns.Load(tx)
	if db.Dialect != Postgres || !ok {
		return fmt.Errorf("sqldb: CopyFrom needs a PostgreSQL transaction of WithTx")
	}
	err := v.(*sql.Conn).Raw(func(driverConn any) error {
		c, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("sqldb: CopyFrom needs pgx's driver, got %T", driverConn)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
	return Translate(err)
}
