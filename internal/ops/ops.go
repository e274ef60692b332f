// Package ops serves the operations pages of the foundation: the audit
// trail (search and chain verification) and the system status page. Audit
// queries are scoped: a county principal sees only its county's events.
package ops

import (
	"context"
	"database/sql"
	"embed"
	"io/fs"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/jobs"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the pages, registered as "ops/…".
func Templates() fs.FS { sub, _ := fs.Sub(templateFS, "templates"); return sub }

// Calendar tells whether next year's holiday arrangement is still missing.
type Calendar interface {
	MissingNextYear(ctx context.Context, now time.Time) (year int, missing bool, err error)
}

// Service answers the operations queries.
type Service struct {
	db      *sqldb.DB
	rec     *audit.Recorder
	cal     Calendar
	version string
	now     func() time.Time
	started time.Time
}

// NewService returns the service; version describes this build and now is
// the clock (the process start is its first reading).
func NewService(db *sqldb.DB, rec *audit.Recorder, cal Calendar, version string, now func() time.Time) *Service {
	return &Service{db: db, rec: rec, cal: cal, version: version, now: now, started: now()}
}

// AuditEvents lists events within the caller's AuditView scope. Only a
// city-wide principal sees events that belong to no region (logins, system).
func (s *Service) AuditEvents(ctx context.Context, f audit.Filter) ([]audit.Event, error) {
	p, err := access.Authorize(ctx, access.AuditView, "")
	if err != nil {
		return nil, err
	}
	f.RegionCodes = p.ScopeOf(access.AuditView).Filter()
	return audit.List(ctx, s.db, f)
}

// VerifyAudit walks the whole chain (AuditVerify, city-wide only, since the
// chain is one for all regions) and audits that it did so.
func (s *Service) VerifyAudit(ctx context.Context) (audit.Report, error) {
	if _, err := access.Authorize(ctx, access.AuditVerify, access.CityRegionCode); err != nil {
		return audit.Report{}, err
	}
	rep, err := audit.Verify(ctx, s.db)
	if err != nil {
		return rep, err
	}
	err = s.db.WithTx(ctx, func(tx *sql.Tx) error {
		return s.rec.Record(ctx, tx, audit.Entry{Action: "audit.verify", ObjectType: "audit", ObjectID: "chain",
			Detail: rep})
	})
	return rep, err
}

// Status describes the running system.
type Status struct {
	Version    string    `json:"version"`
	Dialect    string    `json:"dialect"`
	Database   string    `json:"database"`
	Started    time.Time `json:"started"`
	Migrations []string  `json:"migrations"`
	AuditCount int64     `json:"audit_events"`
	Sessions   int64     `json:"active_sessions"`
	Users      int64     `json:"users"`
	// CalendarMissingYear is next year when, on or after 1 November, its
	// holiday arrangement has not been loaded (0 otherwise): deadlines that
	// reach into it are only provisional.
	CalendarMissingYear int `json:"calendar_missing_year,omitempty"`
	// OutboxPending counts events not yet sent to the provincial and
	// national systems (the relay runs only with NATS configured).
	OutboxPending int64        `json:"outbox_pending"`
	Leases        []jobs.Lease `json:"job_leases"`
}

// Status reports versions, migrations and counts (OpsView).
func (s *Service) Status(ctx context.Context) (Status, error) {
	if _, err := access.Authorize(ctx, access.OpsView, ""); err != nil {
		return Status{}, err
	}
	st := Status{Version: s.version, Dialect: string(s.db.Dialect), Database: s.db.Where, Started: s.started}
	var err error
	if st.Migrations, err = sqldb.MigrationStatus(ctx, s.db); err != nil {
		return st, err
	}
	err = s.db.QueryRowContext(ctx, `SELECT (SELECT seq FROM audit_head WHERE id = 1),
		(SELECT COUNT(*) FROM sessions), (SELECT COUNT(*) FROM users),
		(SELECT COUNT(*) FROM outbox WHERE published_at IS NULL)`).Scan(&st.AuditCount, &st.Sessions, &st.Users,
		&st.OutboxPending)
	if err != nil {
		return st, sqldb.Translate(err)
	}
	if st.Leases, err = jobs.Leases(ctx, s.db); err != nil {
		return st, err
	}
	year, missing, err := s.cal.MissingNextYear(ctx, s.now())
	if missing {
		st.CalendarMissingYear = year
	}
	return st, err
}
