package app

import (
	"context"
	"time"
)

// sessionPurgeEvery is how often idle sessions are ended in the background.
const sessionPurgeEvery = 5 * time.Minute

// RunJobs runs the periodic housekeeping until ctx ends. Each job is safe
// to run on several instances at once (see identity.PurgeSessions), so no
// lease is needed yet.
func (s *System) RunJobs(ctx context.Context) {
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
