package quality

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// sqlOrphans finds cases that refer to a parent that does not exist. The
// references checked are those the schema does not protect with a foreign
// key (the flow version, the catalog item and the region are copied into
// the case by code or id); the parents protected by foreign keys (project,
// application, org units, users) cannot go missing while the keys are on.
const sqlOrphans = `SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, 'flow' AS ref
FROM cases c LEFT JOIN catalog_flows f ON f.id = c.flow_id WHERE f.id IS NULL
UNION ALL
SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, 'item'
FROM cases c LEFT JOIN catalog_items i ON i.code = c.item_code WHERE i.id IS NULL
UNION ALL
SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, 'region'
FROM cases c LEFT JOIN regions r ON r.code = c.region_code WHERE r.id IS NULL
UNION ALL
SELECT c.id, c.region_code, COALESCE(c.lead_org_id, 0), c.number, 'stage'
FROM cases c JOIN catalog_flows f ON f.id = c.flow_id
LEFT JOIN catalog_stages st ON st.flow_id = c.flow_id AND st.no = c.stage_no
WHERE st.id IS NULL AND c.stage_no BETWEEN 1 AND 4`

var orphanLabels = map[string]string{"flow": "所属流程版本不存在", "item": "事项编码在事项目录中不存在",
	"region": "区县编码不存在", "stage": "所属流程版本中没有该阶段"}

func init() { register("case_orphans", sqlOrphans, checkOrphans) }

func checkOrphans(ctx context.Context, e *checkEnv) (outcome, error) {
	eval, err := countBy(ctx, e.q, `SELECT region_code, COUNT(*) FROM cases GROUP BY region_code`)
	if err != nil {
		return outcome{}, err
	}
	rows, err := e.q.QueryContext(ctx, sqlOrphans)
	if err != nil {
		return outcome{}, sqldb.Translate(err)
	}
	defer rows.Close()
	out := outcome{evaluated: eval}
	for rows.Next() {
		var id, lead int64
		var region, number, ref string
		if err := rows.Scan(&id, &region, &lead, &number, &ref); err != nil {
			return outcome{}, sqldb.Translate(err)
		}
		out.failures = append(out.failures, caseFailure(id, region, lead, "办件 "+number+" 引用的数据缺失："+orphanLabels[ref]+"。"))
	}
	return out, sqldb.Translate(rows.Err())
}
