package notify

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("notify", notify.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the inbox pages and API over a Service.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "notify".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers, all behind access.SignedIn (the service answers only
// with the caller's own notifications, and Forbidden for API keys):
//
//	GET  /notifications                 inbox (?unread=1, ?page=N)
//	POST /notifications/{id}/read       mark one read (form: next, open=1)
//	POST /notifications/read-all        mark all read (form: next)
//	GET  /api/v1/notifications          inbox as JSON (?unread=true, limit, offset)
//	POST /api/v1/notifications/{id}/read
//	POST /api/v1/notifications/read-all
func (h *HTTP) Routes(rt *web.Router) {
	rt.Handle("GET /notifications", access.SignedIn, h.inbox)
	rt.Handle("POST /notifications/{id}/read", access.SignedIn, h.markRead)
	rt.Handle("POST /notifications/read-all", access.SignedIn, h.markAllRead)
	h.apiRoutes(rt)
}

// inboxPage is the model of notify/inbox.
type inboxPage struct {
	web.Page
	Items      []Item
	Total      int
	Unread     int
	UnreadOnly bool
	PageNo     int
	Pages      int
	PrevURL    string
	NextURL    string
	Here       string // this page's URL, to come back to after a POST
}

func (h *HTTP) inbox(w http.ResponseWriter, r *http.Request) error {
	unreadOnly := r.URL.Query().Get("unread") == "1"
	pageNo := max(atoi(r.URL.Query().Get("page")), 1)
	items, total, err := h.svc.Inbox(r.Context(), Filter{UnreadOnly: unreadOnly,
		Limit: DefaultPageSize, Offset: (pageNo - 1) * DefaultPageSize})
	if err != nil {
		return err
	}
	unread, err := h.svc.Unread(r.Context())
	if err != nil {
		return err
	}
	m := &inboxPage{
		Page:  web.Page{Title: "我的通知", Crumbs: []web.Crumb{{Label: "首页", URL: "/"}, {Label: "我的通知"}}},
		Items: items, Total: total, Unread: unread, UnreadOnly: unreadOnly, PageNo: pageNo,
		Pages: max((total+DefaultPageSize-1)/DefaultPageSize, 1), Here: inboxURL(unreadOnly, pageNo),
	}
	if pageNo > 1 {
		m.PrevURL = inboxURL(unreadOnly, pageNo-1)
	}
	if pageNo < m.Pages {
		m.NextURL = inboxURL(unreadOnly, pageNo+1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "notify/inbox", m)
}

// inboxURL is the shareable URL of one page of the inbox.
func inboxURL(unreadOnly bool, page int) string {
	q := url.Values{}
	if unreadOnly {
		q.Set("unread", "1")
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return "/notifications"
	}
	return "/notifications?" + q.Encode()
}

// markRead marks one notification read, then goes to its link when the
// form asks to open it, otherwise back to the inbox page it came from.
func (h *HTTP) markRead(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.MarkRead(r.Context(), id); err != nil {
		return err
	}
	if web.FormValue(r, "open") == "1" {
		it, err := h.svc.Get(r.Context(), id)
		if err != nil {
			return err
		}
		if it.Link != "" {
			return web.Redirect(w, r, it.Link)
		}
	}
	web.SetFlash(w, "已标为已读。")
	return web.Redirect(w, r, back(r))
}

func (h *HTTP) markAllRead(w http.ResponseWriter, r *http.Request) error {
	n, err := h.svc.MarkAllRead(r.Context())
	if err != nil {
		return err
	}
	web.SetFlash(w, fmt.Sprintf("已将 %d 条通知标为已读。", n))
	return web.Redirect(w, r, back(r))
}

// back is the form's "next" when it is a page of this site, else the inbox.
func back(r *http.Request) string {
	if next := web.FormValue(r, "next"); LocalPath(next) {
		return next
	}
	return "/notifications"
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
