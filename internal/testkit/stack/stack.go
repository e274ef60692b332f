// Package stack builds, for tests, the whole approval engine over a test
// database, seeded like a fresh gongai with the demo data: regions and org
// units, the working-day calendar, the catalog, the demo accounts and the
// demo projects. Capabilities built on the engine (supervision, ratings,
// licences, windows, …) add their own service on top in their fixtures.
//
// It is a separate package from testkit because it imports the engine,
// which the platform packages that use testkit must not depend on.
package stack

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
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// CST is Beijing time, in which the tests state their instants.
var CST = time.FixedZone("CST", 8*3600)

// Monday is 2026-03-09 10:00 in Beijing, a Monday of an ordinary working
// week: the default start of a Stack's clock.
var Monday = time.Date(2026, 3, 9, 10, 0, 0, 0, CST)

// ExtraPassword is the password of the accounts Staff creates.
const ExtraPassword = "Extra@2026"

// Clock is an injectable, settable time source shared by every service.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the current test time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// Stack is the engine and the services it needs, on one database.
type Stack struct {
	DB       *sqldb.DB
	Clock    *Clock
	Audit    *audit.Recorder
	Org      *org.Service
	Identity *identity.Service
	Calendar *calendar.Calendar
	Blobs    *blob.Local
	Catalog  *catalog.Service
	Projects *project.Service
	Cases    *casework.Service
	Notify   *notify.Service
	uploads  int // distinct bytes for each uploaded test PDF (under mu)
	mu       sync.Mutex
}

// New builds the stack on db with its clock at start (Monday when zero) and
// runs the first-start seeds; seed adds a capability's own seeds (such as
// the demo windows), run after the others in their own transactions.
func New(t testing.TB, db *sqldb.DB, start time.Time, seed ...func(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error) *Stack {
	t.Helper()
	if start.IsZero() {
		start = Monday
	}
	c := &Clock{t: start}
	rec := audit.NewRecorder(c.Now)
	s := &Stack{DB: db, Clock: c, Audit: rec, Org: org.NewService(db, rec, c.Now), Calendar: calendar.New(db, rec, c.Now)}
	pol := identity.DefaultPolicy
	pol.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1} // fast logins: tests log in often
	s.Identity = identity.NewService(db, rec, s.Org, c.Now, pol)
	var err error
	if s.Blobs, err = blob.NewLocal(t.TempDir(), db, c.Now, 0); err != nil {
		t.Fatal(err)
	}
	s.Catalog = catalog.NewService(db, rec, s.Blobs, c.Now)
	s.Projects = project.NewService(db, rec, s.Org, c.Now)
	s.Cases = casework.NewService(casework.Deps{DB: db, Audit: rec, Calendar: s.Calendar, Catalog: s.Catalog,
		Projects: s.Projects, Orgs: s.Org, Blobs: s.Blobs, Now: c.Now})
	s.Notify = notify.NewService(db, c.Now)
	s.seed(t, seed)
	return s
}

func (s *Stack) seed(t testing.TB, extra []func(context.Context, *sql.Tx, *audit.Recorder, time.Time) error) {
	t.Helper()
	ctx, now := context.Background(), s.Clock.Now()
	steps := []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, s.Audit, now) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, s.Audit, now) },
		func(tx *sql.Tx) error { return catalog.Seed(ctx, tx, s.Audit, now) },
		func(tx *sql.Tx) error { _, err := s.Identity.SeedDemo(ctx, tx); return err },
		func(tx *sql.Tx) error {
			ent, err := s.Identity.DemoEnterprise(ctx, tx)
			if err != nil {
				return err
			}
			return project.SeedDemo(ctx, tx, s.Audit, now, ent.ID, ent.CreditCode, ent.Name)
		},
	}
	for _, fn := range extra {
		steps = append(steps, func(tx *sql.Tx) error { return fn(ctx, tx, s.Audit, now) })
	}
	for _, fn := range steps {
		if err := s.DB.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
}

// Principal logs an account in: a demo account, or one made by Staff.
func (s *Stack) Principal(t testing.TB, username string) *access.Principal {
	t.Helper()
	pw := identity.DemoPassword
	if len(username) > 2 && username[len(username)-2:] == "-x" {
		pw = ExtraPassword
	}
	_, p, err := s.Identity.Login(context.Background(), username, pw, identity.Client{})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return p
}

// As returns a context acting as the account (principal and audit actor).
func (s *Stack) As(t testing.TB, username string) context.Context {
	t.Helper()
	return Acting(s.Principal(t, username))
}

// Acting returns a context acting as p.
func Acting(p *access.Principal) context.Context {
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// Staff creates an account "<name>-x" holding role in the region's unit of
// function fn and returns its user name (log in with As).
func (s *Stack) Staff(t testing.TB, name string, role access.Role, regionCode, fn string) string {
	t.Helper()
	u := s.Unit(t, regionCode, fn)
	username := name + "-x"
	_, err := s.Identity.CreateUser(s.As(t, "admin"), identity.NewUser{Username: username, DisplayName: name,
		Password: ExtraPassword, Role: role, RegionCode: regionCode, OrgUnitID: u.ID})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	return username
}

// Unit returns the region's org unit of function fn.
func (s *Stack) Unit(t testing.TB, regionCode, fn string) org.Unit {
	t.Helper()
	u, err := s.Org.UnitByFunction(context.Background(), regionCode, fn)
	if err != nil {
		t.Fatalf("UnitByFunction(%s, %s): %v", regionCode, fn, err)
	}
	return u
}

// AssertChainOK fails t unless the audit chain verifies.
func (s *Stack) AssertChainOK(t testing.TB) {
	t.Helper()
	rep, err := audit.Verify(context.Background(), s.DB)
	if err != nil || !rep.OK {
		t.Fatalf("audit.Verify = %+v, %v", rep, err)
	}
}
