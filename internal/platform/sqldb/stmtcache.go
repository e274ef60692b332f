package sqldb

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"

	"modernc.org/sqlite"
)

// cachedSQLite is the SQLite driver with a prepared-statement cache on each
// connection. database/sql prepares, runs and finalises a statement for
// every ExecContext/QueryContext without one; for the pure-Go SQLite that
// parse is the largest single cost of a short statement (about a third of
// the engine's CPU in BenchmarkCaseTransition). PostgreSQL needs no such
// wrapper: pgx caches statements per connection itself.
const cachedSQLite = "sqlite-gongai"

// stmtCacheSize bounds the statements kept per connection; the application
// has a few hundred distinct statements, most of them rare.
const stmtCacheSize = 256

func init() { sql.Register(cachedSQLite, cachingDriver{}) }

type cachingDriver struct{}

func (cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := (&sqlite.Driver{}).Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: c, stmts: map[string]*cachedStmt{}}, nil
}

type cachedStmt struct {
	ds   driver.Stmt
	busy bool // rows still open: a second use must not reset it
}

// cachingConn is one SQLite connection with its statements. database/sql
// never uses a connection from two goroutines at once, so no lock is needed.
type cachingConn struct {
	driver.Conn
	stmts map[string]*cachedStmt
}

// stmt returns a prepared statement for query and a release func: the cached
// one when free, otherwise a fresh one closed on release.
func (c *cachingConn) stmt(ctx context.Context, query string) (driver.Stmt, func(), error) {
	if s, ok := c.stmts[query]; ok && !s.busy {
		s.busy = true
		return s.ds, func() { s.busy = false }, nil
	}
	ds, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	if _, ok := c.stmts[query]; ok || len(c.stmts) >= stmtCacheSize {
		return ds, func() { ds.Close() }, nil
	}
	s := &cachedStmt{ds: ds, busy: true}
	c.stmts[query] = s
	return ds, func() { s.busy = false }, nil
}

func (c *cachingConn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	ds, release, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	defer release()
	return ds.(driver.StmtExecContext).ExecContext(ctx, args)
}

func (c *cachingConn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	ds, release, err := c.stmt(ctx, query)
	if err != nil {
		return nil, err
	}
	rows, err := ds.(driver.StmtQueryContext).QueryContext(ctx, args)
	if err != nil {
		release()
		return nil, err
	}
	return &releasingRows{Rows: rows, release: release}, nil
}

// Close finalises the cached statements, then the connection.
func (c *cachingConn) Close() error {
	var errList []error
	for _, s := range c.stmts {
		errList = append(errList, s.ds.Close())
	}
	c.stmts = nil
	return errors.Join(append(errList, c.Conn.Close())...)
}

func (c *cachingConn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	return c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
}

func (c *cachingConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	return c.Conn.(driver.ConnBeginTx).BeginTx(ctx, opts)
}

func (c *cachingConn) Ping(ctx context.Context) error { return c.Conn.(driver.Pinger).Ping(ctx) }

func (c *cachingConn) ResetSession(ctx context.Context) error {
	return c.Conn.(driver.SessionResetter).ResetSession(ctx)
}

func (c *cachingConn) IsValid() bool { return c.Conn.(driver.Validator).IsValid() }

// releasingRows gives the statement back when the rows are closed.
type releasingRows struct {
	driver.Rows
	release func()
	done    bool
}

func (r *releasingRows) Close() error {
	err := r.Rows.Close()
	if !r.done {
		r.done = true
		r.release()
	}
	return err
}
