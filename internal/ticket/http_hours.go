package ticket

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// hoursRoutes registers the working hours of the 5x8 clocks per org unit:
//
//	GET  /ops/hours              units with their own hours, and a unit picker (TicketWork)
//	GET  /ops/hours/{unit}       form (TicketWork in the unit's region)
//	POST /ops/hours/{unit}       set or reset (TicketWork in the unit's region)
//	GET, PUT /api/v1/ops/hours/{unit} (TicketWork)
func (h *HTTP) hoursRoutes(rt *web.Router) {
	work := access.Need(access.TicketWork)
	rt.Handle("GET /ops/hours", work, h.hoursList)
	rt.Handle("GET /ops/hours/{unit}", work, h.hoursForm)
	rt.Handle("POST /ops/hours/{unit}", work, h.hoursSave)
	tag := "运维"
	rt.API("GET /api/v1/ops/hours/{unit}", work, web.APIDoc{Tag: tag, Summary: "查询机构的 5×8 工作时间",
		Response: UnitHours{}}, h.apiHoursGet)
	rt.API("PUT /api/v1/ops/hours/{unit}", work, web.APIDoc{Tag: tag, Summary: "设置机构的 5×8 工作时间",
		Description: "只影响此后登记的工单；hours 为空时恢复默认 09:00-12:00,13:00-18:00。", Request: HoursInput{},
		Response: UnitHours{}}, h.apiHoursSet)
}

type hoursPage struct {
	web.Page
	Regions   []org.Region
	Functions []org.FunctionOption
	List      []UnitHours
	H         *UnitHours
	Input     string
	Errors    map[string]string
}

func (h *HTTP) hoursList(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	if u := q.Get("unit"); u != "" {
		// The unit goes into a Location header: only a number may.
		id, err := strconv.ParseInt(u, 10, 64)
		if err != nil || id <= 0 {
			return errs.E(errs.Invalid, "单位编号无效。")
		}
		return web.Redirect(w, r, "/ops/hours/"+strconv.FormatInt(id, 10))
	}
	if region, fn := q.Get("region"), q.Get("function"); region != "" && fn != "" {
		u, err := h.svc.orgs.UnitByFunction(r.Context(), region, fn)
		if err != nil {
			return errs.E(errs.NotFound, "所选区县没有这个单位。")
		}
		return web.Redirect(w, r, "/ops/hours/"+strconv.FormatInt(u.ID, 10))
	}
	m := &hoursPage{Page: web.Page{Title: "工作时间", Crumbs: []web.Crumb{crumbHome, crumbTickets, {Label: "工作时间"}}},
		Functions: org.Functions("")}
	var err error
	if m.Regions, err = h.svc.orgs.Regions(r.Context()); err != nil {
		return err
	}
	if m.List, err = h.svc.UnitHoursList(r.Context()); err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "ticket/hours", m)
}

func (h *HTTP) hoursForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "unit")
	if err != nil {
		return err
	}
	u, err := h.svc.UnitHoursOf(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderHours(w, r, http.StatusOK, u, u.Hours, nil)
}

func (h *HTTP) renderHours(w http.ResponseWriter, r *http.Request, status int, u UnitHours, input string, errs map[string]string) error {
	m := &hoursPage{Page: web.Page{Title: "工作时间：" + u.OrgUnitName,
		Crumbs: []web.Crumb{crumbHome, crumbTickets, {Label: "工作时间", URL: "/ops/hours"}, {Label: u.OrgUnitName}}},
		H: &u, Input: input, Errors: errs}
	return h.rd.HTML(w, r, status, "ticket/hours", m)
}

func (h *HTTP) hoursSave(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "unit")
	if err != nil {
		return err
	}
	in := HoursInput{Hours: web.FormValue(r, "hours")}
	if r.PostFormValue("reset") == "1" {
		in.Hours = ""
	}
	_, err = h.svc.SetUnitHours(r.Context(), id, in)
	if fields, ok := web.FieldErrors(err); ok {
		u, uerr := h.svc.UnitHoursOf(r.Context(), id)
		if uerr != nil {
			return uerr
		}
		return h.renderHours(w, r, web.StatusOf(err), u, in.Hours, fields)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "工作时间已保存，此后登记的工单按新时间计时。")
	return web.Redirect(w, r, r.URL.Path)
}

func (h *HTTP) apiHoursGet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "unit")
	if err != nil {
		return err
	}
	u, err := h.svc.UnitHoursOf(r.Context(), id)
	return writeJSON(w, http.StatusOK, u, err)
}

func (h *HTTP) apiHoursSet(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "unit")
	if err != nil {
		return err
	}
	var in HoursInput
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	u, err := h.svc.SetUnitHours(r.Context(), id, in)
	return writeJSON(w, http.StatusOK, u, err)
}
