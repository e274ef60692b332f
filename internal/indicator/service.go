package indicator

import (
	"context"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Regions lists the regions (*org.Service satisfies it).
type Regions interface {
	Regions(ctx context.Context) ([]org.Region, error)
}

var _ Regions = (*org.Service)(nil)

// Deps are the collaborators of a Service. Source is optional (nil: the
// data-quality indicators read 暂无数据); the others are required.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Calendar Calendar
	Regions  Regions
	Source   Source
	Now      func() time.Time
}

// Service is the indicator capability. It is safe for concurrent use;
// Refresh and Recompute are meant to run under a job lease (one at a time).
type Service struct {
	db      *sqldb.DB
	rec     *audit.Recorder
	cal     Calendar
	regions Regions
	source  Source
	now     func() time.Time
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	return &Service{db: d.DB, rec: d.Audit, cal: d.Calendar, regions: d.Regions, source: d.Source, now: d.Now}
}

func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }

// regionCodes lists every region's code, the city first.
func (s *Service) regionCodes(ctx context.Context) ([]string, error) {
	rs, err := s.regions.Regions(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Code
	}
	return out, nil
}

// RegionChoice is a region the viewer may look at.
type RegionChoice struct {
	Code, Name string
}

// VisibleRegions returns the regions the principal in ctx may see with
// IndicatorView: CityWide first and every region for a city-wide scope,
// otherwise the regions of their assignments.
// Errors: Unauthenticated; Forbidden without IndicatorView.
func (s *Service) VisibleRegions(ctx context.Context) ([]RegionChoice, error) {
	p, err := access.Authorize(ctx, access.IndicatorView, "")
	if err != nil {
		return nil, err
	}
	scope := p.ScopeOf(access.IndicatorView)
	rs, err := s.regions.Regions(ctx)
	if err != nil {
		return nil, err
	}
	var out []RegionChoice
	if scope.All {
		out = append(out, RegionChoice{CityWide, CityWideName})
	}
	for _, r := range rs {
		if scope.Contains(r.Code) {
			out = append(out, RegionChoice{r.Code, r.Name})
		}
	}
	return out, nil
}

// authorizeRegion admits the principal in ctx to view region (CityWide
// needs the city-wide scope; an empty region is Invalid).
func authorizeRegion(ctx context.Context, region string) error {
	if region == "" {
		if _, err := access.Authorize(ctx, access.IndicatorView, ""); err != nil {
			return err
		}
		return errs.FieldErrors(map[string]string{"region": "请选择区县。"})
	}
	if region == CityWide {
		p, err := access.Authorize(ctx, access.IndicatorView, "")
		if err != nil {
			return err
		}
		if !p.ScopeOf(access.IndicatorView).All {
			return errs.E(errs.Forbidden, "只有市级用户可以查看全市汇总。")
		}
		return nil
	}
	_, err := access.Authorize(ctx, access.IndicatorView, region)
	return err
}
