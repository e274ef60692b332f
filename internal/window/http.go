package window

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("window", window.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the window pages and API. Handlers parse, call one use case
// and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "window".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt (guard in brackets; the
// service narrows by region):
//
//	GET  /windows                               窗口管理 list (WindowAdmin)
//	GET  /windows/new, POST /windows            new window (WindowAdmin)
//	GET  /windows/{id}                          window: staff, hours (WindowAdmin)
//	GET  /windows/{id}/edit, POST /windows/{id} edit (WindowAdmin)
//	POST /windows/{id}/hours                    opening hours (WindowAdmin)
//	POST /windows/{id}/staff                    add a clerk (WindowAdmin)
//	POST /windows/{id}/staff/{user}/remove      remove a clerk (WindowAdmin)
//	GET  /windows/desk                          the day's bookings and cases of a window (WindowWork)
//	POST /appointments/{id}/mark                arrived / no-show (CaseAccept)
//	GET  /windows/stats                         办理统计 (WindowWork)
//	GET  /cases/{id}/window                     a case's window and history (CaseAccept)
//	POST /cases/{id}/window/transfer           assign / transfer (CaseAccept)
//	GET  /appointments                          我的预约 (Book)
//	GET  /appointments/new                      choose window and slot (Book)
//	POST /appointments                          book (Book)
//	POST /appointments/{id}/cancel              cancel (Book)
//
// and the API of apiRoutes.
func (h *HTTP) Routes(rt *web.Router) {
	admin := access.Need(access.WindowAdmin)
	rt.Handle("GET /windows", admin, h.list)
	rt.Handle("GET /windows/new", admin, h.newWindow)
	rt.Handle("POST /windows", admin, h.create)
	rt.Handle("GET /windows/{id}", admin, h.show)
	rt.Handle("GET /windows/{id}/edit", admin, h.edit)
	rt.Handle("POST /windows/{id}", admin, h.update)
	rt.Handle("POST /windows/{id}/hours", admin, h.hours)
	rt.Handle("POST /windows/{id}/staff", admin, h.addStaff)
	rt.Handle("POST /windows/{id}/staff/{user}/remove", admin, h.removeStaff)
	work, accept, book := access.Need(access.WindowWork), access.Need(access.CaseAccept), access.Need(access.Book)
	rt.Handle("GET /windows/desk", work, h.desk)
	rt.Handle("POST /appointments/{id}/mark", accept, h.mark)
	rt.Handle("GET /windows/stats", work, h.stats)
	rt.Handle("GET /cases/{id}/window", accept, h.caseWindow)
	rt.Handle("POST /cases/{id}/window/transfer", accept, h.transfer)
	rt.Handle("GET /appointments", book, h.mine)
	rt.Handle("GET /appointments/new", book, h.newBooking)
	rt.Handle("POST /appointments", book, h.book)
	rt.Handle("POST /appointments/{id}/cancel", book, h.cancel)
	h.apiRoutes(rt)
}

// option is one choice of a select.
type option struct{ Value, Label string }

var (
	crumbHome    = web.Crumb{Label: "首页", URL: "/"}
	crumbWindows = web.Crumb{Label: "窗口管理", URL: "/windows"}
	crumbMine    = web.Crumb{Label: "我的预约", URL: "/appointments"}
	crumbDesk    = web.Crumb{Label: "窗口工作台", URL: "/windows/desk"}
)

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

func atoi64(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0
	}
	return n
}

// render renders the page, or returns a form error's status with it.
func (h *HTTP) render(w http.ResponseWriter, r *http.Request, status int, name string, m interface{ Base() *web.Page }) error {
	return h.rd.HTML(w, r, status, "window/"+name, m)
}
