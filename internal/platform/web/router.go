// Package web is gongai's HTTP foundation: a router that records every route
// with its guard (for the authorisation matrix and the OpenAPI document),
// middleware, rendering of HTML pages and JSON, CSRF, and the single mapping
// from the errs taxonomy to HTTP.
package web

import (
	"net/http"
	"sort"
	"strings"
	"time"
)

// HandlerFunc is a handler that returns its error to the central responder
// instead of writing it itself.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Guard decides whether a request may reach a route at all. Services still
// make the fine-grained decision (region, org unit, object).
type Guard interface {
	Check(r *http.Request) error
	IsPublic() bool
	String() string
}

// Route is a registered route.
type Route struct {
	Method  string
	Path    string // pattern path, e.g. /api/v1/orgs/{id}
	Guard   Guard
	API     *APIDoc // non-nil for documented JSON API routes
	handler HandlerFunc
}

// Pattern is the ServeMux pattern, e.g. "GET /orgs/{id}".
func (rt Route) Pattern() string { return rt.Method + " " + rt.Path }

// Router wraps http.ServeMux and remembers every route.
type Router struct {
	mux     *http.ServeMux
	routes  []Route
	resp    *Responder
	metrics RouteObserver
}

// RouteObserver is told the duration and status of every routed request.
type RouteObserver interface {
	ObserveRequest(method, route string, status int, d time.Duration)
}

// NewRouter returns an empty router that reports errors through resp.
func NewRouter(resp *Responder, obs RouteObserver) *Router {
	return &Router{mux: http.NewServeMux(), resp: resp, metrics: obs}
}

// Handle registers h for "METHOD /path" behind g. It panics on a malformed
// or duplicate pattern, as ServeMux does: routes are fixed at start-up.
func (rt *Router) Handle(pattern string, g Guard, h HandlerFunc) {
	rt.add(pattern, g, h, nil)
}

// API registers a JSON API route with its OpenAPI description.
func (rt *Router) API(pattern string, g Guard, doc APIDoc, h HandlerFunc) {
	rt.add(pattern, g, h, &doc)
}

func (rt *Router) add(pattern string, g Guard, h HandlerFunc, doc *APIDoc) {
	method, path, ok := strings.Cut(pattern, " ")
	if !ok {
		panic("web: route pattern needs a method: " + pattern)
	}
	route := Route{Method: method, Path: path, Guard: g, API: doc, handler: h}
	rt.routes = append(rt.routes, route)
	rt.mux.Handle(pattern, rt.wrap(route))
}

func (rt *Router) wrap(route Route) http.Handler {
	name := route.Pattern()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		err := route.Guard.Check(r)
		if err == nil {
			err = route.handler(sw, r)
		}
		if err != nil {
			rt.resp.Error(sw, r, err)
		}
		if rt.metrics != nil {
			rt.metrics.ObserveRequest(route.Method, name, sw.Status(), time.Since(start))
		}
	})
}

// Routes returns the registered routes sorted by path then method.
func (rt *Router) Routes() []Route {
	out := append([]Route(nil), rt.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Path != out[j].Path {
			return out[i].Path < out[j].Path
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// ServeHTTP dispatches to the matching route, or answers 404/405 through the
// responder so that unknown URLs get the same Chinese error page.
func (rt *Router) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h, pattern := rt.mux.Handler(r)
	if pattern == "" {
		rt.notFound(w, r, h)
		return
	}
	rt.mux.ServeHTTP(w, r)
}

func (rt *Router) notFound(w http.ResponseWriter, r *http.Request, h http.Handler) {
	// ServeMux's own handler knows whether this is a 405 (and sets Allow).
	probe := &statusWriter{ResponseWriter: discardWriter{header: w.Header()}}
	h.ServeHTTP(probe, r)
	if probe.Status() == http.StatusMethodNotAllowed {
		rt.resp.Error(w, r, errMethodNotAllowed)
		return
	}
	rt.resp.Error(w, r, errNotFound)
}

type discardWriter struct{ header http.Header }

func (d discardWriter) Header() http.Header         { return d.header }
func (d discardWriter) Write(b []byte) (int, error) { return len(b), nil }
func (d discardWriter) WriteHeader(int)             {}

// statusWriter records the status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Status is the written status, 200 if the handler wrote only a body, 0 if nothing.
func (w *statusWriter) Status() int { return w.status }

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
