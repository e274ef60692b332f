package casework

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// ListPage is the case list with its queue tabs. Total is exact up to
// listCountCap; above it Capped is set and Total is the cap (as the
// public register's ResultsPage does).
type ListPage struct {
	web.Page
	Filter Filter
	Cases  []Case
	Total  int
	Capped bool // more than Total cases
	Tabs   []web.NavItem
}

// listCountCap bounds the counting behind the list's "共 N 件".
const listCountCap = 10000

func (h *HTTP) listPage(w http.ResponseWriter, r *http.Request) error {
	f, err := filterOf(r)
	if err != nil {
		return err
	}
	f.CountUpTo = listCountCap
	m := &ListPage{Filter: f}
	if m.Cases, m.Total, err = h.svc.List(r.Context(), f); err != nil {
		return err
	}
	m.Capped, m.Total = m.Total > listCountCap, min(m.Total, listCountCap)
	cur := r.URL.RawQuery
	for _, t := range []struct{ label, q string }{{"全部办件", ""}, {"待受理", "queue=window"},
		{"本部门待办", "queue=department"}, {"部门协同", "queue=progress"}, {"预警", "level=yellow"}, {"逾期", "level=red"}} {
		m.Tabs = append(m.Tabs, web.NavItem{Label: t.label, URL: "/cases?" + t.q, Current: cur == t.q})
	}
	m.Title = "办件"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "办件"}}
	return h.rd.HTML(w, r, http.StatusOK, "casework/list", m)
}

// DetailPage is one case with the forms its viewer may use. The Can flags
// only decide which forms are shown; the service decides what is allowed.
type DetailPage struct {
	web.Page
	Case         Case
	Item         catalog.Item
	Units        []org.Unit
	SpecialKinds map[string]string
	Can          struct{ Window, Review, Decide, Applicant, Answer, Supervise bool }
	Errors       map[string]string
	Form         map[string]string
	Links        []web.NavItem
}

func (h *HTTP) detailPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderDetail(w, r, http.StatusOK, nil, nil)
}

func (h *HTTP) renderDetail(w http.ResponseWriter, r *http.Request, status int, errors, form map[string]string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	m := &DetailPage{SpecialKinds: SpecialKinds, Errors: errors, Form: form}
	if m.Case, err = h.svc.Get(r.Context(), id); err != nil {
		return err
	}
	if si, err := h.svc.stageItem(r.Context(), &m.Case); err == nil {
		m.Item = si.Item
	}
	h.setCan(r, m)
	for _, src := range h.links {
		if links, err := src(r.Context(), &m.Case); err == nil {
			m.Links = append(m.Links, links...)
		}
	}
	if m.Can.Review {
		m.Units, _ = h.svc.orgs.ListUnits(r.Context(), org.UnitFilter{RegionCode: m.Case.RegionCode, Kind: "department"})
	}
	m.Title = "办件 " + m.Case.Number
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "办件", URL: "/cases"}, {Label: m.Case.Number}}
	return h.rd.HTML(w, r, status, "casework/detail", m)
}

func (h *HTTP) setCan(r *http.Request, m *DetailPage) {
	p := access.From(r.Context())
	c := &m.Case
	m.Can.Window = p.ScopeOf(access.CaseAccept).Contains(c.RegionCode) && !c.Status.Terminal()
	if t, err := ownTask(r.Context(), c, access.CaseReview); err == nil && !c.Status.Terminal() {
		// a department that has decided has nothing left to do but wait
		m.Can.Review = t.Status == TaskPending || c.Status == SpecialStarted
	}
	if _, err := asDepartment(r.Context(), c, c.LeadOrgID, access.CaseDecide); err == nil {
		m.Can.Decide = true
	}
	m.Can.Applicant = p.Enterprise && !c.Status.Terminal()
	m.Can.Supervise = p.ScopeOf(access.Supervise).Contains(c.RegionCode) && c.Accepted() && !c.Status.Terminal()
	for _, k := range c.Consultations {
		if _, err := asDepartment(r.Context(), c, k.ToOrgID, access.CaseReview); err == nil && k.AnsweredAt.IsZero() {
			m.Can.Answer = true
		}
	}
}

// actionPage handles the forms of the detail page: on success it redirects
// back with a message; on a validation error it re-renders the page with
// the messages and what was typed.
func (h *HTTP) actionPage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	done, err := h.runForm(r, id, r.PathValue("action"))
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderDetail(w, r, web.StatusOf(err), fields, formValues(r))
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, done)
	return web.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10))
}

func (h *HTTP) answerPage(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	cid, err := web.PathID(r, "cid")
	if err != nil {
		return err
	}
	_, err = h.svc.Answer(r.Context(), id, cid, AnswerInput{Answer: web.FormValue(r, "answer")})
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderDetail(w, r, web.StatusOf(err), fields, formValues(r))
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "已答复征求意见。")
	return web.Redirect(w, r, "/cases/"+strconv.FormatInt(id, 10))
}

func formValues(r *http.Request) map[string]string {
	out := map[string]string{}
	for k, v := range r.PostForm {
		if len(v) > 0 && k != web.CSRFField {
			out[k] = v[0]
		}
	}
	return out
}
