package evaluation

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Cases is what evaluation reads of the case engine, authorised by the
// principal in ctx (*casework.Service satisfies it).
type Cases interface {
	Get(ctx context.Context, id int64) (casework.Case, error)
}

// Calendar computes working days (*calendar.Calendar satisfies it).
type Calendar interface {
	AddWorkdays(ctx context.Context, from calendar.Date, n int) (calendar.Result, error)
	WorkdaysBetween(ctx context.Context, from, to calendar.Date) (int, error)
}

// Orgs names regions and org units (*org.Service satisfies it).
type Orgs interface {
	Regions(ctx context.Context) ([]org.Region, error)
	UnitsByIDs(ctx context.Context, ids []int64) (map[int64]org.Unit, error)
	UnitByFunction(ctx context.Context, regionCode, functionCode string) (org.Unit, error)
}

// Policy holds the configurable rules.
type Policy struct {
	// DueDays is the rectification time of a bad rating, in working days
	// counted from the day of the rating.
	DueDays int
}

// DefaultPolicy gives a department 5 working days to rectify.
var DefaultPolicy = Policy{DueDays: 5}

// Deps are the collaborators of a Service. All are required except
// Policy (zero: DefaultPolicy).
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Cases    Cases
	Calendar Calendar
	Orgs     Orgs
	Notify   *notify.Service
	Now      func() time.Time
	Policy   Policy
}

// Service is the evaluation capability. It is safe for concurrent use.
type Service struct {
	db     *sqldb.DB
	rec    *audit.Recorder
	cases  Cases
	cal    Calendar
	orgs   Orgs
	notify *notify.Service
	now    func() time.Time
	policy Policy
	items  itemsCache
}

var (
	_ Cases    = (*casework.Service)(nil)
	_ Calendar = (*calendar.Calendar)(nil)
	_ Orgs     = (*org.Service)(nil)
)

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	if d.Policy.DueDays <= 0 {
		d.Policy = DefaultPolicy
	}
	return &Service{db: d.DB, rec: d.Audit, cases: d.Cases, cal: d.Calendar, orgs: d.Orgs, notify: d.Notify,
		now: d.Now, policy: d.Policy}
}

func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }

// Ratable reports whether a case in status st may be rated: concluded
// (11, 12, 13) or refused (4, 5).
func Ratable(st casework.Status) bool {
	return st.Concluded() || st == casework.NotReceived || st == casework.Refused
}

// partyOf is who p rates as: the enterprise for enterprise accounts (all
// of an enterprise's accounts are one rater), the person otherwise.
func partyOf(p *access.Principal) string {
	if p.Enterprise {
		return "enterprise:" + strconv.FormatInt(p.EnterpriseID, 10)
	}
	return "user:" + strconv.FormatInt(p.UserID, 10)
}

// record writes an audit event about object (type, id) in region.
func (s *Service) record(ctx context.Context, tx *sql.Tx, action, objType string, id int64, region string, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: objType,
		ObjectID: strconv.FormatInt(id, 10), RegionCode: region, Detail: detail})
}

// RatingURL is the rating page of case caseID.
func RatingURL(caseID int64) string { return fmt.Sprintf("/cases/%d/rating", caseID) }

// RectificationURL is the page of rectification id.
func RectificationURL(id int64) string { return fmt.Sprintf("/rectifications/%d", id) }
