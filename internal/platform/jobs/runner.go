package jobs

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Config describes a periodic job for NewRunner.
type Config struct {
	// Name is the lease name, shared by every instance running this job.
	Name string
	// Holder names this instance; NewHolder() when empty.
	Holder string
	// Every is the interval between runs. Required.
	Every time.Duration
	// TTL is how long a taken lease lasts without renewal; 2×Every when
	// zero. Another instance takes over at most TTL after this one stops.
	TTL time.Duration
	// Now is the clock stamped on the lease; time.Now when nil. Tests
	// inject a clock to move leases past their expiry.
	Now func() time.Time
	// Log receives the job's messages; discarded when nil.
	Log *slog.Logger
	// Tick, when set, replaces the interval ticker: each value received
	// starts a run (tests drive the schedule with it).
	Tick <-chan time.Time
}

// Runner runs one function periodically on whichever instance holds the
// job's lease. A Runner never overlaps itself: a run that is still going
// when the next one is due makes that one a no-op. It is safe for
// concurrent use.
type Runner struct {
	db   *sqldb.DB
	cfg  Config
	fn   func(ctx context.Context) error
	mu   sync.Mutex // held for the whole of a run
	held bool       // whether the last attempt held the lease (under mu)
}

// NewRunner returns a Runner of fn over db. It panics when cfg has no Name
// or no positive Every: jobs are wired at start-up.
func NewRunner(db *sqldb.DB, cfg Config, fn func(ctx context.Context) error) *Runner {
	if cfg.Name == "" || cfg.Every <= 0 {
		panic(fmt.Sprintf("jobs: runner %q needs a name and a positive interval", cfg.Name))
	}
	if cfg.Holder == "" {
		cfg.Holder = NewHolder()
	}
	if cfg.TTL <= 0 {
		cfg.TTL = 2 * cfg.Every
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	cfg.Log = cfg.Log.With("job", cfg.Name, "holder", cfg.Holder)
	return &Runner{db: db, cfg: cfg, fn: fn}
}

// Name is the job's lease name.
func (r *Runner) Name() string { return r.cfg.Name }

// Holder is the name this instance takes the lease under.
func (r *Runner) Holder() string { return r.cfg.Holder }

// Run attempts a run at once and then at every interval until ctx ends,
// then releases the lease so that another instance can take over without
// waiting for it to expire. Errors of a run are logged, not returned; a
// panic in the job is recovered and logged so that the server survives.
func (r *Runner) Run(ctx context.Context) {
	tick, stop := r.ticker()
	defer stop()
	defer r.release(ctx)
	for {
		if _, err := r.RunOnce(ctx); err != nil && ctx.Err() == nil {
			r.cfg.Log.ErrorContext(ctx, "job failed", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick:
		}
	}
}

func (r *Runner) ticker() (<-chan time.Time, func()) {
	if r.cfg.Tick != nil {
		return r.cfg.Tick, func() {}
	}
	t := time.NewTicker(r.cfg.Every)
	return t.C, t.Stop
}

// RunOnce takes or renews the lease and, when this instance holds it, runs
// the job once. It reports whether the job ran: false when another instance
// holds the lease or a run of this Runner is still going. The error is the
// lease's or the job's.
func (r *Runner) RunOnce(ctx context.Context) (bool, error) {
	if !r.mu.TryLock() {
		r.cfg.Log.DebugContext(ctx, "job still running; skipping this turn")
		return false, nil
	}
	defer r.mu.Unlock()
	ok, err := Acquire(ctx, r.db, r.cfg.Name, r.cfg.Holder, r.cfg.TTL, r.cfg.Now())
	if err != nil {
		return false, err
	}
	r.noteLease(ctx, ok)
	if !ok {
		return false, nil
	}
	start := time.Now()
	err = r.runHeld(ctx)
	r.cfg.Log.DebugContext(ctx, "job ran", "duration", time.Since(start), "err", err)
	return true, err
}

// noteLease logs when this instance gains or loses the lease, not on every
// renewal, so that the log shows hand-overs between servers.
func (r *Runner) noteLease(ctx context.Context, held bool) {
	if held != r.held {
		if held {
			r.cfg.Log.InfoContext(ctx, "job lease taken")
		} else {
			r.cfg.Log.InfoContext(ctx, "job lease held by another instance")
		}
	}
	r.held = held
}

// runHeld runs the job while a heartbeat renews the lease, so that a run
// longer than the TTL keeps it. If a renewal finds the lease taken by
// another instance, the job's context is cancelled: that instance is now
// doing the work.
func (r *Runner) runHeld(ctx context.Context) (err error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	done := make(chan struct{})
	wg.Go(func() { r.heartbeat(ctx, cancel, done) })
	defer func() {
		close(done)
		wg.Wait()
		if p := recover(); p != nil {
			err = fmt.Errorf("jobs: %s panicked: %v", r.cfg.Name, p)
		}
	}()
	return r.fn(ctx)
}

func (r *Runner) heartbeat(ctx context.Context, lost context.CancelFunc, done <-chan struct{}) {
	t := time.NewTicker(max(r.cfg.TTL/3, time.Second))
	defer t.Stop()
	for {
		select {
		case <-done:
			return
		case <-ctx.Done():
			return
		case <-t.C:
			ok, err := Acquire(ctx, r.db, r.cfg.Name, r.cfg.Holder, r.cfg.TTL, r.cfg.Now())
			if err != nil {
				r.cfg.Log.WarnContext(ctx, "job lease renewal failed", "err", err)
			} else if !ok {
				r.cfg.Log.WarnContext(ctx, "job lease lost during a run; stopping it")
				lost()
				return
			}
		}
	}
}

// release gives the lease up on shutdown, with a short deadline of its own
// because ctx is already cancelled.
func (r *Runner) release(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	if err := Release(ctx, r.db, r.cfg.Name, r.cfg.Holder); err != nil {
		r.cfg.Log.WarnContext(ctx, "job lease release failed", "err", err)
	}
}
