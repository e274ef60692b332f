package casework

import (
	"context"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/blob"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// CaseList is the JSON of a list of cases.
type CaseList struct {
	Items []Case `json:"items"`
	Total int    `json:"total"`
}

type actionRoute struct {
	path    string
	guard   web.Guard
	summary string
	example any
	handler web.HandlerFunc
}

// apiRoutes registers the JSON API of the engine.
func (h *HTTP) apiRoutes(rt *web.Router) {
	view := access.Need(access.CaseView)
	rt.API("POST /api/v1/files", access.SignedIn, web.APIDoc{Tag: "办件", Status: http.StatusCreated,
		Summary:     "上传申请材料（multipart/form-data，字段 file），返回文件标识 hash",
		Description: "文件类型按内容识别：PDF、OFD、JPEG、PNG、Office 文档等；单个文件不超过 50 MB。",
		Response:    blob.Ref{}}, h.apiUpload)
	rt.API("POST /api/v1/applications", access.SignedIn, web.APIDoc{Tag: "办件", Status: http.StatusCreated,
		Summary:     "提交申报：整个阶段（一张表单）或单个事项；同一提交标识重复提交不会生成第二个申报",
		Description: "Idempotency-Key 请求头优先于请求体中的 idempotency_key。重复提交返回 200 和第一次的结果。",
		Request:     SubmitInput{Materials: map[string]string{"营业执照": "sha256…"}},
		Response:    Application{Cases: []Case{{}}}}, h.apiSubmit)
	rt.API("GET /api/v1/applications/{id}", view, web.APIDoc{Tag: "办件", Summary: "申报及其办件",
		Response: Application{Cases: []Case{{}}}}, h.apiApplication)
	rt.API("GET /api/v1/cases", view, web.APIDoc{Tag: "办件", Summary: "办件列表（按权限范围）",
		Query: map[string]string{"queue": "window（待受理）或 department（本部门待办）", "status": "BLZT 状态码",
			"project_id": "项目", "level": "yellow 或 red", "limit": "条数", "offset": "偏移"},
		Response: CaseList{Items: []Case{{}}}}, h.apiList)
	rt.API("GET /api/v1/cases/{id}", view, web.APIDoc{Tag: "办件", Summary: "办件详情：部门任务、办理过程、暂停、征求意见与计时",
		Response: exampleCase()}, h.apiGet)
	for _, a := range h.actionRoutes() {
		rt.API("POST /api/v1/cases/{id}/"+a.path, a.guard, web.APIDoc{Tag: "办件", Summary: a.summary,
			Request: a.example, Response: exampleCase()}, a.handler)
	}
	rt.API("POST /api/v1/cases/{id}/consultations/{cid}/answer", access.Need(access.CaseReview),
		web.APIDoc{Tag: "办件", Summary: "答复征求意见", Request: AnswerInput{}, Response: exampleCase()}, h.apiAnswer)
}

func (h *HTTP) actionRoutes() []actionRoute {
	window, review, decide := access.Need(access.CaseAccept), access.Need(access.CaseReview), access.Need(access.CaseDecide)
	return []actionRoute{
		{"accept", window, "受理（含容缺受理），开始计时并分发各部门并联办理", AcceptInput{}, apiAction(h.svc.Get, h.svc.Accept)},
		{"refuse", window, "不予受理（须写明理由）", RefuseInput{}, apiAction(h.svc.Get, h.svc.Refuse)},
		{"not-receive", window, "不受理（退件）", RefuseInput{}, apiAction(h.svc.Get, h.svc.NotReceive)},
		{"dispatch", window, "重新分发部门办理（部门退回后）", struct {
			Version int64 `json:"version"`
		}{}, h.apiDispatch},
		{"corrections", access.SignedIn, "一次性补正告知（受理前由窗口，办理中由部门），办理中暂停计时", FixInput{Items: []FixItem{{}}}, apiAction(h.svc.Get, h.svc.RequestFix)},
		{"corrections/supply", access.SignedIn, "申请人提交补正材料，恢复计时", SupplyInput{}, apiAction(h.svc.Get, h.svc.SupplyFix)},
		{"deficiency", access.SignedIn, "申请人补齐容缺材料", SupplyInput{}, apiAction(h.svc.Get, h.svc.SupplyDeficiency)},
		{"withdraw", access.SignedIn, "申请人撤件 / 撤回", WithdrawInput{}, apiAction(h.svc.Get, h.svc.Withdraw)},
		{"review", review, "本部门审查意见或结论（decision: approve / deny）", TaskInput{}, apiAction(h.svc.Get, h.svc.Review)},
		{"send-back", review, "退回窗口", SendBackInput{}, apiAction(h.svc.Get, h.svc.SendBack)},
		{"special", review, "启动特别程序（听证、专家评审、检验检测等），暂停计时", SpecialInput{}, apiAction(h.svc.Get, h.svc.StartSpecial)},
		{"special/end", review, "结束特别程序，恢复计时", EndSpecialInput{}, apiAction(h.svc.Get, h.svc.EndSpecial)},
		{"consultations", review, "征求其他部门意见（有独立答复期限）", ConsultInput{}, apiAction(h.svc.Get, h.svc.Consult)},
		{"conclude", decide, "牵头部门汇总办结（通过 / 容缺通过 / 不通过）", ConcludeInput{}, apiAction(h.svc.Get, h.svc.Conclude)},
		{"revoke", decide, "撤销已办结的许可", RefuseInput{}, apiAction(h.svc.Get, h.svc.Revoke)},
	}
}

// apiAction adapts a case use case to a JSON handler that answers with
// the full view of the case after the action (get).
func apiAction[T any](get func(ctx context.Context, id int64) (Case, error),
	fn func(ctx context.Context, id int64, in T) (Case, error)) web.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		id, err := web.PathID(r, "id")
		if err != nil {
			return err
		}
		var in T
		if err := web.DecodeJSON(r, &in); err != nil {
			return err
		}
		if _, err := fn(r.Context(), id, in); err != nil {
			return err
		}
		c, err := get(r.Context(), id)
		if err != nil {
			return err
		}
		web.WriteJSON(w, http.StatusOK, c)
		return nil
	}
}

func (h *HTTP) apiDispatch(w http.ResponseWriter, r *http.Request) error {
	return apiAction(h.svc.Get, func(ctx context.Context, id int64, in struct {
		Version int64 `json:"version"`
	}) (Case, error) {
		return h.svc.Dispatch(ctx, id, in.Version)
	})(w, r)
}

func (h *HTTP) apiAnswer(w http.ResponseWriter, r *http.Request) error {
	cid, err := web.PathID(r, "cid")
	if err != nil {
		return err
	}
	return apiAction(h.svc.Get, func(ctx context.Context, id int64, in AnswerInput) (Case, error) {
		return h.svc.Answer(ctx, id, cid, in)
	})(w, r)
}

func (h *HTTP) apiSubmit(w http.ResponseWriter, r *http.Request) error {
	var in SubmitInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	if k := r.Header.Get("Idempotency-Key"); k != "" {
		in.IdempotencyKey = k
	}
	app, err := h.svc.Submit(r.Context(), in)
	if err != nil {
		return err
	}
	status := http.StatusCreated
	if app.Idempotent {
		status = http.StatusOK
	}
	web.WriteJSON(w, status, app)
	return nil
}

func (h *HTTP) apiApplication(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	app, err := h.svc.Application(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, app)
	return nil
}

func (h *HTTP) apiList(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	items, total, err := h.svc.List(r.Context(), f)
	if err != nil {
		return err
	}
	if items == nil {
		items = []Case{}
	}
	web.WriteJSON(w, http.StatusOK, CaseList{Items: items, Total: total})
	return nil
}

func (h *HTTP) apiGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, c)
	return nil
}

func exampleCase() Case {
	return Case{Tasks: []Task{{}}, Steps: []Step{{}}, Pauses: []Pause{{Items: []FixItem{{}}}},
		Consultations: []Consultation{{}}, Clock: &ClockState{}, Deficiency: []string{""}}
}
