package web

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestDeadline: a request's context ends after the configured time, and
// 0 leaves it without a deadline.
func TestDeadline(t *testing.T) {
	var bounded, ended bool
	h := Deadline(50 * time.Millisecond)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, bounded = r.Context().Deadline()
		select {
		case <-r.Context().Done():
			ended = true
		case <-time.After(10 * time.Second): // far beyond the deadline: a failure, not a wait
		}
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if !bounded || !ended {
		t.Errorf("with 50ms: deadline set %v, context ended %v; want both", bounded, ended)
	}
	h = Deadline(0)(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, bounded = r.Context().Deadline()
	}))
	h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/", nil))
	if bounded {
		t.Error("with 0: the request has a deadline")
	}
}
