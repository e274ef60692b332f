package ticket

import (
	"context"
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// clock is an injectable, advanceable time source shared by every service.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// env is the stack a ticket needs, seeded with regions, units, the
// working-day calendar (2024–2027) and the demo accounts.
type env struct {
	db     *sqldb.DB
	clock  *clock
	rec    *audit.Recorder
	ids    *identity.Service
	orgs   *org.Service
	cal    *calendar.Calendar
	notify *notify.Service
	svc    *Service
}

func newEnv(t testing.TB) *env { return newEnvWith(t, Config{}) }

func newEnvWith(t testing.TB, cfg Config) *env {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: at(t, "2025-11-17 10:00")}
	rec := audit.NewRecorder(c.Now)
	e := &env{db: db, clock: c, rec: rec, orgs: org.NewService(db, rec, c.Now), cal: calendar.New(db, rec, c.Now)}
	pol := identity.DefaultPolicy
	pol.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	e.ids = identity.NewService(db, rec, e.orgs, c.Now, pol)
	e.notify = notify.NewService(db, c.Now)
	blobs, err := blob.NewLocal(t.TempDir(), db, c.Now, 0)
	if err != nil {
		t.Fatal(err)
	}
	e.svc = NewService(Deps{DB: db, Audit: rec, Calendar: e.cal, Orgs: e.orgs, Notify: e.notify, Now: c.Now, Config: cfg,
		Blobs: blobs})
	ctx, now := context.Background(), c.Now()
	for _, fn := range []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, now) },
		func(tx *sql.Tx) error { _, err := e.ids.SeedDemo(ctx, tx); return err },
	} {
		if err := db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// at parses a Beijing time "2006-01-02 15:04".
func at(t testing.TB, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, sla.Shanghai)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func (e *env) principal(t testing.TB, username string) *access.Principal {
	t.Helper()
	_, p, err := e.ids.Login(context.Background(), username, identity.DemoPassword, identity.Client{})
	if err != nil {
		t.Fatalf("login %s: %v", username, err)
	}
	return p
}

// as returns a context acting as the demo account.
func (e *env) as(t testing.TB, username string) context.Context {
	t.Helper()
	p := e.principal(t, username)
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// fault opens a fault of sev at the clock's time as the ops engineer.
func (e *env) fault(t testing.TB, sev Severity) Ticket {
	t.Helper()
	tk, err := e.svc.Open(e.as(t, "yunwei"), OpenInput{Kind: Fault, Severity: sev, Title: "网上大厅无法上传材料",
		Content: "上传 PDF 时提示服务器错误。", Channel: "phone", ReporterName: "王受理", ReporterContact: "0818-2100000",
		RegionCode: "511702", Subsystem: "网上大厅"})
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// must returns tk, panicking (and so failing the test) on err; Go cannot
// pass a (Ticket, error) call to a function that also takes t.
func must(tk Ticket, err error) Ticket {
	if err != nil {
		panic(err)
	}
	return tk
}

func clockOf(t testing.TB, tk Ticket, metric string) Clock {
	t.Helper()
	c, ok := tk.Clock(metric)
	if !ok {
		t.Fatalf("ticket %s has no %s clock", tk.Number, metric)
	}
	return *c
}

func sameTime(t testing.TB, what string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want) {
		t.Errorf("%s = %s, want %s", what, got.In(sla.Shanghai).Format("2006-01-02 15:04:05"),
			want.In(sla.Shanghai).Format("2006-01-02 15:04:05"))
	}
}

// events returns "metric:event" of the ticket's clock-event log.
func (e *env) events(t testing.TB, id int64) []string {
	t.Helper()
	evs, err := selectClockEvents(context.Background(), e.db, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, ev := range evs {
		out = append(out, ev.Metric+":"+ev.Event)
	}
	return out
}

func (e *env) inbox(t testing.TB, username string) []string {
	t.Helper()
	items, _, err := e.notify.Inbox(e.as(t, username), notify.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range items {
		out = append(out, it.Title)
	}
	return out
}
