package faults

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// TestDatabaseBlackholed runs the server on PostgreSQL through a proxy
// that then stops answering: pooled connections die and new ones are
// taken but never answered (not refused, as in TestDatabaseUnreachable).
// With a 2 s connect timeout every request must answer 503 within
// answerLimit, with the same clear messages; nothing a refused request
// asked for is written, and the same server recovers once the host
// answers again.
func TestDatabaseBlackholed(t *testing.T) {
	// Past a second idle, the driver checks a pooled connection before
	// reusing it and drops a dead one, so every probe has to open a
	// connection into the blackhole.
	proxiedOutage(t, proxyBlackhole, 1500*time.Millisecond, "GONGAI_DB_CONNECT_TIMEOUT=2s")
}

// TestDatabaseHungMidStatement: a server that keeps the connection but
// stops answering in the middle of a statement holds it until the
// caller's deadline, no longer (a request's context bounds its database
// work), and the pool serves again once the server answers.
func TestDatabaseHungMidStatement(t *testing.T) {
	st := newPostgresStore(t)
	u, err := url.Parse(st.dbURL)
	if err != nil {
		t.Fatal(err)
	}
	px := newProxy(t, u.Host)
	u.Host = px.addr()
	db, err := sqldb.OpenPostgres(context.Background(), u.String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()

	px.set(proxyFrozen)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	start := time.Now()
	var one int
	err = db.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
	took := time.Since(start)
	cancel()
	if err == nil {
		t.Fatal("a statement succeeded while the server did not answer")
	}
	if took > 3*time.Second {
		t.Errorf("a statement with a 1 s deadline came back after %s", took.Round(time.Millisecond))
	}
	t.Logf("statement gave up after %s: %v", took.Round(time.Millisecond), err)

	px.set(proxyForward)
	rctx, rcancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer rcancel()
	if err := db.QueryRowContext(rctx, `SELECT 1`).Scan(&one); err != nil {
		t.Fatalf("no recovery once the server answered: %v", err)
	}
	if kind := errs.KindOf(sqldb.Translate(err)); kind != errs.Unavailable {
		t.Errorf("a deadline reached mid-statement is %v, want Unavailable (503)", kind)
	}
}

// TestDatabaseFrozenRequestDeadline: with no statement timeout at all, a
// database that holds its connections and stops answering mid-statement
// still costs a request no more than the request deadline (2 s here):
// every probe answers 503 with the clear messages, nothing is written,
// and the server recovers without a restart once the database answers.
func TestDatabaseFrozenRequestDeadline(t *testing.T) {
	proxiedOutage(t, proxyFrozen, 0, "GONGAI_DB_STATEMENT_TIMEOUT=0", "GONGAI_REQUEST_TIMEOUT=2s")
}
