package sqldb_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// blackhole accepts TCP connections and never answers on them, as a
// database host that stopped answering looks to a client whose handshake
// got through. It returns its address.
func blackhole(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var held []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			held = append(held, c) // kept open, never read or written
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		for _, c := range held {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// TestOpenPostgres_ConnectTimeout: a host that accepts and never answers
// fails the connection after connect_timeout, as Unavailable.
func TestOpenPostgres_ConnectTimeout(t *testing.T) {
	start := time.Now()
	_, err := sqldb.OpenPostgres(context.Background(),
		"postgres://gongai@"+blackhole(t)+"/gongai?sslmode=disable&connect_timeout=1")
	took := time.Since(start)
	if err == nil {
		t.Fatal("connected to a host that never answers")
	}
	if took > 5*time.Second {
		t.Errorf("gave up after %s, want about the 1 s connect_timeout", took.Round(time.Millisecond))
	}
	if !errs.Is(sqldb.Translate(err), errs.Unavailable) {
		t.Errorf("a connect timeout is %v, want Unavailable: %v", errs.KindOf(sqldb.Translate(err)), err)
	}
}

func pgURL(t *testing.T, params string) string {
	t.Helper()
	base := os.Getenv(testkit.EnvDatabaseURL)
	if base == "" {
		t.Skipf("%s is unset: skipping a PostgreSQL-only test", testkit.EnvDatabaseURL)
	}
	if params == "" {
		return base
	}
	if strings.Contains(base, "?") {
		return base + "&" + params
	}
	return base + "?" + params
}

// TestOpenPostgres_StatementTimeout: statements are cancelled by the
// server after statement_timeout (30 s unless the URL says otherwise) and
// the cancellation is Unavailable with the usual Chinese message.
func TestOpenPostgres_StatementTimeout(t *testing.T) {
	ctx := context.Background()
	def, err := sqldb.OpenPostgres(ctx, pgURL(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer def.Close()
	var v string
	if err := def.QueryRowContext(ctx, `SHOW statement_timeout`).Scan(&v); err != nil || v != "30s" {
		t.Errorf("default statement_timeout %q, %v; want 30s", v, err)
	}
	db, err := sqldb.OpenPostgres(ctx, pgURL(t, "statement_timeout=200"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	start := time.Now()
	_, err = db.ExecContext(ctx, `SELECT pg_sleep(3)`)
	err = sqldb.Translate(err)
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("a 200 ms statement timeout let a statement run %s", took.Round(time.Millisecond))
	}
	if !errs.Is(err, errs.Unavailable) || !strings.Contains(errs.Message(err), "请稍后重试") {
		t.Errorf("statement timeout: %v (%s), want Unavailable with a Chinese message", err, errs.Message(err))
	}
}

// TestMigrate_WithoutStatementTimeout: migrations run without the
// statement timeout (an index over a million rows may take longer than a
// request's statement may), while the pool keeps it.
func TestMigrate_WithoutStatementTimeout(t *testing.T) {
	ctx := context.Background()
	admin, err := sqldb.OpenPostgres(ctx, pgURL(t, ""))
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	schema := fmt.Sprintf("t_migrate_%d", time.Now().UnixNano())
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatal(err)
	}
	defer admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE") //nolint:errcheck // best effort
	db, err := sqldb.OpenPostgres(ctx, pgURL(t, "search_path="+schema+"&statement_timeout=1"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if n, err := sqldb.Migrate(ctx, db); err != nil || n == 0 {
		t.Fatalf("migrations under a 1 ms statement timeout: %d applied, %v", n, err)
	}
	_, err = db.ExecContext(ctx, `SELECT pg_sleep(0.05)`)
	if !errs.Is(sqldb.Translate(err), errs.Unavailable) {
		t.Errorf("the pool lost its statement timeout: %v", err)
	}
}
