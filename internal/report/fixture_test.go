package report

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
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

// clock is an injectable time source shared by every service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var cst = time.FixedZone("CST", 8*3600)

// at is 10:00 Beijing time on the day.
func at(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 10, 0, 0, 0, cst) }

// env is a migrated database seeded with regions, calendar, catalog, demo
// accounts and a project, and the report service over it. Cases are
// inserted directly (the reports only read them).
type env struct {
	db      *sqldb.DB
	clock   *clock
	rec     *audit.Recorder
	cal     *calendar.Calendar
	orgs    *org.Service
	ids     *identity.Service
	svc     *Service
	project struct {
		id         int64
		code, name string
	}
	n int
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: time.Date(2026, 4, 8, 10, 0, 0, 0, cst)}
	rec := audit.NewRecorder(c.Now)
	e := &env{db: db, clock: c, rec: rec, orgs: org.NewService(db, rec, c.Now), cal: calendar.New(db, rec, c.Now)}
	pol := identity.DefaultPolicy
	pol.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	e.ids = identity.NewService(db, rec, e.orgs, c.Now, pol)
	store, err := blob.NewLocal(t.TempDir(), db, c.Now, 0)
	if err != nil {
		t.Fatal(err)
	}
	e.svc = NewService(Deps{DB: db, Audit: rec, Calendar: e.cal, Orgs: e.orgs, Blobs: store, Now: c.Now})
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
	err := e.db.QueryRowContext(ctx, `SELECT id, code, name FROM projects ORDER BY id LIMIT 1`).
		Scan(&e.project.id, &e.project.code, &e.project.name)
	if err != nil {
		t.Fatal(err)
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

// ctxOf acts as p.
func ctxOf(p *access.Principal) context.Context {
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// as acts as a demo account.
func (e *env) as(t testing.TB, username string) context.Context {
	return ctxOf(e.principal(t, username))
}

// countySupervisor is a 工改办 supervisor of region code (ReportView and
// ReportBuild there only), acting as the demo account username.
func (e *env) countySupervisor(t testing.TB, username, code string) context.Context {
	p := e.principal(t, username)
	q := *p
	q.Assignments = []access.Assignment{{Role: access.Supervisor, RegionCode: code, OrgUnitID: 1}}
	return ctxOf(&q)
}

// kase is a case to insert: the zero times mean "not happened".
type kase struct {
	region, item, channel string
	flowType, stage       int
	status                int
	received, accepted    time.Time
	concluded             time.Time
	limit, paused         int
	lead                  int64
}

// add inserts c (with its application) and returns the case id.
func (e *env) add(t testing.TB, c kase) int64 {
	t.Helper()
	ctx := context.Background()
	e.n++
	var flowID int64
	if err := e.db.QueryRowContext(ctx, `SELECT id FROM catalog_flows WHERE region_code = $1 AND flow_type = $2
		ORDER BY id LIMIT 1`, c.region, c.flowType).Scan(&flowID); err != nil {
		t.Fatalf("flow %s/%d: %v", c.region, c.flowType, err)
	}
	num := fmt.Sprintf("T-%05d", e.n)
	var appID, id int64
	err := e.db.QueryRowContext(ctx, `INSERT INTO applications (number, project_id, project_code, project_name,
		region_code, flow_id, stage_no, scope, idempotency_key, channel, submitted_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, 'item', $1, $8, $9) RETURNING id`, num, e.project.id, e.project.code,
		e.project.name, c.region, flowID, c.stage, c.channel, sqldb.T(c.received)).Scan(&appID)
	if err != nil {
		t.Fatal(err)
	}
	var start any
	if !c.accepted.IsZero() {
		start = calendar.DateOf(c.accepted).String()
	}
	var lead any
	if c.lead != 0 {
		lead = c.lead
	}
	err = e.db.QueryRowContext(ctx, `INSERT INTO cases (number, application_id, application_number, project_id,
		project_code, project_name, region_code, item_code, item_name, flow_id, stage_no, status, join_policy,
		limit_days, statutory_days, received_at, accepted_at, start_day, concluded_at, paused_days, updated_at, lead_org_id)
		VALUES ($1, $2, $1, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'all', $12, $12, $13, $14, $15, $16, $17, $13, $18)
		RETURNING id`, num, appID, e.project.id, e.project.code, e.project.name, c.region, c.item, "事项"+c.item,
		flowID, c.stage, c.status, c.limit, sqldb.T(c.received), sqldb.NT(c.accepted), start, sqldb.NT(c.concluded),
		c.paused, lead).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// accepted adds an accepted, still open case of region on day d.
func (e *env) accepted(t testing.TB, region string, d time.Time) {
	e.add(t, kase{region: region, item: "I1", channel: "online", flowType: 1, stage: 1, status: 8,
		received: d, accepted: d, limit: 10})
}
