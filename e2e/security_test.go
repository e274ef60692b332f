//go:build e2e

package e2e

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// plainClient does not follow redirects, so that each response is seen.
var plainClient = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// TestSecurityHeaders: pages carry a strict CSP and anti-framing and
// anti-sniffing headers, including the redirect that / answers anonymously.
func TestSecurityHeaders(t *testing.T) {
	for _, path := range []string{"/", "/login"} {
		resp, err := plainClient.Get(env.url + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		resp.Body.Close()
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if csp == "" || strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("GET %s: Content-Security-Policy %q, want one without 'unsafe-inline'/'unsafe-eval'", path, csp)
		}
		if !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("GET %s: Content-Security-Policy %q lacks frame-ancestors 'none'", path, csp)
		}
		if got := h.Get("X-Frame-Options"); got != "DENY" {
			t.Errorf("GET %s: X-Frame-Options %q, want DENY", path, got)
		}
		if got := h.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("GET %s: X-Content-Type-Options %q, want nosniff", path, got)
		}
	}
}

// TestPostWithoutCSRFToken: a form posted from elsewhere (no CSRF token) is
// refused with a Chinese explanation and logs nobody in.
func TestPostWithoutCSRFToken(t *testing.T) {
	form := url.Values{"username": {"admin"}, "password": {demoPassword}}
	resp, err := plainClient.PostForm(env.url+"/login", form)
	if err != nil {
		t.Fatalf("POST /login: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("POST /login: %v", err)
	}
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("POST /login without a CSRF token: status %d, want 403", resp.StatusCode)
	}
	if !strings.Contains(string(body), "页面已过期或请求来源无效") {
		t.Errorf("POST /login without a CSRF token: the page does not explain in Chinese; body:\n%s", body)
	}
	for _, c := range resp.Cookies() {
		if strings.Contains(strings.ToLower(c.Name), "session") && c.Value != "" {
			t.Errorf("POST /login without a CSRF token set the session cookie %s", c.Name)
		}
	}
}

// TestBrowserPostWithoutCSRFToken: the same refusal as a person sees it
// when a stale form without its token is submitted in the browser.
func TestBrowserPostWithoutCSRFToken(t *testing.T) {
	b := newTab(t)
	b.open("/login")
	_ = eval[bool](b, `(() => { document.querySelector('main form input[name="csrf_token"]').remove(); return true; })()`)
	b.fill("#f-username", "admin")
	b.fill("#f-password", demoPassword)
	if status := b.press(loginButton); status != http.StatusForbidden {
		t.Errorf("submitting the login form without its token: status %d, want 403", status)
	}
	b.expectText("main h1", "无权访问")
	b.expectText("main .lead", "页面已过期或请求来源无效")
	b.open("/")
	b.expectPath("/login?next=%2F") // not logged in
}
