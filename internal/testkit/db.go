// Package testkit gives tests a real, migrated database: SQLite in a
// temporary directory by default, or a fresh PostgreSQL schema when
// GONGAI_TEST_DATABASE_URL is set, so that every store test runs on both.
package testkit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// EnvDatabaseURL names the variable that switches tests to PostgreSQL.
const EnvDatabaseURL = "GONGAI_TEST_DATABASE_URL"

// NewDB returns a migrated database private to t, closed and dropped at the
// end of the test.
func NewDB(t testing.TB) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	var db *sqldb.DB
	if base := os.Getenv(EnvDatabaseURL); base != "" {
		db = newPostgres(t, base)
	} else {
		var err error
		db, err = sqldb.OpenSQLite(ctx, filepath.Join(t.TempDir(), "test.db"))
		if err != nil {
			t.Fatalf("testkit: open sqlite: %v", err)
		}
		t.Cleanup(func() { db.Close() })
	}
	if _, err := sqldb.Migrate(ctx, db); err != nil {
		t.Fatalf("testkit: migrate: %v", err)
	}
	return db
}

// NewPostgresDB returns a fresh PostgreSQL schema, or skips t with a message
// when GONGAI_TEST_DATABASE_URL is unset. For tests that only make sense on
// PostgreSQL (row locks across connections, several servers).
func NewPostgresDB(t testing.TB) *sqldb.DB {
	t.Helper()
	base := os.Getenv(EnvDatabaseURL)
	if base == "" {
		t.Skipf("testkit: %s is not set; skipping a PostgreSQL-only test", EnvDatabaseURL)
	}
	db := newPostgres(t, base)
	if _, err := sqldb.Migrate(context.Background(), db); err != nil {
		t.Fatalf("testkit: migrate: %v", err)
	}
	return db
}

// IsPostgres reports whether tests run against PostgreSQL.
func IsPostgres() bool { return os.Getenv(EnvDatabaseURL) != "" }

func newPostgres(t testing.TB, base string) *sqldb.DB {
	t.Helper()
	ctx := context.Background()
	admin, err := sqldb.OpenPostgres(ctx, base)
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	schema := "t_" + randomHex(8)
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		admin.Close()
		t.Fatalf("testkit: create schema: %v", err)
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("testkit: %s: %v", EnvDatabaseURL, err)
	}
	qs := u.Query()
	qs.Set("search_path", schema) // pgx passes unknown parameters as run-time settings
	u.RawQuery = qs.Encode()
	db, err := sqldb.OpenPostgres(ctx, u.String())
	if err != nil {
		t.Fatalf("testkit: %v", err)
	}
	t.Cleanup(func() {
		db.Close()
		_, _ = admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE")
		admin.Close()
	})
	return db
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
