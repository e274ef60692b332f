package ticket

import (
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// dueResponse is the body of GET /api/v1/ops/sla/due.
type dueResponse struct {
	Due      string `json:"due" doc:"截止时刻（RFC 3339，北京时间）"`
	Schedule string `json:"schedule" doc:"5x8 | 7x24"`
	Minutes  int    `json:"minutes" doc:"目标（业务分钟）"`
}

type ticketList struct {
	Items []Ticket `json:"items"`
	Count int      `json:"count"`
}

// actionRequest is the body of the ticket actions.
type actionRequest struct {
	Note         string   `json:"note" doc:"说明（响应、恢复、关闭时可填）"`
	Reason       string   `json:"reason" doc:"原因（挂起、重新打开、退回重办、调整级别时必填）"`
	Status       Status   `json:"status" doc:"挂起类别：waiting_reporter | waiting_third_party"`
	Severity     Severity `json:"severity" doc:"调整后的级别"`
	Satisfaction int      `json:"satisfaction" doc:"满意度 1–5（投诉关闭时必填）"`
	ResolveInput
}

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, work, report := access.Need(access.TicketView), access.Need(access.TicketWork), access.Need(access.TicketReport)
	rt.API("GET /api/v1/ops/sla/due", access.SignedIn, web.APIDoc{Tag: "运维", Summary: "SLA 截止时刻计算",
		Description: "按级别的响应目标计算截止时刻：紧急 60 分钟、重要 120 分钟（7×24）；一般 240、普通 360 分钟（5×8，工作日 09:00–12:00、13:00–18:00，含调休、不含法定节假日）。",
		Query:       map[string]string{"severity": "emergency | important | general | ordinary", "opened": "开始时刻，RFC 3339"},
		Response:    dueResponse{Due: "2025-11-17T13:59:00+08:00", Schedule: "5x8", Minutes: 240}}, h.apiDue)
	rt.API("GET /api/v1/ops/tickets", view, web.APIDoc{Tag: "运维", Summary: "工单列表",
		Query: map[string]string{"kind": "fault | complaint", "severity": "级别", "status": "状态或 open", "region": "区县编码",
			"q": "关键词（可为两个汉字）", "limit": "默认 50", "offset": "跳过条数"}, Response: ticketList{}}, h.apiList)
	rt.API("GET /api/v1/ops/tickets/{id}", access.SignedIn, web.APIDoc{Tag: "运维", Summary: "查询工单",
		Description: "运维、监管、管理人员可查看全部；报告人可查看本人提交的。", Response: Ticket{}}, h.apiGet)
	rt.API("POST /api/v1/ops/tickets", report, web.APIDoc{Tag: "运维", Summary: "登记故障或投诉",
		Description: "运维人员可选择来源渠道；其他用户按网页表单登记（渠道为 web）。", Request: OpenInput{},
		Response: Ticket{}, Status: http.StatusCreated}, h.apiOpen)
	for _, a := range actionNames {
		rt.API("POST /api/v1/ops/tickets/{id}/"+a, work, web.APIDoc{Tag: "运维", Summary: "工单操作：" + actionLabels[a],
			Request: actionRequest{}, Response: Ticket{}}, h.apiAction(a))
	}
	rt.API("GET /api/v1/ops/reports", view, web.APIDoc{Tag: "运维", Summary: "合规报表",
		Query:    map[string]string{"from": "开始日期 YYYY-MM-DD", "to": "结束日期（含）", "by": "kind | severity | region | org_unit | month | quarter | year"},
		Response: Report{}}, h.apiReport)
}

// actionNames are the ticket actions, in the URL.
var actionNames = []string{"respond", "take", "pause", "resume", "resolve", "close", "reopen", "send-back", "severity"}

var actionLabels = map[string]string{"respond": "响应", "take": "认领", "pause": "挂起", "resume": "恢复处理",
	"resolve": "解决/答复", "close": "关闭", "reopen": "重新打开", "send-back": "退回重办", "severity": "调整级别"}

// act runs action a on ticket id with in.
func (h *HTTP) act(r *http.Request, id int64, a string, in actionRequest) (Ticket, error) {
	ctx, s := r.Context(), h.svc
	switch a {
	case "respond":
		return s.Respond(ctx, id, in.Note)
	case "take":
		return s.Take(ctx, id)
	case "pause":
		return s.Pause(ctx, id, in.Status, in.Reason)
	case "resume":
		return s.Resume(ctx, id, in.Note)
	case "resolve":
		return s.Resolve(ctx, id, in.ResolveInput)
	case "close":
		return s.Close(ctx, id, in.Satisfaction, in.Note)
	case "reopen":
		return s.Reopen(ctx, id, in.Reason)
	case "send-back":
		return s.SendBack(ctx, id, in.Reason)
	case "severity":
		return s.ChangeSeverity(ctx, id, in.Severity, in.Reason)
	}
	return Ticket{}, errs.E(errs.NotFound, "")
}

func (h *HTTP) apiDue(w http.ResponseWriter, r *http.Request) error {
	sev := Severity(r.URL.Query().Get("severity"))
	opened, err := time.Parse(time.RFC3339, r.URL.Query().Get("opened"))
	f := map[string]string{}
	if !sev.Valid() {
		f["severity"] = "级别应为 emergency、important、general 或 ordinary。"
	}
	if err != nil {
		f["opened"] = "开始时刻应为 RFC 3339 格式，例如 2025-11-14T17:59:00+08:00。"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	due, err := h.svc.Due(r.Context(), sev, opened)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, dueResponse{Due: due.Format(time.RFC3339), Schedule: string(sev.Schedule()),
		Minutes: h.svc.cfg.Response[sev]})
	return nil
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	items, n, err := h.svc.List(r.Context(), filterOf(r))
	if err != nil {
		return err
	}
	if items == nil {
		items = []Ticket{}
	}
	web.WriteJSON(w, http.StatusOK, ticketList{Items: items, Count: n})
	return nil
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Get(r.Context(), id)
	return writeTicket(w, http.StatusOK, t, err)
}

func (h *HTTP) apiOpen(w http.ResponseWriter, r *http.Request) error {
	var in OpenInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	t, err := h.svc.Open(r.Context(), in)
	return writeTicket(w, http.StatusCreated, t, err)
}

func (h *HTTP) apiAction(a string) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		var in actionRequest
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		t, err := h.act(r, id, a, in)
		return writeTicket(w, http.StatusOK, t, err)
	}
}

func (h *HTTP) apiReport(w http.ResponseWriter, r *http.Request) error {
	f, by, err := reportParams(r)
	if err != nil {
		return err
	}
	rep, err := h.svc.Report(r.Context(), f, by)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rep)
	return nil
}

func writeTicket(w http.ResponseWriter, status int, t Ticket, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, t)
	return nil
}
