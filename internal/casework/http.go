package casework

import (
	"context"
	"embed"
	"io"
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

// Templates returns the pages, registered as "casework/…".
func Templates() fs.FS { sub, _ := fs.Sub(templateFS, "templates"); return sub }

// HTTP serves the engine's pages and JSON API.
type HTTP struct {
	svc   *Service
	rd    *web.Renderer
	links []LinkSource
}

// LinkSource adds links to the case page from capabilities built on the
// engine (the rating form, the licence); it returns none for a viewer who
// has nothing to do there, and its errors only hide its links.
type LinkSource func(ctx context.Context, c *Case) ([]web.NavItem, error)

// WithLinks returns h showing the links of each source on the case page.
func (h *HTTP) WithLinks(src ...LinkSource) *HTTP {
	h.links = append(h.links, src...)
	return h
}

// NewHTTP returns the handlers.
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API.
func (h *HTTP) Routes(rt *web.Router) {
	view := access.Need(access.CaseView)
	rt.Handle("GET /cases", view, h.listPage)
	rt.Handle("GET /cases/{id}", view, h.detailPage)
	rt.Handle("GET /cases/progress", view, h.progressPage)
	rt.Handle("GET /cases/{id}/files/{hash}", view, h.file)
	rt.Handle("GET /cases/{id}/preview/{hash}", view, h.preview)
	rt.Handle("GET /cases/{id}/notices/{kind}", view, h.notice)
	rt.Handle("POST /cases/{id}/{action}", access.SignedIn, h.actionPage)
	rt.Handle("GET /cases/{id}/supply", access.Need(access.CaseApply), h.supplyForm)
	rt.Handle("POST /cases/{id}/supply", access.Need(access.CaseApply), h.supply)
	rt.Handle("GET /apply", access.SignedIn, h.hub)
	rt.Handle("GET /apply/items/{code}", access.SignedIn, h.hubItem)
	rt.Handle("GET /projects/{id}/apply", access.SignedIn, h.applyForm)
	rt.Handle("POST /projects/{id}/apply", access.SignedIn, h.apply)
	rt.Handle("POST /cases/{id}/consultations/{cid}/answer", access.Need(access.CaseReview), h.answerPage)
	h.apiRoutes(rt)
}

// filterOf reads list filters from the query string.
func filterOf(r *http.Request) (Filter, error) {
	q := r.URL.Query()
	f := Filter{Queue: q.Get("queue"), Level: q.Get("level")}
	fields := map[string]string{}
	if f.Queue != "" && f.Queue != "window" && f.Queue != "department" && f.Queue != "progress" {
		fields["queue"] = "queue 应为 window、department 或 progress。"
	}
	if f.Level != "" && f.Level != LevelYellow && f.Level != LevelRed {
		fields["level"] = "level 应为 yellow 或 red。"
	}
	ints := map[string]*int64{"project_id": &f.ProjectID}
	for name, dst := range ints {
		if v := q.Get(name); v != "" {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n <= 0 {
				fields[name] = name + " 应为正整数。"
			}
			*dst = n
		}
	}
	if v := q.Get("status"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || !Status(n).Valid() {
			fields["status"] = "status 应为 1–15 的办理状态码。"
		}
		f.Status = Status(n)
	}
	for name, dst := range map[string]*int{"limit": &f.Limit, "offset": &f.Offset} {
		if v := q.Get(name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 {
				fields[name] = name + " 应为非负整数。"
			}
			*dst = n
		}
	}
	if len(fields) > 0 {
		return f, errs.FieldErrors(fields)
	}
	return f, nil
}

// file serves a material of the case as a download.
func (h *HTTP) file(w http.ResponseWriter, r *http.Request) error {
	return h.serveMaterial(w, r, "attachment")
}

// preview serves a material inline so that the browser shows a PDF or an
// image in the page (the detail page embeds it); other types download.
func (h *HTTP) preview(w http.ResponseWriter, r *http.Request) error {
	return h.serveMaterial(w, r, "inline")
}

func (h *HTTP) serveMaterial(w http.ResponseWriter, r *http.Request, disposition string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rc, ref, err := h.svc.OpenMaterial(r.Context(), id, r.PathValue("hash"))
	if err != nil {
		return err
	}
	defer rc.Close()
	w.Header().Set("Content-Type", ref.ContentType)
	w.Header().Set("Content-Length", strconv.FormatInt(ref.Size, 10))
	if disposition == "inline" && !Previewable(ref.ContentType) {
		disposition = "attachment"
	}
	if disposition == "inline" { // the detail page frames it: allow our own pages only
		w.Header().Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'")
		w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	}
	w.Header().Set("Content-Disposition", disposition+"; filename*=UTF-8''"+url.PathEscape(ref.Name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = io.Copy(w, rc)
	return err
}

// Previewable reports whether a browser shows the content type by itself.
func Previewable(contentType string) bool {
	switch contentType {
	case "application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp":
		return true
	}
	return false
}

// notice serves a written notice of the case (受理通知书 …) as a PDF.
func (h *HTTP) notice(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	pause, _ := strconv.ParseInt(r.URL.Query().Get("pause"), 10, 64)
	pdf, name, err := h.svc.NoticePDF(r.Context(), id, strings.TrimSuffix(r.PathValue("kind"), ".pdf"), pause)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(name))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(pdf)
	return err
}
