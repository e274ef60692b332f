package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// CSRF cookie and form field names.
const (
	csrfCookie = "gongai_csrf"
	CSRFField  = "csrf_token"
	CSRFHeader = "X-CSRF-Token"
)

type csrfKey struct{}

// CSRF protects every unsafe request that a browser could forge: the
// visitor gets a random nonce in an HttpOnly, SameSite=Strict cookie, and
// every form carries HMAC(secret, nonce). Without the server secret an
// attacker cannot produce a matching pair even if it can plant a cookie.
// Requests authenticated by an API key (Authorization header) are exempt:
// browsers never attach that header on their own.
type CSRF struct {
	Secret []byte
	Secure bool // set the Secure flag (HTTPS deployments)
}

// Request body limits, applied before anything reads a form (this
// middleware is the first to): a multipart form carries uploaded files
// (each at most 50 MB, several per application), any other body is text.
const (
	MaxMultipartBody = 200 << 20
	MaxFormBody      = 8 << 20
)

// limitBody bounds r's body and parses the form within that bound,
// returning a Chinese error when it is too large or unreadable — so that a
// huge upload is refused before it is spooled to disk, and a handler's own
// parse finds the form already read.
func limitBody(w http.ResponseWriter, r *http.Request) error {
	if r.Header.Get("Authorization") != "" && !isForm(r) {
		return nil // API bodies are bounded by DecodeJSON and the upload handler
	}
	limit := int64(MaxFormBody)
	if isMultipart(r) {
		limit = MaxMultipartBody
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	var err error
	if isMultipart(r) {
		err = r.ParseMultipartForm(32 << 20)
	} else {
		err = r.ParseForm()
	}
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		return errs.E(errs.Invalid, "提交的内容过大：上传文件合计不超过 200 MB，其余表单不超过 8 MB。")
	case err != nil && isForm(r):
		return errs.Wrap(errs.Invalid, "表单内容无法读取，请刷新页面后重新提交。", err)
	}
	return nil
}

func isMultipart(r *http.Request) bool {
	return strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data")
}

func isForm(r *http.Request) bool {
	return isMultipart(r) || strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded")
}

// Middleware enforces the token on POST/PUT/PATCH/DELETE.
func (c *CSRF) Middleware(resp *Responder) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			nonce := c.nonce(w, r)
			token := c.sign(nonce)
			r = r.WithContext(context.WithValue(r.Context(), csrfKey{}, token))
			if isUnsafe(r.Method) {
				if err := limitBody(w, r); err != nil {
					resp.Error(w, r, err)
					return
				}
			}
			if err := checkText(r); err != nil {
				resp.Error(w, r, err)
				return
			}
			if isUnsafe(r.Method) && r.Header.Get("Authorization") == "" {
				got := r.Header.Get(CSRFHeader)
				if got == "" {
					got = r.PostFormValue(CSRFField)
				}
				if !hmac.Equal([]byte(got), []byte(token)) {
					resp.Error(w, r, errs.E(errs.Forbidden, "页面已过期或请求来源无效，请刷新页面后重新提交。"))
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func (c *CSRF) nonce(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(csrfCookie); err == nil && len(ck.Value) >= 32 {
		return ck.Value
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	v := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true,
		Secure: c.Secure, SameSite: http.SameSiteStrictMode})
	return v
}

func (c *CSRF) sign(nonce string) string {
	m := hmac.New(sha256.New, c.Secret)
	m.Write([]byte(nonce))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// CSRFToken returns the token to embed in forms of this request.
func CSRFToken(ctx context.Context) string {
	t, _ := ctx.Value(csrfKey{}).(string)
	return t
}

func isUnsafe(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions:
		return false
	}
	return true
}
