package evaluation

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

// at is a Beijing-time instant on day d at 10:00.
func at(d calendar.Date) time.Time { return d.Time().Add(10 * time.Hour).In(cst) }

// env is the whole stack, seeded like a fresh gongai with the demo data.
type env struct {
	db     *sqldb.DB
	clock  *clock
	rec    *audit.Recorder
	cases  *casework.Service
	ids    *identity.Service
	orgs   *org.Service
	notify *notify.Service
	ev     *Service
	blobs  *blob.Local
	cat    *catalog.Service
	projs  *project.Service
}

func newEnv(t testing.TB) *env { return newEnvOn(t, testkit.NewDB(t)) }

func newEnvOn(t testing.TB, db *sqldb.DB) *env {
	t.Helper()
	c := &clock{t: time.Date(2026, 3, 9, 10, 0, 0, 0, cst)} // Monday
	rec := audit.NewRecorder(c.Now)
	e := &env{db: db, clock: c, rec: rec, orgs: org.NewService(db, rec, c.Now)}
	cal := calendar.New(db, rec, c.Now)
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
	e.cases = casework.NewService(casework.Deps{DB: db, Audit: rec, Calendar: cal, Catalog: e.cat,
		Projects: e.projs, Orgs: e.orgs, Blobs: store, Now: c.Now})
	e.notify = notify.NewService(db, c.Now)
	e.ev = NewService(Deps{DB: db, Audit: rec, Cases: e.cases, Calendar: cal, Orgs: e.orgs, Notify: e.notify, Now: c.Now})
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
	} {
		if err := e.db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
}

// principal logs a demo (or created) account in.
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
	p := e.principal(t, username)
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// staff creates an account "name-x" holding role in the region's unit of
// function fn, and returns its user name.
func (e *env) staff(t testing.TB, name string, role access.Role, regionCode, fn string) string {
	t.Helper()
	u := e.unit(t, regionCode, fn)
	username := name + "-x"
	_, err := e.ids.CreateUser(e.as(t, "admin"), identity.NewUser{Username: username, DisplayName: name,
		Password: "Extra@2026", Role: role, RegionCode: regionCode, OrgUnitID: u.ID})
	if err != nil {
		t.Fatalf("create %s: %v", username, err)
	}
	return username
}

func (e *env) unit(t testing.TB, regionCode, fn string) org.Unit {
	t.Helper()
	u, err := e.orgs.UnitByFunction(context.Background(), regionCode, fn)
	if err != nil {
		t.Fatalf("UnitByFunction(%s, %s): %v", regionCode, fn, err)
	}
	return u
}

// acceptedCase submits and accepts a stage-4 joint acceptance of the demo
// 小型社会投资 project in 通川区: 住建 leads, 自然资源和规划 and 消防审验
// review in parallel.
func (e *env) acceptedCase(t testing.TB, key string) casework.Case {
	t.Helper()
	return e.acceptedCaseBy(t, "qiye", key)
}

// submitted submits the joint acceptance as user (qiye or daiban).
func (e *env) submitted(t testing.TB, user, key string) casework.Case {
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
	app, err := e.cases.Submit(e.as(t, user), casework.SubmitInput{ProjectID: proj.ID, StageNo: 4,
		ItemCodes: []string{"low_risk_joint_acceptance"}, Form: fillForm(items...),
		Materials: e.materials(t, items...), IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return app.Cases[0]
}

// acceptedCaseBy is acceptedCase submitted by user.
func (e *env) acceptedCaseBy(t testing.TB, user, key string) casework.Case {
	t.Helper()
	id := e.submitted(t, user, key).ID
	if _, err := e.cases.Accept(e.as(t, "chuangkou"), id, casework.AcceptInput{}); err != nil {
		t.Fatal(err)
	}
	c, err := e.cases.Get(e.as(t, "chuangkou"), id)
	if err != nil || len(c.Tasks) != 3 {
		t.Fatalf("accept: %+v %v", c.Tasks, err)
	}
	return c
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

// fillForm answers every field of the items' forms (tables get one row).
func fillForm(items ...catalog.Item) formschema.Values {
	var all formschema.Schema
	for _, it := range items {
		all.Fields = append(all.Fields, it.Form.Fields...)
	}
	return all.Sample(formschema.SampleAnswers{Text: "测试填写", Date: "2026-05-01", Number: 1})
}

// materials uploads a distinct PDF for every required material.
func (e *env) materials(t testing.TB, items ...catalog.Item) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i, it := range items {
		for j, m := range it.Materials {
			if m.Required {
				pdf := fmt.Appendf(nil, "%%PDF-1.4\n%% evaluation test %d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", i*100+j)
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

// inbox returns the titles of the account's notifications, newest first.
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

// countWith counts the titles containing s.
func countWith(titles []string, s string) int {
	n := 0
	for _, title := range titles {
		if strings.Contains(title, s) {
			n++
		}
	}
	return n
}

func (e *env) assertChainOK(t testing.TB) {
	t.Helper()
	rep, err := audit.Verify(context.Background(), e.db)
	if err != nil || !rep.OK {
		t.Fatalf("audit.Verify = %+v, %v", rep, err)
	}
}

// concludedCase takes a case submitted by user through review by the three
// departments to 办结 by the head of 住建 (approve: 11, else 13).
func (e *env) concludedCase(t testing.TB, user, key string, approve bool) casework.Case {
	t.Helper()
	c := e.acceptedCaseBy(t, user, key)
	decision := "approve"
	if !approve {
		decision = "deny"
	}
	for _, reviewer := range []string{"shenpi.zj", "shenpi", "shenpi.xf"} {
		if _, err := e.cases.Review(e.as(t, reviewer), c.ID, casework.TaskInput{Opinion: "审查意见", Decision: decision}); err != nil {
			t.Fatalf("review by %s: %v", reviewer, err)
		}
	}
	c, err := e.cases.Get(e.as(t, "kezhang.zj"), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	c, err = e.cases.Conclude(e.as(t, "kezhang.zj"), c.ID, casework.ConcludeInput{Version: c.Version, Approve: approve,
		Opinion: "办结意见"})
	if err != nil {
		t.Fatalf("conclude: %v", err)
	}
	return c
}

// refusedCase submits a case as qiye and has the window refuse it (BLZT 5).
func (e *env) refusedCase(t testing.TB, key string) casework.Case {
	t.Helper()
	c := e.submitted(t, "qiye", key)
	c, err := e.cases.Refuse(e.as(t, "chuangkou"), c.ID, casework.RefuseInput{Version: c.Version, Reason: "不属于本窗口受理范围"})
	if err != nil {
		t.Fatalf("refuse: %v", err)
	}
	return c
}
