package identity

import (
	"net/http"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// UsersPage lists accounts.
type UsersPage struct {
	web.Page
	Users   []User
	Regions []org.Region
	Roles   []access.Role
	Filter  struct{ Q, Role, Region string }
	Now     time.Time
}

func (h *HTTP) users(w http.ResponseWriter, r *http.Request) error {
	m := &UsersPage{Roles: access.Roles, Now: h.svc.Now()}
	q := r.URL.Query()
	m.Filter.Q, m.Filter.Role, m.Filter.Region = q.Get("q"), q.Get("role"), q.Get("region")
	f := UserFilter{Query: m.Filter.Q, Role: m.Filter.Role}
	var err error
	if m.Regions, err = h.org.Regions(r.Context()); err != nil {
		return err
	}
	if m.Filter.Region != "" {
		reg, err := h.org.RegionByCode(r.Context(), m.Filter.Region)
		if err != nil {
			return err
		}
		f.RegionIDs = []int64{reg.ID}
	}
	if m.Users, err = h.svc.ListUsers(r.Context(), f); err != nil {
		return err
	}
	m.Title = "用户管理"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "用户管理"}}
	return h.rd.HTML(w, r, http.StatusOK, "identity/users", m)
}

// UserFormPage is the new-account form and its choices.
type UserFormPage struct {
	web.Page
	Form    NewUser
	Regions []org.Region
	Units   []org.Unit
	Roles   []access.Role
	Errors  map[string]string
}

func (h *HTTP) newUserForm(w http.ResponseWriter, r *http.Request) error {
	return h.renderUserForm(w, r, http.StatusOK, NewUser{}, nil)
}

func (h *HTTP) renderUserForm(w http.ResponseWriter, r *http.Request, status int, n NewUser, fields map[string]string) error {
	n.Password = "" // never echo a password
	m := &UserFormPage{Form: n, Roles: access.Roles, Errors: fields}
	var err error
	if m.Regions, err = h.org.Regions(r.Context()); err != nil {
		return err
	}
	if m.Units, err = h.org.ListUnits(r.Context(), org.UnitFilter{}); err != nil {
		return err
	}
	m.Title = "新建用户"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "用户管理", URL: "/admin/users"}, {Label: "新建用户"}}
	return h.rd.HTML(w, r, status, "identity/user_new", m)
}

func (h *HTTP) createUser(w http.ResponseWriter, r *http.Request) error {
	unitID, _ := strconv.ParseInt(r.PostFormValue("org_unit_id"), 10, 64)
	n := NewUser{Username: web.FormValue(r, "username"), DisplayName: web.FormValue(r, "display_name"),
		Phone: web.FormValue(r, "phone"), IDNumber: web.FormValue(r, "id_number"),
		Password: r.PostFormValue("password"), Role: access.Role(r.PostFormValue("role")),
		RegionCode: r.PostFormValue("region_code"), OrgUnitID: unitID,
		CreditCode: web.FormValue(r, "credit_code"), EnterpriseName: web.FormValue(r, "enterprise_name")}
	id, err := h.svc.CreateUser(r.Context(), n)
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderUserForm(w, r, http.StatusBadRequest, n, fields)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "账户已创建。请将初始密码当面或通过安全渠道告知本人，首次登录时须修改。")
	return web.Redirect(w, r, "/admin/users/"+strconv.FormatInt(id, 10))
}

// RoleChoice is the model of the "roleselects" partial.
type RoleChoice struct {
	Roles      []access.Role
	Regions    []org.Region
	Units      []org.Unit
	Errors     map[string]string
	Role       access.Role
	RegionCode string
	OrgUnitID  int64
}

// RoleChoice feeds the role/region/unit selects of the new-user form.
func (m *UserFormPage) RoleChoice() RoleChoice {
	return RoleChoice{Roles: m.Roles, Regions: m.Regions, Units: m.Units, Errors: m.Errors,
		Role: m.Form.Role, RegionCode: m.Form.RegionCode, OrgUnitID: m.Form.OrgUnitID}
}

// RoleChoice feeds the add-role form of the account page.
func (m *UserPage) RoleChoice() RoleChoice {
	return RoleChoice{Roles: m.Roles, Regions: m.Regions, Units: m.Units, Errors: m.Errors}
}
