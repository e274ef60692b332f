package quality

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("quality", quality.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the 数据治理 pages and API. Handlers parse, call one use case
// and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "quality".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /quality                      overview: latest results, rates, trend, open tasks per region (QualityView)
//	GET  /quality/runs/{id}            one run's results (QualityView)
//	POST /quality/runs                 run every rule now (QualityAdmin)
//	GET  /quality/results/{id}         one result's failing rows (QualityView)
//	GET  /quality/rules                rules with their queries (QualityView)
//	GET  /quality/rules/{id}/edit      edit form (QualityAdmin)
//	POST /quality/rules/{id}           save (QualityAdmin)
//	GET  /quality/tasks                governance tasks of the regions in scope (QualityView)
//	GET  /quality/my-tasks             tasks of one's own org units (QualityFix)
//	GET  /quality/tasks/{id}           one task (signed in; service: QualityView in its region or QualityFix of its unit)
//	POST /quality/tasks/{id}/close     close by hand with a reason (QualityFix; service: the task's unit)
//
// and the API under /api/v1/quality (see apiRoutes).
func (h *HTTP) Routes(rt *web.Router) {
	view, admin, fix := access.Need(access.QualityView), access.Need(access.QualityAdmin), access.Need(access.QualityFix)
	rt.Handle("GET /quality", view, h.overview)
	rt.Handle("GET /quality/runs/{id}", view, h.runPage)
	rt.Handle("POST /quality/runs", admin, h.runNow)
	rt.Handle("GET /quality/results/{id}", view, h.resultPage)
	rt.Handle("GET /quality/rules", view, h.rulesPage)
	rt.Handle("GET /quality/rules/{id}/edit", admin, h.ruleForm)
	rt.Handle("POST /quality/rules/{id}", admin, h.ruleSave)
	rt.Handle("GET /quality/tasks", view, h.tasksPage)
	rt.Handle("GET /quality/my-tasks", fix, h.myTasksPage)
	rt.Handle("GET /quality/tasks/{id}", access.SignedIn, h.taskPage)
	rt.Handle("POST /quality/tasks/{id}/close", fix, h.closeTask)
	h.apiRoutes(rt)
}

var crumbHome = web.Crumb{Label: "首页", URL: "/"}
var crumbQuality = web.Crumb{Label: "数据治理", URL: "/quality"}

// overviewPage is the model of quality/overview.
type overviewPage struct {
	web.Page
	CanRun    bool
	Latest    Run
	Rates     []Rate // the latest day's, per region and dimension
	Trend     []Rate // per day and dimension over the last 14 days, regions summed
	Tasks     []RegionTasks
	Dims      []string
	HasLatest bool
}

func (h *HTTP) overview(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	m := &overviewPage{Page: web.Page{Title: "数据治理", Crumbs: []web.Crumb{crumbHome, {Label: "数据治理"}}},
		CanRun: access.From(ctx).Can(access.QualityAdmin), Dims: Dimensions}
	runs, err := h.svc.Runs(ctx, 1)
	if err != nil {
		return err
	}
	if len(runs) > 0 {
		if m.Latest, err = h.svc.RunDetail(ctx, runs[0].ID); err != nil {
			return err
		}
		m.HasLatest = true
		day, _ := calendar.ParseDate(m.Latest.Day)
		if m.Rates, err = h.svc.Rates(ctx, RateQuery{From: day, To: day}); err != nil {
			return err
		}
		rates, err := h.svc.Rates(ctx, RateQuery{From: day.AddDays(-13), To: day})
		if err != nil {
			return err
		}
		m.Trend = sumRegions(rates)
	}
	if m.Tasks, err = h.svc.OpenTaskCounts(ctx); err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "quality/overview", m)
}

// sumRegions adds up the regions of each day and dimension.
func sumRegions(rates []Rate) []Rate {
	var out []Rate
	index := map[string]int{}
	for _, r := range rates {
		key := r.Day + "|" + r.Dimension
		i, ok := index[key]
		if !ok {
			index[key] = len(out)
			out = append(out, Rate{Day: r.Day, Dimension: r.Dimension})
			i = len(out) - 1
		}
		out[i].Evaluated += r.Evaluated
		out[i].Failed += r.Failed
	}
	for i := range out {
		out[i].Rate = 1
		if out[i].Evaluated > 0 {
			out[i].Rate = float64(out[i].Evaluated-out[i].Failed) / float64(out[i].Evaluated)
		}
	}
	return out
}

func (h *HTTP) runNow(w http.ResponseWriter, r *http.Request) error {
	run, err := h.svc.RunNow(r.Context())
	if err != nil {
		return err
	}
	web.SetFlash(w, "已完成数据质量检查：通过 "+strconv.Itoa(run.Pass)+" 项，警告 "+strconv.Itoa(run.Warn)+
		" 项，不通过 "+strconv.Itoa(run.Fail)+" 项，出错 "+strconv.Itoa(run.Error)+" 项。")
	return web.Redirect(w, r, "/quality/runs/"+strconv.FormatInt(run.ID, 10))
}

// runPageModel is the model of quality/run.
type runPageModel struct {
	web.Page
	Run Run
}

func (h *HTTP) runPage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := h.svc.RunDetail(r.Context(), id)
	if err != nil {
		return err
	}
	title := "检查运行 #" + strconv.FormatInt(id, 10)
	return h.rd.HTML(w, r, http.StatusOK, "quality/run", &runPageModel{Page: web.Page{Title: title,
		Crumbs: []web.Crumb{crumbHome, crumbQuality, {Label: title}}}, Run: run})
}

// resultPageModel is the model of quality/result.
type resultPageModel struct {
	web.Page
	Result   Result
	Failures []Failure
}

func (h *HTTP) resultPage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	res, failures, err := h.svc.ResultDetail(r.Context(), id)
	if err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "quality/result", &resultPageModel{Page: web.Page{Title: res.RuleName,
		Crumbs: []web.Crumb{crumbHome, crumbQuality, {Label: "检查运行 #" + strconv.FormatInt(res.RunID, 10),
			URL: "/quality/runs/" + strconv.FormatInt(res.RunID, 10)}, {Label: res.RuleName}}},
		Result: res, Failures: failures})
}

// Pct formats a rate as a percentage with one decimal.
func (r Rate) Pct() string { return strconv.FormatFloat(r.Rate*100, 'f', 1, 64) + "%" }

// DimensionLabel is the Chinese name of the rate's dimension.
func (r Rate) DimensionLabel() string { return DimensionLabel(r.Dimension) }

// DimensionLabel is the Chinese name of the count's dimension.
func (r RegionTasks) DimensionLabel() string { return DimensionLabel(r.Dimension) }
