package org

import (
	"context"
	"database/sql"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

var errRegionAdmin = errs.E(errs.Forbidden, "只有市级系统管理员可以修改区县信息。")

// UpdateRegion changes the editable fields of region r.ID (Name,
// ReportingCode, Note, SortOrder; Code, Kind, CodeIsInternal and ParentID
// are fixed) and returns the region as stored. Only a principal holding
// access.OrgAdmin city-wide may call it. Errors: Forbidden, NotFound,
// Invalid with per-field Chinese messages (see Region.Validate), Conflict
// when another region has the name. A change is recorded as
// "org.region.update" with the before and after values of the changed
// fields; an update that changes nothing writes nothing.
func (s *Service) UpdateRegion(ctx context.Context, r Region) (Region, error) {
	if err := authorizeRegionAdmin(ctx); err != nil {
		return Region{}, err
	}
	var out Region
	err := s.db.WithTx(ctx, func(tx *sql.Tx) error {
		old, err := selectRegion(ctx, tx, "id", r.ID)
		if err != nil {
			return err
		}
		next := old
		next.Name, next.ReportingCode = strings.TrimSpace(r.Name), strings.TrimSpace(r.ReportingCode)
		next.Note, next.SortOrder = strings.TrimSpace(r.Note), r.SortOrder
		if err := next.Validate(); err != nil {
			return err
		}
		if taken, err := regionNameTaken(ctx, tx, next.Name, next.ID); err != nil {
			return err
		} else if taken {
			return &errs.Error{Kind: errs.Conflict, Message: "与已有区县重名，请修改后重试。",
				Fields: map[string]string{"name": "已有名为“" + next.Name + "”的区县。"}}
		}
		changes := regionChanges(old, next)
		if len(changes) == 0 {
			out = old
			return nil
		}
		if err := updateRegionRow(ctx, tx, next, s.now()); err != nil {
			return err
		}
		out = next
		return s.rec.Record(ctx, tx, audit.Entry{Action: "org.region.update", ObjectType: "region",
			ObjectID: next.Code, RegionCode: next.Code, Detail: map[string]any{"changes": changes}})
	})
	return out, err
}

// authorizeRegionAdmin requires access.OrgAdmin with city-wide scope.
func authorizeRegionAdmin(ctx context.Context) error {
	p, err := access.Authorize(ctx, access.OrgAdmin, "")
	if err != nil {
		return err
	}
	if !p.ScopeOf(access.OrgAdmin).All {
		return errRegionAdmin
	}
	return nil
}

// regionForEdit returns region id when the principal may edit regions.
func (s *Service) regionForEdit(ctx context.Context, id int64) (Region, error) {
	if err := authorizeRegionAdmin(ctx); err != nil {
		return Region{}, err
	}
	return s.RegionByID(ctx, id)
}

// regionAdminList returns every region and whether the principal in ctx may
// edit them; it needs access.OrgAdmin somewhere.
func (s *Service) regionAdminList(ctx context.Context) ([]Region, bool, error) {
	p, err := access.Authorize(ctx, access.OrgAdmin, "")
	if err != nil {
		return nil, false, err
	}
	regions, err := s.Regions(ctx)
	return regions, p.ScopeOf(access.OrgAdmin).All, err
}

func regionChanges(a, b Region) map[string]change {
	c := map[string]change{}
	diff(c, "name", a.Name, b.Name)
	diff(c, "reporting_code", a.ReportingCode, b.ReportingCode)
	diff(c, "note", a.Note, b.Note)
	diff(c, "sort_order", a.SortOrder, b.SortOrder)
	return c
}

// unitFormOptions are the choices of the unit form for the principal in
// ctx: the regions where it holds access.OrgAdmin and the active departments
// there (candidate parents).
type unitFormOptions struct {
	Regions []Region
	Parents []Unit
}

func (s *Service) unitFormOptions(ctx context.Context) (unitFormOptions, error) {
	regions, err := s.scopedRegions(ctx, access.OrgAdmin)
	if err != nil {
		return unitFormOptions{}, err
	}
	codes := make([]string, len(regions))
	for i, r := range regions {
		codes[i] = r.Code
	}
	parents, err := selectUnits(ctx, s.db, UnitFilter{Kind: KindDepartment}, codes)
	return unitFormOptions{Regions: regions, Parents: parents}, err
}

// unitForEdit returns unit id when the principal may administer it.
func (s *Service) unitForEdit(ctx context.Context, id int64) (Unit, error) {
	return authorizedUnit(ctx, s.db, access.OrgAdmin, id)
}
