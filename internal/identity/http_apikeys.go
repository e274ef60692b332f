package identity

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// APIKeysPage lists keys and, right after creation, shows the new secret once.
type APIKeysPage struct {
	web.Page
	Keys      []APIKey
	Units     []org.Unit
	NewSecret string
	NewKey    APIKey
	Form      struct {
		Name      string
		OrgUnitID int64
	}
	Errors map[string]string
}

func (h *HTTP) apiKeys(w http.ResponseWriter, r *http.Request) error {
	return h.renderAPIKeys(w, r, http.StatusOK, &APIKeysPage{})
}

func (h *HTTP) renderAPIKeys(w http.ResponseWriter, r *http.Request, status int, m *APIKeysPage) error {
	var err error
	if m.Keys, err = h.svc.ListAPIKeys(r.Context()); err != nil {
		return err
	}
	if m.Units, err = h.org.ListUnits(r.Context(), org.UnitFilter{}); err != nil {
		return err
	}
	m.Title = "接口密钥"
	m.Crumbs = []web.Crumb{{Label: "首页", URL: "/"}, {Label: "接口密钥"}}
	return h.rd.HTML(w, r, status, "identity/apikeys", m)
}

// createAPIKey renders the secret in the response to the POST itself rather
// than redirecting, so that it is shown exactly once and never stored.
func (h *HTTP) createAPIKey(w http.ResponseWriter, r *http.Request) error {
	m := &APIKeysPage{}
	m.Form.Name = web.FormValue(r, "name")
	m.Form.OrgUnitID, _ = strconv.ParseInt(r.PostFormValue("org_unit_id"), 10, 64)
	secret, key, err := h.svc.CreateAPIKey(r.Context(), m.Form.OrgUnitID, m.Form.Name)
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		return h.renderAPIKeys(w, r, http.StatusBadRequest, m)
	}
	if err != nil {
		return err
	}
	m.NewSecret, m.NewKey = secret, key
	m.Form.Name, m.Form.OrgUnitID = "", 0
	return h.renderAPIKeys(w, r, http.StatusCreated, m)
}

func (h *HTTP) revokeAPIKey(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.RevokeAPIKey(r.Context(), id); err != nil {
		return err
	}
	web.SetFlash(w, "密钥已吊销，使用它的请求将立即被拒绝。")
	return web.Redirect(w, r, "/admin/apikeys")
}
