package window

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// Calendar answers which days are worked (*calendar.Calendar satisfies it).
type Calendar interface {
	IsWorkday(ctx context.Context, d calendar.Date) (bool, error)
	AddWorkdays(ctx context.Context, from calendar.Date, n int) (calendar.Result, error)
}

// Orgs resolves regions and the 综合窗口 unit of a region (*org.Service
// satisfies it).
type Orgs interface {
	Regions(ctx context.Context) ([]org.Region, error)
	UnitByFunction(ctx context.Context, regionCode, functionCode string) (org.Unit, error)
	UnitsByIDs(ctx context.Context, ids []int64) (map[int64]org.Unit, error)
}

// Users finds the window clerks an administrator may put on a window,
// authorised by the principal in ctx (*identity.Service satisfies it; both
// methods need access.UserAdmin, which every WindowAdmin holder has).
type Users interface {
	ListUsers(ctx context.Context, f identity.UserFilter) ([]identity.User, error)
	GetUser(ctx context.Context, id int64) (identity.User, error)
}

// Catalog names the items an appointment may be for (*catalog.Service).
type Catalog interface {
	Item(ctx context.Context, code string) (catalog.Item, error)
	Items(ctx context.Context, f catalog.ItemFilter) ([]catalog.Item, error)
}

// Projects names the booker's projects, authorised by the principal in ctx
// (*project.Service).
type Projects interface {
	Get(ctx context.Context, id int64) (project.Project, error)
	List(ctx context.Context, f project.Filter) (project.Page, error)
}

var (
	_ Calendar = (*calendar.Calendar)(nil)
	_ Orgs     = (*org.Service)(nil)
	_ Users    = (*identity.Service)(nil)
	_ Catalog  = (*catalog.Service)(nil)
	_ Projects = (*project.Service)(nil)
)

// WindowFunction is the org function code of a region's 综合窗口.
const WindowFunction = "window"

// Deps are the collaborators of a Service. All are required.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Calendar Calendar
	Orgs     Orgs
	Users    Users
	Catalog  Catalog
	Projects Projects
	Notify   *notify.Service
	Now      func() time.Time
}

// Service is the window capability. It is safe for concurrent use.
type Service struct {
	db       *sqldb.DB
	rec      *audit.Recorder
	cal      Calendar
	orgs     Orgs
	users    Users
	catalog  Catalog
	projects Projects
	notify   *notify.Service
	now      func() time.Time
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	return &Service{db: d.DB, rec: d.Audit, cal: d.Calendar, orgs: d.Orgs, users: d.Users, catalog: d.Catalog,
		projects: d.Projects, notify: d.Notify, now: d.Now}
}

func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }

// asUser authorises perm in regionCode ("" = anywhere) for a person: API
// keys act for an org unit, not a person, and are refused.
func asUser(ctx context.Context, perm access.Permission, regionCode string) (*access.Principal, error) {
	p, err := access.Authorize(ctx, perm, regionCode)
	if err != nil {
		return nil, err
	}
	if p.UserID == 0 {
		return nil, errs.E(errs.Forbidden, "此操作须由本人登录后进行。")
	}
	return p, nil
}

// record writes an audit event about object (type, id) in tx.
func (s *Service) record(ctx context.Context, tx *sql.Tx, action, objectType string, id int64, region string, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: objectType,
		ObjectID: strconv.FormatInt(id, 10), RegionCode: region, Detail: detail})
}

// names fills the region and org unit names of ws.
func (s *Service) names(ctx context.Context, ws []Window) error {
	if len(ws) == 0 {
		return nil
	}
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return err
	}
	byCode := map[string]string{}
	for _, r := range regions {
		byCode[r.Code] = r.Name
	}
	ids := make([]int64, 0, len(ws))
	for _, w := range ws {
		ids = append(ids, w.OrgUnitID)
	}
	units, err := s.orgs.UnitsByIDs(ctx, ids)
	if err != nil {
		return err
	}
	for i := range ws {
		ws[i].RegionName, ws[i].OrgName = byCode[ws[i].RegionCode], units[ws[i].OrgUnitID].Name
	}
	return nil
}
