package casework_test

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// clock is an injectable, advanceable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// beijing builds a Beijing-time instant.
func beijing(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, time.FixedZone("CST", 8*3600))
}

// env is the whole stack a case needs, seeded like a fresh gongai.
type env struct {
	db       *sqldb.DB
	clock    *clock
	cases    *casework.Service
	cal      *calendar.Calendar
	catalog  *catalog.Service
	projects *project.Service
	ids      *identity.Service
	orgs     *org.Service
	blobs    *blob.Local
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: beijing(2026, 3, 9, 10, 0)}
	rec := audit.NewRecorder(c.Now)
	e := &env{db: db, clock: c, orgs: org.NewService(db, rec, c.Now), cal: calendar.New(db, rec, c.Now)}
	pol := identity.DefaultPolicy
	pol.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	e.ids = identity.NewService(db, rec, e.orgs, c.Now, pol)
	store, err := blob.NewLocal(t.TempDir(), db, c.Now, 0)
	if err != nil {
		t.Fatal(err)
	}
	e.blobs = store
	e.catalog = catalog.NewService(db, rec, store, c.Now)
	e.projects = project.NewService(db, rec, e.orgs, c.Now)
	e.cases = casework.NewService(casework.Deps{DB: db, Audit: rec, Calendar: e.cal, Catalog: e.catalog,
		Projects: e.projects, Orgs: e.orgs, Blobs: store, Now: c.Now})
	ctx := context.Background()
	seed := []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, c.Now()) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, c.Now()) },
		func(tx *sql.Tx) error { return catalog.Seed(ctx, tx, rec, c.Now()) },
		func(tx *sql.Tx) error { _, err := e.ids.SeedDemo(ctx, tx); return err },
		func(tx *sql.Tx) error {
			ent, err := e.ids.DemoEnterprise(ctx, tx)
			if err != nil {
				return err
			}
			return project.SeedDemo(ctx, tx, rec, c.Now(), ent.ID, ent.CreditCode, ent.Name)
		},
	}
	for _, fn := range seed {
		if err := db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// as returns a context acting as a demo account.
func (e *env) as(t testing.TB, username string) context.Context {
	t.Helper()
	_, p, err := e.ids.Login(context.Background(), username, identity.DemoPassword, identity.Client{})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// demoProject returns the demo enterprise's project of flowType in region.
func (e *env) demoProject(t testing.TB, region string, flowType int) project.Project {
	t.Helper()
	page, err := e.projects.List(e.as(t, "jianguan"), project.Filter{RegionCode: region, FlowType: flowType})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.EnterpriseID != 0 {
			return p
		}
	}
	t.Fatalf("no demo project of type %d in %s", flowType, region)
	return project.Project{}
}
