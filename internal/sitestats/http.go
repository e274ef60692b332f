package sitestats

import (
	"context"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("sitestats", sitestats.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the statistics pages, the export and the API.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "sitestats".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers, all behind access.SiteStatsView (the service scopes a
// county user to their county):
//
//	GET /sitestats              the statistics page (?from=&to=&region=)
//	GET /sitestats/export.xlsx  the same as an Excel workbook
//	GET /api/v1/sitestats       the same as JSON
func (h *HTTP) Routes(rt *web.Router) {
	view := access.Need(access.SiteStatsView)
	rt.Handle("GET /sitestats", view, h.page)
	rt.Handle("GET /sitestats/export.xlsx", view, h.export)
	rt.API("GET /api/v1/sitestats", view, web.APIDoc{Tag: "政府网站服务统计", Summary: "网站服务统计",
		Description: "公开页面与网上大厅的浏览量、访客数（按日去重，不保存 IP、浏览器标识或用户）、按模块和区县的分布；" +
			"市级用户未按区县筛选时另含热门搜索、无结果搜索和办事指南转化（site_wide）。区县用户只看到本区县；" +
			"请求其他区县返回 403。期间最长 366 天，日期格式错误返回 400 及字段说明。",
		Query: map[string]string{"from": "开始日期 YYYY-MM-DD，默认结束日期前 29 天", "to": "结束日期 YYYY-MM-DD，默认今天",
			"region": "区县编码，默认调用者可见的全部区县"},
		Response: exampleReport}, h.api)
}

// option is one choice of a select.
type option struct{ Value, Label string }

// reportPage is the model of sitestats/report.
type reportPage struct {
	web.Page
	From, To, Region string
	Regions          []option
	Errors           map[string]string
	Rep              *Report
	Chart            template.HTML
	ExportURL        string
	ModuleTable      countsTable
	RegionTable      countsTable
	SearchTable      searchTable
	NoResultTable    searchTable
}

// countsTable is the model of the "counts" partial.
type countsTable struct {
	Key  string
	Rows []CountRow
}

// searchTable is the model of the "searches" partial.
type searchTable struct {
	Caption, Empty string
	Rows           []SearchRow
}

func (h *HTTP) page(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &reportPage{Page: web.Page{Title: "政府网站服务统计", Crumbs: []web.Crumb{{Label: "首页", URL: "/"},
		{Label: "政府网站服务统计"}}}, From: q.Get("from"), To: q.Get("to"), Region: q.Get("region")}
	var err error
	if m.Regions, err = h.regionOptions(r.Context()); err != nil {
		return err
	}
	f, err := ParseFilter(m.From, m.To, m.Region, h.svc.today())
	if err != nil {
		fields, ok := web.FieldErrors(err)
		if !ok {
			return err
		}
		m.Errors = fields
		return h.rd.HTML(w, r, http.StatusBadRequest, "sitestats/report", m)
	}
	rep, err := h.svc.Report(r.Context(), f)
	if err != nil {
		return err
	}
	m.From, m.To, m.Rep, m.Chart = f.From.String(), f.To.String(), &rep, DailyChart(rep.Days)
	m.ExportURL = "/sitestats/export.xlsx?" + filterQuery(f)
	m.ModuleTable, m.RegionTable = countsTable{"模块", rep.Modules}, countsTable{"区县", rep.Regions}
	m.SearchTable = searchTable{"热门搜索（前 20）", "期间内没有搜索。", rep.Searches}
	m.NoResultTable = searchTable{"无结果的搜索", "期间内没有无结果的搜索。", rep.NoResults}
	return h.rd.HTML(w, r, http.StatusOK, "sitestats/report", m)
}

func (h *HTTP) export(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := ParseFilter(q.Get("from"), q.Get("to"), q.Get("region"), h.svc.today())
	if err != nil {
		return err
	}
	rep, err := h.svc.Report(r.Context(), f)
	if err != nil {
		return err
	}
	conds, err := h.svc.Conditions(r.Context(), rep)
	if err != nil {
		return err
	}
	body, err := rep.XLSX(conds)
	if err != nil {
		return err
	}
	name := "网站服务统计_" + f.From.String() + "_" + f.To.String() + ".xlsx"
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename=\"sitestats.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "no-store")
	_, err = w.Write(body)
	return err
}

func (h *HTTP) api(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	f, err := ParseFilter(q.Get("from"), q.Get("to"), q.Get("region"), h.svc.today())
	if err != nil {
		return err
	}
	rep, err := h.svc.Report(r.Context(), f)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rep)
	return nil
}

// regionOptions are the regions the viewer may filter on; a city-wide
// viewer also gets "全部区县".
func (h *HTTP) regionOptions(ctx context.Context) ([]option, error) {
	regs, all, err := h.svc.RegionChoices(ctx)
	if err != nil {
		return nil, err
	}
	var out []option
	if all {
		out = append(out, option{"", "全部区县"})
	}
	for _, r := range regs {
		out = append(out, option{r.Code, r.Name})
	}
	return out, nil
}

func filterQuery(f Filter) string {
	v := url.Values{}
	v.Set("from", f.From.String())
	v.Set("to", f.To.String())
	if f.Region != "" {
		v.Set("region", f.Region)
	}
	return v.Encode()
}

var exampleReport = Report{From: calendar.NewDate(2026, 3, 9), To: calendar.NewDate(2026, 3, 9), SiteWide: true,
	Views: 120, Visitors: 41, Days: []DayRow{{Day: calendar.NewDate(2026, 3, 9), Views: 120, Visitors: 41}},
	Modules:   []CountRow{{Key: ModuleGuide, Label: "办事指南", Views: 80, Visitors: 30}},
	Regions:   []CountRow{{Key: "511702", Label: "通川区", Views: 50, Visitors: 12}},
	Searches:  []SearchRow{{Module: ModuleGuide, ModuleLabel: "办事指南", Term: "施工许可", Searches: 9, WithResults: 9}},
	NoResults: []SearchRow{{Module: ModuleGuide, ModuleLabel: "办事指南", Term: "排污许可", Searches: 3, NoResults: 3}},
	Items: []ItemRow{{Code: "11-0001-00", Name: "建设工程规划许可证核发", Views: 25, Viewers: 10, Conversions: 2,
		Rate: 0.2}}}

// today is the current day in Asia/Shanghai.
func (s *Service) today() calendar.Date { return calendar.DateOf(s.now()) }
