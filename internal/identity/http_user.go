package identity

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// UserPage shows one account with its roles and the admin actions.
type UserPage struct {
	web.Page
	User    User
	Locked  bool
	Regions []org.Region
	Units   []org.Unit
	Roles   []access.Role
	Errors  map[string]string
}

func (h *HTTP) user(w http.ResponseWriter, r *http.Request) error {
	return h.renderUser(w, r, http.StatusOK, nil)
}

func (h *HTTP) renderUser(w http.ResponseWriter, r *http.Request, status int, fields map[string]string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	m := &UserPage{Roles: access.Roles, Errors: fields}
	if m.User, err = h.svc.GetUser(r.Context(), id); err != nil {
		return err
	}
	m.Locked = m.User.Locked(h.svc.Now())
	if m.Regions, err = h.org.Regions(r.Context()); err != nil {
		return err
	}
	if m.Units, err = h.org.ListUnits(r.Context(), org.UnitFilter{}); err != nil {
		return err
	}
	m.Title = "用户：" + m.User.DisplayName
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "用户管理", URL: "/admin/users"}, {Label: m.User.DisplayName}}
	return h.rd.HTML(w, r, status, "identity/user", m)
}

// userAction runs one admin action on /admin/users/{id}/… and redirects
// back with a message, or re-renders the page with field errors.
func (h *HTTP) userAction(w http.ResponseWriter, r *http.Request, done string, fn func(id int64) error) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	err = fn(id)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderUser(w, r, http.StatusBadRequest, fields)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, done)
	return web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

func (h *HTTP) addRole(w http.ResponseWriter, r *http.Request) error {
	unitID, _ := strconv.ParseInt(r.PostFormValue("org_unit_id"), 10, 64)
	return h.userAction(w, r, "角色已添加。", func(id int64) error {
		return h.svc.AddAssignment(r.Context(), id, access.Role(r.PostFormValue("role")),
			r.PostFormValue("region_code"), unitID)
	})
}

func (h *HTTP) removeRole(w http.ResponseWriter, r *http.Request) error {
	aid, err := web.PathID(r, "aid")
	if err != nil {
		return err
	}
	return h.userAction(w, r, "角色已移除。", func(id int64) error {
		return h.svc.RemoveAssignment(r.Context(), id, aid)
	})
}

func (h *HTTP) unlock(w http.ResponseWriter, r *http.Request) error {
	return h.userAction(w, r, "账户已解锁。", func(id int64) error { return h.svc.Unlock(r.Context(), id) })
}

func (h *HTTP) setActive(w http.ResponseWriter, r *http.Request) error {
	active, err := strconv.ParseBool(r.PostFormValue("active"))
	if err != nil {
		return errs.E(errs.Invalid, "请求缺少有效的账户状态（active 应为 true 或 false）。")
	}
	msg := "账户已停用，其登录会话已全部结束。"
	if active {
		msg = "账户已启用。"
	}
	return h.userAction(w, r, msg, func(id int64) error { return h.svc.SetActive(r.Context(), id, active) })
}

func (h *HTTP) resetPassword(w http.ResponseWriter, r *http.Request) error {
	return h.userAction(w, r, "密码已重置，用户下次登录时须修改。", func(id int64) error {
		return h.svc.ResetPassword(r.Context(), id, r.PostFormValue("password"))
	})
}
