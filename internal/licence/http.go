package licence

import (
	"embed"
	"io/fs"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("licence", licence.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the licence pages and API. Handlers parse, call one use case
// and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "licence".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /verify/{no}                        public verification page (Public)
//	GET  /licences                           我的证照 (CaseView; service: holder enterprise / staff of the region)
//	GET  /licences/{no}                      one licence (CaseView; as the list)
//	GET  /licences/{no}.pdf                  its PDF (CaseView; as the list) — same pattern, ".pdf" suffix
//	POST /licences/{no}/revoke               revoke with a reason (LicenceRevoke; service: issuing unit's head, sys admin)
//	GET  /api/v1/licences/{no}/verify        verification (Public)
//	GET  /api/v1/licences/{no}/signed-data   signed bytes, signature, key (Public)
//	GET  /api/v1/licences, /api/v1/licences/{no}  (CaseView)
//	POST /api/v1/licences/{no}/revoke        (LicenceRevoke)
func (h *HTTP) Routes(rt *web.Router) {
	view, revoke := access.Need(access.CaseView), access.Need(access.LicenceRevoke)
	rt.Handle("GET /verify/{no}", access.Public, h.verifyPage)
	rt.Handle("GET /licences", view, h.listPage)
	rt.Handle("GET /licences/{no}", view, h.showOrPDF)
	rt.Handle("POST /licences/{no}/revoke", revoke, h.revoke)
	h.apiRoutes(rt)
}

var crumbHome = web.Crumb{Label: "首页", URL: "/"}
var crumbList = web.Crumb{Label: "证照", URL: "/licences"}

// verifyPage is the model of licence/verify.
type verifyPage struct {
	web.Page
	V Verification
}

func (h *HTTP) verifyPage(w http.ResponseWriter, r *http.Request) error {
	v, err := h.svc.Verify(r.Context(), r.PathValue("no"))
	if err != nil {
		return err
	}
	status := http.StatusOK
	if v.State == StateNotFound {
		status = http.StatusNotFound
	}
	m := &verifyPage{Page: web.Page{Title: "电子证照核验", Crumbs: []web.Crumb{crumbHome, {Label: "电子证照核验"}}}, V: v}
	return h.rd.HTML(w, r, status, "licence/verify", m)
}

// listPage is the model of licence/list.
type listPage struct {
	web.Page
	Query, State     string
	States           []option
	Licences         []Licence
	Total            int
	PageNo, Pages    int
	PrevURL, NextURL string
}

// option is one choice of a select.
type option struct{ Value, Label string }

var stateOptions = []option{{"", "全部"}, {"valid", "有效"}, {"revoked", "已撤销"}}

const perPage = 20

func (h *HTTP) listPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	title := "证照"
	if access.From(r.Context()).Enterprise {
		title = "我的证照"
	}
	m := &listPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, {Label: title}}},
		Query: q.Get("q"), State: q.Get("state"), States: stateOptions, PageNo: max(atoi(q.Get("page")), 1)}
	var err error
	m.Licences, m.Total, err = h.svc.List(r.Context(), Filter{Query: m.Query, State: m.State, Limit: perPage,
		Offset: (m.PageNo - 1) * perPage})
	if err != nil {
		return err
	}
	m.Pages = max((m.Total+perPage-1)/perPage, 1)
	if m.PageNo > 1 {
		m.PrevURL = listURL(m.Query, m.State, m.PageNo-1)
	}
	if m.PageNo < m.Pages {
		m.NextURL = listURL(m.Query, m.State, m.PageNo+1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "licence/list", m)
}

// listURL is the shareable URL of one page of the list.
func listURL(query, state string, page int) string {
	v := url.Values{}
	if query != "" {
		v.Set("q", query)
	}
	if state != "" {
		v.Set("state", state)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/licences"
	}
	return "/licences?" + v.Encode()
}

// showPage is the model of licence/show.
type showPage struct {
	web.Page
	L         Licence
	VerifyURL string
	CanRevoke bool
	Errors    map[string]string
	Reason    string // what the viewer typed, kept on an error
}

// showOrPDF serves /licences/{no}: the PDF when {no} ends in ".pdf"
// (ServeMux wildcards take whole segments), the page otherwise.
func (h *HTTP) showOrPDF(w http.ResponseWriter, r *http.Request) error {
	no := r.PathValue("no")
	if number, ok := strings.CutSuffix(no, ".pdf"); ok {
		return h.pdf(w, r, number)
	}
	return h.renderShow(w, r, http.StatusOK, nil, "")
}

func (h *HTTP) pdf(w http.ResponseWriter, r *http.Request, number string) error {
	pdf, l, err := h.svc.PDF(r.Context(), number)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", `attachment; filename="`+l.Number+`.pdf"; filename*=UTF-8''`+
		url.PathEscape(l.Title+"-"+l.Number+".pdf"))
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	_, err = w.Write(pdf)
	return err
}

// renderShow shows licence {no}; fields (with the typed reason) come from
// a refused revocation.
func (h *HTTP) renderShow(w http.ResponseWriter, r *http.Request, status int, fields map[string]string, reason string) error {
	l, err := h.svc.Get(r.Context(), r.PathValue("no"))
	if err != nil {
		return err
	}
	m := &showPage{Page: web.Page{Title: l.Title, Crumbs: []web.Crumb{crumbHome, crumbList, {Label: l.Number}}},
		L: l, VerifyURL: h.svc.VerifyURL(l.Number), CanRevoke: !l.Revoked() && CanRevoke(access.From(r.Context()), &l),
		Errors: fields, Reason: reason}
	return h.rd.HTML(w, r, status, "licence/show", m)
}

func (h *HTTP) revoke(w http.ResponseWriter, r *http.Request) error {
	reason := web.FormValue(r, "reason")
	l, err := h.svc.Revoke(r.Context(), r.PathValue("no"), reason)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderShow(w, r, web.StatusOf(err), fields, reason)
	} else if errs.Is(err, errs.Conflict) {
		return h.renderShow(w, r, http.StatusConflict, map[string]string{"reason": errs.Message(err)}, reason)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已撤销证照 "+l.Number+"，核验页面将显示“已撤销”。")
	return web.Redirect(w, r, Path(l.Number))
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
