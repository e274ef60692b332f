package anomaly

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/jobs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// JobName is the lease name of the evaluation job.
const JobName = "anomaly-evaluate"

// JobEvery is how often the evaluation job runs. A day is judged once
// (Evaluate claims it), so the interval only bounds how long after Settle
// a day's alerts appear.
const JobEvery = 15 * time.Minute

// NewJob returns the periodic evaluation: every JobEvery, on the one server
// holding the lease "anomaly-evaluate", it runs svc.Evaluate(ctx, now()).
// holder names this server ("" for jobs.NewHolder()); now is also the lease
// clock. The app starts it with go job.Run(ctx).
//
// The first run after start waits for the indicator values when there are
// none at all (every rule found nothing: a fresh installation whose
// indicators are being computed by their own job, started at the same
// time): it evaluates again every FirstRunRetry, at most FirstRunTries
// times, so that the alerts of the history already present appear at
// start rather than a JobEvery later.
func NewJob(svc *Service, db *sqldb.DB, holder string, log *slog.Logger, now func() time.Time) *jobs.Runner {
	first := true
	run := func(ctx context.Context) error {
		n, err := svc.evaluateFirst(ctx, now, first)
		first = false
		if n > 0 && log != nil {
			log.InfoContext(ctx, "anomaly evaluation", "transitions", n)
		}
		if err != nil {
			return fmt.Errorf("anomaly evaluation: %w", err)
		}
		return nil
	}
	return jobs.NewRunner(db, jobs.Config{Name: JobName, Holder: holder, Every: JobEvery, Now: now, Log: log}, run)
}

// The first run's wait for indicator values.
const (
	FirstRunRetry = 5 * time.Second
	FirstRunTries = 24
)

// evaluateFirst evaluates; on the first run, while no rule finds any value,
// again after FirstRunRetry, up to FirstRunTries times.
func (s *Service) evaluateFirst(ctx context.Context, now func() time.Time, first bool) (int, error) {
	for try := 1; ; try++ {
		n, none, err := s.evaluate(ctx, now())
		if err != nil || !none || !first || try >= FirstRunTries {
			return n, err
		}
		select {
		case <-ctx.Done():
			return n, ctx.Err()
		case <-time.After(s.retry):
		}
	}
}
