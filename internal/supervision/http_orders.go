package supervision

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// orderPage is the model of supervision/order: one order with the reply
// and close forms the viewer may use.
type orderPage struct {
	web.Page
	Order  Order
	Can    Permissions
	Errors map[string]string
	Reply  string // what the viewer typed, kept on an error
	Note   string
}

func (h *HTTP) showOrder(w http.ResponseWriter, r *http.Request) error {
	return h.renderOrder(w, r, http.StatusOK, nil, "", "")
}

// renderOrder shows order {id}; fields (with the typed reply or note) come
// from a refused form.
func (h *HTTP) renderOrder(w http.ResponseWriter, r *http.Request, status int, fields map[string]string, reply, note string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	o, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	title := o.KindLabel + "详情"
	m := &orderPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbDashboard, {Label: title}}},
		Order: o, Can: PermissionsOf(r.Context(), &o), Errors: fields, Reply: reply, Note: note}
	return h.rd.HTML(w, r, status, "supervision/order", m)
}

func (h *HTTP) reply(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	text := web.FormValue(r, "reply")
	o, err := h.svc.Reply(r.Context(), id, text)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderOrder(w, r, web.StatusOf(err), fields, text, "")
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已提交反馈，已通知发出"+o.KindLabel+"的监管人员。")
	return web.Redirect(w, r, Link(o.ID))
}

func (h *HTTP) close(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	note := web.FormValue(r, "note")
	o, err := h.svc.Close(r.Context(), id, note)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderOrder(w, r, web.StatusOf(err), fields, "", note)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已关闭该"+o.KindLabel+"，已通知"+o.ToOrgName+"。")
	return web.Redirect(w, r, Link(o.ID))
}

// issueForm is the issue form as typed, kept on an error.
type issueForm struct {
	Kind, ToOrgID, Content, Days string
}

func issueFormFrom(r *http.Request) issueForm {
	return issueForm{Kind: web.FormValue(r, "kind"), ToOrgID: web.FormValue(r, "to_org_id"),
		Content: web.FormValue(r, "content"), Days: web.FormValue(r, "days")}
}

// input converts the form, reporting a non-numeric days or org at once.
func (f issueForm) input() (IssueInput, map[string]string) {
	in := IssueInput{Kind: f.Kind, Content: f.Content}
	in.ToOrgID, _ = strconv.ParseInt(f.ToOrgID, 10, 64)
	if f.Kind != KindOrder || f.Days == "" {
		return in, nil
	}
	days, err := strconv.Atoi(f.Days)
	if err != nil {
		return in, map[string]string{"days": "反馈期限请填写 1 至 30 之间的整数（工作日）。"}
	}
	in.Days = days
	return in, nil
}

// issuePage is the model of supervision/issue: the case and the form.
type issuePage struct {
	web.Page
	Case       casework.Case
	Addressees []org.Unit
	Form       issueForm
	Errors     map[string]string
	MaxDays    int
}

func (h *HTTP) newOrder(w http.ResponseWriter, r *http.Request) error {
	kind := r.URL.Query().Get("kind")
	if kind != KindReminder {
		kind = KindOrder
	}
	return h.renderIssue(w, r, http.StatusOK, issueForm{Kind: kind, Days: "3"}, nil)
}

func (h *HTTP) renderIssue(w http.ResponseWriter, r *http.Request, status int, f issueForm, fields map[string]string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	c, err := h.svc.CaseForIssue(r.Context(), id)
	if err != nil {
		return err
	}
	units, err := h.svc.Addressees(r.Context(), &c)
	if err != nil {
		return err
	}
	m := &issuePage{Page: web.Page{Title: "督办催办", Crumbs: []web.Crumb{crumbHome, crumbDashboard,
		{Label: c.Number, URL: fmt.Sprintf("/cases/%d", c.ID)}, {Label: "督办催办"}}},
		Case: c, Addressees: units, Form: f, Errors: fields, MaxDays: MaxDays}
	return h.rd.HTML(w, r, status, "supervision/issue", m)
}

func (h *HTTP) issue(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f := issueFormFrom(r)
	in, bad := f.input()
	if bad != nil {
		return h.renderIssue(w, r, http.StatusBadRequest, f, bad)
	}
	o, err := h.svc.Issue(r.Context(), id, in)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderIssue(w, r, web.StatusOf(err), f, fields)
	} else if err != nil {
		return err
	}
	msg := "已向" + o.ToOrgName + "发出" + o.KindLabel + "。"
	if o.Kind == KindOrder {
		msg = "已向" + o.ToOrgName + "发出督办，反馈期限为 " + o.Deadline.Label() + "。"
	}
	web.SetFlash(w, msg)
	return web.Redirect(w, r, Link(o.ID))
}
