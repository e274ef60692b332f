package exchange

import (
	"embed"
	"errors"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("exchange", exchange.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the exchange pages and API; the service authorises.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "exchange".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers, all behind access.ExchangeAdmin:
//
//	GET  /exchange                          the queue: counts, failures, re-push
//	POST /exchange/records/{id}/repush      re-push one record
//	POST /exchange/repush                   re-push every failed or rejected record
//	GET  /exchange/imports                  the inbound import form and its reports
//	POST /exchange/imports                  import a CSV or JSON file
//	GET  /exchange/imports/{id}             one import report
//	GET  /api/v1/exchange/summary, /api/v1/exchange/records, /api/v1/exchange/records/{id},
//	     /api/v1/exchange/imports, /api/v1/exchange/imports/{id}
//	POST /api/v1/exchange/records/{id}/repush, /api/v1/exchange/repush, /api/v1/exchange/imports
func (h *HTTP) Routes(rt *web.Router) {
	g := access.Need(access.ExchangeAdmin)
	rt.Handle("GET /exchange", g, h.index)
	rt.Handle("POST /exchange/records/{id}/repush", g, h.repush)
	rt.Handle("POST /exchange/repush", g, h.repushAll)
	rt.Handle("GET /exchange/imports", g, h.imports)
	rt.Handle("POST /exchange/imports", g, h.importFile)
	rt.Handle("GET /exchange/imports/{id}", g, h.importReport)
	h.apiRoutes(rt)
}

var crumbHome = web.Crumb{Label: "首页", URL: "/"}
var crumbExchange = web.Crumb{Label: "数据交换", URL: "/exchange"}

// option is one choice of a select.
type option struct{ Value, Label string }

var stateOptions = []option{{"failed", "发送失败和被拒收"}, {"0", "待上报"}, {"1", "已发送"}, {"3", "已接收"},
	{"", "全部"}}

const perPage = 50

// indexPage is the model of exchange/index.
type indexPage struct {
	web.Page
	Summary       Summary
	State, Table  string
	States        []option
	Tables        []option
	Records       []Queued
	Total         int
	PageNo, Pages int
	PrevURL       string
	NextURL       string
}

func (h *HTTP) index(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &indexPage{Page: web.Page{Title: "数据交换", Crumbs: []web.Crumb{crumbHome, {Label: "数据交换"}}},
		State: "failed", Table: q.Get("table"), States: stateOptions, PageNo: max(atoi(q.Get("page")), 1)}
	if q.Has("state") {
		m.State = q.Get("state")
	}
	m.Tables = []option{{"", "全部数据表"}}
	for _, t := range Tables {
		m.Tables = append(m.Tables, option{t, TableLabel(t) + "（" + t + "）"})
	}
	var err error
	if m.Summary, err = h.svc.Summary(r.Context()); err != nil {
		return err
	}
	m.Records, m.Total, err = h.svc.Records(r.Context(), Filter{State: m.State, Table: m.Table, Limit: perPage,
		Offset: (m.PageNo - 1) * perPage})
	if err != nil {
		return err
	}
	m.Pages = max((m.Total+perPage-1)/perPage, 1)
	if m.PageNo > 1 {
		m.PrevURL = indexURL(m.State, m.Table, m.PageNo-1)
	}
	if m.PageNo < m.Pages {
		m.NextURL = indexURL(m.State, m.Table, m.PageNo+1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "exchange/index", m)
}

func indexURL(state, table string, page int) string {
	v := url.Values{}
	v.Set("state", state)
	if table != "" {
		v.Set("table", table)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/exchange?" + v.Encode()
}

func (h *HTTP) repush(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	q, err := h.svc.Repush(r.Context(), id)
	if err != nil {
		return err
	}
	web.SetFlash(w, "流水号 "+strconv.FormatInt(q.ID, 10)+" 的"+q.TableLabel+"记录已重新放入上报队列，下一次上报时发送。")
	return web.Redirect(w, r, "/exchange")
}

func (h *HTTP) repushAll(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.RepushAll(r.Context())
	if err != nil {
		return err
	}
	msg := "没有需要重新推送的记录。"
	if n > 0 {
		msg = "已将 " + strconv.Itoa(n) + " 条发送失败或被拒收的记录重新放入上报队列。"
	}
	web.SetFlash(w, msg)
	return web.Redirect(w, r, "/exchange")
}

// importsPage is the model of exchange/imports.
type importsPage struct {
	web.Page
	Errors   map[string]string
	Format   string
	FileName string
	Reports  []ImportReport
}

func (h *HTTP) imports(w http.ResponseWriter, r *http.Request) error {
	return h.renderImports(w, r, http.StatusOK, nil, "", "")
}

func (h *HTTP) renderImports(w http.ResponseWriter, r *http.Request, status int, fields map[string]string,
	format, fileName string) error {
	reports, err := h.svc.Imports(r.Context(), 20)
	if err != nil {
		return err
	}
	m := &importsPage{Page: web.Page{Title: "项目代码导入", Crumbs: []web.Crumb{crumbHome, crumbExchange,
		{Label: "项目代码导入"}}}, Errors: fields, Format: format, FileName: fileName, Reports: reports}
	return h.rd.HTML(w, r, status, "exchange/imports", m)
}

// maxImportBytes bounds an uploaded file.
const maxImportBytes = 8 << 20

func (h *HTTP) importFile(w http.ResponseWriter, r *http.Request) error {
	in, err := readUpload(r)
	if err == nil {
		var rep ImportReport
		if rep, err = h.svc.Import(r.Context(), in); err == nil {
			web.SetFlash(w, "导入完成：新建 "+strconv.Itoa(rep.Created)+"，更新 "+strconv.Itoa(rep.Updated)+
				"，无变化 "+strconv.Itoa(rep.Unchanged)+"，拒绝 "+strconv.Itoa(rep.Rejected)+"。")
			return web.Redirect(w, r, "/exchange/imports/"+strconv.FormatInt(rep.ID, 10))
		}
	}
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderImports(w, r, web.StatusOf(err), fields, in.Format, in.FileName)
	}
	return err
}

// readUpload reads the chosen file; the format is the one chosen, or else
// the file's extension.
func readUpload(r *http.Request) (ImportInput, error) {
	in := ImportInput{Source: "file"}
	perr := r.ParseMultipartForm(maxImportBytes)
	in.Format = web.FormValue(r, "format")
	if perr != nil && !errors.Is(perr, http.ErrNotMultipart) {
		return in, importError("上传的文件无法读取或超过 8 MB，请重新选择。")
	}
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return in, importError("请选择要导入的 CSV 或 JSON 文件。")
	}
	defer file.Close()
	in.FileName = hdr.Filename
	if in.Format == "" {
		in.Format = strings.TrimPrefix(strings.ToLower(path.Ext(hdr.Filename)), ".")
	}
	if in.Format != "csv" && in.Format != "json" {
		return in, errs.FieldErrors(map[string]string{"format": "请选择文件格式（CSV 或 JSON），或使用扩展名为 .csv、.json 的文件。"})
	}
	if in.Data, err = io.ReadAll(io.LimitReader(file, maxImportBytes+1)); err != nil || len(in.Data) > maxImportBytes {
		return in, importError("文件超过 8 MB 或无法读取，请分批导入。")
	}
	return in, nil
}

// reportPage is the model of exchange/import.
type reportPage struct {
	web.Page
	Report ImportReport
}

func (h *HTTP) importReport(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rep, err := h.svc.ImportReportByID(r.Context(), id)
	if err != nil {
		return err
	}
	title := "导入报告 #" + strconv.FormatInt(rep.ID, 10)
	m := &reportPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbExchange,
		{Label: "项目代码导入", URL: "/exchange/imports"}, {Label: title}}}, Report: rep}
	return h.rd.HTML(w, r, http.StatusOK, "exchange/import", m)
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
