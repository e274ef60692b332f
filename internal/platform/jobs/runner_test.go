package jobs

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// fakeClock is an injected clock tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newRunner(db *sqldb.DB, holder string, clock *fakeClock, tick <-chan time.Time, fn func(context.Context) error) *Runner {
	return NewRunner(db, Config{Name: "scan", Holder: holder, Every: time.Minute, Now: clock.Now, Tick: tick}, fn)
}

func TestRunner_OneInstanceAtATime(t *testing.T) {
	db := testkit.NewDB(t)
	clock := &fakeClock{t: t0}
	var runsA, runsB atomic.Int32
	a := newRunner(db, "a", clock, nil, func(context.Context) error { runsA.Add(1); return nil })
	b := newRunner(db, "b", clock, nil, func(context.Context) error { runsB.Add(1); return nil })

	mustRun(t, a, true)
	mustRun(t, b, false)
	clock.Add(time.Minute) // a renews each interval and keeps the job
	mustRun(t, a, true)
	mustRun(t, b, false)
	clock.Add(2*time.Minute + time.Second) // a stopped renewing: its TTL (2 min) ran out
	mustRun(t, b, true)
	mustRun(t, a, false)
	if runsA.Load() != 2 || runsB.Load() != 1 {
		t.Fatalf("runs a=%d b=%d, want 2 and 1", runsA.Load(), runsB.Load())
	}
}

func mustRun(t *testing.T, r *Runner, want bool) {
	t.Helper()
	ran, err := r.RunOnce(context.Background())
	if err != nil {
		t.Fatalf("%s RunOnce: %v", r.Holder(), err)
	}
	if ran != want {
		t.Fatalf("%s RunOnce ran = %v, want %v", r.Holder(), ran, want)
	}
}

func TestRunner_ReportsJobError(t *testing.T) {
	db := testkit.NewDB(t)
	boom := errors.New("boom")
	r := newRunner(db, "a", &fakeClock{t: t0}, nil, func(context.Context) error { return boom })
	ran, err := r.RunOnce(context.Background())
	if !ran || !errors.Is(err, boom) {
		t.Fatalf("RunOnce = %v, %v; want true, boom", ran, err)
	}
}

func TestRunner_RecoversPanic(t *testing.T) {
	db := testkit.NewDB(t)
	var calls atomic.Int32
	r := newRunner(db, "a", &fakeClock{t: t0}, nil, func(context.Context) error {
		if calls.Add(1) == 1 {
			panic("bad job")
		}
		return nil
	})
	ran, err := r.RunOnce(context.Background())
	if !ran || err == nil {
		t.Fatalf("RunOnce = %v, %v; want true and an error", ran, err)
	}
	mustRun(t, r, true) // the runner is still usable
}

// TestRunner_NeverOverlaps starts a second turn while the first is still
// running: the second must not run the job.
func TestRunner_NeverOverlaps(t *testing.T) {
	db := testkit.NewDB(t)
	entered, release := make(chan struct{}), make(chan struct{})
	var running, most atomic.Int32
	r := newRunner(db, "a", &fakeClock{t: t0}, nil, func(context.Context) error {
		n := running.Add(1)
		most.Store(max(most.Load(), n))
		entered <- struct{}{}
		<-release
		running.Add(-1)
		return nil
	})
	done := make(chan bool)
	go func() { ran, _ := r.RunOnce(context.Background()); done <- ran }()
	<-entered
	mustRun(t, r, false)
	close(release)
	if !<-done {
		t.Fatal("first turn did not run")
	}
	if most.Load() != 1 {
		t.Fatalf("%d runs overlapped", most.Load())
	}
}

// TestRunner_Run drives the loop with an injected tick: a run at start, one
// per tick, and on cancel the loop ends and the lease is released.
func TestRunner_Run(t *testing.T) {
	db := testkit.NewDB(t)
	tick := make(chan time.Time)
	runs := make(chan struct{}, 10)
	r := newRunner(db, "a", &fakeClock{t: t0}, tick, func(context.Context) error {
		runs <- struct{}{}
		return nil
	})
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan struct{})
	go func() { r.Run(ctx); close(stopped) }()
	waitRun(t, runs)
	tick <- t0
	waitRun(t, runs)
	tick <- t0
	waitRun(t, runs)
	cancel()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop on cancel")
	}
	leases, err := Leases(context.Background(), db)
	if err != nil || len(leases) != 0 {
		t.Fatalf("after stop Leases = %+v, %v; want released", leases, err)
	}
}

func waitRun(t *testing.T, runs <-chan struct{}) {
	t.Helper()
	select {
	case <-runs:
	case <-time.After(5 * time.Second):
		t.Fatal("job did not run")
	}
}

// TestRunner_TwoServersPostgres runs the loops of two Runners (two servers'
// holders) on one PostgreSQL database for many ticks, both ticked at once,
// with the clock moving less than the TTL per tick: the first holder keeps
// renewing the lease, so the other never runs the job.
func TestRunner_TwoServersPostgres(t *testing.T) {
	db := testkit.NewPostgresDB(t)
	clock := &fakeClock{t: t0}
	var mu sync.Mutex
	holders := map[string]int{}
	count := func(h string) func(context.Context) error {
		return func(context.Context) error { mu.Lock(); holders[h]++; mu.Unlock(); return nil }
	}
	ticks := []chan time.Time{make(chan time.Time), make(chan time.Time)}
	a := newRunner(db, "a", clock, ticks[0], count("a"))
	b := newRunner(db, "b", clock, ticks[1], count("b"))
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Go(func() { a.Run(ctx) })
	wg.Go(func() { b.Run(ctx) })
	for range 20 {
		clock.Add(30 * time.Second)
		ticks[0] <- t0
		ticks[1] <- t0
	}
	cancel()
	wg.Wait()
	if len(holders) != 1 {
		t.Fatalf("runs by holder = %v; want one holder only", holders)
	}
}
