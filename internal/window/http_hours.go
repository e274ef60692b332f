package window

import (
	"fmt"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// hourCell is one session of the hours form: empty times mean closed.
type hourCell struct {
	Key           string // "h-<weekday>-<session>", the error key
	Label         string
	Opens, Closes string
}

// hourRow is one weekday of the hours form.
type hourRow struct {
	Weekday int
	Label   string
	Cells   [2]hourCell
}

// hourRows lays a week of sessions out as the form shows it.
func hourRows(hours []Session) []hourRow {
	rows := make([]hourRow, 7)
	for d := 1; d <= 7; d++ {
		rows[d-1] = hourRow{Weekday: d, Label: WeekdayLabel(d)}
		for i, s := range []string{Morning, Afternoon} {
			rows[d-1].Cells[i] = hourCell{Key: fmt.Sprintf("h-%d-%s", d, s), Label: WeekdayLabel(d) + SessionLabel(s)}
		}
	}
	for _, h := range hours {
		c := &rows[h.Weekday-1].Cells[sessionIndex(h.Session)]
		c.Opens, c.Closes = h.Opens.String(), h.Closes.String()
	}
	return rows
}

// hoursFrom reads the hours form: a session with both times empty is
// closed; a half-filled or malformed one is a field error.
func hoursFrom(r *http.Request) ([]hourRow, []Session, map[string]string) {
	rows := hourRows(nil)
	var out []Session
	bad := map[string]string{}
	for i := range rows {
		for j, s := range []string{Morning, Afternoon} {
			c := &rows[i].Cells[j]
			c.Opens, c.Closes = web.FormValue(r, c.Key+"-opens"), web.FormValue(r, c.Key+"-closes")
			if c.Opens == "" && c.Closes == "" {
				continue
			}
			o, ok1 := ParseClock(c.Opens)
			cl, ok2 := ParseClock(c.Closes)
			if !ok1 || !ok2 {
				bad[c.Key] = c.Label + "请填写开始和结束时间，格式 HH:MM（例如 09:00），不开放则两项都留空。"
				continue
			}
			out = append(out, Session{Weekday: rows[i].Weekday, Session: s, Opens: o, Closes: cl})
		}
	}
	return rows, out, bad
}

func (h *HTTP) hours(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rows, hours, bad := hoursFrom(r)
	if len(bad) > 0 {
		return h.renderWindow(w, r, http.StatusBadRequest, rows, bad)
	}
	win, err := h.svc.SetHours(r.Context(), id, hours)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderWindow(w, r, web.StatusOf(err), rows, fields)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已保存"+win.Title()+"的开放时间。法定节假日不开放，调休上班日按工作日历开放。")
	return web.Redirect(w, r, windowLink(id))
}
