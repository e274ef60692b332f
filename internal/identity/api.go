package identity

import (
	"net/http"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// MeJSON is the caller as seen by the API.
type MeJSON struct {
	Kind        string           `json:"kind" doc:"user 或 apikey"`
	UserID      int64            `json:"user_id,omitempty"`
	APIKeyID    int64            `json:"api_key_id,omitempty"`
	Username    string           `json:"username"`
	Name        string           `json:"name"`
	Assignments []AssignmentJSON `json:"assignments"`
}

// AssignmentJSON is one role assignment.
type AssignmentJSON struct {
	Role       string `json:"role"`
	RoleLabel  string `json:"role_label"`
	RegionCode string `json:"region_code"`
	RegionName string `json:"region_name"`
	OrgUnitID  int64  `json:"org_unit_id,omitempty"`
	OrgName    string `json:"org_name,omitempty"`
}

// UserJSON is an account in the API.
type UserJSON struct {
	ID          int64            `json:"id"`
	Username    string           `json:"username"`
	DisplayName string           `json:"display_name"`
	Kind        string           `json:"kind"`
	Active      bool             `json:"active"`
	Locked      bool             `json:"locked"`
	CreditCode  string           `json:"credit_code,omitempty"`
	LastLoginAt *time.Time       `json:"last_login_at,omitempty"`
	Assignments []AssignmentJSON `json:"assignments,omitempty"`
}

// NewAPIKeyJSON is the request to issue a key.
type NewAPIKeyJSON struct {
	OrgUnitID int64  `json:"org_unit_id"`
	Name      string `json:"name"`
}

// CreatedAPIKeyJSON carries the secret, shown only in this response.
type CreatedAPIKeyJSON struct {
	APIKey
	Secret string `json:"secret"`
}

func (h *HTTP) apiRoutes(rt *web.Router) {
	rt.API("GET /api/v1/me", access.SignedIn, web.APIDoc{Tag: "账户", Summary: "当前调用者（用户或 API 密钥）及其角色",
		Response: MeJSON{Assignments: []AssignmentJSON{{}}}}, h.apiMe)
	rt.API("GET /api/v1/users", access.Need(access.UserAdmin), web.APIDoc{Tag: "账户", Summary: "账户列表（限管理范围）",
		Query: map[string]string{"q": "用户名或姓名", "role": "角色"}, Response: []UserJSON{{}}}, h.apiUsers)
	rt.API("GET /api/v1/users/{id}", access.Need(access.UserAdmin), web.APIDoc{Tag: "账户", Summary: "账户详情",
		Response: UserJSON{Assignments: []AssignmentJSON{{}}}}, h.apiUser)
	rt.API("POST /api/v1/users/{id}/unlock", access.Need(access.UserAdmin), web.APIDoc{Tag: "账户", Summary: "解锁账户",
		Status: http.StatusNoContent}, h.apiUnlock)
	rt.API("GET /api/v1/apikeys", access.Need(access.APIKeyAdmin), web.APIDoc{Tag: "接口密钥", Summary: "密钥列表",
		Response: []APIKey{{}}}, h.apiKeyList)
	rt.API("POST /api/v1/apikeys", access.Need(access.APIKeyAdmin), web.APIDoc{Tag: "接口密钥", Summary: "发放密钥（密钥明文只返回这一次）",
		Request: NewAPIKeyJSON{}, Response: CreatedAPIKeyJSON{}, Status: http.StatusCreated}, h.apiKeyCreate)
	rt.API("DELETE /api/v1/apikeys/{id}", access.Need(access.APIKeyAdmin), web.APIDoc{Tag: "接口密钥", Summary: "吊销密钥",
		Status: http.StatusNoContent}, h.apiKeyRevoke)
}

func assignmentsJSON(as []access.Assignment) []AssignmentJSON {
	out := make([]AssignmentJSON, 0, len(as))
	for _, a := range as {
		out = append(out, AssignmentJSON{Role: string(a.Role), RoleLabel: a.Role.Label(), RegionCode: a.RegionCode,
			RegionName: a.RegionName, OrgUnitID: a.OrgUnitID, OrgName: a.OrgName})
	}
	return out
}

func userJSON(u User) UserJSON {
	j := UserJSON{ID: u.ID, Username: u.Username, DisplayName: u.DisplayName, Kind: u.Kind, Active: u.Active,
		Locked: u.Locked(time.Now()), CreditCode: u.CreditCode}
	if !u.LastLoginAt.IsZero() {
		t := u.LastLoginAt
		j.LastLoginAt = &t
	}
	for _, a := range u.Assignments {
		j.Assignments = append(j.Assignments, assignmentsJSON([]access.Assignment{a.Assignment})...)
	}
	return j
}

func (h *HTTP) apiMe(w http.ResponseWriter, r *http.Request) error {
	p := access.From(r.Context())
	kind := "user"
	if p.APIKeyID != 0 {
		kind = "apikey"
	}
	web.WriteJSON(w, http.StatusOK, MeJSON{Kind: kind, UserID: p.UserID, APIKeyID: p.APIKeyID,
		Username: p.Username, Name: p.Name, Assignments: assignmentsJSON(p.Assignments)})
	return nil
}

func (h *HTTP) apiUsers(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	users, err := h.svc.ListUsers(r.Context(), UserFilter{Query: q.Get("q"), Role: q.Get("role")})
	if err != nil {
		return err
	}
	out := make([]UserJSON, 0, len(users))
	for _, u := range users {
		out = append(out, userJSON(u))
	}
	web.WriteJSON(w, http.StatusOK, out)
	return nil
}

func (h *HTTP) apiUser(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	u, err := h.svc.GetUser(r.Context(), id)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusOK, userJSON(u))
	return nil
}

func (h *HTTP) apiUnlock(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.Unlock(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (h *HTTP) apiKeyList(w http.ResponseWriter, r *http.Request) error {
	keys, err := h.svc.ListAPIKeys(r.Context())
	if err != nil {
		return err
	}
	if keys == nil {
		keys = []APIKey{}
	}
	web.WriteJSON(w, http.StatusOK, keys)
	return nil
}

func (h *HTTP) apiKeyCreate(w http.ResponseWriter, r *http.Request) error {
	var in NewAPIKeyJSON
	if err := web.DecodeJSON(r, &in); err != nil {
		return err
	}
	secret, k, err := h.svc.CreateAPIKey(r.Context(), in.OrgUnitID, in.Name)
	if err != nil {
		return err
	}
	web.WriteJSON(w, http.StatusCreated, CreatedAPIKeyJSON{APIKey: k, Secret: secret})
	return nil
}

func (h *HTTP) apiKeyRevoke(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.RevokeAPIKey(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
