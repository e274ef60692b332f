package holiday

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// yearPage is the model of holiday/year: one year's exceptions as a table
// and month grid, and the form to add or change a day.
type yearPage struct {
	web.Page
	Info      calendar.YearInfo
	Workdays  calendar.Result // the working days of the whole year
	Days      []calendar.Day
	Months    []month
	Form      dayForm
	Errors    map[string]string
	Kinds     []calendar.Kind
	Festivals []string
	Prev      int
	Next      int
}

// festivals are offered as suggestions in the form.
var festivals = []string{"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "国庆节、中秋节"}

// dayForm is the add/change form exactly as typed.
type dayForm struct{ Date, Kind, Festival, Source string }

func dayFormFrom(r *http.Request) dayForm {
	return dayForm{Date: web.FormValue(r, "date"), Kind: web.FormValue(r, "kind"),
		Festival: web.FormValue(r, "festival"), Source: web.FormValue(r, "source")}
}

// day converts the form; an unreadable date is reported together with the
// day's other problems.
func (f dayForm) day() (calendar.Day, error) {
	d, derr := calendar.ParseDate(f.Date)
	day := calendar.Day{Date: d, Kind: calendar.Kind(f.Kind), Festival: f.Festival, Source: f.Source}
	if derr == nil {
		return day, nil
	}
	fields := errs.FieldsOf(day.Validate())
	if fields == nil {
		fields = map[string]string{}
	}
	fields["date"] = errs.Message(derr)
	return day, errs.FieldErrors(fields)
}

func (h *HTTP) showYear(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	f := dayForm{Kind: string(calendar.Holiday)}
	if s := r.URL.Query().Get("date"); s != "" { // "修改" links prefill the form
		f = h.prefill(r, s)
	}
	return h.renderYear(w, r, year, f, nil)
}

// prefill returns the form for the exception on date s, or a blank form
// with that date.
func (h *HTTP) prefill(r *http.Request, s string) dayForm {
	f := dayForm{Date: s, Kind: string(calendar.Holiday)}
	d, err := calendar.ParseDate(s)
	if err != nil {
		return f
	}
	days, err := h.cal.Days(r.Context(), d.Year())
	if err != nil {
		return f
	}
	for _, day := range days {
		if day.Date == d {
			return dayForm{Date: s, Kind: string(day.Kind), Festival: day.Festival, Source: day.Source}
		}
	}
	return f
}

func (h *HTTP) renderYear(w http.ResponseWriter, r *http.Request, year int, f dayForm, err error) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	ctx := r.Context()
	info, ierr := h.cal.Year(ctx, year)
	if ierr != nil {
		return ierr
	}
	days, derr := h.cal.Days(ctx, year)
	if derr != nil {
		return derr
	}
	total, terr := h.cal.CountWorkdays(ctx, calendar.NewDate(year-1, 12, 31), calendar.NewDate(year, 12, 31))
	if terr != nil {
		return terr
	}
	title := strconv.Itoa(year) + "年节假日与调休"
	m := &yearPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbCalendar, {Label: strconv.Itoa(year) + "年"}}},
		Info: info, Workdays: total, Days: days, Months: monthsOf(year, days), Form: f, Errors: fields,
		Kinds: []calendar.Kind{calendar.Holiday, calendar.Workday}, Festivals: festivals, Prev: year - 1, Next: year + 1}
	if m.Prev < calendar.MinYear {
		m.Prev = 0
	}
	if m.Next > calendar.MaxYear {
		m.Next = 0
	}
	return h.rd.HTML(w, r, statusOf(err), "holiday/year", m)
}

func (h *HTTP) setDay(w http.ResponseWriter, r *http.Request) error {
	year, err := pathYear(r)
	if err != nil {
		return err
	}
	f := dayFormFrom(r)
	day, err := f.day()
	if err == nil {
		err = h.cal.SetDay(r.Context(), day)
	}
	if err != nil {
		return h.renderYear(w, r, year, f, err)
	}
	web.SetFlash(w, "已保存 "+day.Date.Label()+"（"+day.Date.WeekdayLabel()+"）："+day.Kind.Label()+"（"+day.Festival+"）。")
	return web.Redirect(w, r, yearURL(day.Date.Year()))
}

func (h *HTTP) deleteDay(w http.ResponseWriter, r *http.Request) error {
	if _, err := pathYear(r); err != nil {
		return err
	}
	d, err := calendar.ParseDate(r.PathValue("date"))
	if err != nil {
		return errs.E(errs.NotFound, "")
	}
	if err := h.cal.DeleteDay(r.Context(), d); err != nil {
		return err
	}
	rule := "工作日"
	if d.IsWeekend() {
		rule = "休息日"
	}
	web.SetFlash(w, "已删除 "+d.Label()+" 的登记；这一天恢复为普通的"+d.WeekdayLabel()+"（"+rule+"）。")
	return web.Redirect(w, r, yearURL(d.Year()))
}
