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
