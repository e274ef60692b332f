package quality

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// sqlRegionActivity lists the regions with any approval activity between
// $1 and $2: a case received, or a step on one of their cases.
const sqlRegionActivity = `SELECT c.region_code FROM cases c WHERE c.received_at >= $1 AND c.received_at < $2
UNION
SELECT c.region_code FROM case_steps s JOIN cases c ON c.id = s.case_id WHERE s.occurred_at >= $1 AND s.occurred_at < $2`

func init() {
	register("region_silent_workday", sqlRegionActivity+"\n-- Go：对今天以前最近 days 个工作日（工作日历）逐日执行上述查询；"+
		"\n-- 参数 exclude 中以外的每个区县，当天既没有接件也没有任何办理记录即为不合格。", checkRegionSilent)
}

// recentWorkdays returns the n working days before today, newest first
// (at most 60 calendar days back).
func recentWorkdays(ctx context.Context, cal Calendar, today calendar.Date, n int) ([]calendar.Date, error) {
	var out []calendar.Date
	for d := today.AddDays(-1); len(out) < n && today.Sub(d) <= 60; d = d.AddDays(-1) {
		ok, err := cal.IsWorkday(ctx, d)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, d)
		}
	}
	return out, nil
}

func activeRegions(ctx context.Context, e *checkEnv, d calendar.Date) (map[string]bool, error) {
	rows, err := e.q.QueryContext(ctx, sqlRegionActivity, sqldb.T(d.Time()), sqldb.T(d.AddDays(1).Time()))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			return nil, sqldb.Translate(err)
		}
		out[code] = true
	}
	return out, sqldb.Translate(rows.Err())
}

// checkRegionSilent finds the region-days without any activity: a region
// that reported nothing on a working day. The record is "<region>/<day>";
// a task on a day outside the window is left alone (covers).
func checkRegionSilent(ctx context.Context, e *checkEnv) (outcome, error) {
	days, err := recentWorkdays(ctx, e.cal, calendar.DateOf(e.now.In(beijing)), e.intParam("days", 5))
	if err != nil {
		return outcome{}, err
	}
	exclude := strings.Split(e.stringParam("exclude", ""), ",")
	out := outcome{evaluated: map[string]int{}}
	window := map[string]bool{}
	for _, d := range days {
		window[d.String()] = true
		active, err := activeRegions(ctx, e, d)
		if err != nil {
			return outcome{}, err
		}
		for _, r := range e.regions {
			if slices.Contains(exclude, r.Code) {
				continue
			}
			out.evaluated[r.Code]++
			if !active[r.Code] {
				out.failures = append(out.failures, Failure{RecordType: "region_day", RecordID: r.Code + "/" + d.String(),
					RegionCode: r.Code, Link: "/cases",
					Explanation: fmt.Sprintf("%s在工作日 %s 没有任何接件或办理记录。", r.Name, d.Label())})
			}
		}
	}
	out.covers = func(id string) bool {
		_, day, _ := strings.Cut(id, "/")
		return window[day]
	}
	return out, nil
}
