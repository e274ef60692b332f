package quality

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// sqlSteps streams every case with its steps in order: the BLZT replay
// reads it once, keeping one case in memory at a time.
const sqlSteps = `SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, c.status,
       s.action, s.from_status, s.to_status
FROM cases c LEFT JOIN case_steps s ON s.case_id = c.id
ORDER BY c.id, s.id`

func init() {
	register("case_blzt_sequence", sqlSteps+"\n-- 逐件按 id 顺序重放办理记录：每步的起始状态须等于上一步的结果，"+
		"\n-- 改变状态的动作须为 casework.Next 允许的转换，最后的状态须等于办件状态。", checkBLZT)
}

// replay is the state of one case's replay.
type replay struct {
	id, lead      int64
	region, numbr string
	status        int
	prev          casework.Status
	accepted      bool
	steps         int
	problem       string
}

// step replays one step; the first problem is kept.
func (r *replay) step(action string, from, to int) {
	r.steps++
	if r.problem != "" {
		return
	}
	n := r.steps
	if casework.Status(from) != r.prev {
		r.problem = fmt.Sprintf("第 %d 步（%s）的起始状态“%s”与上一步的结果“%s”不符。", n,
			casework.Action(action).Label(), statusName(from), statusName(int(r.prev)))
		return
	}
	switch {
	case action == "receive":
		if n != 1 || from != 0 || to != int(casework.Received) {
			r.problem = fmt.Sprintf("第 %d 步为接件，但接件只能是第一步（无状态 → 已接件）。", n)
		}
	case casework.Action(action).Label() != action: // a transition of the state machine
		next, err := casework.Next(casework.Status(from), r.accepted, casework.Action(action))
		if err != nil || int(next) != to {
			r.problem = fmt.Sprintf("第 %d 步“%s”从“%s”到“%s”不是合法的办理状态转换。", n,
				casework.Action(action).Label(), statusName(from), statusName(to))
		}
		if action == string(casework.ActAccept) {
			r.accepted = true
		}
	case from != to:
		r.problem = fmt.Sprintf("第 %d 步“%s”不是状态转换，却把状态从“%s”改为“%s”。", n, action, statusName(from), statusName(to))
	}
	r.prev = casework.Status(to)
}

// finish returns the case's failure, if any.
func (r *replay) finish() (Failure, bool) {
	switch {
	case r.problem != "":
	case r.steps == 0:
		r.problem = "没有任何办理记录。"
	case int(r.prev) != r.status:
		r.problem = fmt.Sprintf("办件状态为“%s”，但办理记录的最后状态为“%s”。", statusName(r.status), statusName(int(r.prev)))
	default:
		return Failure{}, false
	}
	return caseFailure(r.id, r.region, r.lead, "办件 "+r.numbr+"："+r.problem), true
}

func statusName(s int) string {
	if s == 0 {
		return "无"
	}
	return casework.Status(s).Label()
}

func checkBLZT(ctx context.Context, e *checkEnv) (outcome, error) {
	rows, err := e.q.QueryContext(ctx, sqlSteps)
	if err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	defer rows.Close()
	out := outcome{evaluated: map[string]int{}}
	var cur *replay
	flush := func() {
		if cur == nil {
			return
		}
		out.evaluated[cur.region]++
		if f, bad := cur.finish(); bad {
			out.failures = append(out.failures, f)
		}
	}
	for rows.Next() {
		var r replay
		var action sql.NullString
		var from, to sql.NullInt64
		if err := rows.Scan(&r.id, &r.region, &r.lead, &r.numbr, &r.status, &action, &from, &to); err != nil {
			return outcome{}, sqldb.Translate(err)
		}
		if cur == nil || cur.id != r.id {
			flush()
			cur = &r
		}
		if action.Valid {
			cur.step(action.String, int(from.Int64), int(to.Int64))
		}
	}
	if err := rows.Err(); err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	flush()
	return out, nil
}
