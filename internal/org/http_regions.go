package org

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// regionsPage is the model of org/regions.
type regionsPage struct {
	web.Page
	Regions []Region
	CanEdit bool
}

func (h *HTTP) listRegions(w http.ResponseWriter, r *http.Request) error {
	regions, canEdit, err := h.svc.regionAdminList(r.Context())
	if err != nil {
		return err
	}
	m := &regionsPage{
		Page:    web.Page{Title: "区县管理", Crumbs: []web.Crumb{crumbHome, {Label: "区县管理"}}},
		Regions: regions, CanEdit: canEdit,
	}
	return h.rd.HTML(w, r, http.StatusOK, "org/regions", m)
}

// regionForm is the region form as typed.
type regionForm struct{ Name, ReportingCode, Note, SortOrder string }

// regionFormPage is the model of org/region_form.
type regionFormPage struct {
	web.Page
	Region Region // as stored: code, kind and the internal flag are shown, not edited
	Form   regionForm
	Errors map[string]string
}

func (h *HTTP) renderRegionForm(w http.ResponseWriter, r *http.Request, reg Region, f regionForm, err error) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	m := &regionFormPage{
		Page: web.Page{Title: "修改区县信息：" + reg.Name,
			Crumbs: []web.Crumb{crumbHome, crumbRegs, {Label: "修改" + reg.Name}}},
		Region: reg, Form: f, Errors: fields,
	}
	status := http.StatusOK
	if err != nil {
		status = web.StatusOf(err)
	}
	return h.rd.HTML(w, r, status, "org/region_form", m)
}

func (h *HTTP) editRegion(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	reg, err := h.svc.regionForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	f := regionForm{Name: reg.Name, ReportingCode: reg.ReportingCode, Note: reg.Note,
		SortOrder: strconv.Itoa(reg.SortOrder)}
	return h.renderRegionForm(w, r, reg, f, nil)
}

func (h *HTTP) updateRegion(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	reg, err := h.svc.regionForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	f := regionForm{Name: web.FormValue(r, "name"), ReportingCode: web.FormValue(r, "reporting_code"),
		Note: web.FormValue(r, "note"), SortOrder: web.FormValue(r, "sort_order")}
	next := Region{ID: id, Name: f.Name, ReportingCode: f.ReportingCode, Note: f.Note}
	if n, msg := parseSortOrder(f.SortOrder); msg != "" {
		fields := errs.FieldsOf(next.Validate())
		if fields == nil {
			fields = map[string]string{}
		}
		fields["sort_order"] = msg
		err = errs.FieldErrors(fields)
	} else {
		next.SortOrder = n
		_, err = h.svc.UpdateRegion(r.Context(), next)
	}
	if err != nil {
		return h.renderRegionForm(w, r, reg, f, err)
	}
	web.SetFlash(w, "已保存“"+f.Name+"”的区县信息。")
	return web.Redirect(w, r, "/admin/regions")
}
