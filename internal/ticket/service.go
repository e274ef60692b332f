package ticket

import (
	"context"
	"database/sql"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/sla"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Orgs names regions and org units (*org.Service satisfies it).
type Orgs interface {
	Regions(ctx context.Context) ([]org.Region, error)
	RegionByCode(ctx context.Context, code string) (org.Region, error)
	Unit(ctx context.Context, id int64) (org.Unit, error)
	UnitByFunction(ctx context.Context, regionCode, functionCode string) (org.Unit, error)
}

var _ Orgs = (*org.Service)(nil)

// Deps are the collaborators of a Service. All but Config and Blobs are
// required; the zero Config is DefaultConfig.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Calendar Calendar
	Orgs     Orgs
	Notify   *notify.Service
	Now      func() time.Time
	Config   Config
	// Blobs keeps uploaded training materials; without it only links can
	// be attached.
	Blobs blob.Store
}

// Service is the ticket capability. It is safe for concurrent use.
type Service struct {
	db     *sqldb.DB
	rec    *audit.Recorder
	cal    Calendar
	orgs   Orgs
	notify *notify.Service
	now    func() time.Time
	cfg    Config
	blobs  blob.Store
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	return &Service{db: d.DB, rec: d.Audit, cal: d.Calendar, orgs: d.Orgs, notify: d.Notify, now: d.Now,
		cfg: d.Config.withDefaults(), blobs: d.Blobs}
}

// Config returns the effective SLA policy.
func (s *Service) Config() Config { return s.cfg }

// now returns the service clock truncated to the second, the clocks'
// granularity.
func (s *Service) instant() time.Time { return s.now().Truncate(time.Second) }

// Get returns ticket id with its clocks recomputed at now (a running clock
// shows the business time used so far).
//
// Who: TicketView (supervisors, operations, administrators), or the user
// who reported it. Errors: Unauthenticated; NotFound (also for a ticket the
// caller may not see); Unavailable/Internal.
func (s *Service) Get(ctx context.Context, id int64) (Ticket, error) {
	p, err := access.Require(ctx)
	if err != nil {
		return Ticket{}, err
	}
	t, err := selectTicket(ctx, s.db, id)
	if err != nil {
		return Ticket{}, err
	}
	if !canSee(p, &t) {
		return Ticket{}, errs.E(errs.NotFound, "工单不存在。")
	}
	if err := s.live(ctx, &t); err != nil {
		return Ticket{}, err
	}
	return t, nil
}

// canSee reports whether p may read t.
func canSee(p *access.Principal, t *Ticket) bool {
	if p.ScopeOf(access.TicketView).Contains(t.RegionCode) {
		return true
	}
	return p.UserID != 0 && p.UserID == t.ReporterUserID
}

// live recomputes the running clocks of t at now for display.
func (s *Service) live(ctx context.Context, t *Ticket) error {
	if !t.Status.Open() && t.Status != StatusResolved {
		return nil
	}
	pauses, err := selectPauses(ctx, s.db, t.ID)
	if err != nil {
		return err
	}
	days, err := s.daysFor(ctx, t.OpenedAt)
	if err != nil {
		return err
	}
	now := s.instant()
	for i := range t.Clocks {
		t.Clocks[i].refresh(pauses, t.Status.Paused(), now, days, s.cfg.WarnShare)
	}
	return nil
}

// Details are what the ticket page shows beyond the ticket.
type Details struct {
	Pauses      []Pause
	Events      []ClockEvent
	History     []HistoryEntry
	Escalations map[string][]Escalation // by metric
	ArticleID   int64                   // the knowledge-base article written from it, or 0
}

// Details returns the pauses, clock events, history and escalation levels
// of ticket t, which the caller has read with Get.
func (s *Service) Details(ctx context.Context, t *Ticket) (Details, error) {
	var d Details
	var err error
	if d.Pauses, err = selectPauses(ctx, s.db, t.ID); err != nil {
		return d, err
	}
	if d.Events, err = selectClockEvents(ctx, s.db, t.ID); err != nil {
		return d, err
	}
	if d.History, err = selectHistory(ctx, s.db, t.ID); err != nil {
		return d, err
	}
	if d.ArticleID, err = articleOfTicket(ctx, s.db, t.ID); err != nil {
		return d, err
	}
	days, err := s.daysFor(ctx, t.OpenedAt)
	if err != nil {
		return d, err
	}
	d.Escalations = map[string][]Escalation{}
	for i := range t.Clocks {
		d.Escalations[t.Clocks[i].Metric] = t.Clocks[i].escalations(s.cfg.Escalations, days)
	}
	return d, nil
}

// daysFor loads the working-day exceptions from the year before start to
// two years after now.
func (s *Service) daysFor(ctx context.Context, start time.Time) (sla.Table, error) {
	return loadDays(ctx, s.cal, start.Year()-1, s.now().Year()+2)
}

// record writes the audit event of a change to t in tx.
func (s *Service) record(ctx context.Context, tx *sql.Tx, action string, t *Ticket, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "ticket",
		ObjectID: strconv.FormatInt(t.ID, 10), RegionCode: t.RegionCode, Detail: detail})
}

// actorName is who acts in ctx, for the history.
func actorName(ctx context.Context) string {
	if p := access.From(ctx); p != nil {
		return p.Name
	}
	if a := audit.ActorFrom(ctx); a.Kind != audit.ActorSystem {
		return a.Name
	}
	return "系统"
}
