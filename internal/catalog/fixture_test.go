package catalog

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// fixture is a database with Dazhou's regions and org units and the seed
// catalog, and a Service over it.
type fixture struct {
	db    *sqldb.DB
	rec   *audit.Recorder
	blobs *blob.Local
	org   *org.Service
	svc   *Service
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	db := testkit.NewDB(t)
	clock := time.Date(2026, 3, 9, 9, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	rec := audit.NewRecorder(now)
	blobs, err := blob.NewLocal(filepath.Join(t.TempDir(), "blobs"), db, now, 0)
	if err != nil {
		t.Fatal(err)
	}
	f := fixture{db: db, rec: rec, blobs: blobs, org: org.NewService(db, rec, now), svc: NewService(db, rec, blobs, now)}
	f.mustSeed(t)
	return f
}

// mustSeed runs org.Seed and Seed, each in its own transaction, as the app does.
func (f fixture) mustSeed(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	if err := f.db.WithTx(ctx, func(tx *sql.Tx) error { return org.Seed(ctx, tx, f.rec, time.Now()) }); err != nil {
		t.Fatalf("org seed: %v", err)
	}
	if err := f.db.WithTx(ctx, func(tx *sql.Tx) error { return Seed(ctx, tx, f.rec, time.Now()) }); err != nil {
		t.Fatalf("catalog seed: %v", err)
	}
}

// as returns a context in which p acts, with a matching audit actor.
func as(p *access.Principal) context.Context {
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: 0, Name: p.Name})
	return access.With(ctx, p)
}

func staff(role access.Role, regionCode string) *access.Principal {
	return &access.Principal{UserID: 1, Username: string(role) + regionCode, Name: "测试" + role.Label(),
		Assignments: []access.Assignment{{Role: role, RegionCode: regionCode}}}
}

var (
	cityAdmin   = staff(access.SysAdmin, access.CityRegionCode)
	quxianAdmin = staff(access.SysAdmin, "511725") // 渠县
	reviewer    = staff(access.Reviewer, access.CityRegionCode)
)

// events returns the audit events whose action starts with prefix, newest first.
func (f fixture) events(t *testing.T, prefix string) []audit.Event {
	t.Helper()
	evs, err := audit.List(context.Background(), f.db, audit.Filter{Action: prefix, Limit: 1000})
	if err != nil {
		t.Fatalf("audit.List: %v", err)
	}
	return evs
}

func (f fixture) assertChainOK(t *testing.T) {
	t.Helper()
	testkit.AuditChainOK(t, f.db)
}

func (f fixture) mustItem(t *testing.T, code string) Item {
	t.Helper()
	it, err := f.svc.Item(context.Background(), code)
	if err != nil {
		t.Fatalf("Item(%s): %v", code, err)
	}
	return it
}

func (f fixture) mustPublished(t *testing.T, region string, typ int) Flow {
	t.Helper()
	fl, err := f.svc.PublishedFlow(context.Background(), region, typ)
	if err != nil {
		t.Fatalf("PublishedFlow(%s, %d): %v", region, typ, err)
	}
	return fl
}

func countRows(t *testing.T, f fixture, table string) int {
	t.Helper()
	var n int
	if err := f.db.QueryRow(`SELECT COUNT(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// stageItem returns the stage item with the code in flow fl.
func stageItem(t *testing.T, fl Flow, code string) StageItem {
	t.Helper()
	for _, s := range fl.Stages {
		for _, si := range s.Items {
			if si.ItemCode == code {
				return si
			}
		}
	}
	t.Fatalf("flow %d has no item %s", fl.ID, code)
	return StageItem{}
}
