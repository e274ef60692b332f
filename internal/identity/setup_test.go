package identity

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// clock is an injectable, advanceable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

type fixture struct {
	db    *sqldb.DB
	clock *clock
	svc   *Service
	org   *org.Service
}

// newFixture returns a seeded database (regions, org units, demo accounts)
// and an identity service with cheap hashing and a controllable clock.
func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)}
	rec := audit.NewRecorder(c.Now)
	orgs := org.NewService(db, rec, c.Now)
	p := DefaultPolicy
	p.Hash = cheap
	svc := NewService(db, rec, orgs, c.Now, p)
	ctx := context.Background()
	mustTx(t, db, func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, c.Now()) })
	mustTx(t, db, func(tx *sql.Tx) error { _, err := svc.SeedDemo(ctx, tx); return err })
	return &fixture{db: db, clock: c, svc: svc, org: orgs}
}

func mustTx(t *testing.T, db *sqldb.DB, fn func(tx *sql.Tx) error) {
	t.Helper()
	if err := db.WithTx(context.Background(), fn); err != nil {
		t.Fatal(err)
	}
}

// as logs in as a demo account and returns a context carrying its principal.
func (f *fixture) as(t *testing.T, username string) context.Context {
	t.Helper()
	_, p, err := f.svc.Login(context.Background(), username, DemoPassword, Client{IP: "127.0.0.1"})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return access.With(audit.WithActor(context.Background(), actorOf(p)), p)
}

func (f *fixture) verifyAudit(t *testing.T) {
	t.Helper()
	testkit.AuditChainOK(t, f.db)
}

func (f *fixture) countEvents(t *testing.T, action string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(`SELECT COUNT(*) FROM audit_events WHERE action = $1`, action).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
