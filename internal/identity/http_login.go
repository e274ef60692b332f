package identity

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// LoginPage is the model of the login form.
type LoginPage struct {
	web.Page
	Username string
	Next     string
	Errors   map[string]string
}

func (h *HTTP) loginForm(w http.ResponseWriter, r *http.Request) error {
	if access.From(r.Context()) != nil {
		return web.Redirect(w, r, "/")
	}
	return h.renderLogin(w, r, http.StatusOK, &LoginPage{Next: safeNext(r.URL.Query().Get("next"))})
}

func (h *HTTP) renderLogin(w http.ResponseWriter, r *http.Request, status int, m *LoginPage) error {
	m.Title = "登录"
	return h.rd.HTML(w, r, status, "identity/login", m)
}

func (h *HTTP) login(w http.ResponseWriter, r *http.Request) error {
	m := &LoginPage{Username: web.FormValue(r, "username"), Next: safeNext(r.PostFormValue("next"))}
	token, _, err := h.svc.Login(r.Context(), m.Username, r.PostFormValue("password"), clientOf(r))
	if err != nil {
		return h.loginFailed(w, r, m, err)
	}
	h.cookies.Set(w, token)
	if m.Next == "" {
		m.Next = "/"
	}
	return web.Redirect(w, r, m.Next)
}

func (h *HTTP) loginFailed(w http.ResponseWriter, r *http.Request, m *LoginPage, err error) error {
	switch errs.KindOf(err) {
	case errs.Invalid:
		m.Errors = errs.FieldsOf(err)
	case errs.Unauthenticated, errs.Locked, errs.Forbidden:
		m.Errors = map[string]string{"password": errs.Message(err)}
	default:
		return err
	}
	return h.renderLogin(w, r, web.StatusOf(err), m)
}

func (h *HTTP) logout(w http.ResponseWriter, r *http.Request) error {
	if c, err := r.Cookie(SessionCookie); err == nil && c.Value != "" {
		ctx := r.Context()
		if p := access.From(ctx); p != nil {
			ctx = audit.WithActor(ctx, actorOf(p))
		}
		if err := h.svc.Logout(ctx, c.Value); err != nil {
			return err
		}
	}
	h.cookies.Clear(w)
	web.SetFlash(w, "您已安全退出。")
	return web.Redirect(w, r, "/login")
}

func clientOf(r *http.Request) Client {
	return Client{IP: web.ClientIP(r), UserAgent: r.UserAgent()}
}

// safeNext keeps only local paths, so that the login page cannot be used to
// redirect to another site.
func safeNext(next string) string {
	u, err := url.Parse(next)
	if err != nil || next == "" || u.IsAbs() || u.Host != "" || !strings.HasPrefix(next, "/") ||
		strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return ""
	}
	return next
}
