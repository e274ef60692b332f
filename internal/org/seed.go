package org

import (
	"context"
	"database/sql"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Seed inserts Dazhou's regions (达州市本级, the seven statutory districts
// and counties, 达州高新区 and 东部经开区, all but the city under the city)
// and, in every region, one department for each known department function,
// the comprehensive window under the 政务服务 department and the five
// utility companies. It is idempotent: a region is matched by code and a
// unit by (region, name) — a department also by its function, so that a
// renamed department is not seeded twice — and only what is missing is
// inserted; existing
// rows are never changed, so an administrator's edits survive. It runs in
// the caller's transaction tx and, when it inserted anything, records one
// "org.seed" audit event with the counts in the same transaction.
func Seed(ctx context.Context, tx *sql.Tx, rec *audit.Recorder, now time.Time) error {
	regionIDs, regionsAdded, err := seedRegionRows(ctx, tx, now)
	if err != nil {
		return err
	}
	unitsAdded := 0
	for _, r := range seedRegions {
		n, err := seedUnitRows(ctx, tx, regionIDs[r.Code], r, now)
		if err != nil {
			return err
		}
		unitsAdded += n
	}
	if regionsAdded == 0 && unitsAdded == 0 {
		return nil
	}
	return rec.Record(ctx, tx, audit.Entry{Action: "org.seed", ObjectType: "org", ObjectID: "seed",
		Detail: map[string]int{"regions_added": regionsAdded, "units_added": unitsAdded}})
}

// seedRegionRows inserts the missing regions and returns every seed
// region's id by code.
func seedRegionRows(ctx context.Context, q sqldb.Querier, now time.Time) (map[string]int64, int, error) {
	ids := map[string]int64{}
	added := 0
	for _, sr := range seedRegions {
		existing, err := selectRegion(ctx, q, "code", sr.Code)
		if err == nil {
			ids[sr.Code] = existing.ID
			continue
		}
		if !errs.Is(err, errs.NotFound) {
			return nil, 0, err
		}
		r := sr.Region
		if r.Kind != KindCity {
			r.ParentID = ids[seedRegions[0].Code]
		}
		if ids[sr.Code], err = insertRegion(ctx, q, r, now); err != nil {
			return nil, 0, err
		}
		added++
	}
	return ids, added, nil
}

// seedUnitRows inserts the missing units of region r (id regionID) and
// returns how many it inserted.
func seedUnitRows(ctx context.Context, q sqldb.Querier, regionID int64, r seedRegion, now time.Time) (int, error) {
	byFn := map[string]int64{}
	added := 0
	for i, su := range seedUnitsFor(r) {
		id, err := seededUnitID(ctx, q, regionID, su)
		if err != nil {
			return 0, err
		}
		if id == 0 {
			u := Unit{RegionID: regionID, ParentID: byFn[su.parentFn], Kind: su.kind, FunctionCode: su.fn,
				Name: su.name, ShortName: su.short, Active: true, SortOrder: (i + 1) * 10}
			if id, err = insertUnit(ctx, q, u, now); err != nil {
				return 0, err
			}
			added++
		}
		byFn[su.fn] = id
	}
	return added, nil
}

// seededUnitID finds the unit su stands for: the unit of that name or, for a
// department, the active department with its function (an administrator may
// have renamed it). 0 when there is none.
func seededUnitID(ctx context.Context, q sqldb.Querier, regionID int64, su seedUnit) (int64, error) {
	id, err := unitNamed(ctx, q, regionID, su.name)
	if id != 0 || err != nil || su.kind != KindDepartment {
		return id, err
	}
	id, _, err = activeDepartment(ctx, q, regionID, su.fn, 0)
	return id, err
}
