package org

import (
	"context"
	"slices"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Service is the org capability: lookups for other packages and the
// authorised use cases behind the pages and the API. It is safe for
// concurrent use.
type Service struct {
	db  *sqldb.DB
	rec *audit.Recorder
	now func() time.Time
}

// NewService returns a Service over db that records every write with rec
// and stamps rows with now().
func NewService(db *sqldb.DB, rec *audit.Recorder, now func() time.Time) *Service {
	return &Service{db: db, rec: rec, now: now}
}

// Regions returns every region ordered by sort order (the city first). It
// performs no authorisation: region names and codes are public.
func (s *Service) Regions(ctx context.Context) ([]Region, error) {
	return selectRegions(ctx, s.db)
}

// RegionByCode returns the region with the code, or an errs.NotFound error.
// No authorisation.
func (s *Service) RegionByCode(ctx context.Context, code string) (Region, error) {
	return selectRegion(ctx, s.db, "code", code)
}

// RegionByID returns the region with the id, or an errs.NotFound error.
// No authorisation.
func (s *Service) RegionByID(ctx context.Context, id int64) (Region, error) {
	return selectRegion(ctx, s.db, "id", id)
}

// Unit returns the unit (active or not) with the id, or an errs.NotFound
// error. No authorisation: callers show its name and code only.
func (s *Service) Unit(ctx context.Context, id int64) (Unit, error) {
	return selectUnit(ctx, s.db, id)
}

// UnitsByIDs returns the units with the given ids, keyed by id. Ids with no
// unit are absent from the map (no error); no ids give an empty map.
// No authorisation.
func (s *Service) UnitsByIDs(ctx context.Context, ids []int64) (map[int64]Unit, error) {
	out := make(map[int64]Unit, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	units, err := selectUnitsByIDs(ctx, s.db, slices.Compact(slices.Sorted(slices.Values(ids))))
	if err != nil {
		return nil, err
	}
	for _, u := range units {
		out[u.ID] = u
	}
	return out, nil
}

// UnitByFunction returns the active unit of the region that holds the
// function (e.g. "zj" for 住房和城乡建设, "window" for the comprehensive
// window); when several active units share a non-department function it
// returns the first by sort order. errs.NotFound when there is none.
// No authorisation.
func (s *Service) UnitByFunction(ctx context.Context, regionCode, functionCode string) (Unit, error) {
	return selectUnitByFunction(ctx, s.db, regionCode, functionCode)
}

// ListUnits returns the units matching f that the principal in ctx may see
// with access.OrgView, ordered by region then sort order. Inactive units are
// left out unless f.IncludeInactive. Errors: Unauthenticated without a
// principal; Forbidden without OrgView or when f.RegionCode is outside the
// principal's scope; Invalid for an unknown f.Kind.
func (s *Service) ListUnits(ctx context.Context, f UnitFilter) ([]Unit, error) {
	p, err := access.Authorize(ctx, access.OrgView, f.RegionCode)
	if err != nil {
		return nil, err
	}
	if f.Kind != "" && !slices.Contains(unitKinds, f.Kind) {
		return nil, errs.FieldErrors(map[string]string{"kind": "机构类别无效，请从列表中选择。"})
	}
	return selectUnits(ctx, s.db, f, p.ScopeOf(access.OrgView).Filter())
}

// ViewUnit returns the unit when the principal in ctx holds access.OrgView
// in its region. Errors: NotFound, Unauthenticated, Forbidden (a unit of
// another county).
func (s *Service) ViewUnit(ctx context.Context, id int64) (Unit, error) {
	return authorizedUnit(ctx, s.db, access.OrgView, id)
}

// authorizedUnit loads unit id after checking that the principal holds perm
// somewhere (so that strangers cannot probe ids) and then in its region.
func authorizedUnit(ctx context.Context, q sqldb.Querier, perm access.Permission, id int64) (Unit, error) {
	if _, err := access.Authorize(ctx, perm, ""); err != nil {
		return Unit{}, err
	}
	u, err := selectUnit(ctx, q, id)
	if err != nil {
		return Unit{}, err
	}
	if _, err := access.Authorize(ctx, perm, u.RegionCode); err != nil {
		return Unit{}, err
	}
	return u, nil
}

// scopedRegions returns the regions in which the principal in ctx holds perm.
func (s *Service) scopedRegions(ctx context.Context, perm access.Permission) ([]Region, error) {
	p, err := access.Authorize(ctx, perm, "")
	if err != nil {
		return nil, err
	}
	all, err := s.Regions(ctx)
	if err != nil {
		return nil, err
	}
	scope := p.ScopeOf(perm)
	return slices.DeleteFunc(all, func(r Region) bool { return !scope.Contains(r.Code) }), nil
}

// unitDetail is a unit with its parent (zero when none) and sub-units.
type unitDetail struct {
	Unit     Unit
	Parent   Unit
	Children []Unit
}

// viewUnitDetail is ViewUnit plus the unit's parent and children.
func (s *Service) viewUnitDetail(ctx context.Context, id int64) (unitDetail, error) {
	u, err := s.ViewUnit(ctx, id)
	if err != nil {
		return unitDetail{}, err
	}
	d := unitDetail{Unit: u}
	if u.ParentID != 0 {
		if d.Parent, err = selectUnit(ctx, s.db, u.ParentID); err != nil {
			return unitDetail{}, err
		}
	}
	d.Children, err = selectUnitsByParent(ctx, s.db, u.ID)
	return d, err
}
