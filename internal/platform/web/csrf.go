package web

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"

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

// Middleware enforces the token on POST/PUT/PATCH/DELETE.
func (c *CSRF) Middleware(resp *Responder) Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			nonce := c.nonce(w, r)
			token := c.sign(nonce)
			r = r.WithContext(context.WithValue(r.Context(), csrfKey{}, token))
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
