package ops

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// HTTP serves the operations pages and API.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers.
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the audit and status routes.
func (h *HTTP) Routes(rt *web.Router) {
	rt.Handle("GET /admin/audit", access.Need(access.AuditView), h.auditPage)
	rt.Handle("POST /admin/audit/verify", access.Need(access.AuditVerify), h.verifyPage)
	rt.Handle("GET /ops", access.Need(access.OpsView), h.statusPage)
	rt.API("GET /api/v1/audit/events", access.Need(access.AuditView), web.APIDoc{Tag: "审计",
		Summary: "审计事件（新到旧，按管理范围过滤）", Query: map[string]string{"action": "操作前缀，如 user.",
			"object_type": "对象类型", "object_id": "对象编号", "before": "分页：序号小于此值", "limit": "条数，最多 500"},
		Response: []audit.Event{{}}}, h.apiEvents)
	rt.API("POST /api/v1/audit/verify", access.Need(access.AuditVerify), web.APIDoc{Tag: "审计",
		Summary: "校验审计链，报告第一处被篡改、插入或删除的事件", Response: audit.Report{}}, h.apiVerify)
	rt.API("GET /api/v1/ops/status", access.Need(access.OpsView), web.APIDoc{Tag: "运维",
		Summary: "系统状态：版本、数据库、迁移、计数", Response: Status{Migrations: []string{""}}}, h.apiStatus)
}

// AuditPage lists audit events with filters in the URL.
type AuditPage struct {
	web.Page
	Events   []audit.Event
	Filter   audit.Filter
	Next     int64
	Report   *audit.Report
	CanCheck bool
}

func filterOf(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{Action: q.Get("action"), ObjectType: q.Get("object_type"), ObjectID: q.Get("object_id"), Limit: 50}
	if b := q.Get("before"); b != "" {
		n, err := strconv.ParseInt(b, 10, 64)
		if err != nil || n < 0 {
			return f, errs.FieldErrors(map[string]string{"before": "before 应为非负整数。"})
		}
		f.BeforeSeq = n
	}
	if l := q.Get("limit"); l != "" {
		n, err := strconv.Atoi(l)
		if err != nil || n < 1 || n > 500 {
			return f, errs.FieldErrors(map[string]string{"limit": "limit 应为 1–500 的整数。"})
		}
		f.Limit = n
	}
	return f, nil
}

func (h *HTTP) auditPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderAudit(w, r, nil)
}

func (h *HTTP) renderAudit(w http.ResponseWriter, r *http.Request, rep *audit.Report) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	m := &AuditPage{Filter: f, Report: rep, CanCheck: access.From(r.Context()).Can(access.AuditVerify)}
	if m.Events, err = h.svc.AuditEvents(r.Context(), f); err != nil {
		return err
	}
	if len(m.Events) == f.Limit {
		m.Next = m.Events[len(m.Events)-1].Seq
	}
	m.Title = "审计日志"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "审计日志"}}
	return h.rd.HTML(w, r, http.StatusOK, "ops/audit", m)
}

func (h *HTTP) verifyPage(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.svc.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	return h.renderAudit(w, r, &rep)
}

// StatusPage shows the system status.
type StatusPage struct {
	web.Page
	Status Status
}

func (h *HTTP) statusPage(w http.ResponseWriter, r *http.Request) error {
	st, err := h.svc.Status(r.Context())
	if err != nil {
		return err
	}
	m := &StatusPage{Status: st}
	m.Title = "运行状态"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "运行状态"}}
	return h.rd.HTML(w, r, http.StatusOK, "ops/status", m)
}

func (h *HTTP) apiEvents(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	events, err := h.svc.AuditEvents(r.Context(), f)
	if err != nil {
		return err
	}
	if events == nil {
		events = []audit.Event{}
	}
	web.WriteJSON(w, http.StatusOK, events)
	return nil
}

func (h *HTTP) apiVerify(w http.ResponseWriter, r *http.Request) error {
	rep, err := h.svc.VerifyAudit(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, rep)
	return nil
}

func (h *HTTP) apiStatus(w http.ResponseWriter, r *http.Request) error {
	st, err := h.svc.Status(r.Context())
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, st)
	return nil
}
