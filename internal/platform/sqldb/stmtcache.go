package sqldb

import (
	"container/list"
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
// has a few hundred distinct statements, most of them rare. The cache is
// least-recently-used: the migrations alone run several hundred one-off
// statements through the first connections, and a cache that kept the
// first comers would hold only those and parse every engine statement anew.
const stmtCacheSize = 256

func init() { sql.Register(cachedSQLite, cachingDriver{}) }

type cachingDriver struct{}

func (cachingDriver) Open(name string) (driver.Conn, error) {
	c, err := (&sqlite.Driver{}).Open(name)
	if err != nil {
		return nil, err
	}
	return &cachingConn{Conn: c, stmts: map[string]*list.Element{}, lru: list.New()}, nil
}

type cachedStmt struct {
	query string
	ds    driver.Stmt
	busy  bool // rows still open: a second use must not reset it
}

// cachingConn is one SQLite connection with its statements, the most
// recently used at the front of lru. database/sql never uses a connection
// from two goroutines at once, so no lock is needed.
type cachingConn struct {
	driver.Conn
	stmts map[string]*list.Element // of *cachedStmt
	lru   *list.List
}

// stmt returns a prepared statement for query and a release func: the cached
// one when free, otherwise a fresh one, cached when query is not yet.
func (c *cachingConn) stmt(ctx context.Context, query string) (driver.Stmt, func(), error) {
	el, cached := c.stmts[query]
	if cached {
		c.lru.MoveToFront(el)
		if s := el.Value.(*cachedStmt); !s.busy {
			s.busy = true
			return s.ds, func() { s.busy = false }, nil
		}
	}
	ds, err := c.Conn.(driver.ConnPrepareContext).PrepareContext(ctx, query)
	if err != nil {
		return nil, nil, err
	}
	if cached {
		return ds, func() { ds.Close() }, nil
	}
	c.evict()
	s := &cachedStmt{query: query, ds: ds, busy: true}
	c.stmts[query] = c.lru.PushFront(s)
	return ds, func() { s.busy = false }, nil
}

// evict finalises the least recently used free statements while the cache
// is full.
func (c *cachingConn) evict() {
	for el := c.lru.Back(); el != nil && c.lru.Len() >= stmtCacheSize; {
		prev, s := el.Prev(), el.Value.(*cachedStmt)
		if !s.busy {
			s.ds.Close()
			c.lru.Remove(el)
			delete(c.stmts, s.query)
		}
		el = prev
	}
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
	for el := c.lru.Front(); el != nil; el = el.Next() {
		errList = append(errList, el.Value.(*cachedStmt).ds.Close())
	}
	c.stmts, c.lru = nil, nil
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
