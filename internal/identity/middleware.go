package identity

import (
	"net/http"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// SessionCookie is the name of the session cookie.
const SessionCookie = "gongai_session"

// Cookies sets and clears the session cookie.
type Cookies struct{ Secure bool }

// Set stores the session token: HttpOnly (no script can read it), SameSite
// Lax (not sent on cross-site posts), no Max-Age (gone with the browser).
func (c Cookies) Set(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: c.Secure, SameSite: http.SameSiteLaxMode})
}

// Clear removes the session cookie.
func (c Cookies) Clear(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1, HttpOnly: true,
		Secure: c.Secure, SameSite: http.SameSiteLaxMode})
}

// passwordChangeExempt are the paths a user who must change their password
// may still reach.
var passwordChangeExempt = []string{"/account/password", "/logout", "/static/", "/healthz", "/readyz"}

// Authenticate resolves the request's principal from an API key
// (Authorization: Bearer) or the session cookie and puts it, with the audit
// actor and origin, into the context. Anonymous requests pass through; the
// route guards decide. A bad API key is answered 401 at once.
func (s *Service) Authenticate(resp *web.Responder, cookies Cookies) web.Middleware {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			ctx := audit.WithOrigin(r.Context(), audit.Origin{IP: web.ClientIP(r), RequestID: web.RequestID(r.Context())})
			r = r.WithContext(ctx)
			p, err := s.principalOf(w, r, cookies)
			if err != nil {
				resp.Error(w, r, err)
				return
			}
			if p != nil {
				r = r.WithContext(access.With(audit.WithActor(r.Context(), actorOf(p)), p))
				web.Remember(r)
				if p.MustChangePassword && !exempt(r.URL.Path) {
					mustChange(w, r, resp)
					return
				}
			}
			next.ServeHTTP(w, r)
		})
	}
}

func (s *Service) principalOf(w http.ResponseWriter, r *http.Request, cookies Cookies) (*access.Principal, error) {
	if auth := r.Header.Get("Authorization"); auth != "" {
		token, ok := strings.CutPrefix(auth, "Bearer ")
		if !ok {
			return nil, errs.E(errs.Unauthenticated, "Authorization 头应为 Bearer <API 密钥>。")
		}
		return s.APIKeyPrincipal(r.Context(), strings.TrimSpace(token))
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil || c.Value == "" {
		return nil, nil
	}
	p, err := s.Session(r.Context(), c.Value)
	switch {
	case err == ErrSessionExpired:
		cookies.Clear(w)
		web.SetFlash(w, errs.Message(err))
		return nil, nil
	case errs.Is(err, errs.Unauthenticated):
		cookies.Clear(w)
		return nil, nil
	}
	return p, err
}

func actorOf(p *access.Principal) audit.Actor {
	if p.APIKeyID != 0 {
		return audit.Actor{Kind: audit.ActorAPIKey, ID: p.APIKeyID, Name: p.Username}
	}
	return audit.Actor{Kind: audit.ActorUser, ID: p.UserID, Name: p.Username}
}

func exempt(path string) bool {
	for _, e := range passwordChangeExempt {
		if path == e || (strings.HasSuffix(e, "/") && strings.HasPrefix(path, e)) {
			return true
		}
	}
	return false
}

func mustChange(w http.ResponseWriter, r *http.Request, resp *web.Responder) {
	if r.Method == http.MethodGet && !web.IsAPI(r) {
		http.Redirect(w, r, "/account/password", http.StatusSeeOther)
		return
	}
	resp.Error(w, r, errs.E(errs.Forbidden, "请先修改初始密码。"))
}
