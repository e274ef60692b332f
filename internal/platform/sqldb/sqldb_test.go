package sqldb_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/jackc/pgx/v5/pgconn"
)

// TestWithTx_ManyWritersThatAlsoRead runs more concurrent transactions than
// the pool has connections, each reading through the pool while it holds
// the write lock — the pattern of a service calling another service inside
// its transaction. Every increment must land; none may time out.
func TestWithTx_ManyWritersThatAlsoRead(t *testing.T) {
	db := testkit.NewDB(t)
	ctx := context.Background()
	if _, err := db.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('n', '0', $1)`, sqldb.T(timeZero)); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := 0; g < 24; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				err := db.WithTx(ctx, func(tx *sql.Tx) error {
					var n int
					if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM settings`).Scan(&n); err != nil {
						return err
					}
					_, err := tx.ExecContext(ctx, `UPDATE settings SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT) WHERE key = 'n'`)
					return err
				})
				if err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	var v string
	db.QueryRow(`SELECT value FROM settings WHERE key = 'n'`).Scan(&v)
	if v != "480" {
		t.Fatalf("value %s, want 480", v)
	}
}

func TestTranslate(t *testing.T) {
	db := testkit.NewDB(t)
	ctx := context.Background()
	insert := func() error {
		_, err := db.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', $1)`, sqldb.T(timeZero))
		return sqldb.Translate(err)
	}
	if err := insert(); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		err  error
		kind errs.Kind
	}{
		{"unique", insert(), errs.Conflict},
		{"no rows", sqldb.Translate(db.QueryRow(`SELECT value FROM settings WHERE key = 'none'`).Scan(new(string))), errs.NotFound},
		{"foreign key", func() error {
			_, err := db.Exec(`INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
				VALUES ('x', 999999, $1, $1, $1)`, sqldb.T(timeZero))
			return sqldb.Translate(err)
		}(), errs.Conflict},
		{"check", func() error {
			_, err := db.Exec(`INSERT INTO audit_head (id, seq, hash) VALUES (2, 0, '')`)
			return sqldb.Translate(err)
		}(), errs.Invalid},
	}
	for _, tc := range tests {
		if errs.KindOf(tc.err) != tc.kind {
			t.Errorf("%s: %v is %v, want %v", tc.name, tc.err, errs.KindOf(tc.err), tc.kind)
		}
	}
}

func TestTime_RoundTrip(t *testing.T) {
	db := testkit.NewDB(t)
	want := timeZero.Add(123456789)
	if _, err := db.Exec(`INSERT INTO settings (key, value, updated_at) VALUES ('t', '', $1)`, sqldb.T(want)); err != nil {
		t.Fatal(err)
	}
	var got sqldb.Time
	if err := db.QueryRow(`SELECT updated_at FROM settings WHERE key = 't'`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if !got.Equal(want.Truncate(1000)) {
		t.Fatalf("got %v, want %v", got.Time, want)
	}
}

var timeZero = mustTime("2026-03-09T02:00:00Z")

func mustTime(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// TestTranslate_Outage: a database that went away or has no space left is
// Unavailable (503, "try again"), not Internal — PostgreSQL's connection
// and shutdown codes, a closed connection, and SQLite's full disk.
func TestTranslate_Outage(t *testing.T) {
	for _, code := range []string{"08006", "08001", "57P01", "57P03", "53100"} {
		err := sqldb.Translate(fmt.Errorf("query: %w", &pgconn.PgError{Code: code}))
		if errs.KindOf(err) != errs.Unavailable {
			t.Errorf("SQLSTATE %s: %v", code, errs.KindOf(err))
		}
	}
	if err := sqldb.Translate(pgconn.ErrConnClosed); errs.KindOf(err) != errs.Unavailable {
		t.Errorf("closed connection: %v", errs.KindOf(err))
	}
	if err := sqldb.Translate(fmt.Errorf("query: %w", context.DeadlineExceeded)); errs.KindOf(err) != errs.Unavailable {
		t.Errorf("a deadline reached waiting for the database: %v", errs.KindOf(err))
	}
	if err := sqldb.Translate(&pgconn.PgError{Code: "42601"}); errs.KindOf(err) != errs.Internal {
		t.Errorf("a syntax error must stay Internal: %v", errs.KindOf(err))
	}
	// SQLite: fill a database capped at its current size.
	db, err := sqldb.OpenSQLite(context.Background(), filepath.Join(t.TempDir(), "full.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	conn, err := db.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, q := range []string{`PRAGMA journal_mode = DELETE`, `CREATE TABLE t (v TEXT)`, `PRAGMA max_page_count = 3`} {
		if _, err := conn.ExecContext(context.Background(), q); err != nil {
			t.Fatal(err)
		}
	}
	_, err = conn.ExecContext(context.Background(), `INSERT INTO t SELECT printf('%.1000c', 'x') FROM
		(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100) SELECT i FROM n)`)
	if err == nil {
		t.Fatal("a full database accepted 100 KB")
	}
	if errs.KindOf(sqldb.Translate(err)) != errs.Unavailable {
		t.Fatalf("full disk: %v is %v", err, errs.KindOf(sqldb.Translate(err)))
	}
}
