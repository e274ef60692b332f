package faults

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/app"
	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/platform/jobs"
	"github.com/dazhou-gongai/gongai/internal/supervision"
)

// clock is the injected time of both instances: the real clock moved by
// an offset the test sets, so cases cross their thresholds and a report
// falls due without waiting days.
type clock struct{ offset atomic.Int64 }

func (c *clock) now() time.Time            { return time.Now().Add(time.Duration(c.offset.Load())) }
func (c *clock) jumpTo(t time.Time)        { c.offset.Store(int64(time.Until(t))) }
func (c *clock) jumpBy(days int) time.Time { c.jumpTo(c.now().AddDate(0, 0, days)); return c.now() }

// instance is one in-process gongai on the shared database, as `gongai
// serve` wires it (app.New), with the injected clock and cheap hashing.
func newInstance(t *testing.T, st store, c *clock) (*app.System, *httptest.Server) {
	t.Helper()
	cfg, err := config.Parse("serve", []string{"-data-dir", st.dataDir, "-database-url", st.dbURL, "-log-level", "error"},
		func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	policy := identity.DefaultPolicy
	policy.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	sys, err := app.New(context.Background(), cfg, log, app.Options{Policy: &policy, NoHistory: true, Now: c.now})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sys.Handler)
	t.Cleanup(func() { srv.Close(); sys.Close() })
	return sys, srv
}

// TestTwoServersFireOnce runs two gongai instances on one PostgreSQL
// schema, each with all its background jobs (app.System.RunJobs), over
// cases in review and a weekly scheduled dynamic report. The clock jumps
// twice: to the earliest deadline (yellow) and 40 days on (red, and the
// report due). At each jump both instances also run the deadline scan and
// the report schedule directly and at the same moment — a lease that
// passed to the other server while its holder was still working — and
// fresh lease runners of both race for the leases. Afterwards every case
// has at most one 预警 and exactly one 逾期 step, each warning reached each
// recipient once, and the report ran once per due time.
func TestTwoServersFireOnce(t *testing.T) {
	st := newPostgresStore(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	var c clock
	a, srvA := newInstance(t, st, &c)
	caseIDs := openCases(ctx, t, srvA.URL, 24)
	defID := scheduleReport(ctx, t, srvA.URL)
	b, _ := newInstance(t, st, &c)
	db := st.open(t)

	firstDeadline := earliestDeadline(ctx, t, db, caseIDs)
	jobsCtx, stopJobs := context.WithCancel(ctx)
	var running sync.WaitGroup
	for _, s := range []*app.System{a, b} {
		running.Add(1)
		go func() { defer running.Done(); s.RunJobs(jobsCtx) }()
	}
	wantRuns := 0
	for i, at := range []func() time.Time{
		func() time.Time { c.jumpTo(firstDeadline); return c.now() },
		func() time.Time { return c.jumpBy(40) },
	} {
		due := reportDue(ctx, t, db, defID)
		now := at()
		if !now.Before(due) {
			wantRuns++
		}
		race(ctx, t, a, b, now)
		t.Logf("jump %d to %s: report due %s", i+1, now.Format(time.DateTime), due.Format(time.DateTime))
	}
	time.Sleep(2 * time.Second) // let the jobs started at boot finish their first turn
	stopJobs()
	running.Wait()
	checkWarnings(ctx, t, db, caseIDs)
	checkReportRuns(ctx, t, db, defID, wantRuns)
	if code, out := runCLI(t, st, "audit", "verify"); code != 0 {
		t.Errorf("audit verify: exit %d\n%s", code, out)
	}
}

// race makes both instances scan deadlines and run due reports at the
// same moment, directly and through lease runners of their own.
func race(ctx context.Context, t *testing.T, a, b *app.System, now time.Time) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for _, s := range []*app.System{a, b} {
		wg.Add(4)
		go func() {
			defer wg.Done()
			_, err := s.Cases.ScanDeadlines(ctx, s.Super.OnLevelChange)
			errs <- err
		}()
		go func() { defer wg.Done(); _, err := s.Reports.RunDue(ctx, now); errs <- err }()
		go func() {
			defer wg.Done()
			_, err := supervision.NewScanJob(s.Cases, s.Super, s.DB, "", nil, s.Now).RunOnce(ctx)
			errs <- err
		}()
		go func() {
			defer wg.Done()
			r := jobs.NewRunner(s.DB, jobs.Config{Name: "report-schedule", Every: 5 * time.Minute, Now: s.Now,
				Log: slog.New(slog.NewTextHandler(io.Discard, nil))},
				func(ctx context.Context) error { _, err := s.Reports.RunDue(ctx, s.Now()); return err })
			_, err := r.RunOnce(ctx)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("job: %v", err)
		}
	}
}
