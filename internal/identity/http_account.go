package identity

import (
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// AccountPage shows the signed-in user's account and recent sign-ins.
type AccountPage struct {
	web.Page
	User   User
	Recent []audit.Event
}

func (h *HTTP) account(w http.ResponseWriter, r *http.Request) error {
	u, recent, err := h.svc.Me(r.Context())
	if err != nil {
		return err
	}
	m := &AccountPage{User: u, Recent: recent}
	m.Title = "我的账户"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "我的账户"}}
	return h.rd.HTML(w, r, http.StatusOK, "identity/account", m)
}

// PasswordPage is the change-password form.
type PasswordPage struct {
	web.Page
	Forced bool
	Errors map[string]string
}

func (h *HTTP) passwordForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderPassword(w, r, http.StatusOK, nil)
}

func (h *HTTP) renderPassword(w http.ResponseWriter, r *http.Request, status int, fields map[string]string) error {
	p := access.From(r.Context())
	m := &PasswordPage{Forced: p != nil && p.MustChangePassword, Errors: fields}
	m.Title = "修改密码"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "我的账户", URL: "/account"}, {Label: "修改密码"}}
	return h.rd.HTML(w, r, status, "identity/password", m)
}

func (h *HTTP) changePassword(w http.ResponseWriter, r *http.Request) error {
	token, err := h.svc.ChangePassword(r.Context(), r.PostFormValue("current"),
		r.PostFormValue("password"), r.PostFormValue("confirm"), clientOf(r))
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderPassword(w, r, http.StatusBadRequest, fields)
	}
	if err != nil {
		return err
	}
	h.cookies.Set(w, token)
	web.SetFlash(w, "密码已修改。其他设备上的登录已全部退出。")
	return web.Redirect(w, r, "/account")
}
