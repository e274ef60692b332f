package supervision

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// orderList is the body of GET /api/v1/supervision.
type orderList struct {
	Items []Order `json:"items"`
	Count int     `json:"count" doc:"符合条件的总数（不受 limit/offset 影响）"`
}

// replyRequest is the body of POST /api/v1/supervision/{id}/reply.
type replyRequest struct {
	Reply string `json:"reply" doc:"反馈内容，最多 1000 字"`
}

// closeRequest is the body of POST /api/v1/supervision/{id}/close.
type closeRequest struct {
	Note string `json:"note" doc:"关闭说明（可空），最多 1000 字"`
}

var exampleOrder = Order{ID: 7, CaseID: 12, CaseNumber: "511702-20260309-00001", ItemName: "竣工联合验收（社会投资简易低风险项目）",
	ProjectName: "达州市通川区滨江路标准厂房项目", Kind: KindOrder, KindLabel: "督办", RegionCode: "511702",
	IssuedBy: 9, IssuerName: "周监管", ToOrgID: 15, ToOrgName: "通川区自然资源和规划局",
	Content: "请于期限内完成现场核查并反馈进度。", Deadline: calendar.NewDate(2026, 3, 12),
	Reply: "已安排 3 月 11 日现场核查。", RepliedBy: 5, ReplierName: "陈审批",
	RepliedAt: time.Date(2026, 3, 10, 2, 0, 0, 0, time.UTC), CreatedAt: time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC),
	State: StateReplied, StateLabel: "已反馈"}

func (h *HTTP) apiRoutes(rt *web.Router) {
	view, sup, review := access.Need(access.CaseView), access.Need(access.Supervise), access.Need(access.CaseReview)
	rt.API("GET /api/v1/supervision", view, web.APIDoc{Tag: "效能监管", Summary: "督办催办列表",
		Description: "监管人员看到其监管区县的全部督办催办（市本级监管人员：全部区县）；部门审批人员和负责人看到发给本部门的。其他角色返回 403。",
		Query: map[string]string{"state": "open（待反馈）| overdue（逾期未反馈）| replied（已反馈）| closed（已关闭）| active（未关闭）",
			"kind": "order（督办）| reminder（催办）", "case_id": "办件 id", "region": "区县编码",
			"limit": "每页条数，默认 50，最多 200", "offset": "跳过的条数"},
		Response: orderList{Items: []Order{exampleOrder}, Count: 1}}, h.apiList)
	rt.API("GET /api/v1/supervision/{id}", view, web.APIDoc{Tag: "效能监管", Summary: "查询督办催办",
		Response: exampleOrder}, h.apiGet)
	rt.API("POST /api/v1/cases/{id}/supervision", sup, web.APIDoc{Tag: "效能监管", Summary: "对办件发出督办或催办",
		Description: "督办（order）须给出反馈期限 days（工作日，自今日起算），被督办部门必须反馈；催办（reminder）不设期限。" +
			"to_org_id 须为在该办件中有办理任务的部门或牵头部门。已办结的办件返回 409。",
		Request:  IssueInput{Kind: KindOrder, ToOrgID: 15, Content: "请于期限内完成现场核查并反馈进度。", Days: 3},
		Response: exampleOrder, Status: http.StatusCreated}, h.apiIssue)
	rt.API("POST /api/v1/supervision/{id}/reply", review, web.APIDoc{Tag: "效能监管", Summary: "部门反馈督办催办",
		Description: "仅被督办部门的审批人员或负责人可以反馈，且只能反馈一次；已关闭的返回 409。",
		Request:     replyRequest{Reply: "已安排 3 月 11 日现场核查。"}, Response: exampleOrder}, h.apiReply)
	rt.API("POST /api/v1/supervision/{id}/close", sup, web.APIDoc{Tag: "效能监管", Summary: "关闭督办催办",
		Description: "督办须在部门反馈后才能关闭（否则 409）；催办可随时关闭。",
		Request:     closeRequest{Note: "情况属实，予以关闭。"}, Response: exampleOrder}, h.apiClose)
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	caseID, _ := strconv.ParseInt(q.Get("case_id"), 10, 64)
	orders, total, err := h.svc.List(r.Context(), Filter{State: q.Get("state"), Kind: q.Get("kind"), CaseID: caseID,
		RegionCode: q.Get("region"), Limit: atoi(q.Get("limit")), Offset: atoi(q.Get("offset"))})
	if err != nil {
		return err
	}
	if orders == nil {
		orders = []Order{}
	}
	web.WriteJSON(w, http.StatusOK, orderList{Items: orders, Count: total})
	return nil
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.svc.Get(r.Context(), id)
	return writeOrder(w, http.StatusOK, o, err)
}

func (h *HTTP) apiIssue(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in IssueInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	o, err := h.svc.Issue(r.Context(), id, in)
	return writeOrder(w, http.StatusCreated, o, err)
}

func (h *HTTP) apiReply(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in replyRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	o, err := h.svc.Reply(r.Context(), id, in.Reply)
	return writeOrder(w, http.StatusOK, o, err)
}

func (h *HTTP) apiClose(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	var in closeRequest
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	o, err := h.svc.Close(r.Context(), id, in.Note)
	return writeOrder(w, http.StatusOK, o, err)
}

// writeOrder answers with o, or passes err to the responder.
func writeOrder(w http.ResponseWriter, status int, o Order, err error) error {
	if err != nil {
		return err
	}
	web.WriteJSON(w, status, o)
	return nil
}
