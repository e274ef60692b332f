package quality

import (
	"context"
	"fmt"
	"github.com/dazhou-gongai/gongai/internal/history"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The case checks: 受理 before 办结, no step after 办结, every approval has
// its licence, time limits equal the catalog's. (The BLZT replay is in
// checks_blzt.go.)

const sqlAcceptBeforeConclude = `SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number,
       c.accepted_at, c.concluded_at
FROM cases c
WHERE c.status IN (11, 12, 13)
  AND (c.accepted_at IS NULL OR c.concluded_at IS NULL OR c.accepted_at > c.concluded_at)
ORDER BY c.id`

const sqlConcludedCases = `SELECT region_code, COUNT(*) FROM cases WHERE status IN (11, 12, 13) GROUP BY region_code`

func init() {
	register("case_accept_before_conclude", sqlAcceptBeforeConclude, checkAcceptBeforeConclude)
	register("case_no_step_after_conclusion", sqlStepAfterConclusion, checkStepAfterConclusion)
	register("case_result_document", sqlResultDocument, checkResultDocument)
	register("case_time_limit", sqlTimeLimit, checkTimeLimit)
}

func checkAcceptBeforeConclude(ctx context.Context, e *checkEnv) (outcome, error) {
	eval, err := countBy(ctx, e.q, sqlConcludedCases)
	if err != nil {
		return outcome{}, err
	}
	rows, err := e.q.QueryContext(ctx, sqlAcceptBeforeConclude)
	if err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	defer rows.Close()
	out := outcome{evaluated: eval}
	for rows.Next() {
		var id, lead int64
		var region, number string
		var accepted, concluded sqldb.NullTime
		if err := rows.Scan(&id, &region, &lead, &number, &accepted, &concluded); err != nil {
			return outcome{}, sqldb.Translate(err)
		}
		var expl string
		switch {
		case !accepted.Valid:
			expl = "办件 " + number + " 已办结，但没有受理时间。"
		case !concluded.Valid:
			expl = "办件 " + number + " 状态为办结，但没有办结时间。"
		default:
			expl = fmt.Sprintf("办件 %s 的受理时间 %s 晚于办结时间 %s。", number, stamp(accepted.Time), stamp(concluded.Time))
		}
		out.failures = append(out.failures, caseFailure(id, region, lead, expl))
	}
	return out, sqldb.Translate(rows.Err())
}

// sqlStepAfterConclusion finds steps recorded after the conclusion other
// than the two the engine allows then: 撤销 (revoke) and the supply of
// materials deferred by 容缺 (supply_deficiency).
const sqlStepAfterConclusion = `SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, COUNT(*), MIN(s.action)
FROM cases c JOIN case_steps s ON s.case_id = c.id
WHERE c.concluded_at IS NOT NULL AND s.occurred_at > c.concluded_at
  AND s.action NOT IN ('revoke', 'supply_deficiency')
GROUP BY c.id, c.region_code, c.lead_org_id, c.number
ORDER BY c.id`

func checkStepAfterConclusion(ctx context.Context, e *checkEnv) (outcome, error) {
	eval, err := countBy(ctx, e.q, `SELECT region_code, COUNT(*) FROM cases WHERE concluded_at IS NOT NULL GROUP BY region_code`)
	if err != nil {
		return outcome{}, err
	}
	rows, err := e.q.QueryContext(ctx, sqlStepAfterConclusion)
	if err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	defer rows.Close()
	out := outcome{evaluated: eval}
	for rows.Next() {
		var id, lead int64
		var n int
		var region, number, action string
		if err := rows.Scan(&id, &region, &lead, &number, &n, &action); err != nil {
			return outcome{}, sqldb.Translate(err)
		}
		expl := fmt.Sprintf("办件 %s 办结之后仍有 %d 条办理记录（如“%s”）。", number, n, action)
		out.failures = append(out.failures, caseFailure(id, region, lead, expl))
	}
	return out, sqldb.Translate(rows.Err())
}

// sqlResultDocument finds approvals (办结（通过）and 办结（容缺通过）)
// without their electronic licence, older than the grace period ($1) the
// licence catch-up job needs. Generated demo history has no licences and
// is not judged.
var sqlResultDocument = `SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, c.status
FROM cases c LEFT JOIN licences l ON l.case_id = c.id
WHERE c.status IN (11, 12) AND l.id IS NULL AND c.concluded_at < $1 AND NOT ` + history.GeneratedSQL("cases", "c.id") + `
ORDER BY c.id`

func checkResultDocument(ctx context.Context, e *checkEnv) (outcome, error) {
	cutoff := sqldb.T(e.now.Add(-time.Duration(e.intParam("grace_minutes", 60)) * time.Minute))
	eval, err := countBy(ctx, e.q, `SELECT c.region_code, COUNT(*) FROM cases c WHERE c.status IN (11, 12)
		AND c.concluded_at < $1 AND NOT `+history.GeneratedSQL("cases", "c.id")+` GROUP BY c.region_code`, cutoff)
	if err != nil {
		return outcome{}, err
	}
	rows, err := e.q.QueryContext(ctx, sqlResultDocument, cutoff)
	if err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	defer rows.Close()
	out := outcome{evaluated: eval}
	for rows.Next() {
		var id, lead int64
		var status int
		var region, number string
		if err := rows.Scan(&id, &region, &lead, &number, &status); err != nil {
			return outcome{}, sqldb.Translate(err)
		}
		expl := "办件 " + number + " 已办结（通过），但没有批复文件（电子证照）。"
		out.failures = append(out.failures, caseFailure(id, region, lead, expl))
	}
	return out, sqldb.Translate(rows.Err())
}

// sqlTimeLimit compares every case's limit with the catalog: the promised
// days (the statutory days when none is promised) of the item's revision in
// the case's flow version and stage; -1 when the flow has no such item.
const sqlTimeLimit = `SELECT x.id, x.region_code, x.lead, x.number, x.limit_days, x.expected FROM (
  SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0) AS lead, c.number, c.limit_days,
    COALESCE((SELECT CASE WHEN r.promised_days > 0 THEN r.promised_days ELSE r.statutory_days END
      FROM catalog_stages st
      JOIN catalog_stage_items si ON si.stage_id = st.id
      JOIN catalog_items i ON i.id = si.item_id
      JOIN catalog_item_revisions r ON r.item_id = i.id AND r.revision = COALESCE(si.item_revision, i.revision)
      WHERE st.flow_id = c.flow_id AND st.no = c.stage_no AND i.code = c.item_code), -1) AS expected
  FROM cases c) x
WHERE x.expected <> x.limit_days
ORDER BY x.id`

func checkTimeLimit(ctx context.Context, e *checkEnv) (outcome, error) {
	eval, err := countBy(ctx, e.q, `SELECT region_code, COUNT(*) FROM cases GROUP BY region_code`)
	if err != nil {
		return outcome{}, err
	}
	rows, err := e.q.QueryContext(ctx, sqlTimeLimit)
	if err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	defer rows.Close()
	out := outcome{evaluated: eval}
	for rows.Next() {
		var id, lead int64
		var limit, expected int
		var region, number string
		if err := rows.Scan(&id, &region, &lead, &number, &limit, &expected); err != nil {
			return outcome{}, sqldb.Translate(err)
		}
		expl := fmt.Sprintf("办件 %s 的办理时限为 %d 个工作日，事项目录（该流程版本）承诺时限为 %d 个工作日。", number, limit, expected)
		if expected < 0 {
			expl = "办件 " + number + " 的事项不在其流程版本的该阶段中，无法核对办理时限。"
		}
		out.failures = append(out.failures, caseFailure(id, region, lead, expl))
	}
	return out, sqldb.Translate(rows.Err())
}
