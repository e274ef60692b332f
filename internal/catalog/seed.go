package catalog

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// SeedItems returns the items of the seed catalog, each at the content it
// gets as revision 1. Exported for tests and documentation; Seed stores them.
func SeedItems() []Item {
	return slices.Concat(stage1Items(), stage2Items(), stage3Items(), stage4Items(), lowRiskItems(), auxItems())
}

// SeedFlowTypes are the flow types the seed publishes in every region.
var SeedFlowTypes = []int{1, 3, 4, 5}

// Seed inserts the seed catalog (SeedItems) and publishes version 1 of the
// flows of SeedFlowTypes in the city and every county-level region, each
// stage item pinned to revision 1 of its item. It is idempotent and never
// overwrites an administrator's work: an item is inserted only when its
// code is unused, and a flow only when its region has no version of that
// type at all. The regions must exist (run org.Seed first). It runs in the
// caller's transaction tx and, when it inserted anything, records one
// "catalog.seed" audit event with the counts in the same transaction.
func Seed(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error {
	items, itemsAdded, err := seedItemRows(ctx, tx, now)
	if err != nil {
		return err
	}
	flowsAdded := 0
	for _, region := range seedRegionCodes {
		for _, typ := range SeedFlowTypes {
			added, err := seedFlow(ctx, tx, region, typ, items, now)
			if err != nil {
				return fmt.Errorf("seed flow %s/%d: %w", region, typ, err)
			}
			if added {
				flowsAdded++
			}
		}
	}
	if itemsAdded == 0 && flowsAdded == 0 {
		return nil
	}
	return rec.Record(ctx, tx, audit.Entry{Action: "catalog.seed", ObjectType: "catalog", ObjectID: "seed",
		Detail: map[string]int{"items_added": itemsAdded, "flows_added": flowsAdded}})
}

// seedItemRows inserts the missing seed items and returns every seed
// item's current revision by code.
func seedItemRows(ctx context.Context, q sqldb.Querier, now time.Time) (map[string]Item, int, error) {
	items := map[string]Item{}
	added := 0
	for _, it := range SeedItems() {
		it = normalizeItem(it)
		if err := it.Validate(); err != nil {
			return nil, 0, fmt.Errorf("seed item %s: %v", it.Code, errs.FieldsOf(err))
		}
		cur, err := selectItem(ctx, q, it.Code)
		if errs.Is(err, errs.NotFound) {
			cur, err = insertSeedItem(ctx, q, it, now)
			added++
		}
		if err != nil {
			return nil, 0, fmt.Errorf("seed item %s: %w", it.Code, err)
		}
		items[it.Code] = cur
	}
	return items, added, nil
}

func insertSeedItem(ctx context.Context, q sqldb.Querier, it Item, now time.Time) (Item, error) {
	it.Revision = 1
	id, err := insertItem(ctx, q, it.Code, now)
	if err != nil {
		return Item{}, err
	}
	if _, err := insertRevision(ctx, q, id, it, now, "系统初始化"); err != nil {
		return Item{}, err
	}
	return selectItem(ctx, q, it.Code)
}

// seedFlow publishes version 1 of the region's flow of the type unless the
// region has any version of it.
func seedFlow(ctx context.Context, q sqldb.Querier, region string, typ int, items map[string]Item, now time.Time) (bool, error) {
	if v, err := nextVersion(ctx, q, region, typ); err != nil || v != 1 {
		return false, err
	}
	f := normalizeFlow(Flow{RegionCode: region, Type: typ, Version: 1, Name: FlowTypeName(typ) + "审批流程",
		Status: StatusPublished, PublishedAt: now, Stages: seedFlows()[typ]}, items)
	problems := checkFlow(f, items)
	for k, v := range publishProblems(f) {
		problems[k] = v
	}
	if len(problems) > 0 {
		return false, fmt.Errorf("seed flow is invalid: %v", problems)
	}
	id, err := insertFlow(ctx, q, f, now)
	if err != nil {
		return false, err
	}
	if err := insertStages(ctx, q, id, f.Stages, itemIDsFrom(items)); err != nil {
		return false, err
	}
	return true, pinRevisions(ctx, q, id)
}

func itemIDsFrom(items map[string]Item) map[string]int64 {
	ids := make(map[string]int64, len(items))
	for code, it := range items {
		ids[code] = it.ID
	}
	return ids
}
