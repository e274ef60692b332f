package org

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// unitForm is the unit form exactly as typed, so that a rejected form
// comes back with every value the person entered.
type unitForm struct {
	RegionCode, Kind, FunctionCode, Name, ShortName, CreditCode, Phone, ParentID, SortOrder string
}

func unitFormFrom(r *http.Request) unitForm {
	return unitForm{
		RegionCode: web.FormValue(r, "region_code"), Kind: web.FormValue(r, "kind"),
		FunctionCode: web.FormValue(r, "function_code"), Name: web.FormValue(r, "name"),
		ShortName: web.FormValue(r, "short_name"), CreditCode: web.FormValue(r, "credit_code"),
		Phone: web.FormValue(r, "phone"), ParentID: web.FormValue(r, "parent_id"),
		SortOrder: web.FormValue(r, "sort_order"),
	}
}

func unitFormOf(u Unit) unitForm {
	f := unitForm{RegionCode: u.RegionCode, Kind: u.Kind, FunctionCode: u.FunctionCode, Name: u.Name,
		ShortName: u.ShortName, CreditCode: u.CreditCode, Phone: u.Phone, SortOrder: strconv.Itoa(u.SortOrder)}
	if u.ParentID != 0 {
		f.ParentID = strconv.FormatInt(u.ParentID, 10)
	}
	return f
}

// unit converts the form; when a number does not parse it returns an
// Invalid error that also carries the unit's other problems.
func (f unitForm) unit(id int64) (Unit, error) {
	u := Unit{ID: id, RegionCode: f.RegionCode, Kind: f.Kind, FunctionCode: f.FunctionCode, Name: f.Name,
		ShortName: f.ShortName, CreditCode: f.CreditCode, Phone: f.Phone}
	bad := map[string]string{}
	if f.ParentID != "" {
		var err error
		if u.ParentID, err = strconv.ParseInt(f.ParentID, 10, 64); err != nil {
			bad["parent_id"] = "上级机构无效，请从列表中选择。"
		}
	}
	if n, err := parseSortOrder(f.SortOrder); err != "" {
		bad["sort_order"] = err
	} else {
		u.SortOrder = n
	}
	if len(bad) == 0 {
		return u, nil
	}
	for k, v := range errs.FieldsOf(normalizeUnit(u).Validate()) {
		if _, set := bad[k]; !set {
			bad[k] = v
		}
	}
	return u, errs.FieldErrors(bad)
}

func parseSortOrder(s string) (int, string) {
	if s == "" {
		return 0, ""
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, "排序号应为0到9999之间的整数。"
	}
	return n, ""
}

// unitFormPage is the model of org/unit_form, for a new or an existing unit.
type unitFormPage struct {
	web.Page
	Form      unitForm
	Errors    map[string]string
	Unit      Unit // the unit being edited; zero ID for a new one
	Action    string
	Regions   []Region
	Kinds     []option
	Functions []option
	Parents   []option
}

// renderUnitForm shows the form with status; err, when not nil, must be a
// field error (anything else is returned to the responder).
func (h *HTTP) renderUnitForm(w http.ResponseWriter, r *http.Request, u Unit, f unitForm, err error) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	opts, oerr := h.svc.unitFormOptions(r.Context())
	if oerr != nil {
		return oerr
	}
	m := &unitFormPage{Form: f, Errors: fields, Unit: u, Regions: opts.Regions, Kinds: kindOptions(),
		Functions: functionOptions(f.FunctionCode), Parents: parentOptions(opts.Parents, u.ID)}
	if u.ID == 0 {
		m.Page = web.Page{Title: "新增机构", Crumbs: []web.Crumb{crumbHome, crumbUnits, {Label: "新增机构"}}}
		m.Action = "/admin/units"
	} else {
		unitURL := "/org/units/" + strconv.FormatInt(u.ID, 10)
		m.Page = web.Page{Title: "修改机构信息", Crumbs: []web.Crumb{crumbHome, crumbUnits,
			{Label: u.Name, URL: unitURL}, {Label: "修改"}}}
		m.Action = "/admin/units/" + strconv.FormatInt(u.ID, 10)
	}
	status := http.StatusOK
	if err != nil {
		status = web.StatusOf(err)
	}
	return h.rd.HTML(w, r, status, "org/unit_form", m)
}

func (h *HTTP) newUnit(w http.ResponseWriter, r *http.Request) error {
	f := unitForm{RegionCode: r.URL.Query().Get("region"), Kind: KindDepartment}
	return h.renderUnitForm(w, r, Unit{}, f, nil)
}

func (h *HTTP) createUnit(w http.ResponseWriter, r *http.Request) error {
	f := unitFormFrom(r)
	u, err := f.unit(0)
	if err == nil {
		u, err = h.svc.CreateUnit(r.Context(), u)
	}
	if err != nil {
		return h.renderUnitForm(w, r, Unit{}, f, err)
	}
	web.SetFlash(w, "已新增机构“"+u.Name+"”。")
	return web.Redirect(w, r, "/org/units/"+strconv.FormatInt(u.ID, 10))
}

func (h *HTTP) editUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.svc.unitForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderUnitForm(w, r, u, unitFormOf(u), nil)
}

func (h *HTTP) updateUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	old, err := h.svc.unitForEdit(r.Context(), id)
	if err != nil {
		return err
	}
	f := unitFormFrom(r)
	f.RegionCode = old.RegionCode // the region is shown, not submitted
	u, err := f.unit(id)
	if err == nil {
		_, err = h.svc.UpdateUnit(r.Context(), u)
	}
	if err != nil {
		return h.renderUnitForm(w, r, old, f, err)
	}
	web.SetFlash(w, "已保存机构信息。")
	return web.Redirect(w, r, "/org/units/"+strconv.FormatInt(id, 10))
}
