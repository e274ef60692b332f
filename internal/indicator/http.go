package indicator

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("indicator", indicator.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the monitoring console and the API. Handlers parse, call one
// use case and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "indicator".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /indicators                  region × indicator matrix (IndicatorView)
//	GET  /indicators/admin            registry list (IndicatorAdmin)
//	POST /indicators/recompute        full recompute now (IndicatorAdmin; service: city-wide)
//	GET  /indicators/{code}           one indicator: definition, trend, regions, breakdown (IndicatorView)
//	GET  /indicators/{code}/drill     records behind a value (IndicatorView)
//	GET  /indicators/{code}/improve   what would raise it most (IndicatorView)
//	GET  /indicators/{code}/edit      edit form (IndicatorAdmin)
//	POST /indicators/{code}/edit      save (IndicatorAdmin; service: city-wide)
//	GET  /api/v1/indicators, /api/v1/indicators/matrix, /api/v1/indicators/{code},
//	     /api/v1/indicators/{code}/series, …/drill, …/improve             (IndicatorView)
//	PUT  /api/v1/indicators/{code}, POST /api/v1/indicators/recompute     (IndicatorAdmin)
func (h *HTTP) Routes(rt *web.Router) {
	view, admin := access.Need(access.IndicatorView), access.Need(access.IndicatorAdmin)
	rt.Handle("GET /indicators", view, h.matrix)
	rt.Handle("GET /indicators/admin", admin, h.adminList)
	rt.Handle("POST /indicators/recompute", admin, h.recompute)
	rt.Handle("GET /indicators/{code}", view, h.indicator)
	rt.Handle("GET /indicators/{code}/drill", view, h.drill)
	rt.Handle("GET /indicators/{code}/improve", view, h.improve)
	rt.Handle("GET /indicators/{code}/edit", admin, h.editForm)
	rt.Handle("POST /indicators/{code}/edit", admin, h.edit)
	h.apiRoutes(rt)
}

var crumbHome = web.Crumb{Label: "首页", URL: "/"}
var crumbConsole = web.Crumb{Label: "指标监测", URL: "/indicators"}

// option is one choice of a select.
type option struct{ Value, Label string }

func periodOptions() []option {
	out := make([]option, len(Periods))
	for i, p := range Periods {
		out[i] = option{p, PeriodLabel(p)}
	}
	return out
}

// matrixPage is the model of indicator/matrix.
type matrixPage struct {
	web.Page
	Matrix   Matrix
	Rows     []viewRow
	PLabel   string
	Period   string
	Day      string
	Periods  []option
	PrevURL  string
	NextURL  string
	CanAdmin bool
	Errors   map[string]string
}

func (h *HTTP) matrix(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &matrixPage{Page: web.Page{Title: "指标监测", Crumbs: []web.Crumb{crumbHome, {Label: "指标监测"}}},
		Periods: periodOptions(), CanAdmin: access.From(r.Context()).Can(access.IndicatorAdmin)}
	p, start, err := ParsePeriod(q.Get("period"), q.Get("start"), h.svc.today())
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		p, start = Month, StartOf(Month, h.svc.today())
	} else if err != nil {
		return err
	}
	m.Period, m.Day = p, start.String()
	if m.Matrix, err = h.svc.Matrix(r.Context(), p, start); err != nil {
		return err
	}
	m.PrevURL, m.NextURL = matrixURL(p, Prev(p, start)), matrixURL(p, Next(p, start))
	m.Rows, m.PLabel = viewRows(m.Matrix), PeriodLabel(p)
	return h.rd.HTML(w, r, http.StatusOK, "indicator/matrix", m)
}

// viewRow and viewCell are a matrix line and cell ready to print.
type viewRow struct {
	Name  string
	Score *float64
	Rank  int
	Cells []viewCell
}

// ScoreText is the composite score with one decimal, "" when there is none.
func (r viewRow) ScoreText() string {
	if r.Score == nil {
		return ""
	}
	return strconv.FormatFloat(*r.Score, 'f', 1, 64)
}

type viewCell struct {
	Text, Status, StatusText, URL, Label string
}

func viewRows(mx Matrix) []viewRow {
	out := make([]viewRow, 0, len(mx.Rows))
	for _, row := range mx.Rows {
		vr := viewRow{Name: row.RegionName, Score: row.Score, Rank: row.Rank}
		for i, c := range row.Cells {
			d := mx.Indicators[i]
			vr.Cells = append(vr.Cells, viewCell{Text: d.Show(c.Value), Status: c.Status, StatusText: c.StatusText(),
				URL: cellURL(d.Code, row.RegionCode, mx.Period, mx.Start), Label: row.RegionName + " " + d.Name + " 明细"})
		}
		out = append(out, vr)
	}
	return out
}

func matrixURL(p string, start calendar.Date) string {
	return "/indicators?" + url.Values{"period": {p}, "start": {start.String()}}.Encode()
}

// cellURL is the drill-down of one matrix cell.
func cellURL(code, region, period string, start calendar.Date) string {
	return "/indicators/" + url.PathEscape(code) + "/drill?" + url.Values{"region": {region}, "period": {period},
		"start": {start.String()}}.Encode()
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// regionOr returns region, or when it is empty the first region the
// viewer may see (the whole city for city-wide viewers).
func (h *HTTP) regionOr(r *http.Request, region string) (string, error) {
	if region != "" {
		return region, nil
	}
	rs, err := h.svc.VisibleRegions(r.Context())
	if err != nil || len(rs) == 0 {
		return "", err
	}
	return rs[0].Code, nil
}
