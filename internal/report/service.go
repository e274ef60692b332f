package report

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Orgs names regions and org units (*org.Service satisfies it).
type Orgs interface {
	Regions(ctx context.Context) ([]org.Region, error)
	UnitsByIDs(ctx context.Context, ids []int64) (map[int64]org.Unit, error)
}

// Deps are the collaborators of a Service. All are required.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Calendar Calendar
	Orgs     Orgs
	Blobs    blob.Store // archived report files
	Now      func() time.Time
}

// Service is the report capability. It is safe for concurrent use.
type Service struct {
	db    *sqldb.DB
	rec   *audit.Recorder
	cal   Calendar
	orgs  Orgs
	blobs blob.Store
	now   func() time.Time
}

var (
	_ Calendar = (*calendar.Calendar)(nil)
	_ Orgs     = (*org.Service)(nil)
)

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	return &Service{db: d.DB, rec: d.Audit, cal: d.Calendar, orgs: d.Orgs, blobs: d.Blobs, now: d.Now}
}

// Scope is a data scope: All, or the listed region codes.
type Scope struct {
	All   bool     `json:"all"`
	Codes []string `json:"codes,omitempty"`
}

// String encodes the scope as stored: "*" or comma-separated codes.
func (s Scope) String() string {
	if s.All {
		return "*"
	}
	return strings.Join(s.Codes, ",")
}

// parseScope decodes String's form.
func parseScope(s string) Scope {
	if s == "*" {
		return Scope{All: true}
	}
	if s == "" {
		return Scope{Codes: []string{}}
	}
	return Scope{Codes: strings.Split(s, ",")}
}

// covers reports whether every region of o is inside s.
func (s Scope) covers(o Scope) bool {
	if s.All {
		return true
	}
	if o.All {
		return false
	}
	for _, c := range o.Codes {
		if !slices.Contains(s.Codes, c) {
			return false
		}
	}
	return true
}

// viewer authorises perm and returns the principal and its report scope.
func viewer(ctx context.Context, perm access.Permission) (*access.Principal, Scope, error) {
	p, err := access.Authorize(ctx, perm, "")
	if err != nil {
		return nil, Scope{}, err
	}
	sc := p.ScopeOf(access.ReportView)
	codes := slices.Clone(sc.Codes)
	slices.Sort(codes)
	return p, Scope{All: sc.All, Codes: codes}, nil
}

// regionsFor returns the region filter of a run in scope sc: nil for no
// filter. Asking for a region outside the scope is Forbidden, never an
// empty report, so that a county user learns the rule.
func regionsFor(requested []string, sc Scope) ([]string, error) {
	if sc.All {
		if len(requested) == 0 {
			return nil, nil
		}
		return requested, nil
	}
	if len(requested) == 0 {
		return slices.Clone(sc.Codes), nil
	}
	for _, r := range requested {
		if !slices.Contains(sc.Codes, r) {
			return nil, errs.E(errs.Forbidden, "您无权访问其他区县的数据。")
		}
	}
	return requested, nil
}

// Pivot computes an ad-hoc dynamic report for the principal in ctx, whose
// region scope is forced into the filters.
//
// Who: ReportView. Errors: Unauthenticated; Forbidden (no ReportView, or
// a region filter outside the caller's scope); Invalid with per-field
// messages for a bad spec.
func (s *Service) Pivot(ctx context.Context, spec Spec) (Result, error) {
	_, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return Result{}, err
	}
	return s.compute(ctx, spec, sc, nil, nil)
}

// compute runs spec restricted to sc. pad lists first-dimension members
// to show without cases; progress (may be nil) hears 10–80 %.
func (s *Service) compute(ctx context.Context, spec Spec, sc Scope, pad []string, progress func(int)) (Result, error) {
	rg, err := spec.Normalize()
	if err != nil {
		return Result{}, err
	}
	regions, err := regionsFor(spec.Filters.Regions, sc)
	if err != nil {
		return Result{}, err
	}
	report := func(p int) {
		if progress != nil {
			progress(p)
		}
	}
	report(10)
	facts, err := loadFacts(ctx, s.db, spec.Filters, regions, fetchFrom(spec.Period, rg).Time(), rg.End)
	if err != nil {
		return Result{}, err
	}
	report(40)
	if err := measureDurations(ctx, s.cal, facts); err != nil {
		return Result{}, err
	}
	report(60)
	c := newCube(&spec, rg)
	c.addAll(facts)
	names, err := s.names(ctx, c)
	if err != nil {
		return Result{}, err
	}
	r := c.result(names, pad)
	r.RangeLabel = rangeLabel(spec.Period, rg)
	r.Conditions = conditions(&spec, r.RangeLabel, sc, names)
	report(80)
	return r, nil
}

// names resolves the region and department names the cube needs.
func (s *Service) names(ctx context.Context, c *cube) (*Names, error) {
	n := &Names{Regions: map[string]string{}, RegionOrder: map[string]int{}, Depts: map[int64]string{}}
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return nil, err
	}
	for i, r := range regions {
		n.Regions[r.Code], n.RegionOrder[r.Code] = r.Name, i
	}
	if !c.spec.hasDim(DimDept) {
		return n, nil
	}
	var ids []int64
	for _, k := range c.leafKeys() {
		for i, d := range c.dims {
			if d == DimDept {
				if id := atoi64(k[i]); id != 0 && !slices.Contains(ids, id) {
					ids = append(ids, id)
				}
			}
		}
	}
	units, err := s.orgs.UnitsByIDs(ctx, ids)
	for id, u := range units {
		n.Depts[id] = u.Name
	}
	return n, err
}

// Regions are the regions of the caller's report scope, as options (the
// city first). Who: ReportView.
func (s *Service) Regions(ctx context.Context) ([]Option, error) {
	_, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return nil, err
	}
	regions, err := s.orgs.Regions(ctx)
	var out []Option
	for _, r := range regions {
		if sc.All || contains(sc.Codes, r.Code) {
			out = append(out, Option{r.Code, r.Name})
		}
	}
	return out, err
}
