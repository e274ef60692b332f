package sitestats

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/catalog"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/sqldb"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// clock is a settable time source.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// noon is 12:00 Beijing time on d.
func noon(d calendar.Date) time.Time { return d.Time().Add(12 * time.Hour) }

var day1 = calendar.NewDate(2026, 3, 9)

type fakeRegions struct{}

func (fakeRegions) Regions(context.Context) ([]org.Region, error) {
	return []org.Region{{Code: "511700", Name: "达州市本级"}, {Code: "511702", Name: "通川区"},
		{Code: "511725", Name: "渠县"}}, nil
}

type fakeItems struct{}

func (fakeItems) Items(context.Context, catalog.ItemFilter) ([]catalog.Item, error) {
	return []catalog.Item{{Code: "A-1", Name: "建设工程规划许可证核发"}, {Code: "B-2", Name: "建筑工程施工许可证核发"}}, nil
}

type env struct {
	db    *sqldb.DB
	clock *clock
	svc   *Service
	h     http.Handler // the middleware around the pages of pagesMux
}

func newEnv(t testing.TB, d Deps) *env {
	t.Helper()
	db := testkit.NewDB(t)
	c := &clock{t: noon(day1)}
	d.DB, d.Audit, d.Regions, d.Items, d.Now = db, audit.NewRecorder(c.Now), fakeRegions{}, fakeItems{}, c.Now
	svc := NewService(d)
	return &env{db: db, clock: c, svc: svc, h: svc.Middleware(pagesMux())}
}

// pagesMux stands in for the app's router: a few pages of each kind.
// /guide/items reports its search with ?n= results; /public/results does
// not report; POST /projects/{id}/apply answers 303 and names the items of
// ?items= (comma separated) through Applied when ?report=1.
func pagesMux() http.Handler {
	mux := http.NewServeMux()
	html := func(w http.ResponseWriter, status int) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(status)
		fmt.Fprint(w, "<!doctype html><p>page</p>")
	}
	ok := func(w http.ResponseWriter, r *http.Request) { html(w, http.StatusOK) }
	for _, p := range []string{"GET /{$}", "GET /guide/items/{code}", "GET /guide/items/{code}/illustrated", "GET /public/results", "GET /verify/{no}",
		"GET /cases", "GET /projects/{id}", "GET /ops/complaints/new", "GET /sitestats", "GET /guide/flows/{r}/{t}",
		"GET /login"} {
		mux.HandleFunc(p, ok)
	}
	mux.HandleFunc("GET /guide/items", func(w http.ResponseWriter, r *http.Request) {
		if n := r.URL.Query().Get("n"); n != "" {
			k, _ := strconv.Atoi(n)
			Searched(r.Context(), r.URL.Query().Get("q"), k)
		}
		html(w, http.StatusOK)
	})
	mux.HandleFunc("GET /guide/items/missing", func(w http.ResponseWriter, r *http.Request) { html(w, http.StatusNotFound) })
	mux.HandleFunc("GET /fail", func(w http.ResponseWriter, r *http.Request) { html(w, http.StatusInternalServerError) })
	mux.HandleFunc("GET /static/app.css", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/css")
		fmt.Fprint(w, "body{}")
	})
	mux.HandleFunc("GET /api/v1/things", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "{}")
	})
	mux.HandleFunc("GET /guide/items.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, "{}")
	})
	mux.HandleFunc("POST /guide/items", ok)
	mux.HandleFunc("POST /projects/{id}/apply", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("report") == "1" {
			var codes []string
			if s := r.URL.Query().Get("items"); s != "" {
				codes = strings.Split(s, ",")
			}
			Applied(r.Context(), codes...)
		}
		if r.URL.Query().Get("fail") == "1" {
			html(w, http.StatusBadRequest)
			return
		}
		http.Redirect(w, r, "/cases", http.StatusSeeOther)
	})
	return mux
}

// visitor is who sends requests: an address, a browser and a principal.
type visitor struct {
	ip, ua string
	p      *access.Principal
}

var (
	anon     = visitor{ip: "198.51.100.7", ua: "Mozilla/5.0 (X11; Linux) Firefox/130"}
	anon2    = visitor{ip: "198.51.100.8", ua: "Mozilla/5.0 (X11; Linux) Firefox/130"}
	qiye     = visitor{ip: "203.0.113.77", ua: "Mozilla/5.0 QiyeBrowser/9.9", p: enterprise("qiye-zhangsan", 987654, "511702")}
	clerkTC  = visitor{ip: "10.1.2.3", ua: "Mozilla/5.0 Clerk", p: staff("chuangkou", access.WindowClerk, "511702")}
	jianguan = visitor{ip: "10.9.9.9", ua: "Mozilla/5.0 Sup", p: staff("jianguan", access.Supervisor, "511700")}
	countySV = visitor{ip: "10.9.9.8", ua: "Mozilla/5.0 SupQX", p: staff("jianguan.qx", access.Supervisor, "511725")}
)

func enterprise(username string, id int64, region string) *access.Principal {
	return &access.Principal{UserID: id, Username: username, Name: "张三", Enterprise: true, EnterpriseID: 5,
		Assignments: []access.Assignment{{Role: access.Applicant, RegionCode: region}}}
}

func staff(username string, role access.Role, region string) *access.Principal {
	return &access.Principal{UserID: 42, Username: username, Name: username,
		Assignments: []access.Assignment{{Role: role, RegionCode: region, OrgUnitID: 1}}}
}

// do sends one request as v through the middleware.
func (e *env) do(t testing.TB, v visitor, method, target string) *httptest.ResponseRecorder {
	t.Helper()
	var body *strings.Reader
	if method == http.MethodPost {
		body = strings.NewReader(url.Values{"x": {"1"}}.Encode())
	} else {
		body = strings.NewReader("")
	}
	req := httptest.NewRequest(method, target, body)
	req.RemoteAddr = v.ip + ":40000"
	req.Header.Set("User-Agent", v.ua)
	if v.p != nil {
		req = req.WithContext(access.With(req.Context(), v.p))
	}
	rec := httptest.NewRecorder()
	e.h.ServeHTTP(rec, req)
	return rec
}

func (e *env) flush(t testing.TB) {
	t.Helper()
	if err := e.svc.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// count runs a one-number query.
func (e *env) count(t testing.TB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := e.db.QueryRowContext(context.Background(), q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// as is a context carrying v's principal.
func as(v visitor) context.Context { return access.With(context.Background(), v.p) }
