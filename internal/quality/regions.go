package quality

import (
	"context"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// loadRegions reads what the project-code rule needs of Dazhou's regions
// (code, reporting code, kind, parent, whether the code is gongai's own),
// in their sort order.
func loadRegions(ctx context.Context, q sqldb.Querier) ([]org.Region, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, code, reporting_code, name, kind, COALESCE(parent_id, 0), code_is_internal
		FROM regions ORDER BY sort_order, id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []org.Region
	for rows.Next() {
		var r org.Region
		if err := rows.Scan(&r.ID, &r.Code, &r.ReportingCode, &r.Name, &r.Kind, &r.ParentID, &r.CodeIsInternal); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}
