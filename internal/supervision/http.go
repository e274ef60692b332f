package supervision

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("supervision", supervision.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the supervision pages and API. Handlers parse, call one use
// case and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "supervision".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /supervision                       dashboard (CaseView; service: supervisors and departments)
//	GET  /supervision/{id}                  one order (CaseView; service: as List)
//	GET  /cases/{id}/supervision/new        issue form (Supervise)
//	POST /cases/{id}/supervision            issue (Supervise)
//	POST /supervision/{id}/reply            reply (CaseReview)
//	POST /supervision/{id}/close            close (Supervise)
//	GET  /api/v1/supervision, /api/v1/supervision/{id}            (CaseView)
//	POST /api/v1/cases/{id}/supervision, /api/v1/supervision/{id}/close (Supervise)
//	POST /api/v1/supervision/{id}/reply                            (CaseReview)
func (h *HTTP) Routes(rt *web.Router) {
	view, sup, review := access.Need(access.CaseView), access.Need(access.Supervise), access.Need(access.CaseReview)
	rt.Handle("GET /supervision", view, h.dashboard)
	rt.Handle("GET /supervision/{id}", view, h.showOrder)
	rt.Handle("GET /cases/{id}/supervision/new", sup, h.newOrder)
	rt.Handle("POST /cases/{id}/supervision", sup, h.issue)
	rt.Handle("POST /supervision/{id}/reply", review, h.reply)
	rt.Handle("POST /supervision/{id}/close", sup, h.close)
	h.apiRoutes(rt)
}

// option is one choice of a select.
type option struct{ Value, Label string }

var stateOptions = []option{{StateActive, "未关闭"}, {StateOpen, "待反馈"}, {StateOverdue, "逾期未反馈"},
	{StateReplied, "已反馈"}, {StateClosed, "已关闭"}, {"all", "全部"}}

var kindOptions = []option{{"", "督办和催办"}, {KindOrder, "督办"}, {KindReminder, "催办"}}

const ordersPerPage = 20

// dashboardPage is the model of supervision/dashboard.
type dashboardPage struct {
	web.Page
	CanIssue      bool
	RedTable      casesTable
	YellowTable   casesTable
	OverdueOrders int
	State, Kind   string
	States, Kinds []option
	Orders        []Order
	OrdersTotal   int
	PageNo, Pages int
	PrevURL       string
	NextURL       string
}

func (h *HTTP) dashboard(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &dashboardPage{Page: web.Page{Title: "效能监管", Crumbs: []web.Crumb{crumbHome, {Label: "效能监管"}}},
		State: q.Get("state"), Kind: q.Get("kind"), States: stateOptions, Kinds: kindOptions,
		PageNo: max(atoi(q.Get("page")), 1), CanIssue: access.From(r.Context()).Can(access.Supervise)}
	if m.State == "" {
		m.State = StateActive
	}
	f := Filter{State: m.State, Kind: m.Kind, Limit: ordersPerPage, Offset: (m.PageNo - 1) * ordersPerPage}
	if f.State == "all" {
		f.State = ""
	}
	var err error
	if m.Orders, m.OrdersTotal, err = h.svc.List(r.Context(), f); err != nil {
		return err
	}
	if _, m.OverdueOrders, err = h.svc.List(r.Context(), Filter{State: StateOverdue, Limit: 1}); err != nil {
		return err
	}
	red, yellow, err := h.svc.WarnedCases(r.Context())
	if err != nil {
		return err
	}
	m.RedTable = casesTable{Cases: red, Caption: "已超过办理时限、尚未办结的办件", Empty: "没有逾期的办件。", CanIssue: m.CanIssue}
	m.YellowTable = casesTable{Cases: yellow, Caption: "已用时限达到预警比例的办件", Empty: "没有预警的办件。", CanIssue: m.CanIssue}
	m.Pages = max((m.OrdersTotal+ordersPerPage-1)/ordersPerPage, 1)
	if m.PageNo > 1 {
		m.PrevURL = dashboardURL(m.State, m.Kind, m.PageNo-1)
	}
	if m.PageNo < m.Pages {
		m.NextURL = dashboardURL(m.State, m.Kind, m.PageNo+1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "supervision/dashboard", m)
}

// casesTable is the model of the "cases" partial: warned cases with a
// caption, the text shown when there are none, and whether to offer 督办.
type casesTable struct {
	Cases          []casework.Case
	Caption, Empty string
	CanIssue       bool
}

// dashboardURL is the shareable URL of one page of the order list.
func dashboardURL(state, kind string, page int) string {
	v := url.Values{}
	v.Set("state", state)
	if kind != "" {
		v.Set("kind", kind)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/supervision?" + v.Encode()
}

var crumbHome = web.Crumb{Label: "首页", URL: "/"}
var crumbDashboard = web.Crumb{Label: "效能监管", URL: "/supervision"}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
