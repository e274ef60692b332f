package quality

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

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// env is the whole stack, seeded like a fresh gongai with the demo data
// and the default quality rules.
type env struct {
	db    *sqldb.DB
	clock *clock
	rec   *audit.Recorder
	ids   *identity.Service
	orgs  *org.Service
	cat   *catalog.Service
	projs *project.Service
	cases *casework.Service
	blobs *blob.Local
	q     *Service
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: time.Date(2026, 3, 9, 10, 0, 0, 0, beijing)} // Monday
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
	e.q = NewService(Deps{DB: db, Audit: rec, Calendar: cal, Now: c.Now})
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

// as returns a context acting as the demo account.
func (e *env) as(t testing.TB, username string) context.Context {
	t.Helper()
	_, p, err := e.ids.Login(context.Background(), username, identity.DemoPassword, identity.Client{})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// exec runs one statement or fails the test.
func (e *env) exec(t testing.TB, query string, args ...any) {
	t.Helper()
	if _, err := e.db.ExecContext(context.Background(), query, args...); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

// acceptedCase submits and accepts the stage-4 joint acceptance of the demo
// project in 通川区 (住建 leads).
func (e *env) acceptedCase(t testing.TB, key string) casework.Case {
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
	var all formschema.Schema
	for _, it := range items {
		all.Fields = append(all.Fields, it.Form.Fields...)
	}
	form := all.Sample(formschema.SampleAnswers{Text: "测试填写", Date: "2026-05-01", Number: 1})
	app, err := e.cases.Submit(e.as(t, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 4,
		ItemCodes: []string{"low_risk_joint_acceptance"}, Form: form, Materials: e.materials(t, key, items...),
		IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	c, err := e.cases.Accept(e.as(t, "chuangkou"), app.Cases[0].ID, casework.AcceptInput{})
	if err != nil {
		t.Fatal(err)
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

func (e *env) materials(t testing.TB, key string, items ...catalog.Item) map[string]string {
	t.Helper()
	out := map[string]string{}
	for i, it := range items {
		for j, m := range it.Materials {
			if m.Required {
				pdf := fmt.Appendf(nil, "%%PDF-1.4\n%% quality %s %d\n1 0 obj<<>>endobj\ntrailer<<>>\n%%%%EOF\n", key, i*100+j)
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

// newProject inserts a project of 通川区 straight into the table (as an
// import would), with the demo project's owner, and returns its id.
func (e *env) newProject(t testing.TB, code, name, site string) int64 {
	t.Helper()
	demo := e.demoProject(t)
	var siteArg any
	if site != "" {
		siteArg = site
	}
	var id int64
	now := sqldb.T(e.clock.Now())
	err := e.db.QueryRowContext(context.Background(), `INSERT INTO projects (code, name, region_id, flow_type,
		owner_name, owner_credit_code, investment, address, site_geojson, created_at, updated_at)
		VALUES ($1, $2, (SELECT id FROM regions WHERE code = '511702'), 4, $3, $4, 100000, '达州市通川区测试路1号', $5, $6, $6)
		RETURNING id`, code, name, demo.OwnerName, demo.OwnerCreditCode, siteArg, now).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// run runs every rule as the system and returns the run.
func (e *env) run(t testing.TB) Run {
	t.Helper()
	run, err := e.q.RunAll(context.Background())
	if err != nil {
		t.Fatalf("RunAll: %v", err)
	}
	return run
}

// result returns the result of rule code in run.
func result(t testing.TB, run Run, code string) Result {
	t.Helper()
	for _, r := range run.Results {
		if r.RuleCode == code {
			return r
		}
	}
	t.Fatalf("run %d has no result for %s", run.ID, code)
	return Result{}
}

// task returns the latest task of rule code on the record (ok false when none).
func (e *env) task(t testing.TB, code, recordType, recordID string) (Task, bool) {
	t.Helper()
	var id int64
	err := e.db.QueryRowContext(context.Background(), `SELECT id FROM quality_tasks WHERE rule_code = $1
		AND record_type = $2 AND record_id = $3 ORDER BY id DESC LIMIT 1`, code, recordType, recordID).Scan(&id)
	if err == sql.ErrNoRows {
		return Task{}, false
	}
	if err != nil {
		t.Fatal(err)
	}
	tk, err := e.q.Task(e.as(t, "admin"), id)
	if err != nil {
		t.Fatal(err)
	}
	return tk, true
}

// failing reports whether the stored failures of result id include the record.
func (e *env) failing(t testing.TB, resultID int64, recordType, recordID string) bool {
	t.Helper()
	var n int
	err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*) FROM quality_failures WHERE result_id = $1
		AND record_type = $2 AND record_id = $3`, resultID, recordType, recordID).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n > 0
}
