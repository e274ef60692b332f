// Package sqldb opens gongai's database (embedded SQLite or PostgreSQL),
// runs transactions and translates driver errors into the errs taxonomy.
//
// SQL in gongai is written once in the subset both engines share, with $n
// placeholders (modernc's SQLite binds $n by position). Engine differences are
// few and live behind Dialect.
package sqldb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	_ "modernc.org/sqlite" // registers driver "sqlite"
)

// Dialect names the database engine.
type Dialect string

// The supported engines.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database handle that knows its dialect.
type DB struct {
	*sql.DB
	Dialect Dialect
	// Where is a display form of the location with any password masked.
	Where string
	// txSlots bounds the transactions in flight (see WithTx).
	txSlots chan struct{}
	// txConns maps each open PostgreSQL *sql.Tx to the *sql.Conn it runs
	// on, so that ExecAll can pipeline statements on that connection.
	txConns sync.Map
	// pgCfg is the PostgreSQL connection configuration (nil on SQLite),
	// kept so that Migrate can open connections without the statement
	// timeout.
	pgCfg *pgx.ConnConfig
}

// Querier is satisfied by *sql.DB, *sql.Tx and *DB, so stores run inside or
// outside a transaction.
type Querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// pingAfter is how long a PostgreSQL connection may rest in the pool
// before it is pinged on reuse.
const pingAfter = 100 * time.Millisecond

// pgPool is the PostgreSQL connection pool size of one server.
const pgPool = 20

// SQLiteFile is the database file name inside the data directory.
const SQLiteFile = "gongai.db"

// Open connects to databaseURL, or, when it is empty, to the SQLite file in
// dataDir (created if missing). It pings before returning.
func Open(ctx context.Context, databaseURL, dataDir string) (*DB, error) {
	if databaseURL == "" {
		return OpenSQLite(ctx, filepath.Join(dataDir, SQLiteFile))
	}
	return OpenPostgres(ctx, databaseURL)
}

// OpenSQLite opens (creating) the SQLite database at path.
//
// Pragmas, in the order they must apply: busy_timeout first so that the
// others wait rather than fail; WAL so readers never block the writer;
// synchronous=FULL because an accepted application must survive a power cut
// (WAL+NORMAL can lose the last commits); foreign_keys because SQLite leaves
// them off by default. Reads of a large database go through a memory map
// (up to 1 GiB) and a 16 MiB page cache per connection instead of a read
// system call per page (a third of the CPU of a list page at 100,000 cases
// went to pread). _txlock=immediate takes the write lock at BEGIN, which
// avoids the deadlock of two read transactions upgrading to writes.
func OpenSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	dsn := "file:" + filepath.ToSlash(path) +
		"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(FULL)&_pragma=foreign_keys(1)&_pragma=mmap_size(1073741824)" +
		"&_pragma=cache_size(-16384)&_txlock=immediate"
	sqlDB, err := sql.Open(cachedSQLite, dsn)
	if err != nil {
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	sqlDB.SetMaxOpenConns(8)
	// Idle connections are kept (database/sql keeps 2 by default): each
	// holds its prepared statements and page cache, lost on reopening.
	sqlDB.SetMaxIdleConns(8)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	// SQLite has one writer: one transaction at a time.
	db := &DB{DB: sqlDB, Dialect: SQLite, Where: path, txSlots: make(chan struct{}, 1)}
	return db, ping(ctx, db)
}

// OpenPostgres opens a PostgreSQL database through pgx's database/sql
// driver, with the connect, statement and dead-host timeouts of
// pgtimeouts.go (the URL's connect_timeout and statement_timeout, else the
// defaults).
func OpenPostgres(ctx context.Context, databaseURL string) (*DB, error) {
	cfg, err := pgConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	// A pooled connection is checked with a ping before reuse once it has
	// been out of use for pingAfter (pgx's default: a second): after a
	// short outage the pool otherwise hands out connections that died
	// while idle, and each fails its first query (the outage fault test
	// saw the first write after recovery answer 503).
	sqlDB := stdlib.OpenDB(*cfg, stdlib.OptionShouldPing(func(_ context.Context, p stdlib.ShouldPingParams) bool {
		return p.IdleDuration > pingAfter
	}))
	sqlDB.SetMaxOpenConns(pgPool)
	// Keep every connection of the pool idle between bursts: with half,
	// each burst above ten busy connections closed the rest, and each new
	// backend started with a cold statement cache (24–198 new connections
	// per 30 s at 200 users; 0–6 with the whole pool kept).
	sqlDB.SetMaxIdleConns(pgPool)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	// Half the pool for transactions leaves a connection for every one of
	// them to read through while it holds its own.
	db := &DB{DB: sqlDB, Dialect: Postgres, Where: MaskURL(databaseURL), txSlots: make(chan struct{}, pgPool/2),
		pgCfg: cfg}
	return db, ping(ctx, db)
}

func ping(ctx context.Context, db *DB) error {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return fmt.Errorf("connect to %s database %s: %w", db.Dialect, db.Where, err)
	}
	return nil
}

// MaskURL hides the password of a database URL for printing.
func MaskURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		return raw
	}
	if _, ok := u.User.Password(); ok {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// IsPostgresURL reports whether s looks like a PostgreSQL connection URL.
func IsPostgresURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// WithTx runs fn in a transaction, committing when fn returns nil and rolling
// back otherwise. The error fn returns is passed through untouched.
//
// Transactions queue for a slot before they take a connection: one at a
// time on SQLite (it has one writer anyway), half the pool on PostgreSQL.
// Services called inside a transaction read through the pool, so a
// transaction may need a second connection while it holds its own; without
// the bound, a burst of transactions could take every connection and wait
// for each other forever (on SQLite until the busy timeout turns it into
// "database is locked"). fn must not start another transaction.
func (db *DB) WithTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	if db.txSlots != nil {
		select {
		case db.txSlots <- struct{}{}:
			defer func() { <-db.txSlots }()
		case <-ctx.Done():
			return errs.Wrap(errs.Unavailable, "", ctx.Err())
		}
	}
	if db.Dialect == Postgres {
		return db.withConnTx(ctx, fn)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return Translate(fmt.Errorf("begin: %w", err))
	}
	return finish(tx, fn)
}

// withConnTx is WithTx on a connection of its own, registered in txConns
// while the transaction runs, so that ExecAll can reach the driver
// connection under it.
func (db *DB) withConnTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return Translate(fmt.Errorf("begin: %w", err))
	}
	defer conn.Close()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return Translate(fmt.Errorf("begin: %w", err))
	}
	db.txConns.Store(tx, conn)
	defer db.txConns.Delete(tx)
	return finish(tx, fn)
}

// finish runs fn in tx and commits, or rolls back when fn fails.
func finish(tx *sql.Tx, fn func(tx *sql.Tx) error) error {
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return Translate(fmt.Errorf("commit: %w", err))
	}
	return nil
}

// ErrNoRows is returned by stores through Translate as errs.NotFound.
var ErrNoRows = sql.ErrNoRows

// NotFoundIf returns true when err is sql.ErrNoRows.
func NotFoundIf(err error) bool { return errors.Is(err, sql.ErrNoRows) }
