package quality

import (
	"context"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// regionInfo is what the checks need of a region.
type regionInfo struct {
	Code, ReportingCode, Name, Kind, ParentCode string
	CodeIsInternal                              bool
}

func loadRegions(ctx context.Context, q sqldb.Querier) ([]regionInfo, error) {
	rows, err := q.QueryContext(ctx, `SELECT r.code, r.reporting_code, r.name, r.kind, COALESCE(p.code, ''), r.code_is_internal
		FROM regions r LEFT JOIN regions p ON p.id = r.parent_id ORDER BY r.sort_order, r.id`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []regionInfo
	for rows.Next() {
		var r regionInfo
		if err := rows.Scan(&r.Code, &r.ReportingCode, &r.Name, &r.Kind, &r.ParentCode, &r.CodeIsInternal); err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, r)
	}
	return out, sqldb.Translate(rows.Err())
}

// legacyCodes and extraCodes mirror the registration rule of package
// project (whose parser is unexported): 511721 is the former 达县, still on
// codes issued before it became 达川区 (511703) in 2013.
var legacyCodes = map[string][]string{"511703": {"511721"}}

var extraCodes = []string{"511700", "511702", "511703", "511721", "511722", "511723", "511724", "511725", "511781", "511771"}

// acceptedCodes returns the 行政区划代码 a project of region code may carry:
// the region's own code (unless invented by gongai), its reporting code, its
// legacy codes and, for a functional zone, its parent's code.
func acceptedCodes(code string, regions []regionInfo) []string {
	var out []string
	for _, r := range regions {
		if r.Code != code {
			continue
		}
		if !r.CodeIsInternal {
			out = append(out, r.Code)
		}
		out = append(out, r.ReportingCode)
		out = append(out, legacyCodes[r.Code]...)
		if r.Kind == "zone" && r.ParentCode != "" {
			out = append(out, r.ParentCode)
		}
	}
	return slices.Compact(slices.Sorted(slices.Values(out)))
}

// dazhouCode reports whether part is a 行政区划代码 of Dazhou at all.
func dazhouCode(part string, regions []regionInfo) bool {
	if slices.Contains(extraCodes, part) {
		return true
	}
	for _, r := range regions {
		if slices.Contains(acceptedCodes(r.Code, regions), part) {
			return true
		}
	}
	return false
}
