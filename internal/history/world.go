package history

import (
	"context"
	"fmt"
	"slices"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// world is the reference data generated rows point at: regions, the
// published flows with their items, and the org units that review them.
// It is read once per Generate.
type world struct {
	regions map[string]*regionInfo
}

type regionInfo struct {
	code string
	id   int64
	// codePart is the 行政区划代码 in the region's 项目代码.
	codePart string
	profile  profile
	flows    map[int]*flowInfo // by flow type
	// windowID is the comprehensive window (受理 steps are its actions).
	windowID int64
}

type flowInfo struct {
	id     int64
	typ    int
	stages []stageInfo
}

type stageInfo struct {
	no    int
	items []itemInfo
}

// itemInfo is one stage item as the engine would create its case.
type itemInfo struct {
	code, name     string
	optional       bool
	join           string
	quorum         int
	limit, statute int
	orgs           []int64 // the reviewing units, the lead first (casework's departmentsOf)
	deficiency     string  // a 容缺-able material name, "" when the item allows none
	material       string  // the material a generated 补正 asks for
}

// FlowSource is what Generate needs of the catalog (catalog.Service).
type FlowSource interface {
	PublishedFlow(ctx context.Context, regionCode string, flowType int) (catalog.Flow, error)
}

// UnitSource is what Generate needs of org (org.Service).
type UnitSource interface {
	UnitByFunction(ctx context.Context, regionCode, functionCode string) (org.Unit, error)
}

// loadWorld reads the regions of p, their published flows of types 1, 3,
// 4 and 5 and the units of every item's departments. A stage item whose
// department is missing in a region is left out there, as the engine
// could not dispatch it; a region without a published flow of a type
// generates no project of that type.
func loadWorld(ctx context.Context, db sqldb.Querier, flows FlowSource, units UnitSource, regions []string) (*world, error) {
	w := &world{regions: map[string]*regionInfo{}}
	for _, code := range regions {
		r := &regionInfo{code: code, profile: profiles[code], flows: map[int]*flowInfo{}}
		var reporting string
		var internal bool
		if err := db.QueryRowContext(ctx, `SELECT id, reporting_code, code_is_internal FROM regions WHERE code = $1`,
			code).Scan(&r.id, &reporting, &internal); err != nil {
			return nil, errs.Wrap(errs.Invalid, "区县 "+code+" 尚未建立，请先初始化机构数据。", sqldb.Translate(err))
		}
		r.codePart = code
		if internal { // a 项目代码 carries a real code: the reporting one
			r.codePart = reporting
		}
		win, err := units.UnitByFunction(ctx, code, "window")
		if err != nil {
			return nil, err
		}
		r.windowID = win.ID
		for _, typ := range flowTypes {
			f, err := flows.PublishedFlow(ctx, code, typ)
			if errs.Is(err, errs.NotFound) {
				continue
			}
			if err != nil {
				return nil, err
			}
			fi, err := flowOf(ctx, units, code, f)
			if err != nil {
				return nil, err
			}
			r.flows[typ] = fi
		}
		if len(r.flows) == 0 {
			return nil, errs.Ef(errs.Invalid, "区县 %s 没有已发布的审批流程，请先初始化事项目录。", code)
		}
		w.regions[code] = r
	}
	return w, nil
}

func flowOf(ctx context.Context, units UnitSource, region string, f catalog.Flow) (*flowInfo, error) {
	fi := &flowInfo{id: f.ID, typ: f.Type}
	for _, st := range f.Stages {
		s := stageInfo{no: st.No}
		for _, si := range st.Items {
			it, ok, err := itemOf(ctx, units, region, si)
			if err != nil {
				return nil, err
			}
			if ok {
				s.items = append(s.items, it)
			}
		}
		if len(s.items) > 0 {
			fi.stages = append(fi.stages, s)
		}
	}
	slices.SortFunc(fi.stages, func(a, b stageInfo) int { return a.no - b.no })
	return fi, nil
}

// itemOf resolves a stage item; ok is false when a department is missing.
func itemOf(ctx context.Context, units UnitSource, region string, si catalog.StageItem) (itemInfo, bool, error) {
	it := itemInfo{code: si.ItemCode, name: si.Item.Name, optional: si.Optional, join: si.Join,
		quorum: si.Quorum, limit: si.Item.PromisedDays, statute: si.Item.StatutoryDays}
	if it.join == "" {
		it.join = "all"
	}
	if it.limit <= 0 {
		it.limit = it.statute
	}
	for _, fn := range departments(si) {
		u, err := units.UnitByFunction(ctx, region, fn)
		if errs.Is(err, errs.NotFound) {
			return it, false, nil
		}
		if err != nil {
			return it, false, fmt.Errorf("unit %s/%s: %w", region, fn, err)
		}
		it.orgs = append(it.orgs, u.ID)
	}
	it.material = "申请材料"
	if len(si.Item.Materials) > 0 {
		it.material = si.Item.Materials[0].Name
	}
	if si.Item.Deficiency {
		for _, m := range si.Item.Materials {
			if m.Required && m.DeficiencyAllowed && it.deficiency == "" {
				it.deficiency = m.Name
			}
		}
	}
	return it, len(it.orgs) > 0, nil
}

// departments lists the reviewing functions, the item's lead first — the
// rule of casework's dispatch.
func departments(si catalog.StageItem) []string {
	out := []string{}
	if si.Item.LeadFunction != "" {
		out = append(out, si.Item.LeadFunction)
	}
	for _, fn := range si.Departments {
		if !slices.Contains(out, fn) {
			out = append(out, fn)
		}
	}
	return out
}

// refs lists the ids of other tables that generated rows point at — the
// regions and the org units of windows and reviews — sorted and distinct.
func (w *world) refs() (regions, units []int64) {
	for _, r := range w.regions {
		regions = append(regions, r.id)
		units = append(units, r.windowID)
		for _, f := range r.flows {
			for _, st := range f.stages {
				for _, it := range st.items {
					units = append(units, it.orgs...)
				}
			}
		}
	}
	slices.Sort(regions)
	slices.Sort(units)
	return regions, slices.Compact(units)
}
