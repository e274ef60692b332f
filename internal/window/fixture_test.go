package window

import (
	"context"
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
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/dazhou-gongai/gongai/internal/testkit/stack"
)

var cst = stack.CST

// monday is 2026-03-09, a Monday of an ordinary working week.
var monday = calendar.NewDate(2026, 3, 9)

// at is a Beijing-time instant on day d at hh:mm.
func at(d calendar.Date, hh, mm int) time.Time {
	return d.Time().Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute).In(cst)
}

// env is the engine stack (package stack) seeded with the demo windows, and
// the window service; the short field names are the stack's services under
// the names the tests of this package use.
type env struct {
	*stack.Stack
	db     *sqldb.DB
	clock  *stack.Clock
	rec    *audit.Recorder
	cal    *calendar.Calendar
	cases  *casework.Service
	ids    *identity.Service
	orgs   *org.Service
	notify *notify.Service
	svc    *Service
	blobs  *blob.Local
	cat    *catalog.Service
	projs  *project.Service
}

func newEnv(t testing.TB) *env {
	t.Helper()
	s := stack.New(t, testkit.NewDB(t), at(monday, 10, 0), Seed)
	e := &env{Stack: s, db: s.DB, clock: s.Clock, rec: s.Audit, cal: s.Calendar, cases: s.Cases, ids: s.Identity,
		orgs: s.Org, notify: s.Notify, blobs: s.Blobs, cat: s.Catalog, projs: s.Projects}
	e.svc = NewService(Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Orgs: s.Org, Users: s.Identity,
		Catalog: s.Catalog, Projects: s.Projects, Notify: s.Notify, Now: s.Clock.Now})
	return e
}

func (e *env) principal(t testing.TB, username string) *access.Principal {
	return e.Principal(t, username)
}
func (e *env) as(t testing.TB, username string) context.Context  { return e.As(t, username) }
func (e *env) unit(t testing.TB, regionCode, fn string) org.Unit { return e.Unit(t, regionCode, fn) }
func (e *env) inbox(t testing.TB, username string) []string      { return e.Inbox(t, username) }
func actAs(p *access.Principal) context.Context                  { return stack.Acting(p) }

// receivedCase submits a stage-4 joint acceptance of the demo project in
// 通川区 as the enterprise: a case received (BLZT 1), not yet accepted.
func (e *env) receivedCase(t testing.TB, key string) casework.Case {
	t.Helper()
	return e.Submit(t, "qiye", key, 4, stack.JointAcceptance)
}

// user creates a staff account "login-x" named name, holding role in the
// region's unit of function fn, and returns its id and a context acting as
// it.
func (e *env) user(t testing.TB, login, name string, role access.Role, regionCode, fn string) (int64, context.Context) {
	t.Helper()
	u := e.unit(t, regionCode, fn)
	id, err := e.ids.CreateUser(e.as(t, "admin"), identity.NewUser{Username: login + "-x", DisplayName: name,
		Password: stack.ExtraPassword, Role: role, RegionCode: regionCode, OrgUnitID: u.ID})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	p := &access.Principal{UserID: id, Username: login + "-x", Name: name, Assignments: []access.Assignment{
		{Role: role, RegionCode: regionCode, OrgUnitID: u.ID}}}
	return id, actAs(p)
}

// windowOf returns the seeded window number n of the region.
func (e *env) windowOf(t testing.TB, regionCode string, n int) Window {
	t.Helper()
	ws, err := e.svc.Windows(e.as(t, "admin"), regionCode, true)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range ws {
		if w.Number == n {
			return w
		}
	}
	t.Fatalf("no window %d in %s", n, regionCode)
	return Window{}
}

// itemCode is an active item of the catalog to book for.
func (e *env) itemCode(t testing.TB) string {
	t.Helper()
	items, err := e.cat.Items(context.Background(), catalog.ItemFilter{})
	if err != nil || len(items) == 0 {
		t.Fatalf("items: %v", err)
	}
	return items[0].Code
}

// book books window w on day at hh:mm for the principal in ctx.
func (e *env) book(ctx context.Context, t testing.TB, w Window, d calendar.Date, hh, mm int) (Appointment, error) {
	t.Helper()
	return e.svc.Book(ctx, BookInput{WindowID: w.ID, Day: d, Starts: Clock(hh*60 + mm), MatterKind: MatterItem,
		MatterRef: e.itemCode(t), Phone: "0818-2100000"})
}
