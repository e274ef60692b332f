package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

var t0 = time.Date(2026, 2, 14, 9, 0, 0, 0, time.UTC)

func mustAcquire(t *testing.T, db *sqldb.DB, holder string, at time.Duration, want bool) {
	t.Helper()
	got, err := Acquire(context.Background(), db, "scan", holder, time.Minute, t0.Add(at))
	if err != nil {
		t.Fatalf("Acquire(%s at +%v): %v", holder, at, err)
	}
	if got != want {
		t.Fatalf("Acquire(%s at +%v) = %v, want %v", holder, at, got, want)
	}
}

func TestAcquire_Contend(t *testing.T) {
	db := testkit.NewDB(t)
	mustAcquire(t, db, "a", 0, true)
	mustAcquire(t, db, "b", 10*time.Second, false)
	mustAcquire(t, db, "a", 30*time.Second, true) // renewal: now expires at +90s
	mustAcquire(t, db, "b", 70*time.Second, false)
	mustAcquire(t, db, "b", 90*time.Second, false) // not yet expired at exactly its expiry
	mustAcquire(t, db, "b", 91*time.Second, true)  // expired: handed over
	mustAcquire(t, db, "a", 92*time.Second, false)

	leases, err := Leases(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	if len(leases) != 1 || leases[0].Holder != "b" || !leases[0].ExpiresAt.Equal(t0.Add(151*time.Second)) {
		t.Fatalf("Leases = %+v, want b until +151s", leases)
	}
}

func TestAcquire_NamesAreIndependent(t *testing.T) {
	db := testkit.NewDB(t)
	ctx := context.Background()
	for _, name := range []string{"scan", "purge"} {
		ok, err := Acquire(ctx, db, name, "a", time.Minute, t0)
		if err != nil || !ok {
			t.Fatalf("Acquire(%s) = %v, %v", name, ok, err)
		}
	}
	ok, err := Acquire(ctx, db, "purge", "b", time.Minute, t0)
	if err != nil || ok {
		t.Fatalf("Acquire(purge, b) = %v, %v; want false", ok, err)
	}
}

func TestAcquire_BadArguments(t *testing.T) {
	db := testkit.NewDB(t)
	for _, c := range []struct {
		name, holder string
		ttl          time.Duration
	}{{"", "a", time.Minute}, {"scan", "", time.Minute}, {"scan", "a", 0}} {
		if _, err := Acquire(context.Background(), db, c.name, c.holder, c.ttl, t0); err == nil {
			t.Errorf("Acquire(%q, %q, %v): no error", c.name, c.holder, c.ttl)
		}
	}
}

func TestRelease(t *testing.T) {
	db := testkit.NewDB(t)
	ctx := context.Background()
	mustAcquire(t, db, "a", 0, true)
	if err := Release(ctx, db, "scan", "b"); err != nil { // not b's: no effect
		t.Fatal(err)
	}
	mustAcquire(t, db, "b", time.Second, false)
	if err := Release(ctx, db, "scan", "a"); err != nil {
		t.Fatal(err)
	}
	mustAcquire(t, db, "b", 2*time.Second, true) // at once, without waiting for expiry
}

// TestAcquire_Concurrent lets N holders race for a free lease, each on its
// own connection, released together: exactly one may win.
func TestAcquire_Concurrent(t *testing.T) {
	contend(t, testkit.NewDB(t), 8)
}

// TestAcquire_ConcurrentPostgres is the same race on PostgreSQL, where the
// connections really run in parallel (SQLite serialises writers).
func TestAcquire_ConcurrentPostgres(t *testing.T) {
	contend(t, testkit.NewPostgresDB(t), 16)
}

func contend(t *testing.T, db *sqldb.DB, n int) {
	t.Helper()
	for round := range 5 {
		contendRound(t, db, n, fmt.Sprintf("race-%d", round))
	}
}

// contendRound pins n connections (closed before returning, as the SQLite
// pool holds only 8) and lets them race for lease name.
func contendRound(t *testing.T, db *sqldb.DB, n int, name string) {
	t.Helper()
	ctx := context.Background()
	conns := make([]*sql.Conn, n)
	for i := range conns {
		c, err := db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		conns[i] = c
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	wins := make([]bool, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			<-start
			wins[i], errs[i] = Acquire(ctx, conns[i], name, fmt.Sprintf("h%d", i), time.Minute, t0)
		})
	}
	close(start)
	wg.Wait()
	won := 0
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("%s holder %d: %v", name, i, errs[i])
		}
		if wins[i] {
			won++
		}
	}
	if won != 1 {
		t.Fatalf("%s: %d holders won the lease, want exactly 1", name, won)
	}
}
