package ticket

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("ticket", ticket.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // embedded at build time
	}
	return sub
}

// HTTP serves the ticket pages and API; the service makes every access
// decision beyond the route guards.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// Templates registered under "ticket".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /ops/tickets                    list (TicketView)
//	GET  /ops/tickets/new                fault form (TicketReport)
//	POST /ops/tickets                    record a fault or complaint (TicketReport)
//	GET  /ops/tickets/{id}               ticket page (signed in; service: TicketView or the reporter)
//	POST /ops/tickets/{id}/{action}      respond, take, pause, resume, resolve, close, reopen, send-back, severity (TicketWork)
//	GET  /ops/complaints/new             public complaint form (public)
//	POST /ops/complaints                 file a complaint (public)
//	GET  /ops/register                   printable problem register (TicketView)
//	GET  /ops/reports                    compliance report (TicketView)
//	GET  /ops/reports/export.xlsx, .pdf  exports (TicketView)
//	GET  /api/v1/ops/sla/due             SLA calculator (signed in, API keys too)
//	GET  /api/v1/ops/tickets, /api/v1/ops/reports (TicketView)
//	GET  /api/v1/ops/tickets/{id}        (signed in; service decides)
//	POST /api/v1/ops/tickets             (TicketReport)
//	POST /api/v1/ops/tickets/{id}/{action} (TicketWork)
//
// and the knowledge base (kbRoutes), 业务培训 (trainingRoutes) and the
// working hours per org unit (hoursRoutes).
func (h *HTTP) Routes(rt *web.Router) {
	view, work, report := access.Need(access.TicketView), access.Need(access.TicketWork), access.Need(access.TicketReport)
	rt.Handle("GET /ops/tickets", view, h.list)
	rt.Handle("GET /ops/tickets/new", report, h.newForm)
	rt.Handle("POST /ops/tickets", report, h.create)
	rt.Handle("GET /ops/tickets/{id}", access.SignedIn, h.show)
	for _, a := range actionNames {
		rt.Handle("POST /ops/tickets/{id}/"+a, work, h.action(a))
	}
	rt.Handle("GET /ops/complaints/new", access.Public, h.complaintForm)
	rt.Handle("POST /ops/complaints", access.Public, h.complain)
	rt.Handle("GET /ops/register", view, h.register)
	rt.Handle("GET /ops/reports", view, h.reports)
	rt.Handle("GET /ops/reports/export.xlsx", view, h.exportXLSX)
	rt.Handle("GET /ops/reports/export.pdf", view, h.exportPDF)
	h.apiRoutes(rt)
	h.kbRoutes(rt)
	h.trainingRoutes(rt)
	h.hoursRoutes(rt)
}

var crumbHome = web.Crumb{Label: "首页", URL: "/"}
var crumbTickets = web.Crumb{Label: "运维工单", URL: "/ops/tickets"}

// filterOf reads a list filter from the query string.
func filterOf(r *http.Request) Filter {
	q := r.URL.Query()
	unit, _ := strconv.ParseInt(q.Get("org_unit_id"), 10, 64)
	f := Filter{Kind: Kind(q.Get("kind")), Severity: Severity(q.Get("severity")), Status: q.Get("status"),
		RegionCode: q.Get("region"), OrgUnitID: unit, Query: q.Get("q"), Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))}
	f.From, f.To = dayRange(q.Get("from"), q.Get("to"))
	return f
}

// dayRange turns inclusive dates into [from 00:00, day after to 00:00) in
// Asia/Shanghai; a bad or empty date does not bound.
func dayRange(from, to string) (time.Time, time.Time) {
	var a, b time.Time
	if d, err := calendar.ParseDate(from); err == nil {
		a = d.Time()
	}
	if d, err := calendar.ParseDate(to); err == nil {
		b = d.AddDays(1).Time()
	}
	return a, b
}

// reportParams reads from, to and by, refusing malformed dates.
func reportParams(r *http.Request) (Filter, string, error) {
	q := r.URL.Query()
	f := map[string]string{}
	for _, k := range []string{"from", "to"} {
		if v := q.Get(k); v != "" {
			if _, err := calendar.ParseDate(v); err != nil {
				f[k] = errs.Message(err)
			}
		}
	}
	by := q.Get("by")
	if by == "" {
		by = BySeverity
	}
	if !slices.Contains([]string{ByKind, BySeverity, ByRegion, ByOrgUnit, ByMonth, ByQuarter, ByYear}, by) {
		f["by"] = "分组应为 kind、severity、region、org_unit、month、quarter 或 year。"
	}
	if len(f) > 0 {
		return Filter{}, "", errs.FieldErrors(f)
	}
	flt := filterOf(r)
	flt.Limit, flt.Offset = 0, 0
	return flt, by, nil
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// query string of the current report, for export links.
func reportQuery(r *http.Request) string {
	v := url.Values{}
	for _, k := range []string{"from", "to", "by", "kind", "region"} {
		if s := r.URL.Query().Get(k); s != "" {
			v.Set(k, s)
		}
	}
	return v.Encode()
}
