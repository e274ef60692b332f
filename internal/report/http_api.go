package report

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// definitionView is the body of GET /api/v1/reports/saved/{id}.
type definitionView struct {
	Definition Definition `json:"definition"`
	Result     Result     `json:"result"`
}

// list bodies.
type (
	definitionList struct {
		Items []Definition `json:"items"`
	}
	runList struct {
		Items []Run `json:"items"`
	}
)

var exampleSpec = Spec{Rows: []string{DimRegion}, Measures: []string{"accepted", "concluded", "ontime_rate"},
	Period: PeriodMonth, From: "2026-03-01", To: "2026-03-31", Subtotals: true,
	Derived: []DerivedCol{{DerivedYoY, "accepted"}, {DerivedRank, "ontime_rate"}}}

var exampleInput = DefinitionInput{Name: "各区县月度办件", Spec: exampleSpec, Share: ShareCity,
	Schedule: ScheduleMonthly}

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, build := access.Need(access.ReportView), access.Need(access.ReportBuild)
	tag := "统计报表"
	rt.API("GET /api/v1/reports/standard", view, web.APIDoc{Tag: tag, Summary: "标准统计报表（月报、季报）",
		Description: "按区县列出受理、办结、按时办结、逾期件数，按时办结率，平均用时，同比、环比和排名，含合计与小计。区县用户只看到本区县。",
		Query:       map[string]string{"period": "2026-03 或 2026-Q1", "by": "flow_type | stage | dept（可空）"},
		Response:    Standard{}}, h.apiStandard)
	rt.API("POST /api/v1/reports/pivot", view, web.APIDoc{Tag: tag, Summary: "计算动态报表",
		Description: "维度、指标和筛选只能取白名单中的值；区县用户的数据范围在服务端强制限定，筛选其他区县返回 403。",
		Request:     exampleSpec, Response: Result{}}, h.apiPivot)
	rt.API("GET /api/v1/reports/saved", view, web.APIDoc{Tag: tag, Summary: "可见的已保存报表",
		Response: definitionList{Items: []Definition{}}}, h.apiList)
	rt.API("POST /api/v1/reports/saved", build, web.APIDoc{Tag: tag, Summary: "保存动态报表",
		Request: exampleInput, Response: Definition{}, Status: http.StatusCreated}, h.apiCreate)
	rt.API("GET /api/v1/reports/saved/{id}", view, web.APIDoc{Tag: tag, Summary: "已保存报表及其结果",
		Description: "结果按调用者本人的数据范围计算。未共享给调用者的报表返回 404。",
		Response:    definitionView{}}, h.apiGet)
	rt.API("POST /api/v1/reports/saved/{id}", build, web.APIDoc{Tag: tag, Summary: "修改已保存报表（仅创建人）",
		Request: exampleInput, Response: Definition{}}, h.apiUpdate)
	rt.API("DELETE /api/v1/reports/saved/{id}", build, web.APIDoc{Tag: tag, Summary: "删除已保存报表（仅创建人）",
		Status: http.StatusNoContent}, h.apiDelete)
	rt.API("POST /api/v1/reports/saved/{id}/runs", view, web.APIDoc{Tag: tag, Summary: "导出已保存报表（后台生成 Excel）",
		Response: Run{}, Status: http.StatusAccepted}, h.apiExport)
	rt.API("GET /api/v1/reports/saved/{id}/runs", view, web.APIDoc{Tag: tag, Summary: "报表的生成记录与归档文件",
		Response: runList{Items: []Run{}}}, h.apiRuns)
	rt.API("GET /api/v1/reports/runs/{id}", view, web.APIDoc{Tag: tag, Summary: "生成进度",
		Response: Run{}}, h.apiRun)
	rt.API("GET /api/v1/reports/runs/{id}/file", view, web.APIDoc{Tag: tag, Summary: "下载归档的 Excel 文件",
		Description: "调用者的数据范围须包含该文件的数据范围，否则返回 404。"}, h.file)
}

func (h *HTTP) apiStandard(w http.ResponseWriter, r *http.Request) error {
	st, err := h.svc.Standard(r.Context(), StandardInput{Period: r.URL.Query().Get("period"), By: r.URL.Query().Get("by")})
	return writeJSON(w, http.StatusOK, st, err)
}

func (h *HTTP) apiPivot(w http.ResponseWriter, r *http.Request) error {
	var s Spec
	if err := web.DecodeJSON(r, &s); err != nil {
		return err
	}
	res, err := h.svc.Pivot(r.Context(), s)
	return writeJSON(w, http.StatusOK, res, err)
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	ds, err := h.svc.Definitions(r.Context())
	if ds == nil {
		ds = []Definition{}
	}
	return writeJSON(w, http.StatusOK, definitionList{Items: ds}, err)
}

func (h *HTTP) apiCreate(w http.ResponseWriter, r *http.Request) error {
	var in DefinitionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	d, err := h.svc.Save(r.Context(), 0, in)
	return writeJSON(w, http.StatusCreated, d, err)
}

func (h *HTTP) apiUpdate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in DefinitionInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	d, err := h.svc.Save(r.Context(), id, in)
	return writeJSON(w, http.StatusOK, d, err)
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, res, err := h.svc.View(r.Context(), id)
	return writeJSON(w, http.StatusOK, definitionView{Definition: d, Result: res}, err)
}

func (h *HTTP) apiDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.Delete(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *HTTP) apiExport(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := h.svc.Export(r.Context(), id)
	return writeJSON(w, http.StatusAccepted, run, err)
}

func (h *HTTP) apiRuns(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	runs, err := h.svc.Runs(r.Context(), id)
	if runs == nil {
		runs = []Run{}
	}
	return writeJSON(w, http.StatusOK, runList{Items: runs}, err)
}

func (h *HTTP) apiRun(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := h.svc.GetRun(r.Context(), id)
	return writeJSON(w, http.StatusOK, run, err)
}

// writeJSON answers with v, or passes err to the responder.
func writeJSON(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, v)
	return nil
}
