package sqldb

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
)

// TestStmtCache_KeepsRecentStatements runs more one-off statements than the
// cache holds (as the migrations do on a fresh database) and then a
// statement used repeatedly: the latter must be cached, not re-parsed on
// every use, and the cache must stay bounded.
func TestStmtCache_KeepsRecentStatements(t *testing.T) {
	ctx := context.Background()
	db, err := OpenSQLite(ctx, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for i := range stmtCacheSize + 50 {
		if _, err := db.ExecContext(ctx, fmt.Sprintf("SELECT %d", i)); err != nil {
			t.Fatal(err)
		}
	}
	const hot = `SELECT $1 + 1`
	for range 3 {
		var n int
		if err := db.QueryRowContext(ctx, hot, 1).Scan(&n); err != nil || n != 2 {
			t.Fatalf("hot statement: %d, %v", n, err)
		}
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		c := dc.(*cachingConn)
		if _, ok := c.stmts[hot]; !ok {
			return fmt.Errorf("the statement in use is not cached (%d cached)", len(c.stmts))
		}
		if len(c.stmts) > stmtCacheSize || c.lru.Len() != len(c.stmts) {
			return fmt.Errorf("cache holds %d statements (lru %d), bound %d", len(c.stmts), c.lru.Len(), stmtCacheSize)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
