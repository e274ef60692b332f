package supervision

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
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Cases is what supervision reads of the case engine, authorised by the
// principal in ctx (*casework.Service satisfies it).
type Cases interface {
	Get(ctx context.Context, id int64) (casework.Case, error)
	List(ctx context.Context, f casework.Filter) ([]casework.Case, int, error)
}

// Calendar computes working-day deadlines (*calendar.Calendar satisfies it).
type Calendar interface {
	AddWorkdays(ctx context.Context, from calendar.Date, n int) (calendar.Result, error)
}

// Orgs names org units (*org.Service satisfies it).
type Orgs interface {
	UnitsByIDs(ctx context.Context, ids []int64) (map[int64]org.Unit, error)
}

// Deps are the collaborators of a Service. All are required.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Cases    Cases
	Calendar Calendar
	Orgs     Orgs
	Notify   *notify.Service
	Now      func() time.Time
}

// Service is the supervision capability. It is safe for concurrent use.
type Service struct {
	db     *sqldb.DB
	rec    *audit.Recorder
	cases  Cases
	cal    Calendar
	orgs   Orgs
	notify *notify.Service
	now    func() time.Time
}

var (
	_ Cases    = (*casework.Service)(nil)
	_ Calendar = (*calendar.Calendar)(nil)
	_ Orgs     = (*org.Service)(nil)
)

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	return &Service{db: d.DB, rec: d.Audit, cases: d.Cases, cal: d.Calendar, orgs: d.Orgs, notify: d.Notify, now: d.Now}
}

func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }

// Issue issues a 督办 or 催办 on case caseID to in.ToOrgID, notifies that
// department and records "supervision.issue", all in one transaction. An
// order's deadline is in.Days working days after today.
//
// Who: a supervisor (access.Supervise) whose scope contains the case's
// region, acting as a user. Errors: Unauthenticated; Forbidden (no
// Supervise, an API key, or the case's region is outside the scope);
// NotFound when the case does not exist or is not visible to the caller
// (the case engine does not reveal other counties' cases, so a county
// supervisor naming another county's case gets NotFound); Invalid with
// per-field messages; Conflict when the case has already ended.
func (s *Service) Issue(ctx context.Context, caseID int64, in IssueInput) (Order, error) {
	p, err := asSupervisor(ctx, "")
	if err != nil {
		return Order{}, err
	}
	if err := in.Validate(); err != nil {
		return Order{}, err
	}
	c, err := s.CaseForIssue(ctx, caseID)
	if err != nil {
		return Order{}, err
	}
	o, err := s.newOrder(ctx, p, &c, in)
	if err != nil {
		return Order{}, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		id, err := insertOrder(ctx, tx, o)
		if err != nil {
			return err
		}
		o.ID = id
		if err := s.notify.Send(ctx, tx, issuedNotice(o)); err != nil {
			return err
		}
		return s.record(ctx, tx, "supervision.issue", o, map[string]any{"kind": o.Kind, "case_id": o.CaseID,
			"to_org_id": o.ToOrgID, "deadline": o.Deadline.String(), "content": o.Content})
	})
	if err != nil {
		return Order{}, err
	}
	o.derive(s.today())
	return o, nil
}

// CaseForIssue returns case caseID when the principal in ctx may issue an
// order on it now. Errors as Issue, except Invalid.
func (s *Service) CaseForIssue(ctx context.Context, caseID int64) (casework.Case, error) {
	if _, err := asSupervisor(ctx, ""); err != nil {
		return casework.Case{}, err
	}
	c, err := s.cases.Get(ctx, caseID)
	if err != nil {
		return casework.Case{}, err
	}
	if _, err := asSupervisor(ctx, c.RegionCode); err != nil {
		return casework.Case{}, err
	}
	if c.Status.Terminal() {
		return casework.Case{}, errs.Ef(errs.Conflict, "办件已%s，不能再督办催办。", c.Status.Label())
	}
	return c, nil
}

// asSupervisor admits a user holding access.Supervise, in regionCode when
// it is not empty.
func asSupervisor(ctx context.Context, regionCode string) (*access.Principal, error) {
	p, err := access.Authorize(ctx, access.Supervise, regionCode)
	if err != nil {
		return nil, err
	}
	if p.UserID == 0 {
		return nil, errs.E(errs.Forbidden, "督办催办须由监管人员本人发出。")
	}
	return p, nil
}

// newOrder builds the order of in on c, resolving the addressee and the
// deadline.
func (s *Service) newOrder(ctx context.Context, p *access.Principal, c *casework.Case, in IssueInput) (Order, error) {
	toName, err := s.addressee(ctx, c, in.ToOrgID)
	if err != nil {
		return Order{}, err
	}
	now := s.now()
	o := Order{CaseID: c.ID, CaseNumber: c.Number, ItemName: c.ItemName, ProjectName: c.ProjectName,
		Kind: in.Kind, RegionCode: c.RegionCode, IssuedBy: p.UserID, IssuerName: p.Name,
		ToOrgID: in.ToOrgID, ToOrgName: toName, Content: in.Content, CreatedAt: now}
	if in.Kind == KindOrder {
		r, err := s.cal.AddWorkdays(ctx, calendar.DateOf(now), in.Days)
		if err != nil {
			return Order{}, err
		}
		o.Deadline, o.Provisional = r.Date, r.Provisional
	}
	return o, nil
}

// Addressees returns the org units an order on c may go to: the departments
// with a task on the case, and its lead department, lead first.
func (s *Service) Addressees(ctx context.Context, c *casework.Case) ([]org.Unit, error) {
	ids := []int64{}
	if c.LeadOrgID != 0 {
		ids = append(ids, c.LeadOrgID)
	}
	for _, t := range c.Tasks {
		if t.OrgUnitID != c.LeadOrgID {
			ids = append(ids, t.OrgUnitID)
		}
	}
	units, err := s.orgs.UnitsByIDs(ctx, ids)
	if err != nil {
		return nil, err
	}
	out := make([]org.Unit, 0, len(ids))
	for _, id := range ids {
		if u, ok := units[id]; ok {
			out = append(out, u)
		}
	}
	return out, nil
}

// addressee returns the name of orgID when it may receive an order on c.
func (s *Service) addressee(ctx context.Context, c *casework.Case, orgID int64) (string, error) {
	units, err := s.Addressees(ctx, c)
	if err != nil {
		return "", err
	}
	for _, u := range units {
		if u.ID == orgID {
			return u.Name, nil
		}
	}
	return "", errs.FieldErrors(map[string]string{"to_org_id": "只能督办在该办件中有办理任务的部门或牵头部门。"})
}

// record writes the audit event of a change to o in tx.
func (s *Service) record(ctx context.Context, tx *sql.Tx, action string, o Order, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "supervision_order",
		ObjectID: strconv.FormatInt(o.ID, 10), RegionCode: o.RegionCode, Detail: detail})
}

// Link is the page of order id.
func Link(id int64) string { return fmt.Sprintf("/supervision/%d", id) }
