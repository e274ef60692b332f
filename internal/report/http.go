package report

import (
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("report", report.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the report pages and API. Handlers parse, call one use case
// and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "report".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /reports                          index: standard report, saved reports (ReportView)
//	GET  /reports/standard[.xlsx|.pdf]     standard report page and exports (ReportView)
//	GET  /reports/dynamic                  builder with the result (ReportView)
//	POST /reports/dynamic/export           queue an export of the builder's spec (ReportView)
//	GET  /reports/new, POST /reports       save a new report (ReportBuild)
//	GET  /reports/saved/{id}               a saved report's result and archive (ReportView; shared with the caller)
//	GET  /reports/saved/{id}/edit, POST /reports/saved/{id}, POST /reports/saved/{id}/delete (ReportBuild; owner)
//	POST /reports/saved/{id}/export        queue an export (ReportView)
//	GET  /reports/runs/{id}                a run's progress (ReportView; refreshes itself)
//	GET  /reports/runs/{id}/file           the archived xlsx (ReportView; scope covers the run)
//
// and the API of apiRoutes.
func (h *HTTP) Routes(rt *web.Router) {
	view, build := access.Need(access.ReportView), access.Need(access.ReportBuild)
	rt.Handle("GET /reports", view, h.index)
	rt.Handle("GET /reports/standard", view, h.standard)
	rt.Handle("GET /reports/standard.xlsx", view, h.standardXLSX)
	rt.Handle("GET /reports/standard.pdf", view, h.standardPDF)
	rt.Handle("GET /reports/dynamic", view, h.builder)
	rt.Handle("POST /reports/dynamic/export", view, h.exportSpec)
	rt.Handle("GET /reports/new", build, h.newDefinition)
	rt.Handle("POST /reports", build, h.create)
	rt.Handle("GET /reports/saved/{id}", view, h.showDefinition)
	rt.Handle("GET /reports/saved/{id}/edit", build, h.editDefinition)
	rt.Handle("POST /reports/saved/{id}", build, h.update)
	rt.Handle("POST /reports/saved/{id}/delete", build, h.delete)
	rt.Handle("POST /reports/saved/{id}/export", view, h.exportDefinition)
	rt.Handle("GET /reports/runs/{id}", view, h.showRun)
	rt.Handle("GET /reports/runs/{id}/file", view, h.file)
	h.apiRoutes(rt)
}

var (
	crumbHome    = web.Crumb{Label: "首页", URL: "/"}
	crumbReports = web.Crumb{Label: "统计报表", URL: "/reports"}
)

// indexPage is the model of report/index.
type indexPage struct {
	web.Page
	CanBuild    bool
	Definitions []Definition
	Shares      []Option
	Schedules   []Option
}

func (h *HTTP) index(w http.ResponseWriter, r *http.Request) error {
	m := &indexPage{Page: web.Page{Title: "统计报表", Crumbs: []web.Crumb{crumbHome, {Label: "统计报表"}}},
		CanBuild: access.From(r.Context()).Can(access.ReportBuild), Shares: Shares, Schedules: Schedules}
	var err error
	if m.Definitions, err = h.svc.Definitions(r.Context()); err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "report/index", m)
}

// standardPage is the model of report/standard.
type standardPage struct {
	web.Page
	In         StandardInput
	Breakdowns []Option
	Errors     map[string]string
	Report     *Standard
	// Query is the report's query string for the export links, encoded
	// here: as a plain string html/template would escape its "=" and "&".
	Query template.URL
}

func (h *HTTP) standard(w http.ResponseWriter, r *http.Request) error {
	in := StandardInput{Period: r.URL.Query().Get("period"), By: r.URL.Query().Get("by")}
	m := &standardPage{Page: web.Page{Title: "标准统计报表", Crumbs: []web.Crumb{crumbHome, crumbReports,
		{Label: "标准统计报表"}}}, In: in, Breakdowns: StandardBreakdowns,
		Query: template.URL(url.Values{"period": {in.Period}, "by": {in.By}}.Encode())}
	if in.Period == "" {
		m.In.Period = previousMonth(h.svc)
		return h.rd.HTML(w, r, http.StatusOK, "report/standard", m)
	}
	st, err := h.svc.Standard(r.Context(), in)
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		return h.rd.HTML(w, r, http.StatusBadRequest, "report/standard", m)
	}
	if err != nil {
		return err
	}
	m.Report = &st
	return h.rd.HTML(w, r, http.StatusOK, "report/standard", m)
}

// previousMonth is the default period of the standard report.
func previousMonth(s *Service) string {
	t := s.now().In(shanghai)
	t = t.AddDate(0, 0, -t.Day())
	return t.Format("2006-01")
}

func (h *HTTP) standardXLSX(w http.ResponseWriter, r *http.Request) error {
	return h.standardFile(w, r, "xlsx")
}

func (h *HTTP) standardPDF(w http.ResponseWriter, r *http.Request) error {
	return h.standardFile(w, r, "pdf")
}

func (h *HTTP) standardFile(w http.ResponseWriter, r *http.Request, ext string) error {
	in := StandardInput{Period: r.URL.Query().Get("period"), By: r.URL.Query().Get("by")}
	if in.Period == "" {
		return web.Redirect(w, r, "/reports/standard") // choose the period first
	}
	st, err := h.svc.Standard(r.Context(), in)
	if _, ok := web.FieldErrors(err); ok {
		return h.standard(w, r) // the form with the messages, rather than a bare error page
	}
	if err != nil {
		return err
	}
	at := h.svc.now()
	doc := st.Document(access.From(r.Context()).Name, at)
	var data []byte
	if ext == "xlsx" {
		data, err = doc.XLSX()
	} else {
		data, err = doc.PDF(at)
	}
	if err != nil {
		return err
	}
	return sendFile(w, st.Title+"."+ext, data)
}

// contentTypes of the files served.
var contentTypes = map[string]string{"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	"pdf": "application/pdf"}

// sendFile answers with an attachment named name (UTF-8, RFC 5987).
func sendFile(w http.ResponseWriter, name string, data []byte) error {
	ext := name[len(name)-3:]
	if ext == "lsx" {
		ext = "xlsx"
	}
	w.Header().Set("Content-Type", contentTypes[ext])
	w.Header().Set("Content-Disposition", `attachment; filename="report.`+ext+`"; filename*=UTF-8''`+
		url.PathEscape(name))
	w.Header().Set("Content-Length", strconv.Itoa(len(data)))
	_, err := w.Write(data)
	return err
}

// flowOptions are the flow types as options.
func flowOptions() []Option {
	var out []Option
	for _, t := range catalog.FlowTypes() {
		out = append(out, Option{strconv.Itoa(t), catalog.FlowTypeName(t)})
	}
	return out
}

// stageOptions are the four stages and the auxiliary line.
func stageOptions() []Option {
	out := []Option{}
	for st := 1; st <= 4; st++ {
		out = append(out, Option{strconv.Itoa(st), catalog.StageName(st)})
	}
	return append(out, Option{"0", "辅线"})
}
