package holiday

import (
	"bytes"
	"context"
	"database/sql"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
	"github.com/dazhou-gongai/gongai/internal/ui"
)

// fixture is a seeded calendar behind the real router and renderer, as the
// app builds them, minus the CSRF and session middleware. The clock stands
// at 2026-11-20 in Dazhou (2027 is seeded, so no missing-year warning)
// unless a test moves it.
type fixture struct {
	db    *sqldb.DB
	cal   *calendar.Calendar
	rt    *web.Router
	clock time.Time
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{db: testkit.NewDB(t), clock: time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)}
	now := func() time.Time { return f.clock }
	rec := audit.NewRecorder(now)
	ctx := context.Background()
	if err := f.db.WithTx(ctx, func(tx *sql.Tx) error { return calendar.Seed(ctx, tx, rec, now()) }); err != nil {
		t.Fatal(err)
	}
	f.cal = calendar.New(f.db, rec, now)
	f.rt = newRouter(t, f.cal)
	return f
}

func newRouter(t *testing.T, cal *calendar.Calendar) *web.Router {
	t.Helper()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	rd, err := web.NewRenderer(ui.Layout(), ui.Funcs(func(s string) string { return "/static/" + s }), log, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := rd.AddPages("ui", ui.Pages()); err != nil {
		t.Fatal(err)
	}
	if err := rd.AddPages("holiday", Templates()); err != nil {
		t.Fatal(err)
	}
	rt := web.NewRouter(&web.Responder{Log: log, ErrorPage: rd.ErrorPage}, nil)
	NewHTTP(cal, rd).Routes(rt)
	return rt
}

func staff(role access.Role) *access.Principal {
	return &access.Principal{UserID: 1, Username: string(role), Name: "测试" + role.Label(),
		Assignments: []access.Assignment{{Role: role, RegionCode: access.CityRegionCode}}}
}

var (
	admin = staff(access.SysAdmin)
	clerk = staff(access.WindowClerk)
)

// scenario is one request and what its response must show.
type scenario struct {
	name     string
	p        *access.Principal // nil: anonymous
	method   string
	path     string
	form     url.Values // urlencoded POST body
	files    map[string]string
	status   int
	contains []string
	excludes []string
	location string
}

func (sc scenario) run(t *testing.T, h http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	req := sc.request(t)
	ctx := context.Background()
	if sc.p != nil {
		ctx = audit.WithActor(access.With(ctx, sc.p), audit.Actor{Kind: audit.ActorUser, Name: sc.p.Name})
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req.WithContext(ctx))
	got := rec.Body.String()
	if rec.Code != sc.status {
		t.Fatalf("%s: %s %s: status %d, want %d\n%s", sc.name, sc.method, sc.path, rec.Code, sc.status, got)
	}
	for _, s := range sc.contains {
		if !strings.Contains(got, s) {
			t.Errorf("%s: body lacks %q\n%s", sc.name, s, got)
		}
	}
	for _, s := range sc.excludes {
		if strings.Contains(got, s) {
			t.Errorf("%s: body contains %q", sc.name, s)
		}
	}
	if sc.location != "" && rec.Header().Get("Location") != sc.location {
		t.Errorf("%s: Location %q, want %q", sc.name, rec.Header().Get("Location"), sc.location)
	}
	return rec
}

// request builds the request: multipart when files are given (the form
// fields go along), urlencoded for a form, else no body.
func (sc scenario) request(t *testing.T) *http.Request {
	t.Helper()
	if sc.files == nil {
		var body io.Reader
		if sc.form != nil {
			body = strings.NewReader(sc.form.Encode())
		}
		req := httptest.NewRequest(sc.method, sc.path, body)
		if sc.form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		return req
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range sc.form {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, content := range sc.files {
		fw, err := mw.CreateFormFile("file", name)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = fw.Write([]byte(content))
	}
	_ = mw.Close()
	req := httptest.NewRequest(sc.method, sc.path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return req
}

func mustDate(t *testing.T, s string) calendar.Date {
	t.Helper()
	d, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}
