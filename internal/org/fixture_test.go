package org

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

// fixture is a seeded database with a Service over it.
type fixture struct {
	db  *sqldb.DB
	rec *audit.Recorder
	svc *Service
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := testkit.NewDB(t)
	clock := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	rec := audit.NewRecorder(now)
	f := fixture{db: db, rec: rec, svc: NewService(db, rec, now)}
	f.mustSeed(t)
	return f
}

func (f fixture) mustSeed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	err := f.db.WithTx(ctx, func(tx *sql.Tx) error { return Seed(ctx, tx, f.rec, time.Now()) })
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
}

// as returns a context in which p acts, with a matching audit actor.
func as(p *access.Principal) context.Context {
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: 0, Name: p.Name})
	return access.With(ctx, p)
}

// staff is a principal holding role in the region with the code.
func staff(role access.Role, regionCode string) *access.Principal {
	return &access.Principal{UserID: 1, Username: string(role) + regionCode, Name: "测试" + role.Label(),
		Assignments: []access.Assignment{{Role: role, RegionCode: regionCode}}}
}

var (
	tongchuanClerk = staff(access.WindowClerk, "511702")
	cityAdmin      = staff(access.SysAdmin, access.CityRegionCode)
	quxianAdmin    = staff(access.SysAdmin, "511725") // 渠县
	tongchuanAdmin = staff(access.SysAdmin, "511702")
)

// mustUnit returns the active unit of the region with the function.
func (f fixture) mustUnit(t *testing.T, regionCode, fn string) Unit {
	t.Helper()
	u, err := f.svc.UnitByFunction(context.Background(), regionCode, fn)
	if err != nil {
		t.Fatalf("UnitByFunction(%s, %s): %v", regionCode, fn, err)
	}
	return u
}

// events returns the audit events of an action, newest first.
func (f fixture) events(t *testing.T, action string) []audit.Event {
	t.Helper()
	return testkit.AuditEvents(t, f.db, action)
}

// assertChainOK fails t unless the audit chain verifies.
func (f fixture) assertChainOK(t *testing.T) {
	t.Helper()
	testkit.AuditChainOK(t, f.db)
}
