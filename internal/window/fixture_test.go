package window

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
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
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// clock is an injectable, advanceable time source shared by every service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var cst = time.FixedZone("CST", 8*3600)

// monday is 2026-03-09, a Monday of an ordinary working week.
var monday = calendar.NewDate(2026, 3, 9)

// at is a Beijing-time instant on day d at hh:mm.
func at(d calendar.Date, hh, mm int) time.Time {
	return d.Time().Add(time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute).In(cst)
}

// env is the whole stack, seeded like a fresh gongai with the demo data
// and the demo windows.
type env struct {
	db     *sqldb.DB
	clock  *clock
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
	db := testkit.NewDB(t)
	c := &clock{t: at(monday, 10, 0)}
	rec := audit.NewRecorder(c.Now)
	e := &env{db: db, clock: c, rec: rec, orgs: org.NewService(db, rec, c.Now)}
	e.cal = calendar.New(db, rec, c.Now)
	pol := identity.DefaultPolicy
	pol.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	e.ids = identity.NewService(db, rec, e.orgs, c.Now, pol)
	store, err := blob.NewLocal(t.TempDir(), db, c.Now, 0)
	if err != nil {
		t.Fatal(err)
	}
	e.blobs = store
	e.cat = catalog.NewService(db, rec, store, c.Now)
	e.projs = project.NewService(db, rec, e.orgs, c.Now)
	e.cases = casework.NewService(casework.Deps{DB: db, Audit: rec, Calendar: e.cal, Catalog: e.cat,
		Projects: e.projs, Orgs: e.orgs, Blobs: store, Now: c.Now})
	e.notify = notify.NewService(db, c.Now)
	e.svc = NewService(Deps{DB: db, Audit: rec, Calendar: e.cal, Orgs: e.orgs, Users: e.ids, Catalog: e.cat,
		Projects: e.projs, Notify: e.notify, Now: c.Now})
	e.seed(t)
	return e
}

func (e *env) seed(t testing.TB) {
	t.Helper()
	ctx, now := context.Background(), e.clock.Now()
	for _, fn := range []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, e.rec, now) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, e.rec, now) },
		func(tx *sql.Tx) error { return catalog.Seed(ctx, tx, e.rec, now) },
		func(tx *sql.Tx) error { _, err := e.ids.SeedDemo(ctx, tx); return err },
		func(tx *sql.Tx) error {
			ent, err := e.ids.DemoEnterprise(ctx, tx)
			if err != nil {
				return err
			}
			return project.SeedDemo(ctx, tx, e.rec, now, ent.ID, ent.CreditCode, ent.Name)
		},
		func(tx *sql.Tx) error { return Seed(ctx, tx, e.rec, now) },
	} {
		if err := e.db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
}

// principal logs a demo (or created, "-x") account in.
func (e *env) principal(t testing.TB, username string) *access.Principal {
	t.Helper()
	pw := identity.DemoPassword
	if strings.HasSuffix(username, "-x") {
		pw = "Extra@2026"
	}
	_, p, err := e.ids.Login(context.Background(), username, pw, identity.Client{})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return p
}

// as returns a context acting as the account.
func (e *env) as(t testing.TB, username string) context.Context {
	t.Helper()
	return actAs(e.principal(t, username))
}

func actAs(p *access.Principal) context.Context {
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// user creates a staff account "login-x" named name, holding role in the
// region's unit of function fn, and returns its id and a context acting as
// it.
func (e *env) user(t testing.TB, login, name string, role access.Role, regionCode, fn string) (int64, context.Context) {
	t.Helper()
	u := e.unit(t, regionCode, fn)
	id, err := e.ids.CreateUser(e.as(t, "admin"), identity.NewUser{Username: login + "-x", DisplayName: name,
		Password: "Extra@2026", Role: role, RegionCode: regionCode, OrgUnitID: u.ID})
	if err != nil {
		t.Fatalf("create %s: %v", name, err)
	}
	p := &access.Principal{UserID: id, Username: login + "-x", Name: name, Assignments: []access.Assignment{
		{Role: role, RegionCode: regionCode, OrgUnitID: u.ID}}}
	return id, actAs(p)
}

func (e *env) unit(t testing.TB, regionCode, fn string) org.Unit {
	t.Helper()
	u, err := e.orgs.UnitByFunction(context.Background(), regionCode, fn)
	if err != nil {
		t.Fatalf("UnitByFunction(%s, %s): %v", regionCode, fn, err)
	}
	return u
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

// receivedCase submits a stage-4 joint acceptance of the demo project in
// 通川区 as the enterprise: a case received (BLZT 1), not yet accepted.
func (e *env) receivedCase(t testing.TB, key string) casework.Case {
	t.Helper()
	proj := e.demoProject(t)
	flow, err := e.cat.PublishedFlow(context.Background(), "511702", 4)
	if err != nil {
		t.Fatal(err)
	}
	var items []catalog.Item
	for _, st := range flow.Stages {
		for _, si := range st.Items {
			if st.No == 4 && si.ItemCode == "low_risk_joint_acceptance" {
				items = append(items, si.Item)
			}
		}
	}
	app, err := e.cases.Submit(e.as(t, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 4,
		ItemCodes: []string{"low_risk_joint_acceptance"}, Form: fillForm(items...),
		Materials: e.materials(t, items...), IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return app.Cases[0]
}

func (e *env) demoProject(t testing.TB) project.Project {
	t.Helper()
	page, err := e.projs.List(e.as(t, "jianguan"), project.Filter{RegionCode: "511702", FlowType: 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range page.Items {
		if p.EnterpriseID != 0 {
			return p
		}
	}
	t.Fatal("no demo project of type 4 in 通川区")
	return project.Project{}
}

func fillForm(items ...catalog.Item) formschema.Values {
	var all formschema.Schema
	for _, it := range items {
		all.Fields = append(all.Fields, it.Form.Fields...)
	}
	return all.Sample(formschema.SampleAnswers{Text: "测试填写", Date: "2026-05-01", Number: 1})
}

func (e *env) materials(t testing.TB, items ...catalog.Item) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i, it := range items {
		for j, m := range it.Materials {
			if m.Required {
				pdf := fmt.Appendf(nil, "%%PDF-1.4\n%% window test %d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", i*100+j)
				ref, err := e.blobs.Put(context.Background(), strings.NewReader(string(pdf)), "材料.pdf", "application/pdf")
				if err != nil {
					t.Fatal(err)
				}
				out[m.Name] = ref.Hash
			}
		}
	}
	return out
}

// inbox returns the titles of the account's notifications.
func (e *env) inbox(t testing.TB, username string) []string {
	t.Helper()
	items, _, err := e.notify.Inbox(e.as(t, username), notify.Filter{Limit: 100})
	if err != nil {
		t.Fatalf("inbox %s: %v", username, err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}
