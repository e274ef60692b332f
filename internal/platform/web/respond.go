package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"reflect"
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

// MaxJSONBody is the largest API request body DecodeJSON reads.
const MaxJSONBody = 1 << 20

// DecodeJSON reads a JSON request body into v: exactly one JSON value of at
// most MaxJSONBody bytes (trailing content such as "{}}" or "{} {}" is
// refused), with no property v does not have. Every error is Invalid with
// a Chinese message a client can act on; a misspelt or mistyped property
// is also named in Fields. The decoder's own (English) text stays in the
// wrapped cause.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, MaxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonBodyError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			return jsonBodyError(err)
		}
		return errs.Wrap(errs.Invalid, "请求体在 JSON 值之后还有多余的内容，请只发送一个 JSON 对象。", err)
	}
	return nil
}

// jsonBodyError classifies a decoding error of DecodeJSON.
func jsonBodyError(err error) error {
	var (
		tooLarge *http.MaxBytesError
		syntax   *json.SyntaxError
		typ      *json.UnmarshalTypeError
	)
	switch {
	case errors.As(err, &tooLarge):
		return errs.Wrap(errs.Invalid, "请求体过大：JSON 请求体不能超过 1 MB。", err)
	case errors.Is(err, io.EOF):
		return errs.Wrap(errs.Invalid, "请求体为空，应为一个 JSON 对象。", err)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.Wrap(errs.Invalid, "请求体不完整：JSON 在结束前中断了，请检查括号和引号是否成对。", err)
	case errors.As(err, &syntax):
		return errs.Wrap(errs.Invalid, fmt.Sprintf("请求体不是有效的 JSON：第 %d 个字节附近有语法错误。", syntax.Offset), err)
	case errors.As(err, &typ) && typ.Field != "":
		msg := fmt.Sprintf("属性“%s”的值类型不对，应为%s。", typ.Field, jsonKindLabel(typ.Type))
		return &errs.Error{Kind: errs.Invalid, Message: msg, Fields: map[string]string{typ.Field: msg}, Err: err}
	case errors.As(err, &typ):
		return errs.Wrap(errs.Invalid, "请求体应为一个 JSON 对象。", err)
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		msg := fmt.Sprintf("请求体中有未知的属性“%s”，请对照接口文档检查拼写。", name)
		return &errs.Error{Kind: errs.Invalid, Message: msg, Fields: map[string]string{name: msg}, Err: err}
	}
	return errs.Wrap(errs.Invalid, "请求体中有无法读取的值，请对照接口文档检查各属性的格式。", err)
}

// jsonKindLabel names the JSON type that a Go type is decoded from.
func jsonKindLabel(t reflect.Type) string {
	if t == nil {
		return "其他类型"
	}
	switch t.Kind() {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "true 或 false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "整数"
	case reflect.Float32, reflect.Float64:
		return "数字"
	case reflect.Slice, reflect.Array:
		return "数组 [...]"
	case reflect.Map, reflect.Struct:
		return "对象 {...}"
	}
	return "其他类型"
}
