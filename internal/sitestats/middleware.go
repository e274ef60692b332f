package sitestats

import (
	"context"
	"net/http"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// Middleware records the page views, searches and online applications of
// the requests it passes to next. It must sit inside the session middleware
// (it reads the principal from the context) and may sit inside CSRF:
//
//	web.Chain(rt, …, s.Identity.Authenticate(resp, cookies), csrf.Middleware(resp), stats.Middleware)
//
// A page view is a GET of a counted page (ModuleOf) answered 2xx with
// text/html; an application is a POST /projects/{id}/apply by an
// enterprise user answered 303. Everything else passes untouched. It never
// blocks a request on the database except for the first visit of a day on
// this server (to fetch the day's salt).
func (s *Service) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		kind := candidate(r)
		if kind == "" {
			next.ServeHTTP(w, r)
			return
		}
		n := &note{}
		r = r.WithContext(withNote(r.Context(), n))
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		s.observe(r, kind, sw, n)
	})
}

// candidate says whether r may be counted: "view" for a GET of a page
// that is counted for someone, "apply" for an online application, ""
// otherwise. The principal decides later (enterprise or not).
func candidate(r *http.Request) string {
	switch r.Method {
	case http.MethodGet:
		if ModuleOf(r.URL.Path, true) == "" { // not a counted page for anyone: no wrapping
			return ""
		}
		return "view"
	case http.MethodPost:
		if isApplyPath(r.URL.Path) {
			return "apply"
		}
	}
	return ""
}

// isApplyPath matches /projects/{id}/apply.
func isApplyPath(path string) bool {
	rest, ok := strings.CutPrefix(path, "/projects/")
	if !ok {
		return false
	}
	id, tail, _ := strings.Cut(rest, "/")
	return tail == "apply" && id != "" && strings.Trim(id, "0123456789") == ""
}

// enterpriseUser reports whether p uses the 网上大厅: an enterprise account
// or an agent (代办员) applying for one.
func enterpriseUser(p *access.Principal) bool {
	return p != nil && (p.Enterprise || p.Has(access.Applicant) || p.Has(access.Agent))
}

// observe turns the finished request into an event.
func (s *Service) observe(r *http.Request, kind string, sw *statusWriter, n *note) {
	p := access.From(r.Context())
	searched, term, results, applied, items := n.read()
	e := event{day: calendar.DateOf(s.now()), region: regionOf(r, p)}
	switch kind {
	case "view":
		e.module = ModuleOf(r.URL.Path, enterpriseUser(p))
		if e.module == "" || sw.status < 200 || sw.status > 299 || !sw.html() {
			return
		}
		e.group, e.item = PathGroup(r.URL.Path), GuideItem(r.URL.Path)
		if !searched {
			term, results = r.URL.Query().Get("q"), -1
		}
		e.term, e.results = NormaliseTerm(term), results
	case "apply":
		if sw.status != http.StatusSeeOther || !enterpriseUser(p) {
			return
		}
		e.apply, e.items = true, appliedItems(r, applied, items)
	}
	// The answer is already sent: a client gone by now must not cost the count.
	salt, err := s.saltOf(context.WithoutCancel(r.Context()), e.day)
	if err != nil {
		s.dropped.Add(1)
		s.log.WarnContext(r.Context(), "sitestats: no salt for the day", "err", err)
		return
	}
	e.visitor = VisitorKey(salt, web.ClientIP(r), r.UserAgent())
	s.add(e)
}

// appliedItems are the items an application counts a conversion for: those
// the handler named, else the ?item= of the form, else none (every item
// viewed that day).
func appliedItems(r *http.Request, applied bool, items []string) []string {
	if !applied || len(items) == 0 {
		items = []string{r.URL.Query().Get("item")}
	}
	out := items[:0:0]
	for _, c := range items {
		if validCode(c) {
			out = append(out, c)
		}
	}
	return out
}

// regionOf is the region of the request: the signed-in principal's, else a
// region code in the path (/guide/flows/{region}/…) or the ?region= query;
// "" when none is known.
func regionOf(r *http.Request, p *access.Principal) string {
	if p != nil {
		if c := p.Primary().RegionCode; ValidRegion(c) {
			return c
		}
	}
	if rest, ok := strings.CutPrefix(r.URL.Path, "/guide/flows/"); ok {
		if c, _, _ := strings.Cut(rest, "/"); ValidRegion(c) {
			return c
		}
	}
	if c := r.URL.Query().Get("region"); ValidRegion(c) {
		return c
	}
	return ""
}

// statusWriter remembers the status and the content type of the answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	ctype  string
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status, w.ctype = code, w.Header().Get("Content-Type")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.WriteHeader(http.StatusOK)
		if w.ctype == "" {
			w.ctype = http.DetectContentType(b)
		}
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (w *statusWriter) html() bool { return strings.HasPrefix(w.ctype, "text/html") }
