package anomaly

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
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

// at is 10:00 Beijing time on day d.
func at(d calendar.Date) time.Time { return d.Time().Add(10 * time.Hour) }

// fakeSource is an in-memory indicator registry: points by indicator,
// region and day.
type fakeSource struct {
	mu     sync.Mutex
	points map[string]map[string]map[calendar.Date]Point
	calls  int
}

func newFakeSource() *fakeSource {
	return &fakeSource{points: map[string]map[string]map[calendar.Date]Point{}}
}

func (f *fakeSource) Indicators(context.Context) ([]Indicator, error) {
	return []Indicator{{Code: "overdue_rate", Name: "逾期率", Unit: "%"}, {Code: "warning_count", Name: "预警数", Unit: "件"}}, nil
}

func (f *fakeSource) Series(_ context.Context, code, region, period string, from, to time.Time) ([]Point, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if period != Period {
		panic("period " + period)
	}
	var out []Point
	for _, p := range f.points[code][region] {
		if !p.Start.Before(from) && p.Start.Before(to) {
			out = append(out, p)
		}
	}
	return out, nil
}

// set stores the point of day d (num of den, in per cent).
func (f *fakeSource) set(code, region string, d calendar.Date, num, den float64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.points[code] == nil {
		f.points[code] = map[string]map[calendar.Date]Point{}
	}
	if f.points[code][region] == nil {
		f.points[code][region] = map[calendar.Date]Point{}
	}
	v := 0.0
	if den > 0 {
		v = num / den * 100
	}
	f.points[code][region][d] = Point{Start: d.Time(), Value: v, Numerator: num, Denominator: den}
}

// drop removes the point of day d: the region reported nothing.
func (f *fakeSource) drop(code, region string, d calendar.Date) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.points[code][region], d)
}

// env is the service over a seeded database and the fake source.
type env struct {
	db     *sqldb.DB
	clock  *clock
	src    *fakeSource
	orgs   *org.Service
	cal    *calendar.Calendar
	ids    *identity.Service
	notify *notify.Service
	svc    *Service
	fired  []Alert
}

func newEnv(t testing.TB) *env {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: at(calendar.NewDate(2026, 3, 2))}
	rec := audit.NewRecorder(c.Now)
	e := &env{db: db, clock: c, src: newFakeSource(), orgs: org.NewService(db, rec, c.Now)}
	e.cal = calendar.New(db, rec, c.Now)
	pol := identity.DefaultPolicy
	pol.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	e.ids = identity.NewService(db, rec, e.orgs, c.Now, pol)
	e.notify = notify.NewService(db, c.Now)
	e.svc = NewService(Deps{DB: db, Audit: rec, Source: e.src, Regions: e.orgs, Calendar: e.cal, Notify: e.notify,
		Now: c.Now, OnFiring: func(_ context.Context, a Alert) { e.fired = append(e.fired, a) }})
	ctx := context.Background()
	for _, fn := range []func(tx *sql.Tx) error{
		func(tx *sql.Tx) error { return org.Seed(ctx, tx, rec, c.Now()) },
		func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, c.Now()) },
		func(tx *sql.Tx) error { _, err := e.ids.SeedDemo(ctx, tx); return err },
	} {
		if err := db.WithTx(ctx, fn); err != nil {
			t.Fatal(err)
		}
	}
	return e
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

// as returns a context acting as the demo account.
func (e *env) as(t testing.TB, username string) context.Context {
	t.Helper()
	p := e.principal(t, username)
	return access.With(audit.WithActor(context.Background(), audit.Actor{Kind: audit.ActorUser, ID: p.UserID,
		Name: p.Username}), p)
}

// regions are the ten region codes.
func (e *env) regions(t testing.TB) []org.Region {
	t.Helper()
	rs, err := e.orgs.Regions(context.Background())
	if err != nil || len(rs) != 10 {
		t.Fatalf("regions: %d, %v", len(rs), err)
	}
	return rs
}

// history fills overdue_rate for every region on every working day from
// from to to: about 3 % of 200 concluded cases (2.5, 3 or 3.5 %), from a
// fixed seed. Weekends get a point of 0 of 0 (nothing concluded), which a
// calendar-day baseline would count as a drop; holidays get no point.
func (e *env) history(t testing.TB, from, to calendar.Date) {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 2))
	for _, r := range e.regions(t) {
		for d := from; !d.After(to); d = d.AddDays(1) {
			work, err := e.cal.IsWorkday(context.Background(), d)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case work:
				e.src.set("overdue_rate", r.Code, d, float64(5+rng.IntN(3)), 200)
			case d.IsWeekend():
				e.src.set("overdue_rate", r.Code, d, 0, 0)
			}
		}
	}
}

// rule creates an all-region overdue_rate rule as yunwei.
func (e *env) rule(t testing.TB, r Rule) Rule {
	t.Helper()
	r.IndicatorCode, r.Enabled = "overdue_rate", true
	if r.Name == "" {
		r.Name = "逾期率" + r.Method.Label()
	}
	got, err := e.svc.CreateRule(e.as(t, "yunwei"), r)
	if err != nil {
		t.Fatalf("create rule: %v", err)
	}
	return got
}

// evaluate runs the evaluation at 10:00 on day d.
func (e *env) evaluate(t testing.TB, d calendar.Date) int {
	t.Helper()
	e.clock.Set(at(d))
	n, err := e.svc.Evaluate(context.Background(), e.clock.Now())
	if err != nil {
		t.Fatalf("evaluate on %s: %v", d, err)
	}
	return n
}

// alerts lists every alert (open and ended) as jianguan sees them.
func (e *env) alerts(t testing.TB, state string) []Alert {
	t.Helper()
	as, _, err := e.svc.List(e.as(t, "jianguan"), Filter{State: state, Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	return as
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

func countWith(titles []string, s string) int {
	n := 0
	for _, title := range titles {
		if strings.Contains(title, s) {
			n++
		}
	}
	return n
}

// date is calendar.NewDate, short for the scenarios.
var date = calendar.NewDate
