package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io/fs"
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/anomaly"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/evaluation"
	"github.com/dazhou-gongai/gongai/internal/exchange"
	"github.com/dazhou-gongai/gongai/internal/holiday"
	"github.com/dazhou-gongai/gongai/internal/home"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/indicator"
	"github.com/dazhou-gongai/gongai/internal/licence"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/ops"
	"github.com/dazhou-gongai/gongai/internal/org"
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
	"github.com/dazhou-gongai/gongai/internal/ui"
	"github.com/dazhou-gongai/gongai/internal/window"
)

// routes builds the renderer, the router with every capability's routes,
// and the middleware chain around it.
func (s *System) routes(ctx context.Context) error {
	static, err := web.NewStatic(ui.Static())
	if err != nil {
		return err
	}
	resp := &web.Responder{Log: s.Log}
	rd, err := web.NewRenderer(ui.Layout(), ui.Funcs(static.URL), s.Log, s.decorate)
	if err != nil {
		return err
	}
	resp.ErrorPage = rd.ErrorPage
	if err := addPages(rd); err != nil {
		return err
	}
	s.Metrics = metrics.New(Version())
	s.Metrics.WatchDB(s.DB.DB)
	s.Metrics.AddCollector(s.Site.WriteMetrics)
	rt := web.NewRouter(resp, s.Metrics)
	s.Router = rt
	cookies := identity.Cookies{Secure: s.Config.SecureCookies}
	s.homeHTTP(rd).Routes(rt)
	identity.NewHTTP(s.Identity, s.Org, rd, cookies).Routes(rt)
	org.NewHTTP(s.Org, rd).Routes(rt)
	ops.NewHTTP(s.Ops, rd).Routes(rt)
	holiday.NewHTTP(s.Calendar, rd).Routes(rt)
	project.NewHTTP(s.Projects, s.Cases, rd).Routes(rt)
	catalog.NewHTTP(s.Catalog, rd, s.Org).Routes(rt)
	casework.NewHTTP(s.Cases, rd).WithLinks(s.licenceLink, s.ratingLink).Routes(rt)
	licence.NewHTTP(s.Licences, rd).Routes(rt)
	evaluation.NewHTTP(s.Eval, rd).Routes(rt)
	window.NewHTTP(s.Windows, rd).Routes(rt)
	ticket.NewHTTP(s.Tickets, rd).Routes(rt)
	sitestats.NewHTTP(s.Site, rd).Routes(rt)
	// the anomaly pages (/indicators/alerts, /indicators/rules) before the
	// indicator pages, whose /indicators/{code} they are more specific than
	anomaly.NewHTTP(s.Anomaly, rd).Routes(rt)
	indicator.NewHTTP(s.Indicators, rd).Routes(rt)
	quality.NewHTTP(s.Quality, rd).Routes(rt)
	report.NewHTTP(s.Reports, rd).Routes(rt)
	exchange.NewHTTP(s.Exchange, rd).Routes(rt)
	notify.NewHTTP(s.Notify, rd).Routes(rt)
	supervision.NewHTTP(s.Super, rd).Routes(rt)
	s.platformRoutes(rt, static)
	secret, err := csrfSecret(ctx, s.DB, s.Now())
	if err != nil {
		return err
	}
	csrf := &web.CSRF{Secret: secret, Secure: s.Config.SecureCookies}
	s.Handler = web.Chain(rt,
		web.RequestIDs,
		web.AccessLog(s.Log, userOf),
		web.Recover(resp),
		web.Deadline(s.Config.RequestTimeout),
		calendarMemo,
		web.SecureHeaders,
		s.Identity.Authenticate(resp, cookies),
		csrf.Middleware(resp),
		s.Site.Middleware, // inside Authenticate: it counts enterprise pages by the signed-in role
	)
	return nil
}

// calendarMemo gives every request one reading of the working-day
// calendar (calendar.WithMemo): a page of cases computes a clock per case,
// and each computation would otherwise ask the database for the
// calendar's revision again.
func calendarMemo(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(calendar.WithMemo(r.Context())))
	})
}

// addPages registers every capability's templates under its prefix.
func addPages(rd *web.Renderer) error {
	for _, p := range []struct {
		prefix string
		fsys   fs.FS
	}{
		{"ui", ui.Pages()}, {"home", home.Templates()}, {"identity", identity.Templates()},
		{"org", org.Templates()}, {"ops", ops.Templates()}, {"holiday", holiday.Templates()},
		{"project", project.Templates()}, {"catalog", catalog.Templates()}, {"casework", casework.Templates()},
		{"notify", notify.Templates()}, {"supervision", supervision.Templates()},
		{"evaluation", evaluation.Templates()}, {"window", window.Templates()}, {"ticket", ticket.Templates()},
		{"licence", licence.Templates()}, {"sitestats", sitestats.Templates()},
		{"anomaly", anomaly.Templates()}, {"indicator", indicator.Templates()}, {"quality", quality.Templates()},
		{"report", report.Templates()}, {"exchange", exchange.Templates()},
	} {
		if err := rd.AddPages(p.prefix, p.fsys); err != nil {
			return err
		}
	}
	return nil
}

// decorate fills the header and navigation of every page from the principal.
func (s *System) decorate(r *http.Request, p *web.Page) {
	p.RegionNames = s.regionNames(r.Context())
	pr := access.From(r.Context())
	if pr == nil {
		return
	}
	a := pr.Primary()
	p.Viewer = &web.Viewer{Name: pr.Name, RoleLabel: a.Role.Label(), RegionName: a.RegionName, OrgName: a.OrgName,
		Notifications: s.Notify.UnreadCount(r.Context())}
	if pr.MustChangePassword {
		return // nothing but the password page is reachable
	}
	p.Nav = home.Nav(pr, r.URL.Path)
}

func userOf(r *http.Request) string {
	if p := access.From(r.Context()); p != nil {
		return p.Username
	}
	return ""
}

// csrfSecret returns the HMAC key for CSRF tokens, shared by every instance
// through the settings table and created on first use.
func csrfSecret(ctx context.Context, db *sqldb.DB, now time.Time) ([]byte, error) {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	_, err := db.ExecContext(ctx, `INSERT INTO settings (key, value, updated_at) VALUES ('csrf_secret', $1, $2)
		ON CONFLICT (key) DO NOTHING`, hex.EncodeToString(b), sqldb.T(now))
	if err != nil {
		return nil, sqldb.Translate(err)
	}
	var v string
	if err := db.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'csrf_secret'`).Scan(&v); err != nil {
		return nil, sqldb.Translate(err)
	}
	return hex.DecodeString(v)
}

// ratingLink offers the applicant the 好差评 form on a concluded case.
func (s *System) ratingLink(ctx context.Context, c *casework.Case) ([]web.NavItem, error) {
	l, err := s.Eval.LinkFor(ctx, c)
	if err != nil || !l.Show {
		return nil, err
	}
	label := "评价本次服务（好差评）"
	if l.Rated {
		label = "查看我的评价"
	}
	return []web.NavItem{{Label: label, URL: l.URL}}, nil
}

// licenceLink shows the electronic licence of an approved case.
func (s *System) licenceLink(ctx context.Context, c *casework.Case) ([]web.NavItem, error) {
	if c.Status != casework.Approved && c.Status != casework.ApprovedDeficiency {
		return nil, nil
	}
	l, err := s.Licences.ByCase(ctx, c.ID)
	if err != nil {
		return nil, err
	}
	return []web.NavItem{{Label: "电子证照 " + l.Number, URL: "/licences/" + l.Number},
		{Label: "下载证照（PDF）", URL: "/licences/" + l.Number + ".pdf"}}, nil
}

// regionNamesTTL is how long a renamed region may still show its old name.
const regionNamesTTL = time.Minute

// regionNames maps region codes to names, read at most once a minute: every
// page gets it and region names change once in years.
func (s *System) regionNames(ctx context.Context) map[string]string {
	s.regionsMu.Lock()
	defer s.regionsMu.Unlock()
	if s.regionsMap != nil && s.Now().Before(s.regionsAt.Add(regionNamesTTL)) {
		return s.regionsMap
	}
	regions, err := s.Org.Regions(ctx)
	if err != nil {
		return s.regionsMap // the last good one; pages then show codes at worst
	}
	m := make(map[string]string, len(regions))
	for _, reg := range regions {
		m[reg.Code] = reg.Name
	}
	s.regionsMap, s.regionsAt = m, s.Now()
	return m
}
