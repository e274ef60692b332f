package evaluation

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

var stateOptions = []option{{StateActive, "未办结"}, {StateOpen, "待整改"}, {StateOverdue, "逾期未整改"},
	{StateAnswered, "已整改待回访"}, {StateClosed, "已办结"}, {"all", "全部"}}

const perPage = 20

// listPage is the model of evaluation/rectifications.
type listPage struct {
	web.Page
	State         string
	States        []option
	Items         []Rectification
	Total         int
	PageNo, Pages int
	PrevURL       string
	NextURL       string
}

func (h *HTTP) list(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &listPage{Page: web.Page{Title: "差评整改", Crumbs: []web.Crumb{crumbHome, {Label: "差评整改"}}},
		State: q.Get("state"), States: stateOptions, PageNo: max(atoi(q.Get("page")), 1)}
	if m.State == "" {
		m.State = StateActive
	}
	f := Filter{State: m.State, Limit: perPage, Offset: (m.PageNo - 1) * perPage}
	if f.State == "all" {
		f.State = ""
	}
	var err error
	if m.Items, m.Total, err = h.svc.List(r.Context(), f); err != nil {
		return err
	}
	m.Pages = max((m.Total+perPage-1)/perPage, 1)
	if m.PageNo > 1 {
		m.PrevURL = listURL(m.State, m.PageNo-1)
	}
	if m.PageNo < m.Pages {
		m.NextURL = listURL(m.State, m.PageNo+1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "evaluation/rectifications", m)
}

// listURL is the shareable URL of one page of the list.
func listURL(state string, page int) string {
	v := url.Values{"state": {state}}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	return "/rectifications?" + v.Encode()
}

// rectPage is the model of evaluation/rectification: one rectification
// with the forms the viewer may use, and what they typed on an error.
type rectPage struct {
	web.Page
	X         Rectification
	Can       Permissions
	Errors    map[string]string
	Answer    string
	Note      string
	Satisfied string
}

func (h *HTTP) showRectification(w http.ResponseWriter, r *http.Request) error {
	return h.renderRect(w, r, http.StatusOK, nil, rectPage{})
}

// renderRect shows rectification {id}; fields and typed come from a
// refused form.
func (h *HTTP) renderRect(w http.ResponseWriter, r *http.Request, status int, fields map[string]string, typed rectPage) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	x, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	crumbs := []web.Crumb{crumbHome, crumbList, {Label: x.Rating.CaseNumber}}
	if !canSeeList(r) {
		crumbs = []web.Crumb{crumbHome, {Label: "办件评价", URL: RatingURL(x.Rating.CaseID)}, {Label: "差评整改"}}
	}
	m := &rectPage{Page: web.Page{Title: "差评整改", Crumbs: crumbs}, X: x, Can: PermissionsOf(r.Context(), &x),
		Errors: fields, Answer: typed.Answer, Note: typed.Note, Satisfied: typed.Satisfied}
	return h.rd.HTML(w, r, status, "evaluation/rectification", m)
}

// canSeeList reports whether the viewer works with the list (departments
// and supervisors) rather than being the rater.
func canSeeList(r *http.Request) bool {
	p := access.From(r.Context())
	return p.Can(access.Rectify) || p.Can(access.Supervise)
}

func (h *HTTP) answer(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, rectPage{Answer: web.FormValue(r, "answer")}, func(id int64, typed rectPage) (string, error) {
		_, err := h.svc.Answer(r.Context(), id, typed.Answer)
		return "已提交整改答复，已通知评价人回访。", err
	})
}

func (h *HTTP) close(w http.ResponseWriter, r *http.Request) error {
	return h.act(w, r, rectPage{Note: web.FormValue(r, "note")}, func(id int64, typed rectPage) (string, error) {
		x, err := h.svc.Close(r.Context(), id, typed.Note)
		return "已办结该差评整改，已通知" + x.OrgName + "。", err
	})
}

func (h *HTTP) followUp(w http.ResponseWriter, r *http.Request) error {
	typed := rectPage{Note: web.FormValue(r, "note"), Satisfied: web.FormValue(r, "satisfied")}
	return h.act(w, r, typed, func(id int64, typed rectPage) (string, error) {
		if typed.Satisfied != "yes" && typed.Satisfied != "no" {
			return "", fieldError("satisfied", "请选择您对整改结果是否满意。")
		}
		_, err := h.svc.FollowUp(r.Context(), id, typed.Satisfied == "yes", typed.Note)
		return "感谢您的回访，该差评整改已办结。", err
	})
}

// act runs one form action on rectification {id}: on a field error it
// shows the page again with what was typed, on success it redirects with
// the flash message do returns.
func (h *HTTP) act(w http.ResponseWriter, r *http.Request, typed rectPage,
	do func(id int64, typed rectPage) (string, error)) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	msg, err := do(id, typed)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderRect(w, r, web.StatusOf(err), fields, typed)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, msg)
	return web.Redirect(w, r, RectificationURL(id))
}

// fieldError is an Invalid error about one form field.
func fieldError(field, msg string) error {
	return errs.FieldErrors(map[string]string{field: msg})
}
