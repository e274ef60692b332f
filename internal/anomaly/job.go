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
func NewJob(svc *Service, db *sqldb.DB, holder string, log *slog.Logger, now func() time.Time) *jobs.Runner {
	run := func(ctx context.Context) error {
		n, err := svc.Evaluate(ctx, now())
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
