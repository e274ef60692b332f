package ticket

import (
	"context"
	"time"
)

// Due is the SLA calculator: when the response target of sev falls for a
// ticket opened at opened, on the default hours (5x8) or 7x24, over the
// working-day calendar. The result is in Asia/Shanghai. Open to every
// signed-in caller (the route is guarded); it reads only the calendar.
// Errors: Unavailable/Internal from the calendar.
func (s *Service) Due(ctx context.Context, sev Severity, opened time.Time) (time.Time, error) {
	days, err := loadDays(ctx, s.cal, opened.Year()-1, opened.Year()+2)
	if err != nil {
		return time.Time{}, err
	}
	c := Clock{Schedule: sev.Schedule()}
	return slaClock(&c, days).Due(opened, s.cfg.Response[sev]), nil
}
