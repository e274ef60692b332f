package web

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestCSRF_BoundsTheBodyBeforeReadingIt: a form over the limit is refused
// with a Chinese message before the token is looked at or a handler runs;
// one within it reaches the token check.
func TestCSRF_BoundsTheBodyBeforeReadingIt(t *testing.T) {
	resp := &Responder{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	called := false
	h := (&CSRF{Secret: []byte("0123456789abcdef")}).Middleware(resp)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		called = true
	}))
	for _, tc := range []struct {
		name   string
		size   int
		status int
		want   string
	}{
		{"too large", MaxFormBody + 1, http.StatusBadRequest, "提交的内容过大"},
		{"within the limit, no token", 1000, http.StatusForbidden, "页面已过期"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/api/v1/x", strings.NewReader("a="+strings.Repeat("x", tc.size)))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status || !strings.Contains(rec.Body.String(), tc.want) || called {
				t.Fatalf("status %d, called %v: %s", rec.Code, called, rec.Body.String())
			}
		})
	}
}

// TestCSRF_RefusesBadText: a query, form field, field name or file name
// that is not UTF-8 or holds NUL is refused with 400 before any handler
// runs (PostgreSQL cannot store it); Chinese, emoji and tabs pass.
func TestCSRF_RefusesBadText(t *testing.T) {
	resp := &Responder{Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	c := &CSRF{Secret: []byte("0123456789abcdef")}
	called := false
	h := c.Middleware(resp)(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { called = true }))
	multipart := func(field, filename string) (string, string) {
		b := "--B\r\nContent-Disposition: form-data; name=\"" + field + "\"; filename=\"" + filename +
			"\"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n--B--\r\n"
		return b, "multipart/form-data; boundary=B"
	}
	for _, tc := range []struct {
		name, method, target, body, ctype string
		ok                                bool
	}{
		{"query with NUL", "GET", "/api/v1/projects?q=%E5%AD%A6%00", "", "", false},
		{"query not UTF-8", "GET", "/api/v1/projects?q=%FF%FE", "", "", false},
		{"query Chinese", "GET", "/api/v1/projects?q=%E5%AD%A6%E6%A0%A1%F0%9F%8F%97", "", "", true},
		{"form value with NUL", "POST", "/api/v1/projects", "name=%E5%90%AB%00", "application/x-www-form-urlencoded", false},
		{"form value not UTF-8", "POST", "/api/v1/projects", "name=%E5%90%AB%FF", "application/x-www-form-urlencoded", false},
		{"form field name not UTF-8", "POST", "/api/v1/projects", "%FF=1", "application/x-www-form-urlencoded", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			called = false
			req := httptest.NewRequest(tc.method, tc.target, strings.NewReader(tc.body))
			if tc.ctype != "" {
				req.Header.Set("Content-Type", tc.ctype)
			}
			req.Header.Set("Authorization", "Bearer x") // past the token check: only the text matters
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if tc.ok != called || (!tc.ok && (rec.Code != http.StatusBadRequest || !strings.Contains(rec.Body.String(), "无法识别的字符"))) {
				t.Fatalf("status %d, handler called %v: %s", rec.Code, called, rec.Body.String())
			}
		})
	}
	body, ctype := multipart("file", "证明\x00.pdf")
	req := httptest.NewRequest("POST", "/api/v1/files", strings.NewReader(body))
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer x")
	rec := httptest.NewRecorder()
	called = false
	h.ServeHTTP(rec, req)
	if called || rec.Code != http.StatusBadRequest {
		t.Fatalf("file name with NUL: status %d, called %v", rec.Code, called)
	}
}
