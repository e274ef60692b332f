package org

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// unitsPage is the model of org/units: the directory with its filters.
type unitsPage struct {
	web.Page
	Filter    UnitFilter
	Regions   []Region // the regions the viewer may filter by
	Kinds     []option
	Units     []Unit
	Count     int64
	CanCreate bool
}

// unitFilterFrom reads the filter from the URL query (shareable links).
func unitFilterFrom(r *http.Request) UnitFilter {
	q := r.URL.Query()
	return UnitFilter{
		RegionCode:      strings.TrimSpace(q.Get("region")),
		Kind:            strings.TrimSpace(q.Get("kind")),
		Query:           strings.TrimSpace(q.Get("q")),
		IncludeInactive: q.Get("inactive") == "1" || q.Get("include_inactive") == "true",
	}
}

func (h *HTTP) listUnits(w http.ResponseWriter, r *http.Request) error {
	f := unitFilterFrom(r)
	units, err := h.svc.ListUnits(r.Context(), f)
	if err != nil {
		return err
	}
	regions, err := h.svc.scopedRegions(r.Context(), access.OrgView)
	if err != nil {
		return err
	}
	m := &unitsPage{
		Page:   web.Page{Title: "机构目录", Crumbs: []web.Crumb{crumbHome, {Label: "机构目录"}}},
		Filter: f, Regions: regions, Kinds: kindOptions(), Units: units, Count: int64(len(units)),
		CanCreate: access.From(r.Context()).Can(access.OrgAdmin),
	}
	return h.rd.HTML(w, r, http.StatusOK, "org/units", m)
}

// unitPage is the model of org/unit: one unit with its parent and sub-units.
type unitPage struct {
	web.Page
	unitDetail
	CanEdit bool
}

func (h *HTTP) showUnit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.svc.viewUnitDetail(r.Context(), id)
	if err != nil {
		return err
	}
	m := &unitPage{
		Page:       web.Page{Title: d.Unit.Name, Crumbs: []web.Crumb{crumbHome, crumbUnits, {Label: d.Unit.Name}}},
		unitDetail: d,
		CanEdit:    canAdminRegion(r, d.Unit.RegionCode),
	}
	return h.rd.HTML(w, r, http.StatusOK, "org/unit", m)
}

func (h *HTTP) setUnitActive(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	active, err := strconv.ParseBool(web.FormValue(r, "active"))
	if err != nil {
		return errs.E(errs.Invalid, "请求缺少有效的启用状态，请返回机构页面重新操作。")
	}
	if err := h.svc.SetUnitActive(r.Context(), id, active); err != nil {
		return err
	}
	if active {
		web.SetFlash(w, "已启用该机构。")
	} else {
		web.SetFlash(w, "已停用该机构；停用的机构不再出现在选择列表中。")
	}
	return web.Redirect(w, r, "/org/units/"+strconv.FormatInt(id, 10))
}
