package web

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"net/url"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

var (
	errNotFound         = errs.E(errs.NotFound, "页面不存在，请检查网址。")
	errMethodNotAllowed = errs.E(errs.Invalid, "不支持该请求方法。")
)

// statusOf is the one mapping from error kind to HTTP status.
var statusOf = map[errs.Kind]int{
	errs.Internal:        http.StatusInternalServerError,
	errs.Invalid:         http.StatusBadRequest,
	errs.NotFound:        http.StatusNotFound,
	errs.Conflict:        http.StatusConflict,
	errs.Unauthenticated: http.StatusUnauthorized,
	errs.Forbidden:       http.StatusForbidden,
	errs.Locked:          http.StatusLocked,
	errs.TooMany:         http.StatusTooManyRequests,
	errs.Unavailable:     http.StatusServiceUnavailable,
}

// StatusOf returns the HTTP status for err.
func StatusOf(err error) int {
	if err == errMethodNotAllowed {
		return http.StatusMethodNotAllowed
	}
	return statusOf[errs.KindOf(err)]
}

// APIError is the JSON body of every API error.
type APIError struct {
	Code      string            `json:"code"`
	Message   string            `json:"message"`
	Fields    map[string]string `json:"fields,omitempty"`
	RequestID string            `json:"request_id,omitempty"`
}

// Responder writes errors: JSON under /api/, a Chinese error page elsewhere,
// and a redirect to the login page for an unauthenticated browser.
type Responder struct {
	Log       *slog.Logger
	ErrorPage func(w http.ResponseWriter, r *http.Request, status int, msg string)
}

// IsAPI reports whether r is a JSON API request.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// Error reports err to the client. Internal errors are logged here, once,
// with the request's attributes; their detail never reaches the client.
func (rs *Responder) Error(w http.ResponseWriter, r *http.Request, err error) {
	status := StatusOf(err)
	msg := errs.Message(err)
	if status >= 500 {
		rs.Log.ErrorContext(r.Context(), "request failed", "err", err.Error(),
			"method", r.Method, "path", r.URL.Path, "request_id", RequestID(r.Context()))
	}
	if IsAPI(r) {
		if status == http.StatusMethodNotAllowed {
			msg = errMethodNotAllowed.Message
		}
		WriteJSON(w, status, APIError{Code: codeOf(err, status), Message: msg,
			Fields: errs.FieldsOf(err), RequestID: RequestID(r.Context())})
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	rs.ErrorPage(w, r, status, msg)
}

func codeOf(err error, status int) string {
	if status == http.StatusMethodNotAllowed {
		return "method_not_allowed"
	}
	return errs.KindOf(err).Code()
}

// WriteJSON writes v as JSON with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
}
