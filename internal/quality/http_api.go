package quality

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

type ruleList struct {
	Items []Rule `json:"items"`
}

type runList struct {
	Items []Run `json:"items"`
}

type resultDetail struct {
	Result   Result    `json:"result"`
	Failures []Failure `json:"failures" doc:"保存的不合格记录（每条规则最多 500 条），限于调用方可见的区县"`
}

type rateList struct {
	Items []Rate `json:"items"`
}

type taskList struct {
	Items []Task `json:"items"`
	Count int    `json:"count" doc:"符合条件的总数"`
}

var exampleTask = Task{ID: 3, RuleID: 2, RuleCode: "project_credit_code", RuleName: "项目单位统一社会信用代码校验",
	Dimension: Validity, RecordType: "project", RecordID: "12", RegionCode: "511702", OrgUnitID: 14,
	OrgUnitName: "通川区工程建设项目综合窗口", Explanation: "项目“川东智慧物流仓储中心”（2026-511702-59-03-900101）：项目单位的统一社会信用代码校验位不正确。",
	Link: "/projects/12/edit", OpenedRun: 5, LastRun: 5}

// apiRoutes registers the API:
//
//	GET  /api/v1/quality/rules, /runs, /runs/{id}, /results/{id}, /rates, /tasks   (QualityView)
//	PUT  /api/v1/quality/rules/{id}, POST /api/v1/quality/runs                     (QualityAdmin)
//	GET  /api/v1/quality/my-tasks; POST /api/v1/quality/tasks/{id}/close           (QualityFix)
//	GET  /api/v1/quality/tasks/{id}   (signed in; service: QualityView in its region or QualityFix of its unit)
func (h *HTTP) apiRoutes(rt *web.Router) {
	view, admin, fix := access.Need(access.QualityView), access.Need(access.QualityAdmin), access.Need(access.QualityFix)
	tag := "数据治理"
	rt.API("GET /api/v1/quality/rules", view, web.APIDoc{Tag: tag, Summary: "质量规则列表（含查询语句）",
		Response: ruleList{Items: []Rule{}}}, h.apiRules)
	rt.API("PUT /api/v1/quality/rules/{id}", admin, web.APIDoc{Tag: tag, Summary: "修改质量规则",
		Description: "rate 类阈值为万分比（100 = 1%）；params 为 JSON 对象文本。",
		Request:     RuleInput{Name: "项目代码格式与行政区划", Severity: "high", ThresholdKind: ThresholdCount, Responsible: RespRegionWindow, Params: "{}", Active: true},
		Response:    Rule{}}, h.apiUpdateRule)
	rt.API("GET /api/v1/quality/runs", view, web.APIDoc{Tag: tag, Summary: "最近的检查运行",
		Query: map[string]string{"limit": "条数，1–100，默认 20"}, Response: runList{Items: []Run{}}}, h.apiRuns)
	rt.API("POST /api/v1/quality/runs", admin, web.APIDoc{Tag: tag, Summary: "立即运行全部启用的规则",
		Response: Run{}, Status: http.StatusCreated}, h.apiRunNow)
	rt.API("GET /api/v1/quality/runs/{id}", view, web.APIDoc{Tag: tag, Summary: "一次运行的各规则结果",
		Description: "区县用户看到的检查数和不合格数仅限本区县。", Response: Run{}}, h.apiRun)
	rt.API("GET /api/v1/quality/results/{id}", view, web.APIDoc{Tag: tag, Summary: "一条规则结果的不合格记录",
		Response: resultDetail{Failures: []Failure{}}}, h.apiResult)
	rt.API("GET /api/v1/quality/rates", view, web.APIDoc{Tag: tag, Summary: "数据质量合格率（按日、区县、维度）",
		Description: "每天取当天最后一次完成的运行。合格率 = (检查数 − 不合格数) ÷ 检查数。",
		Query: map[string]string{"from": "起始日期 YYYY-MM-DD（默认 30 天前）", "to": "截止日期（默认今天）",
			"region": "区县编码", "by": "table：再按数据表分组"}, Response: rateList{Items: []Rate{}}}, h.apiRates)
	rt.API("GET /api/v1/quality/tasks", view, web.APIDoc{Tag: tag, Summary: "治理任务（本人可见区县）",
		Query: map[string]string{"state": "open | closed | all", "region": "区县编码", "rule": "规则代码",
			"dimension": "维度", "limit": "默认 50，最多 200", "offset": "跳过的条数"},
		Response: taskList{Items: []Task{exampleTask}, Count: 1}}, h.apiTasks(false))
	rt.API("GET /api/v1/quality/my-tasks", fix, web.APIDoc{Tag: tag, Summary: "本单位的治理任务",
		Query: map[string]string{"state": "open | closed | all"}, Response: taskList{Items: []Task{exampleTask}, Count: 1}}, h.apiTasks(true))
	rt.API("GET /api/v1/quality/tasks/{id}", access.SignedIn, web.APIDoc{Tag: tag, Summary: "查询治理任务",
		Response: exampleTask}, h.apiTask)
	rt.API("POST /api/v1/quality/tasks/{id}/close", fix, web.APIDoc{Tag: tag, Summary: "人工关闭治理任务",
		Description: "仅责任单位的工作人员可以关闭；exempt=true 表示确认为例外，此后不再对该记录生成任务。记录修正后无需关闭，下次检查自动关闭。",
		Request:     CloseInput{Reason: "经核实，该项目为历史迁移数据，代码以发改平台为准。"}, Response: exampleTask}, h.apiClose)
}

func (h *HTTP) apiRules(w http.ResponseWriter, r *http.Request) error {
	rules, err := h.svc.Rules(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, ruleList{Items: nonNil(rules)})
	return nil
}

func (h *HTTP) apiUpdateRule(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in RuleInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	rule, err := h.svc.UpdateRule(r.Context(), id, in)
	return write(w, http.StatusOK, rule, err)
}

func (h *HTTP) apiRuns(w http.ResponseWriter, r *http.Request) error {
	limit := atoi(r.URL.Query().Get("limit"))
	if limit == 0 {
		limit = 20
	}
	runs, err := h.svc.Runs(r.Context(), limit)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, runList{Items: nonNil(runs)})
	return nil
}

func (h *HTTP) apiRunNow(w http.ResponseWriter, r *http.Request) error {
	run, err := h.svc.RunNow(r.Context())
	return write(w, http.StatusCreated, run, err)
}

func (h *HTTP) apiRun(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := h.svc.RunDetail(r.Context(), id)
	return write(w, http.StatusOK, run, err)
}

func (h *HTTP) apiResult(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	res, failures, err := h.svc.ResultDetail(r.Context(), id)
	return write(w, http.StatusOK, resultDetail{Result: res, Failures: nonNil(failures)}, err)
}

func (h *HTTP) apiRates(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	today := calendar.DateOf(h.svc.now().In(beijing))
	rq := RateQuery{From: today.AddDays(-30), To: today, RegionCode: q.Get("region"), ByTable: q.Get("by") == "table"}
	for _, p := range []struct {
		name string
		d    *calendar.Date
	}{{"from", &rq.From}, {"to", &rq.To}} {
		if v := q.Get(p.name); v != "" {
			d, err := calendar.ParseDate(v)
			if err != nil {
				return errs.FieldErrors(map[string]string{p.name: "日期格式应为 YYYY-MM-DD。"})
			}
			*p.d = d
		}
	}
	rates, err := h.svc.Rates(r.Context(), rq)
	return write(w, http.StatusOK, rateList{Items: nonNil(rates)}, err)
}

func (h *HTTP) apiTasks(mine bool) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		q := r.URL.Query()
		tasks, total, err := h.svc.Tasks(r.Context(), TaskFilter{State: q.Get("state"), RegionCode: q.Get("region"),
			RuleCode: q.Get("rule"), Dimension: q.Get("dimension"), Mine: mine, Limit: atoi(q.Get("limit")),
			Offset: atoi(q.Get("offset"))})
		return write(w, http.StatusOK, taskList{Items: nonNil(tasks), Count: total}, err)
	}
}

func (h *HTTP) apiTask(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Task(r.Context(), id)
	return write(w, http.StatusOK, t, err)
}

func (h *HTTP) apiClose(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in CloseInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := h.svc.CloseTask(r.Context(), id, in)
	return write(w, http.StatusOK, t, err)
}

// write answers with v, or passes err to the responder.
func write(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, v)
	return nil
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
