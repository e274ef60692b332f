package quality

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Back-filled records (补录, the 体外循环 signal). The schema has no
// recorded_at on case_steps: occurred_at is the event time (the engine
// stamps it with the time of the action; an import or a 补录 tool may set
// an earlier one). The time the system learned of a step is the time of its
// audit event, written in the same transaction: the k-th step with action X
// of a case is matched with the k-th audit event "case.X" of that case.
// A case fails when at least min_steps of its steps were recorded more than
// lag_hours after they occurred, and those recordings all fall within
// burst_minutes of each other. Steps without an audit event (inserted
// straight into the database) cannot be timed and are not counted; only
// cases with audit events in the last lookback_days are examined.

const sqlBackfillSteps = `SELECT s.case_id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, s.action, s.occurred_at
FROM case_steps s JOIN cases c ON c.id = s.case_id
WHERE CAST(s.case_id AS TEXT) IN (SELECT a.object_id FROM audit_events a WHERE a.object_type = 'case' AND a.occurred_at >= $1)
ORDER BY s.case_id, s.id`

const sqlBackfillAudit = `SELECT a.object_id, a.action, a.occurred_at FROM audit_events a
WHERE a.object_type = 'case' AND a.action LIKE 'case.%'
  AND a.object_id IN (SELECT b.object_id FROM audit_events b WHERE b.object_type = 'case' AND b.occurred_at >= $1)
ORDER BY a.seq`

func init() {
	register("case_backfilled", sqlBackfillSteps+";\n\n"+sqlBackfillAudit+
		"\n-- Go：第 k 条动作为 X 的办理记录对应该办件第 k 条审计事件 case.X；记录时间晚于事件时间 lag_hours 小时以上、"+
		"\n-- 且记录时间集中在 burst_minutes 分钟内的办理记录达到 min_steps 条，即为疑似补录（体外循环）。", checkBackfill)
}

// auditTimes maps case id → audit action → recording times in order.
func auditTimes(ctx context.Context, q sqldb.Querier, since time.Time) (map[string]map[string][]time.Time, error) {
	rows, err := q.QueryContext(ctx, sqlBackfillAudit, sqldb.T(since))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	out := map[string]map[string][]time.Time{}
	for rows.Next() {
		var id, action string
		var at sqldb.Time
		if err := rows.Scan(&id, &action, &at); err != nil {
			return nil, sqldb.Translate(err)
		}
		if out[id] == nil {
			out[id] = map[string][]time.Time{}
		}
		out[id][action] = append(out[id][action], at.Time)
	}
	return out, sqldb.Translate(rows.Err())
}

// backfillCase is one case's steps being matched with its audit events.
type backfillCase struct {
	id, lead       int64
	region, number string
	late           int
	first, last    time.Time // range of the late recordings
	earliest       time.Time // earliest event time among them
}

func (b *backfillCase) add(occurred, recorded time.Time, lag time.Duration) {
	if recorded.Sub(occurred) <= lag {
		return
	}
	if b.late == 0 || recorded.Before(b.first) {
		b.first = recorded
	}
	if b.late == 0 || recorded.After(b.last) {
		b.last = recorded
	}
	if b.late == 0 || occurred.Before(b.earliest) {
		b.earliest = occurred
	}
	b.late++
}

func checkBackfill(ctx context.Context, e *checkEnv) (outcome, error) {
	since := e.now.AddDate(0, 0, -e.intParam("lookback_days", 30))
	lag := time.Duration(e.intParam("lag_hours", 24)) * time.Hour
	burst := time.Duration(e.intParam("burst_minutes", 60)) * time.Minute
	minSteps := e.intParam("min_steps", 3)
	audits, err := auditTimes(ctx, e.q, since)
	if err != nil {
		return outcome{}, err
	}
	rows, err := e.q.QueryContext(ctx, sqlBackfillSteps, sqldb.T(since))
	if err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	defer rows.Close()
	out := outcome{evaluated: map[string]int{}}
	var cur *backfillCase
	flush := func() {
		if cur == nil {
			return
		}
		out.evaluated[cur.region]++
		if cur.late >= minSteps && cur.last.Sub(cur.first) <= burst {
			out.failures = append(out.failures, caseFailure(cur.id, cur.region, cur.lead, fmt.Sprintf(
				"办件 %s 有 %d 条办理记录在事件发生 %d 小时以上之后集中录入（录入于 %s 至 %s，最早的事件发生于 %s），疑似线下办理后补录（体外循环）。",
				cur.number, cur.late, int(lag.Hours()), stamp(cur.first), stamp(cur.last), stamp(cur.earliest))))
		}
	}
	for rows.Next() {
		var b backfillCase
		var action string
		var occurred sqldb.Time
		if err := rows.Scan(&b.id, &b.region, &b.lead, &b.number, &action, &occurred); err != nil {
			return outcome{}, sqldb.Translate(err)
		}
		if cur == nil || cur.id != b.id {
			flush()
			cur = &b
		}
		byAction := audits[strconv.FormatInt(cur.id, 10)]
		if times := byAction["case."+action]; len(times) > 0 {
			byAction["case."+action] = times[1:]
			cur.add(occurred.Time, times[0], lag)
		}
	}
	if err := rows.Err(); err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	flush()
	return out, nil
}
