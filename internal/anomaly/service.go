package anomaly

import (
	"context"
	"database/sql"
	"io"
	"log/slog"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

// Source is what anomaly reads of the indicator registry. Series returns
// the points of indicator code in the region for period (always Period,
// "day") whose Start lies in [from, to), in any order, at most one per
// period; a day with no point is a day the region reported nothing.
// Indicators lists the definitions a rule may watch. Neither authorises:
// anomaly authorises its callers itself, and the evaluation job runs
// without a principal.
type Source interface {
	Series(ctx context.Context, code, regionCode, period string, from, to time.Time) ([]Point, error)
	Indicators(ctx context.Context) ([]Indicator, error)
}

// Regions lists the city and the nine counties (*org.Service satisfies it).
type Regions interface {
	Regions(ctx context.Context) ([]org.Region, error)
}

var _ Regions = (*org.Service)(nil)

// Deps are the collaborators of a Service. OnFiring and Log are optional;
// the others are required.
type Deps struct {
	DB       *sqldb.DB
	Audit    *audit.Recorder
	Source   Source
	Regions  Regions
	Calendar Calendar
	Notify   *notify.Service
	Now      func() time.Time
	// OnFiring is called after the commit of every transition into firing
	// (the app opens a monitoring ticket with it). It must not block long;
	// its failures are its own to log.
	OnFiring func(ctx context.Context, a Alert)
	Log      *slog.Logger
}

// Service is the anomaly capability. It is safe for concurrent use.
type Service struct {
	db       *sqldb.DB
	rec      *audit.Recorder
	src      Source
	regions  Regions
	cal      Calendar
	notify   *notify.Service
	now      func() time.Time
	onFiring func(ctx context.Context, a Alert)
	log      *slog.Logger
	retry    time.Duration // the job's first-run wait between tries (FirstRunRetry)
}

// NewService returns a Service over d.
func NewService(d Deps) *Service {
	log := d.Log
	if log == nil {
		log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Service{db: d.DB, rec: d.Audit, src: d.Source, regions: d.Regions, cal: d.Calendar,
		notify: d.Notify, now: d.Now, onFiring: d.OnFiring, log: log, retry: FirstRunRetry}
}

// viewer admits a principal holding IndicatorView (in regionCode when not
// empty) and returns its scope: nil for every region.
func viewer(ctx context.Context, regionCode string) (*access.Principal, []string, error) {
	p, err := access.Authorize(ctx, access.IndicatorView, regionCode)
	if err != nil {
		return nil, nil, err
	}
	return p, p.ScopeOf(access.IndicatorView).Filter(), nil
}

// admin admits a user (not an API key) holding IndicatorAdmin in
// regionCode; "" requires the whole city's scope.
func admin(ctx context.Context, regionCode string) (*access.Principal, error) {
	p, err := access.Authorize(ctx, access.IndicatorAdmin, regionCode)
	if err != nil {
		return nil, err
	}
	if regionCode == "" && !p.ScopeOf(access.IndicatorAdmin).All {
		return nil, forbidden("只有市级运维人员可以管理适用于全部区县的规则。")
	}
	return p, nil
}

// recordAlert writes the audit event of a change to alert a in tx.
func (s *Service) recordAlert(ctx context.Context, tx *sql.Tx, action string, a *Alert, detail any) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "anomaly_alert",
		ObjectID: strconv.FormatInt(a.ID, 10), RegionCode: a.RegionCode, Detail: detail})
}

// recordRule writes the audit event of a change to rule r in tx.
func (s *Service) recordRule(ctx context.Context, tx *sql.Tx, action string, r *Rule) error {
	return s.rec.Record(ctx, tx, audit.Entry{Action: action, ObjectType: "anomaly_rule",
		ObjectID: strconv.FormatInt(r.ID, 10), RegionCode: r.RegionCode, Detail: r})
}
