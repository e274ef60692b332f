package anomaly

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("anomaly", anomaly.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the alert and rule pages and API. Handlers parse, call one
// use case and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "anomaly".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /indicator-alerts                 list (IndicatorView; service: region scope)
//	GET  /indicator-alerts/{id}            one alert (IndicatorView; other counties' → 404)
//	POST /indicator-alerts/{id}/ack        acknowledge (IndicatorAdmin)
//	POST /indicator-alerts/{id}/resolve    resolve (IndicatorAdmin)
//	GET  /indicator-rules                  rules (IndicatorAdmin)
//	GET  /indicator-rules/new              new rule form (IndicatorAdmin)
//	POST /indicator-rules                  create (IndicatorAdmin)
//	GET  /indicator-rules/{id}             edit form (IndicatorAdmin)
//	POST /indicator-rules/{id}             update (IndicatorAdmin)
//	GET  /api/v1/indicator-alerts, /api/v1/indicator-alerts/{id}   (IndicatorView)
//	POST /api/v1/indicator-alerts/{id}/ack, …/{id}/resolve          (IndicatorAdmin)
//	GET, POST /api/v1/indicator-rules; PUT /api/v1/indicator-rules/{id} (IndicatorAdmin)
func (h *HTTP) Routes(rt *web.Router) {
	view, adm := access.Need(access.IndicatorView), access.Need(access.IndicatorAdmin)
	rt.Handle("GET /indicator-alerts", view, h.list)
	rt.Handle("GET /indicator-alerts/{id}", view, h.show)
	rt.Handle("POST /indicator-alerts/{id}/ack", adm, h.ack)
	rt.Handle("POST /indicator-alerts/{id}/resolve", adm, h.resolve)
	rt.Handle("GET /indicator-rules", adm, h.rules)
	rt.Handle("GET /indicator-rules/new", adm, h.newRule)
	rt.Handle("POST /indicator-rules", adm, h.createRule)
	rt.Handle("GET /indicator-rules/{id}", adm, h.editRule)
	rt.Handle("POST /indicator-rules/{id}", adm, h.updateRule)
	h.apiRoutes(rt)
}

// option is one choice of a select.
type option struct{ Value, Label string }

func stateOptions() []option {
	out := []option{{"active", "未结束"}}
	for _, s := range []State{Firing, NoData, Pending, Recovering} {
		out = append(out, option{string(s), s.Label()})
	}
	return append(out, option{"ended", "已结束"}, option{"all", "全部"})
}

var (
	crumbHome   = web.Crumb{Label: "首页", URL: "/"}
	crumbAlerts = web.Crumb{Label: "指标告警", URL: "/indicator-alerts"}
	crumbRules  = web.Crumb{Label: "异常规则", URL: "/indicator-rules"}
)

const alertsPerPage = 30

// listPage is the model of anomaly/alerts.
type listPage struct {
	web.Page
	State, Region string
	States        []option
	Regions       []org.Region
	Alerts        []Alert
	Total         int
	PageNo, Pages int
	PrevURL       string
	NextURL       string
	CanAdmin      bool
}

func (h *HTTP) list(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &listPage{Page: web.Page{Title: "指标告警", Crumbs: []web.Crumb{crumbHome, {Label: "指标告警"}}},
		State: q.Get("state"), Region: q.Get("region"), States: stateOptions(), PageNo: max(atoi(q.Get("page")), 1),
		CanAdmin: access.From(r.Context()).Can(access.IndicatorAdmin)}
	if m.State == "" {
		m.State = "active"
	}
	var err error
	if m.Regions, err = h.svc.RegionsInScope(r.Context()); err != nil {
		return err
	}
	f := Filter{State: m.State, RegionCode: m.Region, Limit: alertsPerPage, Offset: (m.PageNo - 1) * alertsPerPage}
	if m.Alerts, m.Total, err = h.svc.List(r.Context(), f); err != nil {
		return err
	}
	m.Pages = max((m.Total+alertsPerPage-1)/alertsPerPage, 1)
	if m.PageNo > 1 {
		m.PrevURL = listURL(m.State, m.Region, m.PageNo-1)
	}
	if m.PageNo < m.Pages {
		m.NextURL = listURL(m.State, m.Region, m.PageNo+1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "anomaly/alerts", m)
}

// listURL is the shareable URL of one page of the list.
func listURL(state, region string, page int) string {
	v := url.Values{}
	v.Set("state", state)
	if region != "" {
		v.Set("region", region)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/indicator-alerts?" + v.Encode()
}

// alertPage is the model of anomaly/alert.
type alertPage struct {
	web.Page
	Alert     Alert
	Trend     []TrendPoint
	Sparkline template.HTML
	BandLabel string
	Can       Permissions
	Errors    map[string]string
	Form      string // which form the errors belong to: ack or resolve
	Note      string
}

func (h *HTTP) show(w http.ResponseWriter, r *http.Request) error {
	return h.renderAlert(w, r, http.StatusOK, nil, "", "")
}

// renderAlert shows alert {id}; fields (with the typed note of form) come
// from a refused form.
func (h *HTTP) renderAlert(w http.ResponseWriter, r *http.Request, status int, fields map[string]string, form, note string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	trend, err := h.svc.Trend(r.Context(), &a)
	if err != nil {
		return err
	}
	m := &alertPage{Page: web.Page{Title: a.Title(), Crumbs: []web.Crumb{crumbHome, crumbAlerts, {Label: a.Title()}}},
		Alert: a, Trend: trend, Sparkline: Sparkline(&a, trend), BandLabel: bandLabel(&a),
		Can: PermissionsOf(r.Context(), &a), Errors: fields, Form: form, Note: note}
	return h.rd.HTML(w, r, status, "anomaly/alert", m)
}

// bandLabel says what the grey band of the sparkline is.
func bandLabel(a *Alert) string {
	switch a.Method {
	case MethodStatic:
		return "虚线为目标值"
	case MethodPeer:
		return "灰色带为最近一次评估当日其他区县的正常范围（中位数 ± 阈值 × 1.4826 × MAD）"
	case MethodCUSUM:
		return "灰色带为参考基线 ± 1 个标准差"
	}
	return "灰色带为基线正常范围（中位数 ± 阈值 × 1.4826 × MAD）"
}

func (h *HTTP) ack(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	note := web.FormValue(r, "note")
	if _, err := h.svc.Acknowledge(r.Context(), id, note); err != nil {
		if fields, ok := web.FieldErrors(err); ok {
			return h.renderAlert(w, r, web.StatusOf(err), fields, "ack", note)
		}
		return err
	}
	web.SetFlash(w, "已确认该告警。")
	return web.Redirect(w, r, Link(id))
}

func (h *HTTP) resolve(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	note := web.FormValue(r, "note")
	if _, err := h.svc.Resolve(r.Context(), id, note); err != nil {
		if fields, ok := web.FieldErrors(err); ok {
			return h.renderAlert(w, r, web.StatusOf(err), fields, "resolve", note)
		}
		return err
	}
	web.SetFlash(w, "已解除该告警；如异常仍在，下次评估会重新告警。")
	return web.Redirect(w, r, Link(id))
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
