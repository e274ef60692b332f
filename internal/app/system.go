package app

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/anomaly"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/evaluation"
	"github.com/dazhou-gongai/gongai/internal/exchange"
	"github.com/dazhou-gongai/gongai/internal/history"
	"github.com/dazhou-gongai/gongai/internal/home"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/indicator"
	"github.com/dazhou-gongai/gongai/internal/licence"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/ops"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/metrics"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/project"
	"github.com/dazhou-gongai/gongai/internal/quality"
	"github.com/dazhou-gongai/gongai/internal/report"
	"github.com/dazhou-gongai/gongai/internal/sitestats"
	"github.com/dazhou-gongai/gongai/internal/supervision"
	"github.com/dazhou-gongai/gongai/internal/ticket"
	"github.com/dazhou-gongai/gongai/internal/window"
)

// System is a wired gongai: database, services and HTTP handler. Tests build
// one with New and drive Handler directly.
type System struct {
	Config   config.Config
	Log      *slog.Logger
	DB       *sqldb.DB
	Now      func() time.Time
	Audit    *audit.Recorder
	Org      *org.Service
	Identity *identity.Service
	Ops      *ops.Service
	Calendar *calendar.Calendar
	Projects *project.Service
	Blobs    *blob.Local
	Catalog  *catalog.Service
	Cases    *casework.Service
	Notify   *notify.Service
	Super    *supervision.Service
	Eval     *evaluation.Service
	Windows  *window.Service
	Tickets  *ticket.Service
	Licences *licence.Service
	Site     *sitestats.Service

	Quality    *quality.Service
	Indicators *indicator.Service
	Anomaly    *anomaly.Service
	Reports    *report.Service
	Exchange   *exchange.Service
	History    *history.Service
	noHistory  bool
	closers    []func() error // connections to close with the System (NATS)

	regionsMu  sync.Mutex // guards the region-name cache of the pages
	regionsMap map[string]string
	regionsAt  time.Time
	Router     *web.Router
	Metrics    *metrics.Registry
	Handler    http.Handler
}

// Options adjusts New for tests.
type Options struct {
	// NoHistory leaves out the generated demo history (thousands of past
	// cases) from the demo seed: most tests need only the demo accounts.
	NoHistory bool
	Now       func() time.Time // defaults to time.Now
	Policy    *identity.Policy // defaults to identity.DefaultPolicy
}

// New opens the database, migrates it, runs the first-start seeds and builds
// every service and route. The caller must Close the System.
func New(ctx context.Context, cfg config.Config, log *slog.Logger, opt Options) (*System, error) {
	if err := os.MkdirAll(cfg.DataDir, 0o750); err != nil {
		return nil, fmt.Errorf("创建数据目录 %s 失败: %w", cfg.DataDir, err)
	}
	db, err := sqldb.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	s := &System{Config: cfg, Log: log, DB: db, Now: opt.Now}
	if s.Now == nil {
		s.Now = time.Now
	}
	if err := s.build(ctx, opt); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

func (s *System) build(ctx context.Context, opt Options) error {
	n, err := sqldb.Migrate(ctx, s.DB)
	if err != nil {
		return err
	}
	if n > 0 {
		s.Log.Info("database migrated", "applied", n, "dialect", s.DB.Dialect)
	}
	policy := identity.DefaultPolicy
	if opt.Policy != nil {
		policy = *opt.Policy
	}
	policy.IdleTimeout = s.Config.SessionIdle
	s.Audit = audit.NewRecorder(s.Now)
	s.Org = org.NewService(s.DB, s.Audit, s.Now)
	s.Identity = identity.NewService(s.DB, s.Audit, s.Org, s.Now, policy)
	s.Calendar = calendar.New(s.DB, s.Audit, s.Now)
	s.Projects = project.NewService(s.DB, s.Audit, s.Org, s.Now)
	if s.Blobs, err = blob.NewLocal(filepath.Join(s.Config.DataDir, "blobs"), s.DB, s.Now, 0); err != nil {
		return err
	}
	s.Catalog = catalog.NewService(s.DB, s.Audit, s.Blobs, s.Now)
	if err := s.buildLicences(); err != nil {
		return err
	}
	clock := casework.DefaultClockPolicy
	clock.WarnShare = s.Config.WarnShare
	s.Cases = casework.NewService(casework.Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Catalog: s.Catalog,
		Projects: s.Projects, Orgs: s.Org, Blobs: s.Blobs, Now: s.Now, Policy: clock, After: s.afterCase})
	s.Notify = notify.NewService(s.DB, s.Now)
	s.Super = supervision.NewService(supervision.Deps{DB: s.DB, Audit: s.Audit, Cases: s.Cases, Calendar: s.Calendar,
		Orgs: s.Org, Notify: s.Notify, Now: s.Now})
	s.Eval = evaluation.NewService(evaluation.Deps{DB: s.DB, Audit: s.Audit, Cases: s.Cases, Calendar: s.Calendar,
		Orgs: s.Org, Notify: s.Notify, Now: s.Now})
	s.Windows = window.NewService(window.Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Orgs: s.Org,
		Users: s.Identity, Catalog: s.Catalog, Projects: s.Projects, Notify: s.Notify, Now: s.Now})
	s.Tickets = ticket.NewService(ticket.Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Orgs: s.Org,
		Notify: s.Notify, Blobs: s.Blobs, Now: s.Now, Config: ticket.Config{ComplaintPolicy: s.Config.ComplaintDue}})
	s.Site = sitestats.NewService(sitestats.Deps{DB: s.DB, Audit: s.Audit, Regions: s.Org, Items: s.Catalog,
		Now: s.Now, Log: s.Log})
	s.buildMonitoring(ctx)
	s.History = history.New(history.Deps{DB: s.DB, Audit: s.Audit, Calendar: s.Calendar, Catalog: s.Catalog,
		Orgs: s.Org, Now: s.Now})
	s.noHistory = opt.NoHistory
	s.Ops = ops.NewService(s.DB, s.Audit, s.Calendar, Version(), s.Now)
	if err := s.Seed(ctx, s.Config.Demo); err != nil {
		return err
	}
	return s.routes(ctx)
}

// Close writes what is still buffered (site statistics) and releases the
// database; call it after the HTTP server has stopped.
func (s *System) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := s.Site.Close(ctx); err != nil {
		s.Log.Error("flush site statistics", "err", err)
	}
	for _, c := range s.closers {
		if err := c(); err != nil {
			s.Log.Error("close", "err", err)
		}
	}
	return s.DB.Close()
}

// homeHTTP builds the home handler with the engine's work counts.
func (s *System) homeHTTP(rd *web.Renderer) *home.HTTP {
	return home.NewHTTP(s.DB, rd, func(ctx context.Context) ([]home.Count, error) {
		tallies, err := s.Cases.Workload(ctx)
		out := make([]home.Count, len(tallies))
		for i, t := range tallies {
			out[i] = home.Count{Label: t.Label, URL: t.URL, N: t.N, Tone: t.Tone}
		}
		return out, err
	})
}

// buildLicences sets up the licence service with its master key and the
// public address its QR codes point to.
func (s *System) buildLicences() error {
	key, err := licenceKey(s.Config)
	if err != nil {
		return err
	}
	base := s.Config.BaseURL
	if base == "" {
		base = "http://" + s.Config.Addr
	}
	s.Licences, err = licence.NewService(licence.Deps{DB: s.DB, Audit: s.Audit, Catalog: s.Catalog, MasterKey: key,
		BaseURL: base, Now: s.Now})
	return err
}

// afterCase reacts at once to a committed change of a case: an approval
// gets its licence (一窗出证), and a case a window clerk has just handled is
// placed at that clerk's window. Failures are logged only: the change
// stands, the "licence-issue" job issues what is missing, and a clerk can
// still assign the window by hand (综窗协同).
func (s *System) afterCase(ctx context.Context, c casework.Case) {
	if c.Status == casework.Approved || c.Status == casework.ApprovedDeficiency {
		if _, err := s.Licences.Issue(ctx, c.ID); err != nil {
			s.Log.ErrorContext(ctx, "issue licence", "case", c.ID, "err", err)
		}
	}
	p := access.From(ctx)
	if p == nil || !p.ScopeOf(access.CaseAccept).Contains(c.RegionCode) || c.Status.Terminal() {
		return
	}
	if err := s.placeAtWindow(ctx, c); err != nil {
		s.Log.WarnContext(ctx, "place case at the clerk's window", "case", c.ID, "err", err)
	}
}

// placeAtWindow assigns c, when it is at no window yet, to the first
// window of its region that the acting clerk staffs.
func (s *System) placeAtWindow(ctx context.Context, c casework.Case) error {
	a, err := s.Windows.CaseWindow(ctx, c.ID)
	if err != nil || a.Current.ID != 0 {
		return err
	}
	mine, err := s.Windows.MyWindows(ctx)
	if err != nil {
		return err
	}
	for _, w := range mine {
		if w.RegionCode == c.RegionCode {
			_, err = s.Windows.Transfer(ctx, c.ID, window.TransferInput{ToWindowID: w.ID})
			return err
		}
	}
	return nil
}
