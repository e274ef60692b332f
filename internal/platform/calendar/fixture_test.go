package calendar

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// fixture is a migrated, seeded database with a Calendar over it.
type fixture struct {
	db  *sqldb.DB
	rec *audit.Recorder
	cal *Calendar
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	f := newEmptyFixture(t)
	f.mustSeed(t)
	return f
}

// newEmptyFixture has no calendar data at all.
func newEmptyFixture(t *testing.T) fixture {
	t.Helper()
	db := testkit.NewDB(t)
	clock := time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	rec := audit.NewRecorder(now)
	return fixture{db: db, rec: rec, cal: New(db, rec, now)}
}

func (f fixture) mustSeed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.WithTx(ctx, func(tx *sql.Tx) error { return Seed(ctx, tx, f.rec, time.Now()) }); err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// as returns a context in which p acts, with a matching audit actor.
func as(p *access.Principal) context.Context {
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, Name: p.Name})
	return access.With(ctx, p)
}

func staff(role access.Role) *access.Principal {
	return &access.Principal{UserID: 1, Username: string(role), Name: "测试" + role.Label(),
		Assignments: []access.Assignment{{Role: role, RegionCode: access.CityRegionCode}}}
}

var (
	admin = staff(access.SysAdmin)
	clerk = staff(access.WindowClerk)
)

// d parses a date or fails the test.
func d(t testing.TB, s string) Date {
	t.Helper()
	out, err := ParseDate(s)
	if err != nil {
		t.Fatalf("ParseDate(%q): %v", s, err)
	}
	return out
}

// events returns the audit events of an action.
func (f fixture) events(t *testing.T, action string) []audit.Event {
	t.Helper()
	return testkit.AuditEvents(t, f.db, action)
}

// assertChainOK fails t unless the audit chain verifies.
func (f fixture) assertChainOK(t *testing.T) {
	t.Helper()
	testkit.AuditChainOK(t, f.db)
}
