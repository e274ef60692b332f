package indicator

import (
	"context"
	"fmt"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// catalogueItem is an active item of the catalogue (the standard list).
type catalogueItem struct {
	id         int64
	code, name string
	standard   string
}

// requiredFlowTypes are the flow types every region should publish (the
// five SPLCLX types of the national reform).
const requiredFlowTypes = 5

// coverageFacts: 事项配置率, 标准事项对应率 and 流程配置完整率 of every
// region as of today, from the published flows (read-only over the
// catalogue's tables).
func (x *extract) coverageFacts(ctx context.Context, today calendar.Date) error {
	items, err := x.catalogueItems(ctx)
	if err != nil {
		return err
	}
	configured, types, err := x.publishedConfig(ctx)
	if err != nil {
		return err
	}
	for _, r := range x.regions {
		for _, it := range items {
			ref := Ref{Kind: "item", ID: it.id, Key: "item:" + it.code, Label: it.code, Detail: it.name,
				URL: fmt.Sprintf("/catalog/items/%d", it.id)}
			in := configured[r][it.id]
			x.out.add(Figure{Code: ItemConfigRate, RegionCode: r, Day: today, Numerator: one(in), Denominator: 1, Ref: ref})
			if in {
				x.out.add(Figure{Code: StandardMapRate, RegionCode: r, Day: today, Numerator: one(it.standard != ""),
					Denominator: 1, Ref: ref})
			}
		}
		for t := 1; t <= requiredFlowTypes; t++ {
			ref := Ref{Kind: "flow", ID: int64(t), Key: fmt.Sprintf("flow:%d", t), Label: flowTypeDims[t-1].Label,
				Detail: fmt.Sprintf("流程类型 %d", t), URL: "/catalog/flows"}
			x.out.add(Figure{Code: FlowConfigRate, RegionCode: r, Day: today, Numerator: one(types[r][t]),
				Denominator: 1, Ref: ref})
		}
	}
	return nil
}

func (x *extract) catalogueItems(ctx context.Context) ([]catalogueItem, error) {
	rows, err := x.db.QueryContext(ctx, `SELECT i.id, i.code, r.name, r.standard_code
		FROM catalog_items i JOIN catalog_item_revisions r ON r.item_id = i.id AND r.revision = i.revision
		WHERE i.active = TRUE ORDER BY i.code`)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []catalogueItem
	for rows.Next() {
		var it catalogueItem
		if err := rows.Scan(&it.id, &it.code, &it.name, &it.standard); err != nil {
			return nil, err
		}
		out = append(out, it)
	}
	return out, rows.Err()
}

// publishedConfig returns, per region, the items of its published flows
// and the flow types it has published.
func (x *extract) publishedConfig(ctx context.Context) (map[string]map[int64]bool, map[string]map[int]bool, error) {
	items, types := map[string]map[int64]bool{}, map[string]map[int]bool{}
	rows, err := x.db.QueryContext(ctx, `SELECT f.region_code, f.flow_type, COALESCE(si.item_id, 0)
		FROM catalog_flows f
		LEFT JOIN catalog_stages s ON s.flow_id = f.id
		LEFT JOIN catalog_stage_items si ON si.stage_id = s.id
		WHERE f.status = 'published'`)
	if err != nil {
		return nil, nil, sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var region string
		var ft int
		var item int64
		if err := rows.Scan(&region, &ft, &item); err != nil {
			return nil, nil, err
		}
		if items[region] == nil {
			items[region], types[region] = map[int64]bool{}, map[int]bool{}
		}
		types[region][ft] = true
		if item != 0 {
			items[region][item] = true
		}
	}
	return items, types, rows.Err()
}
