package project

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// workForm is the add-work form exactly as typed.
type workForm struct{ Code, Name, Area string }

// showPage is the model of project/project: the project's life cycle.
type showPage struct {
	web.Page
	Project  Project
	Timeline []TimelineStage
	Aux      []CaseSummary // auxiliary-line cases, outside the four stages
	Cases    []CaseSummary
	CanEdit  bool
	Work     workForm
	Errors   map[string]string
}

// renderShow renders the life-cycle page; err, when not nil, is the add-work
// form's field error and wf what was typed.
func (h *HTTP) renderShow(w http.ResponseWriter, r *http.Request, pr Project, wf workForm, err error) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	cases, cerr := h.projectCases(r.Context(), pr.ID)
	if cerr != nil {
		return cerr
	}
	if wf.Code == "" && err == nil {
		wf.Code = suggestWorkCode(pr)
	}
	stages, aux := Timeline(pr, cases)
	m := &showPage{Page: web.Page{Title: pr.Name, Crumbs: []web.Crumb{crumbHome, crumbList(r), {Label: pr.Name}}},
		Project: pr, Timeline: stages, Aux: aux, Cases: cases, CanEdit: canEdit(r, pr), Work: wf,
		Errors: formFields(fields, true)}
	status := http.StatusOK
	if err != nil {
		status = web.StatusOf(err)
	}
	return h.rd.HTML(w, r, status, "project/project", m)
}

func (h *HTTP) show(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderShow(w, r, pr, workForm{}, nil)
}

func (h *HTTP) addWork(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pr, err := h.svc.Get(r.Context(), id)
	if err != nil {
		return err
	}
	wf := workForm{Code: web.FormValue(r, "work_code"), Name: web.FormValue(r, "work_name"),
		Area: web.FormValue(r, "work_building_area_m2")}
	work := Work{Code: wf.Code, Name: wf.Name}
	area, msg := parseArea(wf.Area)
	if msg != "" {
		fields := work.normalize().problems(pr.Code)
		fields["building_area_m2"] = msg
		return h.renderShow(w, r, pr, wf, fieldErrors(fields))
	}
	work.BuildingArea = area
	if work, err = h.svc.AddWork(r.Context(), id, work); err != nil {
		return h.renderShow(w, r, pr, wf, err)
	}
	web.SetFlash(w, "已添加单项工程“"+work.Name+"”（"+work.Code+"）。")
	return web.Redirect(w, r, projectURL(id))
}

func (h *HTTP) editForm(w http.ResponseWriter, r *http.Request) error {
	pr, err := h.forEdit(r)
	if err != nil {
		return err
	}
	return h.renderForm(w, r, pr, projectFormOf(pr), nil)
}

// forEdit loads the project of the path when the principal may edit it.
func (h *HTTP) forEdit(r *http.Request) (Project, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Project{}, err
	}
	return h.svc.forEdit(r.Context(), id)
}

func (h *HTTP) update(w http.ResponseWriter, r *http.Request) error {
	old, err := h.forEdit(r)
	if err != nil {
		return err
	}
	f := projectFormFrom(r)
	shown := projectFormOf(old) // the read-only facts are shown, not submitted
	f.Code, f.RegionCode, f.FlowType, f.OwnerName, f.OwnerCreditCode = shown.Code, shown.RegionCode,
		shown.FlowType, shown.OwnerName, shown.OwnerCreditCode
	u := Update{Name: &f.Name, Address: &f.Address, SiteGeoJSON: &f.SiteGeoJSON}
	inv, msg := ParseMoney(f.Investment)
	if msg != "" {
		_, perr := Project{}.apply(u)
		fields := errs.FieldsOf(perr)
		if fields == nil {
			fields = map[string]string{}
		}
		fields["investment"] = msg
		return h.renderForm(w, r, old, f, errs.FieldErrors(fields))
	}
	u.Investment = &inv
	if _, err := h.svc.Update(r.Context(), old.ID, u); err != nil {
		return h.renderForm(w, r, old, f, err)
	}
	web.SetFlash(w, "已保存项目信息。")
	return web.Redirect(w, r, projectURL(old.ID))
}
