package window

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// listPage is the model of window/windows.
type listPage struct {
	web.Page
	Region  string
	Regions []option
	Windows []Window
}

func (h *HTTP) list(w http.ResponseWriter, r *http.Request) error {
	m := &listPage{Page: web.Page{Title: "窗口管理", Crumbs: []web.Crumb{crumbHome, {Label: "窗口管理"}}},
		Region: r.URL.Query().Get("region")}
	var err error
	if m.Windows, err = h.svc.Windows(r.Context(), m.Region, true); err != nil {
		return err
	}
	if m.Regions, err = h.regionOptions(r); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "windows", m)
}

func (h *HTTP) regionOptions(r *http.Request) ([]option, error) {
	regions, err := h.svc.orgs.Regions(r.Context())
	out := []option{}
	for _, reg := range regions {
		out = append(out, option{reg.Code, reg.Name})
	}
	return out, err
}

// windowForm is the window form as typed.
type windowForm struct {
	RegionCode, Number, Name, Location, Phone, SlotMinutes, SlotCapacity string
	Active                                                               bool
}

func windowFormFrom(r *http.Request) windowForm {
	return windowForm{RegionCode: web.FormValue(r, "region_code"), Number: web.FormValue(r, "number"),
		Name: web.FormValue(r, "name"), Location: web.FormValue(r, "location"), Phone: web.FormValue(r, "phone"),
		SlotMinutes: web.FormValue(r, "slot_minutes"), SlotCapacity: web.FormValue(r, "slot_capacity"),
		Active: web.FormValue(r, "active") == "1"}
}

func windowFormOf(w Window) windowForm {
	return windowForm{RegionCode: w.RegionCode, Number: strconv.Itoa(w.Number), Name: w.Name, Location: w.Location,
		Phone: w.Phone, SlotMinutes: strconv.Itoa(w.SlotMinutes), SlotCapacity: strconv.Itoa(w.SlotCapacity), Active: w.Active}
}

// input converts the form; a non-number fails validation with the
// field's own message.
func (f windowForm) input() Input {
	return Input{RegionCode: f.RegionCode, Number: formInt(f.Number), Name: f.Name, Location: f.Location, Phone: f.Phone,
		Active: f.Active, SlotMinutes: formInt(f.SlotMinutes), SlotCapacity: formInt(f.SlotCapacity)}
}

// formInt is 0 for an empty field and -1 for one that is not an integer.
func formInt(s string) int {
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// formPage is the model of window/form.
type formPage struct {
	web.Page
	ID      int64
	Form    windowForm
	Errors  map[string]string
	Regions []option
	Lengths []int
}

func (h *HTTP) renderForm(w http.ResponseWriter, r *http.Request, status int, id int64, f windowForm, fields map[string]string) error {
	title := "新建窗口"
	if id != 0 {
		title = "修改窗口"
	}
	m := &formPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbWindows, {Label: title}}},
		ID: id, Form: f, Errors: fields, Lengths: SlotLengths}
	var err error
	if m.Regions, err = h.regionOptions(r); err != nil {
		return err
	}
	return h.render(w, r, status, "form", m)
}

func (h *HTTP) newWindow(w http.ResponseWriter, r *http.Request) error {
	return h.renderForm(w, r, http.StatusOK, 0, windowForm{RegionCode: r.URL.Query().Get("region"), Active: true,
		SlotMinutes: strconv.Itoa(DefaultSlot), SlotCapacity: strconv.Itoa(DefaultSeats)}, nil)
}

func (h *HTTP) create(w http.ResponseWriter, r *http.Request) error {
	f := windowFormFrom(r)
	win, err := h.svc.Create(r.Context(), f.input())
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderForm(w, r, web.StatusOf(err), 0, f, fields)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已新建"+win.Title()+"，开放时间默认为周一至周五 09:00–12:00、13:00–17:30（节假日按工作日历关闭）。")
	return web.Redirect(w, r, windowLink(win.ID))
}

func (h *HTTP) edit(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	win, err := h.svc.Window(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderForm(w, r, http.StatusOK, id, windowFormOf(win), nil)
}

func (h *HTTP) update(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f := windowFormFrom(r)
	win, err := h.svc.Update(r.Context(), id, f.input())
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderForm(w, r, web.StatusOf(err), id, f, fields)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已保存"+win.Title()+"。")
	return web.Redirect(w, r, windowLink(win.ID))
}

func windowLink(id int64) string { return fmt.Sprintf("/windows/%d", id) }

// windowPage is the model of window/window: facts, staff and hours.
type windowPage struct {
	web.Page
	Window     Window
	Candidates []identity.User
	Hours      []hourRow
	Errors     map[string]string
}

func (h *HTTP) show(w http.ResponseWriter, r *http.Request) error {
	return h.renderWindow(w, r, http.StatusOK, nil, nil)
}

// renderWindow shows window {id}; hours (as typed) and fields come from a
// refused form.
func (h *HTTP) renderWindow(w http.ResponseWriter, r *http.Request, status int, hours []hourRow, fields map[string]string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	win, err := h.svc.Window(r.Context(), id)
	if err != nil {
		return err
	}
	cands, err := h.svc.Candidates(r.Context(), id)
	if err != nil {
		return err
	}
	if hours == nil {
		hours = hourRows(win.Hours)
	}
	m := &windowPage{Page: web.Page{Title: win.Title(), Crumbs: []web.Crumb{crumbHome, crumbWindows, {Label: win.Title()}}},
		Window: win, Candidates: cands, Hours: hours, Errors: fields}
	return h.render(w, r, status, "window", m)
}

func (h *HTTP) addStaff(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	win, err := h.svc.AddStaff(r.Context(), id, atoi64(web.FormValue(r, "user_id")))
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderWindow(w, r, web.StatusOf(err), nil, fields)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已安排受理人员到"+win.Title()+"。")
	return web.Redirect(w, r, windowLink(id))
}

func (h *HTTP) removeStaff(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	userID, err := web.PathID(r, "user")
	if err != nil {
		return err
	}
	win, err := h.svc.RemoveStaff(r.Context(), id, userID)
	if err != nil {
		return err
	}
	web.SetFlash(w, "已将该人员调离"+win.Title()+"。")
	return web.Redirect(w, r, windowLink(id))
}
