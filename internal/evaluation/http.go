package evaluation

import (
	"embed"
	"fmt"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("evaluation", evaluation.Templates()).
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the evaluation pages and API. Handlers parse, call one use
// case and render; the service makes every access decision.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "evaluation".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the pages and the API on rt:
//
//	GET  /cases/{id}/rating                 rating page: form or the rating made (Rate)
//	POST /cases/{id}/rating                 rate (Rate)
//	GET  /rectifications                    差评整改 list (signed in; service: departments, supervisors, raters)
//	GET  /rectifications/{id}               one rectification (signed in; service: as the list)
//	POST /rectifications/{id}/answer        department's answer (Rectify)
//	POST /rectifications/{id}/close         supervisor closes (Supervise)
//	POST /rectifications/{id}/followup      rater's 回访 (Rate)
//	GET  /public/results, /public/results/{number}   办结信息公示 (public)
//	and the same under /api/v1 (see apiRoutes), plus GET /api/v1/evaluation/figures (Supervise).
func (h *HTTP) Routes(rt *web.Router) {
	rate, rectify, sup := access.Need(access.Rate), access.Need(access.Rectify), access.Need(access.Supervise)
	rt.Handle("GET /cases/{id}/rating", rate, h.showRating)
	rt.Handle("POST /cases/{id}/rating", rate, h.rate)
	rt.Handle("GET /rectifications", access.SignedIn, h.list)
	rt.Handle("GET /rectifications/{id}", access.SignedIn, h.showRectification)
	rt.Handle("POST /rectifications/{id}/answer", rectify, h.answer)
	rt.Handle("POST /rectifications/{id}/close", sup, h.close)
	rt.Handle("POST /rectifications/{id}/followup", rate, h.followUp)
	rt.Handle("GET /public/results", access.Public, h.results)
	rt.Handle("GET /public/results/{number}", access.Public, h.result)
	h.apiRoutes(rt)
}

// option is one choice of a select.
type option struct{ Value, Label string }

var crumbHome = web.Crumb{Label: "首页", URL: "/"}
var crumbList = web.Crumb{Label: "差评整改", URL: "/rectifications"}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}

// ratingForm is the rating form as typed, kept on an error.
type ratingForm struct {
	Level   string
	Aspects []string
	Comment string
}

// Has reports whether aspect code a is ticked.
func (f ratingForm) Has(a string) bool {
	for _, x := range f.Aspects {
		if x == a {
			return true
		}
	}
	return false
}

// ratingPage is the model of evaluation/rating.
type ratingPage struct {
	web.Page
	State   RatingState
	Form    ratingForm
	Errors  map[string]string
	Levels  []Level
	Aspects []Aspect
}

func (h *HTTP) showRating(w http.ResponseWriter, r *http.Request) error {
	return h.renderRating(w, r, http.StatusOK, ratingForm{}, nil)
}

func (h *HTTP) renderRating(w http.ResponseWriter, r *http.Request, status int, f ratingForm, fields map[string]string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	st, err := h.svc.RatingState(r.Context(), id)
	if err != nil {
		return err
	}
	m := &ratingPage{Page: web.Page{Title: "办件评价", Crumbs: []web.Crumb{crumbHome,
		{Label: st.Case.Number, URL: fmt.Sprintf("/cases/%d", st.Case.ID)}, {Label: "办件评价"}}},
		State: st, Form: f, Errors: fields, Levels: Levels, Aspects: Aspects}
	return h.rd.HTML(w, r, status, "evaluation/rating", m)
}

func (h *HTTP) rate(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return err
	}
	f := ratingForm{Level: web.FormValue(r, "level"), Aspects: r.PostForm["aspects"], Comment: web.FormValue(r, "comment")}
	rating, err := h.svc.Rate(r.Context(), id, RatingInput{Level: Level(atoi(f.Level)), Aspects: f.Aspects, Comment: f.Comment})
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderRating(w, r, web.StatusOf(err), f, fields)
	} else if err != nil {
		return err
	}
	msg := "感谢您的评价。"
	if rating.RectificationID != 0 {
		msg = "感谢您的评价，已转办理部门整改，整改答复后会通知您回访。"
	}
	web.SetFlash(w, msg)
	return web.Redirect(w, r, RatingURL(id))
}
