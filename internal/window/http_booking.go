package window

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/project"
)

// minePage is the model of window/mine.
type minePage struct {
	web.Page
	Appointments []Appointment
}

func (h *HTTP) mine(w http.ResponseWriter, r *http.Request) error {
	m := &minePage{Page: web.Page{Title: "我的预约", Crumbs: []web.Crumb{crumbHome, {Label: "我的预约"}}}}
	var err error
	if m.Appointments, err = h.svc.Mine(r.Context()); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "mine", m)
}

func (h *HTTP) cancel(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Cancel(r.Context(), id)
	if err != nil {
		return err
	}
	web.SetFlash(w, fmt.Sprintf("已取消 %s %s 在%s的预约。", a.Day.Label(), a.Starts, a.WindowTitle))
	return web.Redirect(w, r, "/appointments")
}

// bookForm is the booking form as typed. Slot is "YYYY-MM-DD HH:MM";
// Matter is "item:<code>" or "project:<id>".
type bookForm struct {
	Region, Window, Slot, Matter, Phone string
}

func (f bookForm) input() BookInput {
	in := BookInput{WindowID: atoi64(f.Window), Phone: f.Phone}
	day, starts, _ := strings.Cut(f.Slot, " ")
	in.Day, _ = calendar.ParseDate(day)
	in.Starts, _ = ParseClock(starts)
	in.MatterKind, in.MatterRef, _ = strings.Cut(f.Matter, ":")
	return in
}

// bookPage is the model of window/book: choose a window, then a slot, the
// matter and a phone.
type bookPage struct {
	web.Page
	Form     bookForm
	Errors   map[string]string
	Regions  []option
	Windows  []Window
	Window   *Window
	Days     []Day
	Items    []option
	Projects []option
}

func (h *HTTP) newBooking(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return h.renderBook(w, r, http.StatusOK, bookForm{Region: q.Get("region"), Window: q.Get("window")}, nil)
}

func (h *HTTP) renderBook(w http.ResponseWriter, r *http.Request, status int, f bookForm, fields map[string]string) error {
	m := &bookPage{Page: web.Page{Title: "预约窗口办事", Crumbs: []web.Crumb{crumbHome, crumbMine, {Label: "预约窗口办事"}}},
		Form: f, Errors: fields}
	var err error
	if m.Regions, err = h.regionOptions(r); err != nil {
		return err
	}
	if m.Windows, err = h.svc.Windows(r.Context(), f.Region, false); err != nil {
		return err
	}
	if id := atoi64(f.Window); id > 0 {
		win, err := h.svc.Window(r.Context(), id)
		if err != nil {
			return err
		}
		m.Window, m.Form.Region = &win, win.RegionCode
		if m.Days, err = h.svc.Slots(r.Context(), id, MaxDays); err != nil {
			return err
		}
		if m.Items, m.Projects, err = h.matters(r.Context()); err != nil {
			return err
		}
	}
	return h.render(w, r, status, "book", m)
}

// matters lists the active main-line items and the booker's projects.
func (h *HTTP) matters(ctx context.Context) ([]option, []option, error) {
	items, err := h.svc.catalog.Items(ctx, catalog.ItemFilter{})
	if err != nil {
		return nil, nil, err
	}
	var its, prs []option
	for _, it := range items {
		its = append(its, option{MatterItem + ":" + it.Code, it.Name})
	}
	page, err := h.svc.projects.List(ctx, project.Filter{Limit: 100})
	if err != nil {
		return nil, nil, err
	}
	for _, p := range page.Items {
		prs = append(prs, option{fmt.Sprintf("%s:%d", MatterProject, p.ID), p.Name + "（" + p.Code + "）"})
	}
	return its, prs, nil
}

func (h *HTTP) book(w http.ResponseWriter, r *http.Request) error {
	f := bookForm{Window: web.FormValue(r, "window_id"), Slot: web.FormValue(r, "slot"),
		Matter: web.FormValue(r, "matter"), Phone: web.FormValue(r, "phone")}
	in := f.input()
	a, err := h.svc.Book(r.Context(), in)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderBook(w, r, web.StatusOf(err), f, bookFields(fields))
	} else if err != nil {
		return err
	}
	web.SetFlash(w, fmt.Sprintf("预约成功：%s（%s）%s–%s，%s。前一个工作日会提醒您；不能前往请提前取消。",
		a.Day.Label(), a.Day.WeekdayLabel(), a.Starts, a.Ends, a.WindowTitle))
	return web.Redirect(w, r, "/appointments")
}

// bookFields maps the service's fields onto the form's: day and starts
// are one radio group "slot", matter_kind and matter_ref one select.
func bookFields(f map[string]string) map[string]string {
	out := map[string]string{}
	rename := map[string]string{"day": "slot", "starts": "slot", "matter_kind": "matter", "matter_ref": "matter",
		"window_id": "window"}
	for k, v := range f {
		if n, ok := rename[k]; ok {
			k = n
		}
		if _, taken := out[k]; !taken {
			out[k] = v
		}
	}
	return out
}
