package indicator

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// definitionList is the body of GET /api/v1/indicators.
type definitionList struct {
	Items []Definition `json:"items"`
}

// seriesBody is the body of GET /api/v1/indicators/{code}/series.
type seriesBody struct {
	Code       string  `json:"code"`
	RegionCode string  `json:"region_code"`
	Period     string  `json:"period"`
	Dim        string  `json:"dim"`
	Points     []Point `json:"points"`
}

const tag = "指标监测"

var exampleDef = Definition{Code: OverdueRate, Name: "逾期率", Group: GroupEfficiency, GroupLabel: "审批效率", Kind: KindRate,
	Formula: "已用工作日超过时限的办结办件 ÷ 办结办件（按办结日）", NumeratorLabel: "逾期办结", DenominatorLabel: "办结办件",
	Unit: "%", Target: ptr(5), Tolerance: 3, Direction: Down, Source: srcCases, Official: true, Weight: 2, Enabled: true}

var periodQuery = map[string]string{"period": "day | week | month | quarter | year（默认 month）",
	"start": "周期内任一日期 YYYY-MM-DD（默认今天）", "region": "区县编码；all 表示全市汇总（仅市级用户）"}

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, admin := access.Need(access.IndicatorView), access.Need(access.IndicatorAdmin)
	rt.API("GET /api/v1/indicators", view, web.APIDoc{Tag: tag, Summary: "指标定义列表",
		Response: definitionList{Items: []Definition{exampleDef}}}, h.apiList)
	rt.API("GET /api/v1/indicators/matrix", view, web.APIDoc{Tag: tag, Summary: "区县 × 指标矩阵、综合得分和排名",
		Description: "县级用户只看到本区县；市级用户看到全市汇总（region_code = all）和全部区县。", Query: periodQuery,
		Response: Matrix{}}, h.apiMatrix)
	rt.API("GET /api/v1/indicators/{code}", view, web.APIDoc{Tag: tag, Summary: "查询指标定义", Response: exampleDef}, h.apiGet)
	rt.API("GET /api/v1/indicators/{code}/series", view, web.APIDoc{Tag: tag, Summary: "指标时间序列",
		Description: "from 至 to 之间每个周期一个点；没有数据的周期 value 为 null。",
		Query: map[string]string{"region": "区县编码或 all", "period": "day | week | month | quarter | year",
			"from": "YYYY-MM-DD", "to": "YYYY-MM-DD", "dim": "分项（流程类型或阶段），默认合计"},
		Response: seriesBody{Code: OverdueRate, RegionCode: "511702", Period: Month, Points: []Point{}}}, h.apiSeries)
	rt.API("GET /api/v1/indicators/{code}/drill", view, web.APIDoc{Tag: tag, Summary: "指标明细（下钻）",
		Description: "按与指标值相同的口径重新计算出的记录；total、numerator、denominator 与指标值一致。",
		Query: map[string]string{"region": "区县编码或 all", "period": "周期", "start": "周期内任一日期",
			"dim": "分项", "part": "all | num | miss", "limit": "每页条数，默认 100，最多 500", "offset": "跳过的条数"},
		Response: Drill{}}, h.apiDrill)
	rt.API("GET /api/v1/indicators/{code}/improve", view, web.APIDoc{Tag: tag, Summary: "提升该指标最有效的办件或记录",
		Query: map[string]string{"region": "区县编码或 all"}, Response: Improvement{}}, h.apiImprove)
	rt.API("PUT /api/v1/indicators/{code}", admin, web.APIDoc{Tag: tag, Summary: "修改指标定义（目标、权重、口径说明）",
		Description: "仅市级运维人员。", Request: InputOf(exampleDef), Response: exampleDef}, h.apiUpdate)
	rt.API("POST /api/v1/indicators/recompute", admin, web.APIDoc{Tag: tag, Summary: "重新计算全部指标",
		Description: "仅市级运维人员；同步执行，数据量大时耗时较长。", Status: http.StatusNoContent}, h.apiRecompute)
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	defs, err := h.svc.Definitions(r.Context())
	if err != nil {
		return err
	}
	if defs == nil {
		defs = []Definition{}
	}
	web.WriteJSON(w, http.StatusOK, definitionList{Items: defs})
	return nil
}

func (h *HTTP) apiMatrix(w http.ResponseWriter, r *http.Request) error {
	p, start, err := ParsePeriod(r.URL.Query().Get("period"), r.URL.Query().Get("start"), h.svc.today())
	if err != nil {
		return err
	}
	m, err := h.svc.Matrix(r.Context(), p, start)
	return write(w, m, err)
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.Definition(r.Context(), r.PathValue("code"))
	return write(w, d, err)
}

func (h *HTTP) apiSeries(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	from, err1 := calendar.ParseDate(q.Get("from"))
	to, err2 := calendar.ParseDate(q.Get("to"))
	if err1 != nil || err2 != nil {
		return errs.FieldErrors(map[string]string{"from": "请给出起止日期 from、to（YYYY-MM-DD）。"})
	}
	b := seriesBody{Code: r.PathValue("code"), RegionCode: q.Get("region"), Period: q.Get("period"), Dim: q.Get("dim")}
	var err error
	if b.RegionCode, err = h.regionOr(r, b.RegionCode); err != nil {
		return err
	}
	b.Points, err = h.svc.ViewSeries(r.Context(), b.Code, b.RegionCode, b.Period, b.Dim, from, to)
	return write(w, b, err)
}

func (h *HTTP) apiDrill(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	p, start, err := ParsePeriod(q.Get("period"), q.Get("start"), h.svc.today())
	if err != nil {
		return err
	}
	region, err := h.regionOr(r, q.Get("region"))
	if err != nil {
		return err
	}
	d, err := h.svc.Drill(r.Context(), DrillQuery{Code: r.PathValue("code"), Region: region, Period: p,
		Start: start, Dim: q.Get("dim"), Part: q.Get("part"), Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if d.Items == nil {
		d.Items = []Figure{}
	}
	return write(w, d, err)
}

func (h *HTTP) apiImprove(w http.ResponseWriter, r *http.Request) error {
	region, err := h.regionOr(r, r.URL.Query().Get("region"))
	if err != nil {
		return err
	}
	im, err := h.svc.Improve(r.Context(), r.PathValue("code"), region, 50)
	if im.Items == nil {
		im.Items = []Suggestion{}
	}
	return write(w, im, err)
}

func (h *HTTP) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	var in DefinitionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	d, err := h.svc.UpdateDefinition(r.Context(), r.PathValue("code"), in)
	return write(w, d, err)
}

func (h *HTTP) apiRecompute(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.RecomputeNow(r.Context()); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// write answers with v, or passes err to the responder.
func write(w http.ResponseWriter, v any, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, v)
	return nil
}
