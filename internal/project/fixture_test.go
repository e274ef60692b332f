package project

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// fixture is a database seeded with Dazhou's regions and two enterprises,
// with a Service over it.
type fixture struct {
	db    *sqldb.DB
	rec   *audit.Recorder
	orgs  *org.Service
	svc   *Service
	entA  enterprise // 达州川东建设有限公司, 通川区
	entB  enterprise // another company, 渠县
	clock *time.Time
}

// creditCode completes 17 characters with their GB 32100 check character.
func creditCode(t testing.TB, first17 string) string {
	t.Helper()
	c, ok := idcode.CreditCheckChar(first17)
	if !ok {
		t.Fatalf("bad credit code stem %q", first17)
	}
	return first17 + string(c)
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	db := testkit.NewDB(t)
	clock := time.Date(2026, 3, 9, 1, 0, 0, 0, time.UTC)
	now := func() time.Time { clock = clock.Add(time.Second); return clock }
	rec := audit.NewRecorder(now)
	orgs := org.NewService(db, rec, now)
	f := &fixture{db: db, rec: rec, orgs: orgs, svc: NewService(db, rec, orgs, now), clock: &clock}
	ctx := context.Background()
	err := db.WithTx(ctx, func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, clock) })
	if err != nil {
		t.Fatalf("org.Seed: %v", err)
	}
	f.entA = f.mustEnterprise(t, creditCode(t, "91511702MA6DH2026"), "达州川东建设有限公司", "511702")
	f.entB = f.mustEnterprise(t, creditCode(t, "91511725MA6QX0001"), "渠县宏达置业有限公司", "511725")
	return f
}

// mustEnterprise inserts an enterprise row directly, as identity would.
func (f *fixture) mustEnterprise(t *testing.T, code, name, regionCode string) enterprise {
	t.Helper()
	ctx := context.Background()
	reg, err := f.orgs.RegionByCode(ctx, regionCode)
	if err != nil {
		t.Fatal(err)
	}
	e := enterprise{CreditCode: code, Name: name, RegionID: reg.ID}
	err = f.db.QueryRowContext(ctx, `INSERT INTO enterprises (credit_code, name, region_id, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $4) RETURNING id`, code, name, reg.ID, sqldb.T(*f.clock)).Scan(&e.ID)
	if err != nil {
		t.Fatalf("insert enterprise: %v", err)
	}
	return e
}

// as returns a context in which p acts, with a matching audit actor.
func as(p *access.Principal) context.Context {
	ctx := audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: 0, Name: p.Name})
	return access.With(ctx, p)
}

// staff is a principal holding role in the region with the code.
func staff(role access.Role, regionCode string) *access.Principal {
	return &access.Principal{UserID: 1, Username: string(role) + regionCode, Name: "测试" + role.Label(),
		Assignments: []access.Assignment{{Role: role, RegionCode: regionCode}}}
}

// applicant is an enterprise user of e.
func applicant(e enterprise, regionCode string) *access.Principal {
	return &access.Principal{UserID: 2, Username: "qiye", Name: e.Name, Enterprise: true, EnterpriseID: e.ID,
		Assignments: []access.Assignment{{Role: access.Applicant, RegionCode: regionCode}}}
}

var (
	tcClerk    = staff(access.WindowClerk, "511702") // 通川区
	qxClerk    = staff(access.WindowClerk, "511725") // 渠县
	cityClerk  = staff(access.WindowClerk, "511700")
	tcReviewer = staff(access.Reviewer, "511702")
	supervisor = staff(access.Supervisor, "511700") // city-wide
)

// newProject is a valid registration in 通川区 owned by e.
func newProject(e enterprise, serial string) NewProject {
	return NewProject{Code: "2026-511702-59-03-" + serial, Name: "测试仓储项目" + serial, RegionCode: "511702",
		FlowType: 4, OwnerName: e.Name, OwnerCreditCode: e.CreditCode, Investment: 3_800_50,
		Address: "达州市通川区复兴镇"}
}

// mustRegister registers n as p or fails t.
func (f *fixture) mustRegister(t *testing.T, p *access.Principal, n NewProject) Project {
	t.Helper()
	pr, err := f.svc.Register(as(p), n)
	if err != nil {
		t.Fatalf("Register(%s): %v", n.Code, err)
	}
	return pr
}

// events returns the audit events of an action prefix, newest first.
func (f *fixture) events(t *testing.T, action string) []audit.Event {
	t.Helper()
	return testkit.AuditEvents(t, f.db, action)
}

// assertChainOK fails t unless the audit chain verifies.
func (f *fixture) assertChainOK(t *testing.T) {
	t.Helper()
	testkit.AuditChainOK(t, f.db)
}

// assertField fails t unless err carries a message containing msg on field.
func assertField(t *testing.T, err error, field, msg string) {
	t.Helper()
	fields := errs.FieldsOf(err)
	got, ok := fields[field]
	if !ok {
		t.Fatalf("want a message on %q, got %v (%v)", field, fields, err)
	}
	if msg != "" && !strings.Contains(got, msg) {
		t.Fatalf("message on %q = %q, want it to contain %q", field, got, msg)
	}
}

// advanceTo moves project id to stage in its own transaction.
func advanceTo(f *fixture, id int64, stage int) error {
	ctx := context.Background()
	return f.db.WithTx(ctx, func(tx *sql.Tx) error { return AdvanceStage(ctx, tx, id, stage) })
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
