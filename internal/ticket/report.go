package ticket

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Compliance targets of the seed (§4): every ticket handled, 95 % on time.
const (
	TargetCompletion = 1.00
	TargetOnTime     = 0.95
)

// Group dimensions of a report.
const (
	ByKind     = "kind"
	BySeverity = "severity"
	ByRegion   = "region"
	ByOrgUnit  = "org_unit"
	ByMonth    = "month"   // opening month in Beijing time, "2025-11"
	ByQuarter  = "quarter" // "2025-Q4"
	ByYear     = "year"    // "2025"
)

// ReportRow is one group's figures. Rates are 0..1; -1 when the
// denominator is 0. Durations are business minutes of the clock's
// schedule (complaint reply clocks are counted under resolution).
type ReportRow struct {
	Group                string  `json:"group"`
	Count                int     `json:"count"`
	Completed            int     `json:"completed" doc:"已解决或已关闭"`
	CompletionRate       float64 `json:"completion_rate"`
	ResponseP50          int     `json:"response_p50"`
	ResponseP90          int     `json:"response_p90"`
	ResolutionP50        int     `json:"resolution_p50"`
	ResolutionP90        int     `json:"resolution_p90"`
	Met                  int     `json:"met" doc:"按时完成的计时（有时限者）"`
	Breached             int     `json:"breached" doc:"超时的计时，含超时仍未完成者"`
	OnTimeRate           float64 `json:"on_time_rate"`
	response, resolution []int
}

// Report is a compliance report of the tickets opened in [From, To).
type Report struct {
	From, To time.Time
	By       string
	Rows     []ReportRow
	Total    ReportRow
}

// clockFold is one clock's outcome folded from its events.
type clockFold struct {
	finished, breached, timed bool
	used                      int64
}

// Report computes the figures from the clock-event log of the tickets f
// selects (From/To bound the opening time), grouped by by. A clock counts
// as met when its last event is fulfil with no breach ever logged, and as
// breached when a breach was logged, finished or not.
// Who: TicketView. Errors: Unauthenticated; Forbidden; Unavailable/Internal.
func (s *Service) Report(ctx context.Context, f Filter, by string) (Report, error) {
	p, err := access.Authorize(ctx, access.TicketView, "")
	if err != nil {
		return Report{}, err
	}
	q := &query{}
	q.filter(f, p.ScopeOf(access.TicketView))
	rows, err := s.db.QueryContext(ctx, `SELECT t.id, t.kind, t.severity, t.region_code, t.org_unit_name, t.status,
		t.opened_at, e.metric, e.event, e.used_seconds, e.target_minutes
		FROM tickets t JOIN ticket_clock_events e ON e.ticket_id = t.id`+q.SQL()+` ORDER BY t.id, e.id`, q.Args...)
	if err != nil {
		return Report{}, sqldb.Translate(err)
	}
	defer rows.Close()
	groups := map[string]*ReportRow{}
	var order []string
	folds := map[[2]any]*clockFold{}
	var ticketOf = map[int64]string{}
	for rows.Next() {
		var id int64
		var kind, sev, region, unit, status, metric, event string
		var used int64
		var target int
		var opened sqldb.Time
		if err := rows.Scan(&id, &kind, &sev, &region, &unit, &status, &opened, &metric, &event, &used, &target); err != nil {
			return Report{}, sqldb.Translate(err)
		}
		g := groupOf(by, Kind(kind), Severity(sev), region, unit, opened.Time)
		if _, ok := groups[g]; !ok {
			groups[g] = &ReportRow{Group: g}
			order = append(order, g)
		}
		if _, seen := ticketOf[id]; !seen {
			ticketOf[id] = g
			groups[g].Count++
			if !Status(status).Open() {
				groups[g].Completed++
			}
		}
		k := [2]any{id, metric}
		if folds[k] == nil {
			folds[k] = &clockFold{}
		}
		folds[k].apply(event, used, target)
	}
	if err := rows.Err(); err != nil {
		return Report{}, sqldb.Translate(err)
	}
	for k, c := range folds {
		groups[ticketOf[k[0].(int64)]].add(k[1].(string), c)
	}
	return buildReport(f, by, groups, order), nil
}

func (c *clockFold) apply(event string, used int64, target int) {
	switch event {
	case "activate":
		c.finished = false
	case "breach":
		c.breached = true
	case "fulfil":
		c.finished, c.used = true, used
	}
	c.timed = target > 0
}

func (r *ReportRow) add(metric string, c *clockFold) {
	if c.finished {
		if metric == MetricResponse {
			r.response = append(r.response, int(c.used/60))
		} else {
			r.resolution = append(r.resolution, int(c.used/60))
		}
	}
	switch {
	case !c.timed:
	case c.breached:
		r.Breached++
	case c.finished:
		r.Met++
	}
}

func groupOf(by string, k Kind, sev Severity, region, unit string, opened time.Time) string {
	local := opened.In(sla.Shanghai)
	switch by {
	case ByMonth:
		return local.Format("2006-01")
	case ByQuarter:
		return fmt.Sprintf("%d-Q%d", local.Year(), (int(local.Month())+2)/3)
	case ByYear:
		return strconv.Itoa(local.Year())
	case BySeverity:
		if k == Complaint {
			return "投诉"
		}
		return sev.Label()
	case ByRegion:
		return region
	case ByOrgUnit:
		if unit == "" {
			return "（未指定单位）"
		}
		return unit
	}
	return k.Label()
}

// buildReport finishes the rows and the total.
func buildReport(f Filter, by string, groups map[string]*ReportRow, order []string) Report {
	rep := Report{From: f.From, To: f.To, By: by, Total: ReportRow{Group: "合计"}}
	slices.Sort(order)
	for _, g := range order {
		r := groups[g]
		t := &rep.Total
		t.Count, t.Completed, t.Met, t.Breached = t.Count+r.Count, t.Completed+r.Completed, t.Met+r.Met, t.Breached+r.Breached
		t.response, t.resolution = append(t.response, r.response...), append(t.resolution, r.resolution...)
		r.finish()
		rep.Rows = append(rep.Rows, *r)
	}
	rep.Total.finish()
	return rep
}

func (r *ReportRow) finish() {
	r.CompletionRate, r.OnTimeRate = rate(r.Completed, r.Count), rate(r.Met, r.Met+r.Breached)
	r.ResponseP50, r.ResponseP90 = percentile(r.response, 50), percentile(r.response, 90)
	r.ResolutionP50, r.ResolutionP90 = percentile(r.resolution, 50), percentile(r.resolution, 90)
}

func rate(n, d int) float64 {
	if d == 0 {
		return -1
	}
	return float64(n) / float64(d)
}

// percentile is the nearest-rank percentile of xs (0 when empty).
func percentile(xs []int, p int) int {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := (p*len(s) + 99) / 100
	return s[max(rank, 1)-1]
}

// CompletionPct and OnTimePct format the rates for pages.
func (r ReportRow) CompletionPct() string { return Percent(r.CompletionRate) }

// OnTimePct formats the on-time rate.
func (r ReportRow) OnTimePct() string { return Percent(r.OnTimeRate) }
