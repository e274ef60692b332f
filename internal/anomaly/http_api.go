package anomaly

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// alertList is the body of GET /api/v1/indicator-alerts.
type alertList struct {
	Items []Alert `json:"items"`
	Count int     `json:"count" doc:"符合条件的总数（不受 limit/offset 影响）"`
}

// ruleList is the body of GET /api/v1/indicator-rules.
type ruleList struct {
	Items []Rule `json:"items"`
}

// noteRequest is the body of the acknowledge and resolve calls.
type noteRequest struct {
	Note string `json:"note" doc:"说明，最多 500 字；解除时必填"`
}

func f64(x float64) *float64 { return &x }

var exampleAlert = Alert{ID: 3, RuleID: 2, RuleName: "逾期率稳健基线", Method: MethodBaseline, Direction: Up, Threshold: 3,
	IndicatorCode: "overdue_rate", IndicatorName: "逾期率", Unit: "%", RegionCode: "511725", RegionName: "渠县",
	State: Firing, StateLabel: "告警中", Day: calendar.NewDate(2026, 3, 12), Value: f64(12.4), Baseline: f64(3.1),
	Spread: f64(1.2), Score: f64(5.23), Sample: f64(56),
	Explanation: "渠县 逾期率 12.4 %（7/56），基线 3.1 % ± 1.2（近 20 个工作日中位数 ± MAD），偏离 5.23 倍标准差（阈值 3）",
	OpenedAt:    time.Date(2026, 3, 11, 2, 0, 0, 0, time.UTC), FiredAt: time.Date(2026, 3, 13, 2, 0, 0, 0, time.UTC),
	UpdatedAt: time.Date(2026, 3, 13, 2, 0, 0, 0, time.UTC)}

var exampleRule = Rule{ID: 2, Name: "逾期率稳健基线", IndicatorCode: "overdue_rate", IndicatorName: "逾期率", Unit: "%",
	Method: MethodBaseline, Direction: Up, Threshold: 3, MinDelta: 2, CUSUMK: 0.5, WindowDays: 20, ForN: 3, KeepN: 2,
	MinSample: 20, NoData: NoDataAlert, Enabled: true}

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, adm := access.Need(access.IndicatorView), access.Need(access.IndicatorAdmin)
	rt.API("GET /api/v1/indicator-alerts", view, web.APIDoc{Tag: "指标监测", Summary: "指标告警列表",
		Description: "区县人员只看到本区县的告警；市级角色看到全部。默认只列未结束的告警。",
		Query: map[string]string{"state": "active（未结束，默认）| firing | nodata | pending | recovering | ended | all",
			"region": "区县编码", "rule_id": "规则 id", "limit": "每页条数，默认 50，最多 200", "offset": "跳过的条数"},
		Response: alertList{Items: []Alert{exampleAlert}, Count: 1}}, h.apiList)
	rt.API("GET /api/v1/indicator-alerts/{id}", view, web.APIDoc{Tag: "指标监测", Summary: "查询告警及其状态变化记录",
		Description: "其他区县的告警返回 404。", Response: exampleAlert}, h.apiGet)
	rt.API("POST /api/v1/indicator-alerts/{id}/ack", adm, web.APIDoc{Tag: "指标监测", Summary: "确认告警",
		Description: "状态不变，记录确认人和说明；已结束或已确认的返回 409。",
		Request:     noteRequest{Note: "已联系渠县核实。"}, Response: exampleAlert}, h.apiAck)
	rt.API("POST /api/v1/indicator-alerts/{id}/resolve", adm, web.APIDoc{Tag: "指标监测", Summary: "人工解除告警",
		Description: "结束告警（说明必填）；异常仍在时下次评估会重新告警。已结束的返回 409。",
		Request:     noteRequest{Note: "系统补录造成，已更正。"}, Response: exampleAlert}, h.apiResolve)
	rt.API("GET /api/v1/indicator-rules", adm, web.APIDoc{Tag: "指标监测", Summary: "异常规则列表",
		Response: ruleList{Items: []Rule{exampleRule}}}, h.apiRules)
	rt.API("POST /api/v1/indicator-rules", adm, web.APIDoc{Tag: "指标监测", Summary: "新建异常规则",
		Description: "region_code 为空表示全部区县（须市级权限）；指标名称和单位取自指标登记。未填的数值取默认值。",
		Request:     exampleRule, Response: exampleRule, Status: http.StatusCreated}, h.apiCreateRule)
	rt.API("PUT /api/v1/indicator-rules/{id}", adm, web.APIDoc{Tag: "指标监测", Summary: "修改异常规则",
		Description: "停用规则（enabled=false）会解除其未结束的告警。", Request: exampleRule, Response: exampleRule},
		h.apiUpdateRule)
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	ruleID, _ := strconv.ParseInt(q.Get("rule_id"), 10, 64)
	alerts, total, err := h.svc.List(r.Context(), Filter{State: q.Get("state"), RegionCode: q.Get("region"),
		RuleID: ruleID, Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if err != nil {
		return err
	}
	if alerts == nil {
		alerts = []Alert{}
	}
	web.WriteJSON(w, http.StatusOK, alertList{Items: alerts, Count: total})
	return nil
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Get(r.Context(), id)
	return writeJSON(w, http.StatusOK, a, err)
}

func (h *HTTP) apiAck(w http.ResponseWriter, r *http.Request) error {
	return h.apiNote(w, r, h.svc.Acknowledge)
}

func (h *HTTP) apiResolve(w http.ResponseWriter, r *http.Request) error {
	return h.apiNote(w, r, h.svc.Resolve)
}

// apiNote runs an alert action taking a note.
func (h *HTTP) apiNote(w http.ResponseWriter, r *http.Request, do func(ctx context.Context, id int64, note string) (Alert, error)) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in noteRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	a, err := do(r.Context(), id, in.Note)
	return writeJSON(w, http.StatusOK, a, err)
}

func (h *HTTP) apiRules(w http.ResponseWriter, r *http.Request) error {
	rules, err := h.svc.Rules(r.Context())
	if rules == nil {
		rules = []Rule{}
	}
	return writeJSON(w, http.StatusOK, ruleList{Items: rules}, err)
}

func (h *HTTP) apiCreateRule(w http.ResponseWriter, r *http.Request) error {
	var in Rule
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	in.ID = 0
	saved, err := h.svc.CreateRule(r.Context(), in)
	return writeJSON(w, http.StatusCreated, saved, err)
}

func (h *HTTP) apiUpdateRule(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in Rule
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	in.ID = id
	saved, err := h.svc.UpdateRule(r.Context(), in)
	return writeJSON(w, http.StatusOK, saved, err)
}

// writeJSON answers with v, or passes err to the responder.
func writeJSON(w http.ResponseWriter, status int, v any, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, v)
	return nil
}
