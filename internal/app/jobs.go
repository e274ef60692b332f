package app

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/supervision"
)

// sessionPurgeEvery is how often idle sessions are ended in the background.
const sessionPurgeEvery = 5 * time.Minute

// RunJobs runs the periodic jobs until ctx ends: the deadline scan, which
// holds the "deadline-scan" lease so that one server scans at a time, and
// the session purge, which is safe on several servers at once (see
// identity.PurgeSessions).
func (s *System) RunJobs(ctx context.Context) {
	go supervision.NewScanJob(s.Cases, s.Super, s.DB, "", s.Log, s.Now).Run(ctx)
	t := time.NewTicker(sessionPurgeEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := s.Identity.PurgeSessions(ctx); err != nil {
				s.Log.ErrorContext(ctx, "purge sessions", "err", err)
			} else if n > 0 {
				s.Log.Info("ended idle sessions", "count", n)
			}
		}
	}
}
