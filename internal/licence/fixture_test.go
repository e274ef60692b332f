package licence

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

const testBase = "https://gongai.example.cn"

var testMaster = []byte("0123456789abcdef0123456789abcdef")

// env is the whole stack, seeded like a fresh gongai with the demo data.
type env struct {
	db    *sqldb.DB
	clock *clock
	rec   *audit.Recorder
	cases *casework.Service
	ids   *identity.Service
	orgs  *org.Service
	blobs *blob.Local
	cat   *catalog.Service
	projs *project.Service
	lic   *Service
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := testkit.NewDB(t)
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
	e.lic = e.newService(t)
	e.seed(t)
	return e
}

// newService is another licence service on the same database, as a second
// server would run.
func (e *env) newService(t testing.TB) *Service {
	t.Helper()
	s, err := NewService(Deps{DB: e.db, Audit: e.rec, Catalog: e.cat, MasterKey: testMaster, BaseURL: testBase + "/",
		Now: e.clock.Now})
	if err != nil {
		t.Fatal(err)
	}
	return s
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

// principal logs a demo account in.
func (e *env) principal(t testing.TB, username string) *access.Principal {
	t.Helper()
	_, p, err := e.ids.Login(context.Background(), username, identity.DemoPassword, identity.Client{})
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

// submitted submits a 建筑工程施工许可证（简易低风险） application of the
// demo enterprise's type-4 project in 通川区 (住建 leads alone).
func (e *env) submitted(t testing.TB, key string) casework.Case {
	t.Helper()
	proj := e.demoProject(t)
	flow, err := e.cat.PublishedFlow(context.Background(), "511702", 4)
	if err != nil {
		t.Fatal(err)
	}
	var items []catalog.Item
	for _, st := range flow.Stages {
		for _, si := range st.Items {
			if st.No == 3 && si.ItemCode == "low_risk_construction_permit" {
				items = append(items, si.Item)
			}
		}
	}
	app, err := e.cases.Submit(e.as(t, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 3,
		ItemCodes: []string{"low_risk_construction_permit"}, Form: fillForm(items...),
		Materials: e.materials(t, items...), IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	return app.Cases[0]
}

// approved submits a case and takes it to 办结（通过）: 受理, 住建 review,
// 住建 head's conclusion.
func (e *env) approved(t testing.TB, key string) casework.Case {
	t.Helper()
	c := e.submitted(t, key)
	if _, err := e.cases.Accept(e.as(t, "chuangkou"), c.ID, casework.AcceptInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cases.Review(e.as(t, "shenpi.zj"), c.ID, casework.TaskInput{Opinion: "材料齐全", Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	c, err := e.cases.Conclude(e.as(t, "kezhang.zj"), c.ID, casework.ConcludeInput{Approve: true, Opinion: "准予许可"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Status != casework.Approved {
		t.Fatalf("case status %d, want 11", c.Status)
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
				pdf := fmt.Appendf(nil, "%%PDF-1.4\n%% licence test %d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", i*100+j)
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

// mustIssue issues the licence of case id.
func (e *env) mustIssue(t testing.TB, id int64) Licence {
	t.Helper()
	l, err := e.lic.Issue(context.Background(), id)
	if err != nil {
		t.Fatalf("Issue(%d): %v", id, err)
	}
	return l
}

// verifyState verifies number and returns its state.
func (e *env) verifyState(t testing.TB, number string) Verification {
	t.Helper()
	v, err := e.lic.Verify(context.Background(), number)
	if err != nil {
		t.Fatalf("Verify(%s): %v", number, err)
	}
	return v
}
