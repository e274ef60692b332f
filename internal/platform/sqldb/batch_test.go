package sqldb_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestExecAll writes several statements at once, with awkward values, and
// reads them back the same on both engines.
func TestExecAll(t *testing.T) {
	db := testkit.NewDB(t)
	ctx := context.Background()
	when := sqldb.T(timeZero)
	tricky := `它's "quoted"; DROP TABLE settings; -- \ 结尾`
	err := db.WithTx(ctx, func(tx *sql.Tx) error {
		return sqldb.ExecAll(ctx, tx, db.Dialect, []sqldb.Stmt{
			{SQL: `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, Args: []any{"a", tricky, when}},
			{SQL: `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3), ($4, $5, $6)`,
				Args: []any{"b", "2", when, "c", "", when}},
			{SQL: `UPDATE settings SET value = $1 WHERE key = $2`, Args: []any{"3", "b"}},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	rows, _ := db.Query(`SELECT key, value FROM settings WHERE key IN ('a', 'b', 'c')`)
	for rows.Next() {
		var k, v string
		rows.Scan(&k, &v)
		got[k] = v
	}
	rows.Close()
	if got["a"] != tricky || got["b"] != "3" || got["c"] != "" || len(got) != 3 {
		t.Fatalf("got %q", got)
	}
	var at sqldb.Time
	db.QueryRow(`SELECT updated_at FROM settings WHERE key = 'a'`).Scan(&at)
	if !at.Equal(when.Time) {
		t.Fatalf("time %v, want %v", at.Time, when.Time)
	}
	err = db.WithTx(ctx, func(tx *sql.Tx) error {
		return sqldb.ExecAll(ctx, tx, db.Dialect, []sqldb.Stmt{
			{SQL: `UPDATE settings SET value = 'x' WHERE key = $1`, Args: []any{"a"}},
			{SQL: `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, Args: []any{"b", "dup", when}},
		})
	})
	if err == nil {
		t.Fatal("a failing statement must fail the batch")
	}
	var v string
	db.QueryRow(`SELECT value FROM settings WHERE key = 'a'`).Scan(&v)
	if v != tricky {
		t.Fatalf("the batch's first statement must roll back with it: %q", v)
	}
}

// TestDBExecAll: the method form (pipelined as a pgx batch on PostgreSQL)
// writes awkward values exactly, in order, and a failing statement fails
// the transaction as a whole, on both engines.
func TestDBExecAll(t *testing.T) {
	db := testkit.NewDB(t)
	ctx := context.Background()
	when := sqldb.T(timeZero)
	tricky := `它's "quoted"; DROP TABLE settings; -- \ $1 结尾`
	err := db.WithTx(ctx, func(tx *sql.Tx) error {
		return db.ExecAll(ctx, tx, []sqldb.Stmt{
			{SQL: `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, Args: []any{"a", tricky, when}},
			{SQL: `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3), ($4, $5, $6)`,
				Args: []any{"b", "2", when, "c", "", when}},
			{SQL: `UPDATE settings SET value = $1 WHERE key = $2`, Args: []any{"3", "b"}},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	var a, b string
	db.QueryRow(`SELECT value FROM settings WHERE key = 'a'`).Scan(&a)
	db.QueryRow(`SELECT value FROM settings WHERE key = 'b'`).Scan(&b)
	if a != tricky || b != "3" {
		t.Fatalf("got a=%q b=%q", a, b)
	}
	err = db.WithTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE settings SET value = 'before' WHERE key = 'c'`); err != nil {
			return err
		}
		return db.ExecAll(ctx, tx, []sqldb.Stmt{
			{SQL: `UPDATE settings SET value = 'x' WHERE key = $1`, Args: []any{"a"}},
			{SQL: `INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)`, Args: []any{"b", "dup", when}},
		})
	})
	if !errs.Is(err, errs.Conflict) {
		t.Fatalf("a duplicate key in the batch: %v, want Conflict", err)
	}
	var c string
	db.QueryRow(`SELECT value FROM settings WHERE key = 'a'`).Scan(&a)
	db.QueryRow(`SELECT value FROM settings WHERE key = 'c'`).Scan(&c)
	if a != tricky || c != "" {
		t.Fatalf("the transaction must roll back as a whole: a=%q c=%q", a, c)
	}
}
