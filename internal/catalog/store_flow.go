package catalog

import (
	"context"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// The SQL of flows, portable as in store_item.go.

const flowCols = `id, region_code, flow_type, version, name, status, COALESCE(based_on, 0), published_at, retired_at`

func scanFlow(row scanner) (Flow, error) {
	var f Flow
	var pub, ret sqldb.NullTime
	err := row.Scan(&f.ID, &f.RegionCode, &f.Type, &f.Version, &f.Name, &f.Status, &f.BasedOn, &pub, &ret)
	f.PublishedAt, f.RetiredAt = pub.Time, ret.Time
	return f, err
}

// selectFlow returns flow version id with its stages and items (each item
// at its pinned revision, or the current one in a draft), or NotFound.
func selectFlow(ctx context.Context, q sqldb.Querier, id int64) (Flow, error) {
	f, err := scanFlow(q.QueryRowContext(ctx, `SELECT `+flowCols+` FROM catalog_flows WHERE id = $1`, id))
	if sqldb.NotFoundIf(err) {
		return Flow{}, errs.E(errs.NotFound, "未找到该流程版本。")
	}
	if err != nil {
		return Flow{}, sqldb.Translate(err)
	}
	return f, loadStages(ctx, q, &f)
}

// flowIDWith returns the id of the region's flow of type typ in status, 0
// when there is none.
func flowIDWith(ctx context.Context, q sqldb.Querier, region string, typ int, status string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `SELECT id FROM catalog_flows
		WHERE region_code = $1 AND flow_type = $2 AND status = $3`, region, typ, status).Scan(&id)
	if sqldb.NotFoundIf(err) {
		return 0, nil
	}
	return id, sqldb.Translate(err)
}

// selectFlows returns flow versions without stages, by region, type and
// newest version first.
func selectFlows(ctx context.Context, q sqldb.Querier, f FlowFilter) ([]Flow, error) {
	var w where
	if f.RegionCode != "" {
		w.add("region_code = ?", f.RegionCode)
	}
	if f.Type != 0 {
		w.add("flow_type = ?", f.Type)
	}
	if !f.IncludeDrafts {
		w.add("status <> ?", StatusDraft)
	}
	rows, err := q.QueryContext(ctx, `SELECT `+flowCols+` FROM catalog_flows`+w.sql()+
		` ORDER BY region_code, flow_type, version DESC`, w.args...)
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	defer rows.Close()
	var out []Flow
	for rows.Next() {
		fl, err := scanFlow(rows)
		if err != nil {
			return nil, sqldb.Translate(err)
		}
		out = append(out, fl)
	}
	return out, sqldb.Translate(rows.Err())
}

func loadStages(ctx context.Context, q sqldb.Querier, f *Flow) error {
	rows, err := q.QueryContext(ctx, `SELECT id, no, name, limit_days FROM catalog_stages
		WHERE flow_id = $1 ORDER BY no`, f.ID)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	byID := map[int64]int{}
	for rows.Next() {
		var s Stage
		if err := rows.Scan(&s.ID, &s.No, &s.Name, &s.LimitDays); err != nil {
			return sqldb.Translate(err)
		}
		s.Items = []StageItem{}
		byID[s.ID] = len(f.Stages)
		f.Stages = append(f.Stages, s)
	}
	if err := rows.Err(); err != nil {
		return sqldb.Translate(err)
	}
	return loadStageItems(ctx, q, f, byID)
}

func loadStageItems(ctx context.Context, q sqldb.Querier, f *Flow, stageIndex map[int64]int) error {
	rows, err := q.QueryContext(ctx, `SELECT `+revisionCols+`, si.stage_id, si.departments, si.join_policy,
		si.quorum, si.optional
		FROM catalog_stage_items si
		JOIN catalog_stages s ON s.id = si.stage_id
		JOIN catalog_items i ON i.id = si.item_id
		JOIN catalog_item_revisions r ON r.item_id = i.id AND r.revision = COALESCE(si.item_revision, i.revision)
		WHERE s.flow_id = $1 ORDER BY s.no, si.sort_order`, f.ID)
	if err != nil {
		return sqldb.Translate(err)
	}
	defer rows.Close()
	for rows.Next() {
		var si StageItem
		var stageID int64
		var deps string
		si.Item, err = scanItem(rows, &stageID, &deps, &si.Join, &si.Quorum, &si.Optional)
		if err != nil {
			return sqldb.Translate(err)
		}
		si.ItemCode, si.Departments = si.Item.Code, strings.Split(deps, ",")
		s := &f.Stages[stageIndex[stageID]]
		s.Items = append(s.Items, si)
	}
	if err := rows.Err(); err != nil {
		return sqldb.Translate(err)
	}
	var items []*Item
	for i := range f.Stages {
		for j := range f.Stages[i].Items {
			items = append(items, &f.Stages[i].Items[j].Item)
		}
	}
	return withMaterials(ctx, q, items)
}

// insertFlow creates the flow row (without stages) and returns its id.
func insertFlow(ctx context.Context, q sqldb.Querier, f Flow, now time.Time) (int64, error) {
	var id int64
	var basedOn any
	if f.BasedOn != 0 {
		basedOn = f.BasedOn
	}
	err := q.QueryRowContext(ctx, `INSERT INTO catalog_flows
		(region_code, flow_type, version, name, status, based_on, published_at, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`,
		f.RegionCode, f.Type, f.Version, f.Name, f.Status, basedOn, sqldb.NT(f.PublishedAt), sqldb.T(now)).Scan(&id)
	return id, sqldb.Translate(err)
}

// insertStages stores the stages and stage items of flow flowID; itemIDs
// maps each item code to its item id.
func insertStages(ctx context.Context, q sqldb.Querier, flowID int64, stages []Stage, itemIDs map[string]int64) error {
	for _, s := range stages {
		var stageID int64
		err := q.QueryRowContext(ctx, `INSERT INTO catalog_stages (flow_id, no, name, limit_days)
			VALUES ($1, $2, $3, $4) RETURNING id`, flowID, s.No, s.Name, s.LimitDays).Scan(&stageID)
		if err != nil {
			return sqldb.Translate(err)
		}
		for j, si := range s.Items {
			_, err := q.ExecContext(ctx, `INSERT INTO catalog_stage_items
				(stage_id, sort_order, item_id, departments, join_policy, quorum, optional)
				VALUES ($1, $2, $3, $4, $5, $6, $7)`, stageID, j+1, itemIDs[si.ItemCode],
				strings.Join(si.Departments, ","), si.Join, si.Quorum, si.Optional)
			if err != nil {
				return sqldb.Translate(err)
			}
		}
	}
	return nil
}

// deleteStages removes a draft's stages and stage items before they are
// written anew.
func deleteStages(ctx context.Context, q sqldb.Querier, flowID int64) error {
	_, err := q.ExecContext(ctx, `DELETE FROM catalog_stage_items
		WHERE stage_id IN (SELECT id FROM catalog_stages WHERE flow_id = $1)`, flowID)
	if err == nil {
		_, err = q.ExecContext(ctx, `DELETE FROM catalog_stages WHERE flow_id = $1`, flowID)
	}
	return sqldb.Translate(err)
}

func deleteFlowRow(ctx context.Context, q sqldb.Querier, flowID int64) error {
	if err := deleteStages(ctx, q, flowID); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx, `DELETE FROM catalog_flows WHERE id = $1 AND status = $2`, flowID, StatusDraft)
	return sqldb.Translate(err)
}

func updateFlowName(ctx context.Context, q sqldb.Querier, flowID int64, name string, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE catalog_flows SET name = $1, updated_at = $2 WHERE id = $3`,
		name, sqldb.T(now), flowID)
	return sqldb.Translate(err)
}

// nextVersion is one more than the highest version of the region and type.
func nextVersion(ctx context.Context, q sqldb.Querier, region string, typ int) (int, error) {
	var v int
	err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) + 1 FROM catalog_flows
		WHERE region_code = $1 AND flow_type = $2`, region, typ).Scan(&v)
	return v, sqldb.Translate(err)
}

// publishRow retires the published version of the flow's region and type
// (first, so that the one-published index never sees two) and publishes
// the draft flowID, pinning its items to their current revisions. It
// returns the retired version's id, 0 when there was none.
func publishRow(ctx context.Context, q sqldb.Querier, f Flow, now time.Time) (int64, error) {
	old, err := flowIDWith(ctx, q, f.RegionCode, f.Type, StatusPublished)
	if err != nil {
		return 0, err
	}
	if old != 0 {
		_, err = q.ExecContext(ctx, `UPDATE catalog_flows SET status = $1, retired_at = $2, updated_at = $2
			WHERE id = $3`, StatusRetired, sqldb.T(now), old)
		if err != nil {
			return 0, sqldb.Translate(err)
		}
	}
	res, err := q.ExecContext(ctx, `UPDATE catalog_flows SET status = $1, published_at = $2, updated_at = $2
		WHERE id = $3 AND status = $4`, StatusPublished, sqldb.T(now), f.ID, StatusDraft)
	if err != nil {
		return 0, sqldb.Translate(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return 0, errs.E(errs.Conflict, "该流程版本已不是草稿（可能刚被他人发布或删除），请刷新后重试。")
	}
	return old, pinRevisions(ctx, q, f.ID)
}

// pinRevisions points every stage item of flow flowID at its item's
// current revision.
func pinRevisions(ctx context.Context, q sqldb.Querier, flowID int64) error {
	_, err := q.ExecContext(ctx, `UPDATE catalog_stage_items SET item_revision =
		(SELECT revision FROM catalog_items WHERE catalog_items.id = catalog_stage_items.item_id)
		WHERE stage_id IN (SELECT id FROM catalog_stages WHERE flow_id = $1)`, flowID)
	return sqldb.Translate(err)
}
