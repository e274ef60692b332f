package app

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/config"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// testSystem boots the whole application on a fresh database (PostgreSQL
// when GONGAI_TEST_DATABASE_URL is set) with demo data and cheap hashing,
// served by an httptest server.
func testSystem(t *testing.T) (*System, *httptest.Server) {
	t.Helper()
	args := []string{"-data-dir", t.TempDir()}
	if testkit.IsPostgres() {
		db := testkit.NewPostgresDB(t) // fresh schema; we only need its URL
		args = append(args, "-database-url", schemaURL(t, db.Where))
	}
	return serveSystem(t, args)
}

// serveSystem boots the application with the serve flags args (plus quiet
// logging and cheap hashing) behind an httptest server closed with t.
func serveSystem(t testing.TB, args []string) (*System, *httptest.Server) {
	t.Helper()
	cfg, err := config.Parse("serve", append(args, "-log-level", "error"), func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	policy := identity.DefaultPolicy
	policy.Hash = identity.HashParams{Memory: 64, Time: 1, Threads: 1}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if os.Getenv("GONGAI_TEST_LOG") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	sys, err := New(context.Background(), cfg, log, Options{Policy: &policy, NoHistory: true})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(sys.Handler)
	t.Cleanup(func() { srv.Close(); sys.Close() })
	return sys, srv
}

// schemaURL turns the masked display form back into a usable URL: the
// testkit database has no password (trust auth), so nothing was masked.
func schemaURL(t *testing.T, where string) string {
	t.Helper()
	if strings.Contains(where, "xxxxx") {
		t.Skip("PostgreSQL test URL has a password; app tests need trust auth")
	}
	return where
}

// client is a browser-like HTTP client: cookies, CSRF token, no redirects.
type client struct {
	t    testing.TB
	base string
	http *http.Client
	csrf string
	// bearer, when set, is sent as an API key instead of cookies.
	bearer string
}

var csrfRe = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

func newClient(t testing.TB, srv *httptest.Server) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: srv.URL, http: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	res, body := c.do("GET", "/login", nil)
	m := csrfRe.FindStringSubmatch(body)
	if res.StatusCode != 200 || m == nil {
		t.Fatalf("login page: %d", res.StatusCode)
	}
	c.csrf = m[1]
	return c
}

// login signs in through the form; it fails the test unless redirected.
func (c *client) login(user, pass string) {
	c.t.Helper()
	res, body := c.do("POST", "/login", url.Values{"username": {user}, "password": {pass}})
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: %d %s", user, res.StatusCode, body)
	}
}

// do sends a request; unsafe form requests carry the CSRF token.
func (c *client) do(method, path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	var body io.Reader
	if form != nil || (method != "GET" && method != "HEAD") {
		if form == nil {
			form = url.Values{}
		}
		if c.bearer == "" {
			form.Set("csrf_token", c.csrf)
		}
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// doJSON sends a JSON body (API routes), with the CSRF header for cookies.
func (c *client) doJSON(method, path, js string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest(method, c.base+path, strings.NewReader(js))
	req.Header.Set("Content-Type", "application/json")
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	} else {
		req.Header.Set("X-CSRF-Token", c.csrf)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}
