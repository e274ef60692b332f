package testkit

import (
	"context"
	"io"
	"io/fs"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/ui"
)

// NewRouter builds the real router and renderer as the app does (shared
// layout and error page), minus the session and CSRF middleware, with the
// given page sets (prefix → templates); routes registers the routes under
// test. Tests put the principal into each request's context themselves.
func NewRouter(t testing.TB, pages map[string]fs.FS, routes func(rt *web.Router, rd *web.Renderer)) *web.Router {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rd, err := web.NewRenderer(ui.Layout(), ui.Funcs(func(s string) string { return "/static/" + s }), log, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rd.AddPages("ui", ui.Pages()); err != nil {
		t.Fatal(err)
	}
	for prefix, fsys := range pages {
		if err := rd.AddPages(prefix, fsys); err != nil {
			t.Fatal(err)
		}
	}
	rt := web.NewRouter(&web.Responder{Log: log, ErrorPage: rd.ErrorPage}, nil)
	routes(rt, rd)
	return rt
}

// Do sends one request to h in ctx (nil: background). body is nil, a form
// (url.Values) or a JSON text (string).
func Do(t testing.TB, h http.Handler, ctx context.Context, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var rd io.Reader
	ctype := ""
	switch b := body.(type) {
	case url.Values:
		rd, ctype = strings.NewReader(b.Encode()), "application/x-www-form-urlencoded"
	case string:
		rd, ctype = strings.NewReader(b), "application/json"
	case nil:
	default:
		t.Fatalf("testkit.Do: unsupported body %T", body)
	}
	req := httptest.NewRequest(method, path, rd)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if ctx != nil {
		req = req.WithContext(ctx)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Want is what a response must show. Location is matched as a prefix.
type Want struct {
	Status   int
	Contains []string
	Excludes []string
	Location string
}

// fmtError is how package fmt reports a verb it could not apply: %!f(…).
var fmtError = regexp.MustCompile(`%![a-zA-Z]\(`)

// Check fails t unless rec matches w (and never shows a formatting error); what names the request in messages.
func Check(t testing.TB, what string, rec *httptest.ResponseRecorder, w Want) {
	t.Helper()
	got := rec.Body.String()
	if rec.Code != w.Status {
		t.Fatalf("%s: status %d, want %d\n%s", what, rec.Code, w.Status, got)
	}
	for _, s := range w.Contains {
		if !strings.Contains(got, s) {
			t.Errorf("%s: body lacks %q\n%s", what, s, got)
		}
	}
	for _, s := range w.Excludes {
		if strings.Contains(got, s) {
			t.Errorf("%s: body contains %q", what, s)
		}
	}
	if m := fmtError.FindString(got); m != "" { // e.g. printf "%.1f" given a pointer
		t.Errorf("%s: body shows a formatting error %q", what, m)
	}
	if loc := rec.Header().Get("Location"); w.Location != "" && !strings.HasPrefix(loc, w.Location) {
		t.Errorf("%s: Location %q, want %q…", what, loc, w.Location)
	}
}

// Expect fails t unless rec has status and contains every string.
func Expect(t testing.TB, rec *httptest.ResponseRecorder, status int, contains ...string) {
	t.Helper()
	Check(t, "response", rec, Want{Status: status, Contains: contains})
}
