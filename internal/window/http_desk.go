package window

import (
	"fmt"
	"net/http"
	"net/url"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// deskPage is the model of window/desk: one window's bookings of a day
// and the cases now at it.
type deskPage struct {
	web.Page
	Windows      []Window
	Window       Window
	Day          calendar.Date
	Appointments []Appointment
	Cases        []CaseRef
	CanMark      bool
}

func (h *HTTP) desk(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	m := &deskPage{Page: web.Page{Title: "窗口工作台", Crumbs: []web.Crumb{crumbHome, {Label: "窗口工作台"}}},
		Day: h.svc.today(), CanMark: access.From(r.Context()).Can(access.CaseAccept)}
	if d, err := calendar.ParseDate(q.Get("day")); err == nil {
		m.Day = d
	}
	var err error
	if m.Windows, err = h.deskWindows(r); err != nil || len(m.Windows) == 0 {
		if err != nil {
			return err
		}
		return h.render(w, r, http.StatusOK, "desk", m)
	}
	id := atoi64(q.Get("window"))
	if id == 0 {
		id = m.Windows[0].ID
	}
	if m.Window, m.Appointments, err = h.svc.DayBookings(r.Context(), id, m.Day); err != nil {
		return err
	}
	if m.Cases, err = h.svc.WindowCases(r.Context(), id); err != nil {
		return err
	}
	return h.render(w, r, http.StatusOK, "desk", m)
}

// deskWindows lists the viewer's own windows first, then the others in
// scope.
func (h *HTTP) deskWindows(r *http.Request) ([]Window, error) {
	mine, err := h.svc.MyWindows(r.Context())
	if err != nil {
		return nil, err
	}
	all, err := h.svc.WorkWindows(r.Context())
	if err != nil {
		return nil, err
	}
	seen := map[int64]bool{}
	for _, w := range mine {
		seen[w.ID] = true
	}
	for _, w := range all {
		if !seen[w.ID] {
			mine = append(mine, w)
		}
	}
	return mine, nil
}

func (h *HTTP) mark(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.Mark(r.Context(), id, web.FormValue(r, "status"))
	if err != nil {
		return err
	}
	web.SetFlash(w, fmt.Sprintf("已登记 %s %s 的预约（%s）为“%s”。", a.Starts, a.BookerName, a.MatterName, a.StatusLabel))
	v := url.Values{"window": {fmt.Sprint(a.WindowID)}, "day": {a.Day.String()}}
	return web.Redirect(w, r, "/windows/desk?"+v.Encode())
}

// statsPage is the model of window/stats.
type statsPage struct {
	web.Page
	From, To, Region string
	Regions          []option
	Stats            Stats
	WindowTable      statsTable
	ClerkTable       statsTable
	Errors           map[string]string
}

// statsTable is the model of the "statstable" partial.
type statsTable struct {
	Caption, Head string
	Rows          []Row
}

func (h *HTTP) stats(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	today := h.svc.today()
	m := &statsPage{Page: web.Page{Title: "办理统计", Crumbs: []web.Crumb{crumbHome, crumbDesk, {Label: "办理统计"}}},
		From: q.Get("from"), To: q.Get("to"), Region: q.Get("region")}
	if m.From == "" {
		m.From = calendar.NewDate(today.Year(), today.Month(), 1).String()
	}
	if m.To == "" {
		m.To = today.String()
	}
	var err error
	if m.Regions, err = h.regionOptions(r); err != nil {
		return err
	}
	from, errFrom := calendar.ParseDate(m.From)
	to, errTo := calendar.ParseDate(m.To)
	switch {
	case errFrom != nil:
		m.Errors = map[string]string{"from": "开始日期格式应为 YYYY-MM-DD。"}
	case errTo != nil:
		m.Errors = map[string]string{"to": "结束日期格式应为 YYYY-MM-DD。"}
	default:
		m.Stats, err = h.svc.Stats(r.Context(), from, to, m.Region)
	}
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
	} else if err != nil {
		return err
	}
	m.WindowTable = statsTable{Caption: "按窗口统计（" + m.From + " 至 " + m.To + "）", Head: "窗口", Rows: m.Stats.Windows}
	m.ClerkTable = statsTable{Caption: "按受理人员统计", Head: "受理人员", Rows: m.Stats.Clerks}
	status := http.StatusOK
	if m.Errors != nil {
		status = http.StatusBadRequest
	}
	return h.render(w, r, status, "stats", m)
}

// casePage is the model of window/case: a case's window, its history and
// the transfer form.
type casePage struct {
	web.Page
	Assignment Assignment
	Windows    []Window
	ToWindow   string
	Reason     string
	Errors     map[string]string
}

func (h *HTTP) caseWindow(w http.ResponseWriter, r *http.Request) error {
	return h.renderCase(w, r, http.StatusOK, "", "", nil)
}

func (h *HTTP) renderCase(w http.ResponseWriter, r *http.Request, status int, to, reason string, fields map[string]string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	a, err := h.svc.CaseWindow(r.Context(), id)
	if err != nil {
		return err
	}
	title := "综窗协同：" + a.Case.Number
	m := &casePage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbDesk, {Label: title}}},
		Assignment: a, ToWindow: to, Reason: reason, Errors: fields}
	if m.Windows, err = h.svc.Windows(r.Context(), "", false); err != nil {
		return err
	}
	return h.render(w, r, status, "case", m)
}

func (h *HTTP) transfer(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	to, reason := web.FormValue(r, "to_window_id"), web.FormValue(r, "reason")
	a, err := h.svc.Transfer(r.Context(), id, TransferInput{ToWindowID: atoi64(to), Reason: reason})
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderCase(w, r, web.StatusOf(err), to, reason, fields)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, fmt.Sprintf("办件 %s 已转至%s %s。", a.Case.Number, a.Current.RegionName, a.Current.Title()))
	return web.Redirect(w, r, fmt.Sprintf("/cases/%d/window", id))
}
