// Package holiday is the working-day calendar capability: the public JSON
// API that counts working days (GET /api/v1/calendar/…) and the pages on
// which a system administrator keeps the holidays and make-up workdays
// (调休) and imports next year's State Council notice. The rules live in
// platform/calendar; handlers here parse, call one calendar method and
// render.
package holiday

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("holiday", holiday.Templates()); handlers render them as
// "holiday/index" and "holiday/year".
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the calendar pages and API.
type HTTP struct {
	cal *calendar.Calendar
	rd  *web.Renderer
}

// NewHTTP returns the handlers over cal rendering with rd, which must have
// the pages of Templates registered under "holiday".
func NewHTTP(cal *calendar.Calendar, rd *web.Renderer) *HTTP { return &HTTP{cal: cal, rd: rd} }

// Routes registers, on rt:
//
//	GET  /api/v1/calendar/workdays?from=&days=           public
//	GET  /api/v1/calendar/between?from=&to=              public
//	GET  /api/v1/calendar/days?year=                     public
//	GET  /admin/calendar                                 CalendarAdmin
//	GET  /admin/calendar/{year}                          CalendarAdmin
//	POST /admin/calendar/{year}/days                     CalendarAdmin
//	POST /admin/calendar/{year}/days/{date}/delete       CalendarAdmin
//	POST /admin/calendar/import                          CalendarAdmin
func (h *HTTP) Routes(rt *web.Router) {
	h.apiRoutes(rt)
	admin := access.Need(access.CalendarAdmin)
	rt.Handle("GET /admin/calendar", admin, h.index)
	rt.Handle("GET /admin/calendar/{year}", admin, h.showYear)
	rt.Handle("POST /admin/calendar/{year}/days", admin, h.setDay)
	rt.Handle("POST /admin/calendar/{year}/days/{date}/delete", admin, h.deleteDay)
	rt.Handle("POST /admin/calendar/import", admin, h.importYear)
}

// pathYear parses the {year} path value; a year the calendar does not
// support names no page.
func pathYear(r *http.Request) (int, error) {
	y, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || y < calendar.MinYear || y > calendar.MaxYear {
		return 0, errs.E(errs.NotFound, "")
	}
	return y, nil
}

func yearURL(y int) string { return "/admin/calendar/" + strconv.Itoa(y) }

var (
	crumbHome     = web.Crumb{Label: "首页", URL: "/"}
	crumbCalendar = web.Crumb{Label: "节假日与调休", URL: "/admin/calendar"}
)
