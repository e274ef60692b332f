package catalog

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// selectItemDepartments returns the departments (function codes, lead
// first) that review the item with the code in the region's published
// flows — those of the lowest flow type and stage that include it — or nil
// when no published flow of the region includes it.
func selectItemDepartments(ctx context.Context, q sqldb.Querier, regionCode, code string) ([]string, error) {
	var deps string
	err := q.QueryRowContext(ctx, `SELECT si.departments FROM catalog_stage_items si
		JOIN catalog_stages s ON s.id = si.stage_id
		JOIN catalog_flows f ON f.id = s.flow_id
		JOIN catalog_items i ON i.id = si.item_id
		WHERE i.code = $1 AND f.region_code = $2 AND f.status = $3
		ORDER BY f.flow_type, s.no LIMIT 1`, code, regionCode, StatusPublished).Scan(&deps)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	return strings.Split(deps, ","), nil
}
