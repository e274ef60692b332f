package app

import (
	"context"
	"sync"
	"time"

	"github.com/dazhou-gongai/gongai/internal/anomaly"
	"github.com/dazhou-gongai/gongai/internal/platform/jobs"
	"github.com/dazhou-gongai/gongai/internal/supervision"
	"github.com/dazhou-gongai/gongai/internal/ticket"
)

// sessionPurgeEvery is how often idle sessions are ended in the background.
const sessionPurgeEvery = 5 * time.Minute

// periodic is one background job: run every interval on whichever server
// holds the job's lease (package jobs), so that several servers share the
// work without doing it twice.
type periodic struct {
	name  string
	every time.Duration
	run   func(ctx context.Context) (int, error)
}

// periodics are the leased jobs besides the deadline scan.
func (s *System) periodics() []periodic {
	return []periodic{
		{"case-notices", 5 * time.Second, func(ctx context.Context) (int, error) {
			return s.Cases.RelayNotices(ctx, s.Notify)
		}},
		{"session-purge", sessionPurgeEvery, s.Identity.PurgeSessions},
		{"appointment-remind", 15 * time.Minute, s.Windows.RemindDue},
		{"health-watch", time.Minute, s.WatchHealth},
		{"licence-issue", time.Minute, s.Licences.IssuePending},
		{"sitestats-close-days", 15 * time.Minute, s.Site.CloseDays},
		{"indicator-refresh", time.Minute, s.Indicators.Refresh},
		{"quality-run", 24 * time.Hour, s.qualityRun},
		{"report-runs", 5 * time.Second, s.Reports.ProcessQueued},
		{"report-schedule", 5 * time.Minute, func(ctx context.Context) (int, error) { return s.Reports.RunDue(ctx, s.Now()) }},
		{"exchange-relay", 5 * time.Second, s.Exchange.Relay},
	}
}

// RunJobs runs the periodic jobs until ctx ends: the deadline scan, which
// holds the "deadline-scan" lease so that one server scans at a time, and
// the jobs of periodics, each under its own lease. It returns when every
// job has stopped and given its lease up, so the database must stay open
// until then: closed first, each lease stayed held until it lapsed and
// another server's jobs waited for that.
func (s *System) RunJobs(ctx context.Context) {
	var wg sync.WaitGroup
	wg.Go(func() { supervision.NewScanJob(s.Cases, s.Super, s.DB, "", s.Log, s.Now).Run(ctx) })
	wg.Go(func() { ticket.NewJob(s.Tickets, s.DB, "", s.Log, s.Now).Run(ctx) })
	wg.Go(func() { s.Site.Run(ctx) }) // every server flushes its own buffer of page views
	wg.Go(func() { anomaly.NewJob(s.Anomaly, s.DB, "", s.Log, s.Now).Run(ctx) })
	for _, p := range s.periodics() {
		wg.Go(func() {
			jobs.NewRunner(s.DB, jobs.Config{Name: p.name, Every: p.every, Now: s.Now, Log: s.Log},
				func(ctx context.Context) error {
					n, err := p.run(ctx)
					if n > 0 {
						s.Log.InfoContext(ctx, "job done", "job", p.name, "count", n)
					}
					return err
				}).Run(ctx)
		})
	}
	wg.Wait()
}

// startJobs runs RunJobs in the background; the returned wait blocks until
// the jobs have stopped (after ctx ends), or for at most limit.
func (s *System) startJobs(ctx context.Context, limit time.Duration) (wait func()) {
	done := make(chan struct{})
	go func() { defer close(done); s.RunJobs(ctx) }()
	return func() {
		select {
		case <-done:
		case <-time.After(limit):
			s.Log.Warn("periodic jobs still running at shutdown; closing the database under them", "waited", limit)
		}
	}
}

// qualityRun runs every data-quality rule (on start, then daily) and
// reports how many rules did not pass.
func (s *System) qualityRun(ctx context.Context) (int, error) {
	run, err := s.Quality.RunAll(ctx)
	return run.Warn + run.Fail + run.Error, err
}
