package indicator

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// trendPeriods is how many periods the indicator page's trend shows.
const trendPeriods = 12

// indicatorPage is the model of indicator/indicator.
type indicatorPage struct {
	web.Page
	Def       Definition
	Region    string
	Regions   []RegionChoice
	Period    string
	Day       string
	Periods   []option
	Trend     []TrendRow
	Chart     template.HTML
	ByRegion  []RegionValue
	Breakdown []DimValue
	Label     string
	CanAdmin  bool
}

// TrendRow is one line of the trend's table alternative.
type TrendRow struct {
	Label      string
	Point      Point
	Status     string
	StatusText string
	DrillURL   string
}

func (h *HTTP) indicator(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	def, err := h.svc.Definition(ctx, r.PathValue("code"))
	if err != nil {
		return err
	}
	m := &indicatorPage{Page: web.Page{Title: def.Name, Crumbs: []web.Crumb{crumbHome, crumbConsole, {Label: def.Name}}},
		Def: def, Periods: periodOptions(), CanAdmin: access.From(ctx).Can(access.IndicatorAdmin)}
	if m.Regions, err = h.svc.VisibleRegions(ctx); err != nil {
		return err
	}
	m.Region = q.Get("region")
	if m.Region == "" && len(m.Regions) > 0 {
		m.Region = m.Regions[0].Code
	}
	p, start, err := ParsePeriod(q.Get("period"), q.Get("start"), h.svc.today())
	if err != nil {
		return err
	}
	m.Period, m.Day, m.Label = p, start.String(), Label(p, start)
	if err := h.fillTrend(r, m, start); err != nil {
		return err
	}
	if m.Breakdown, err = h.svc.Breakdown(ctx, def.Code, m.Region, p, start); err != nil {
		return err
	}
	mx, err := h.svc.Matrix(ctx, p, start)
	if err != nil {
		return err
	}
	m.ByRegion = column(mx, def.Code)
	return h.rd.HTML(w, r, http.StatusOK, "indicator/indicator", m)
}

// fillTrend reads the last trendPeriods periods up to start and draws them.
func (h *HTTP) fillTrend(r *http.Request, m *indicatorPage, start calendar.Date) error {
	last := start
	first := last
	for range trendPeriods - 1 {
		first = Prev(m.Period, first)
	}
	pts, err := h.svc.ViewSeries(r.Context(), m.Def.Code, m.Region, m.Period, "", first, last)
	if err != nil {
		return err
	}
	chart := make([]TrendPoint, len(pts))
	for i, p := range pts {
		label := Label(m.Period, p.Start)
		chart[i] = TrendPoint{Label: label, Value: p.Value}
		m.Trend = append(m.Trend, TrendRow{Label: label, Point: p, Status: m.Def.Judge(p.Value),
			StatusText: StatusLabel(m.Def.Judge(p.Value)),
			DrillURL:   cellURL(m.Def.Code, m.Region, m.Period, p.Start)})
	}
	m.Chart = TrendSVG("trend-"+m.Def.Code, m.Def.Name+"趋势（"+regionName(m.Regions, m.Region)+"）", m.Def.Unit, chart,
		m.Def.Target)
	return nil
}

// column picks one indicator's cells out of a matrix.
func column(mx Matrix, code string) []RegionValue {
	for i, d := range mx.Indicators {
		if d.Code == code {
			out := make([]RegionValue, 0, len(mx.Rows))
			for _, row := range mx.Rows {
				out = append(out, row.Cells[i])
			}
			return out
		}
	}
	return nil
}

func regionName(rs []RegionChoice, code string) string {
	for _, r := range rs {
		if r.Code == code {
			return r.Name
		}
	}
	return code
}

// drillPage is the model of indicator/drill.
type drillPage struct {
	web.Page
	Drill      Drill
	RegionName string
	Label      string
	Parts      []option
	PageNo     int
	Pages      int
	PrevURL    string
	NextURL    string
}

const drillPerPage = 100

func (h *HTTP) drill(w http.ResponseWriter, r *http.Request) error {
	ctx, q := r.Context(), r.URL.Query()
	p, start, err := ParsePeriod(q.Get("period"), q.Get("start"), h.svc.today())
	if err != nil {
		return err
	}
	pageNo := max(atoi(q.Get("page")), 1)
	region, err := h.regionOr(r, q.Get("region"))
	if err != nil {
		return err
	}
	d, err := h.svc.Drill(ctx, DrillQuery{Code: r.PathValue("code"), Region: region, Period: p,
		Start: start, Dim: q.Get("dim"), Part: q.Get("part"), Limit: drillPerPage, Offset: (pageNo - 1) * drillPerPage})
	if err != nil {
		return err
	}
	regions, err := h.svc.VisibleRegions(ctx)
	if err != nil {
		return err
	}
	m := &drillPage{Page: web.Page{Title: d.Definition.Name + " 明细", Crumbs: []web.Crumb{crumbHome, crumbConsole,
		{Label: d.Definition.Name, URL: "/indicators/" + url.PathEscape(d.Definition.Code)}, {Label: "明细"}}},
		Drill: d, RegionName: regionName(regions, d.RegionCode), Label: Label(p, start), PageNo: pageNo,
		Parts: []option{{"all", "分母中的全部记录"}, {"num", "计入分子的记录"}, {"miss", "未计入分子的记录"}}}
	m.Pages = max((d.Total+drillPerPage-1)/drillPerPage, 1)
	v := r.URL.Query()
	if pageNo > 1 {
		v.Set("page", itoa(pageNo-1))
		m.PrevURL = r.URL.Path + "?" + v.Encode()
	}
	if pageNo < m.Pages {
		v.Set("page", itoa(pageNo+1))
		m.NextURL = r.URL.Path + "?" + v.Encode()
	}
	return h.rd.HTML(w, r, http.StatusOK, "indicator/drill", m)
}

// improvePage is the model of indicator/improve.
type improvePage struct {
	web.Page
	Improvement Improvement
	Region      string
	Regions     []RegionChoice
}

func (h *HTTP) improve(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	regions, err := h.svc.VisibleRegions(ctx)
	if err != nil {
		return err
	}
	region := r.URL.Query().Get("region")
	if region == "" && len(regions) > 0 {
		region = regions[0].Code
	}
	im, err := h.svc.Improve(ctx, r.PathValue("code"), region, 50)
	if err != nil {
		return err
	}
	m := &improvePage{Page: web.Page{Title: "如何提高" + im.Definition.Name, Crumbs: []web.Crumb{crumbHome, crumbConsole,
		{Label: im.Definition.Name, URL: "/indicators/" + url.PathEscape(im.Definition.Code)}, {Label: "改进建议"}}},
		Improvement: im, Region: region, Regions: regions}
	return h.rd.HTML(w, r, http.StatusOK, "indicator/improve", m)
}

func itoa(n int) string { return strconv.Itoa(n) }
