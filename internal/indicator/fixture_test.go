package indicator

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

var cst = time.FixedZone("CST", 8*3600)

// clock is an injectable, settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// testRegions are the regions the generated cases fall in.
var testRegions = []string{"511700", "511702", "511725", "511781"}

// env is a seeded database (regions, calendar, catalogue, registry) with
// the indicator service over it; the tests insert cases directly.
type env struct {
	db    *sqldb.DB
	clock *clock
	cal   *calendar.Calendar
	svc   *Service
	user  int64
	key   int64
	orgID int64
	seq   int
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: time.Date(2026, 3, 20, 10, 0, 0, 0, cst)} // Friday
	rec := audit.NewRecorder(c.Now)
	e := &env{db: db, clock: c, cal: calendar.New(db, rec, c.Now)}
	orgs := org.NewService(db, rec, c.Now)
	e.svc = NewService(Deps{DB: db, Audit: rec, Calendar: e.cal, Regions: orgs, Now: c.Now})
	ctx, now := context.Background(), c.Now()
	for _, fn := range []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return catalog.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return Seed(ctx, tx, rec, now) },
	} {
		if err := db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	e.fixtures(t)
	return e
}

// fixtures inserts a user (the rater), an org unit id and a licence key.
func (e *env) fixtures(t testing.TB) {
	t.Helper()
	ctx, now := context.Background(), sqldb.T(e.clock.Now())
	e.must(t, e.db.QueryRowContext(ctx, `INSERT INTO users (username, display_name, kind, password_hash,
		password_changed_at, created_at, updated_at) VALUES ('rater', '评价人', 'enterprise', 'x', $1, $1, $1)
		RETURNING id`, now).Scan(&e.user))
	e.must(t, e.db.QueryRowContext(ctx, `SELECT MIN(id) FROM org_units`).Scan(&e.orgID))
	e.must(t, e.db.QueryRowContext(ctx, `INSERT INTO licence_keys (org_unit_id, algorithm, public_key_pem,
		private_key_enc, created_at) VALUES ($1, 'SM2', 'pem', $2, $3) RETURNING id`, e.orgID, []byte{1}, now).Scan(&e.key))
}

func (e *env) must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// as is a context acting as a principal with role in region.
func as(role access.Role, region string) context.Context {
	p := &access.Principal{UserID: 99, Username: "t", Name: "测试",
		Assignments: []access.Assignment{{Role: role, RegionCode: region, OrgUnitID: 1}}}
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: 99, Name: "t"}), p)
}

var cityOps = as(access.OpsEngineer, "511700")

// flowOf returns a published flow of region and its last stage.
func (e *env) flowOf(t testing.TB, region string, flowType int) (int64, int) {
	t.Helper()
	var id int64
	var last int
	e.must(t, e.db.QueryRowContext(context.Background(), `SELECT f.id, MAX(s.no) FROM catalog_flows f
		JOIN catalog_stages s ON s.flow_id = f.id WHERE f.region_code = $1 AND f.flow_type = $2
		AND f.status = 'published' GROUP BY f.id`, region, flowType).Scan(&id, &last))
	return id, last
}

// project inserts a project in region.
func (e *env) project(t testing.TB, region string, flowType int) int64 {
	t.Helper()
	e.seq++
	var id int64
	e.must(t, e.db.QueryRowContext(context.Background(), `INSERT INTO projects (code, name, region_id, flow_type,
		owner_name, owner_credit_code, investment, created_at, updated_at)
		SELECT $1, $2, r.id, $3, '业主', '91511700000000000X', 100, $4, $4 FROM regions r WHERE r.code = $5
		RETURNING id`, fmt.Sprintf("2026-%s-48-01-%06d", region, e.seq), fmt.Sprintf("测试项目%d", e.seq), flowType,
		sqldb.T(e.clock.Now()), region).Scan(&id))
	return id
}

// tcase is a case to insert. Zero times are NULL.
type tcase struct {
	project        int64
	region         string
	flow           int64
	stage          int
	status         int
	channel        string
	received       time.Time
	accepted       time.Time
	concluded      time.Time
	limit, statute int
	paused         int
	warn           string
	deadline       string
	licensed       bool
}

// insertCase inserts c with its application (and licence) and returns its id.
func (e *env) insertCase(t testing.TB, c tcase) int64 {
	t.Helper()
	ctx := context.Background()
	e.seq++
	num := fmt.Sprintf("%s-T-%05d", c.region, e.seq)
	var appID, id int64
	e.must(t, e.db.QueryRowContext(ctx, `INSERT INTO applications (number, project_id, project_code, project_name,
		region_code, flow_id, stage_no, scope, idempotency_key, channel, submitted_at)
		VALUES ($1, $2, 'P', '测试项目', $3, $4, $5, 'item', $1, $6, $7) RETURNING id`,
		"A"+num, c.project, c.region, c.flow, c.stage, c.channel, sqldb.T(c.received)).Scan(&appID))
	start := sql.NullString{}
	if !c.accepted.IsZero() {
		start = sql.NullString{String: calendar.DateOf(c.accepted).String(), Valid: true}
	}
	e.must(t, e.db.QueryRowContext(ctx, `INSERT INTO cases (number, application_id, application_number, project_id,
		project_code, project_name, region_code, item_code, item_name, flow_id, stage_no, status, join_policy,
		limit_days, statutory_days, received_at, accepted_at, start_day, concluded_at, deadline, paused_days,
		warn_level, updated_at)
		VALUES ($1, $2, $3, $4, 'P', '测试项目', $5, 'ITEM', '测试事项', $6, $7, $8, 'all', $9, $10, $11, $12, $13,
		$14, $15, $16, $17, $11) RETURNING id`, num, appID, "A"+num, c.project, c.region, c.flow, c.stage, c.status,
		c.limit, c.statute, sqldb.T(c.received), sqldb.NT(c.accepted), start, sqldb.NT(c.concluded),
		nullText(c.deadline), c.paused, orDefault(c.warn, "none")).Scan(&id))
	if c.licensed {
		_, err := e.db.ExecContext(ctx, `INSERT INTO licences (number, case_id, case_number, kind_code, kind_name,
			title, item_code, item_name, holder_name, holder_credit_code, project_code, project_name, region_code,
			issuer_org_id, issuer_name, issue_date, content, digest, signature, key_id, public_key_pem, issued_at)
			VALUES ($1, $2, $3, 'K', '证', '证', 'ITEM', '测试事项', '业主', 'X', 'P', '测试项目', $4, $5, '局',
			'2026-03-01', '{}', 'd', $6, $7, 'pem', $8)`, "L"+num, id, num, c.region, e.orgID, []byte{1}, e.key,
			sqldb.T(c.concluded))
		e.must(t, err)
	}
	return id
}

func nullText(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func orDefault(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// rate inserts a rating of case id (and a rectification for a bad one).
func (e *env) rate(t testing.TB, caseID int64, region string, level int, at time.Time, closed bool) {
	t.Helper()
	ctx := context.Background()
	var rid int64
	e.must(t, e.db.QueryRowContext(ctx, `INSERT INTO ratings (case_id, case_number, case_status, item_name,
		project_name, region_code, rater_party, rater_user_id, rater_name, level, created_at)
		VALUES ($1, 'N', 11, '测试事项', '测试项目', $2, $3, $4, '评价人', $5, $6) RETURNING id`,
		caseID, region, fmt.Sprintf("user:%d", caseID), e.user, level, sqldb.T(at)).Scan(&rid))
	if level > 2 {
		return
	}
	kind, closedAt := "", sqldb.NullTime{}
	if closed {
		kind, closedAt = "supervisor", sqldb.NT(at.Add(48*time.Hour))
	}
	_, err := e.db.ExecContext(ctx, `INSERT INTO rectifications (rating_id, case_id, region_code, org_id, org_name,
		due_date, close_kind, closed_at, created_at) VALUES ($1, $2, $3, $4, '局', '2026-03-25', $5, $6, $7)`,
		rid, caseID, region, e.orgID, kind, closedAt, sqldb.T(at))
	e.must(t, err)
}

// event appends an engine event for case number to the outbox.
func (e *env) event(t testing.TB, caseID int64) {
	t.Helper()
	ctx := context.Background()
	var ev casework.OutboxEvent
	e.must(t, e.db.QueryRowContext(ctx, `SELECT number, region_code, status FROM cases WHERE id = $1`, caseID).Scan(
		&ev.CaseNumber, &ev.RegionCode, &ev.Status))
	ev.Action, ev.OccurredAt = "conclude", e.clock.Now()
	raw, _ := json.Marshal(ev)
	_, err := e.db.ExecContext(ctx, `INSERT INTO outbox (subject, payload, created_at) VALUES ('gongai.case.conclude', $1, $2)`,
		string(raw), sqldb.T(e.clock.Now()))
	e.must(t, err)
}

// at10 is 10:00 Beijing time on d (the same date in UTC).
func at10(d calendar.Date) time.Time { return d.Time().Add(10 * time.Hour) }

// generate inserts a deterministic, varied history: projects in every test
// region going through their stages between January and March 2026
// (across the 2026 Spring Festival), with refusals, open cases, pauses,
// overdue conclusions, licences, ratings and rectifications.
func (e *env) generate(t testing.TB, projectsPerRegion int) {
	t.Helper()
	r := rand.New(rand.NewPCG(7, 11))
	today := calendar.DateOf(e.clock.Now())
	for _, region := range testRegions {
		for i := 0; i < projectsPerRegion; i++ {
			ft := catalog.SeedFlowTypes[r.IntN(len(catalog.SeedFlowTypes))]
			flow, last := e.flowOf(t, region, ft)
			p := e.project(t, region, ft)
			day := calendar.NewDate(2025, 12, 1).AddDays(r.IntN(80))
			for stage := 1; stage <= last && day.Before(today); stage++ {
				end, open := e.genStage(t, r, tcase{project: p, region: region, flow: flow, stage: stage}, day, today)
				if open {
					break
				}
				day = end.AddDays(1 + r.IntN(3))
			}
		}
	}
}

// genStage inserts one to three cases of a stage received on day and
// returns the last conclusion day and whether the stage is still open.
func (e *env) genStage(t testing.TB, r *rand.Rand, base tcase, day, today calendar.Date) (calendar.Date, bool) {
	end, open := day, false
	for n := 1 + r.IntN(3); n > 0; n-- {
		c := base
		c.channel = []string{"online", "window"}[r.IntN(2)]
		c.received = at10(day)
		c.limit = 3 + r.IntN(15)
		c.statute = c.limit + r.IntN(10)
		c.status = 1
		if r.IntN(10) == 0 {
			c.status = 5 // refused, never accepted
			e.insertCase(t, c)
			continue
		}
		acc := day.AddDays(r.IntN(2))
		c.accepted, c.status = at10(acc), 8
		concl := acc.AddDays(1 + r.IntN(20))
		if r.IntN(8) == 0 || !concl.Before(today) {
			open = true
			c.warn = []string{"none", "yellow", "red"}[r.IntN(3)]
			c.deadline = acc.AddDays(c.limit + r.IntN(10)).String()
			e.insertCase(t, c)
			continue
		}
		c.concluded = at10(concl)
		c.status = []int{11, 11, 11, 12, 13}[r.IntN(5)]
		c.paused = r.IntN(3)
		c.licensed = c.status != 13 && r.IntN(10) < 7
		id := e.insertCase(t, c)
		if r.IntN(2) == 0 {
			e.rate(t, id, c.region, 1+r.IntN(5), at10(concl.AddDays(1)), r.IntN(2) == 0)
		}
		if concl.After(end) {
			end = concl
		}
	}
	return end, open
}
