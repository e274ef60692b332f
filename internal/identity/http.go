package identity

import (
	"embed"
	"io/fs"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the pages of this package, registered as "identity/…".
func Templates() fs.FS { sub, _ := fs.Sub(templateFS, "templates"); return sub }

// HTTP serves the login, account, user-admin and API-key pages and APIs.
type HTTP struct {
	svc     *Service
	org     *org.Service
	rd      *web.Renderer
	cookies Cookies
}

// NewHTTP returns the handlers.
func NewHTTP(svc *Service, orgs *org.Service, rd *web.Renderer, cookies Cookies) *HTTP {
	return &HTTP{svc: svc, org: orgs, rd: rd, cookies: cookies}
}

// Routes registers every route of the identity capability.
func (h *HTTP) Routes(rt *web.Router) {
	rt.Handle("GET /login", access.Public, h.loginForm)
	rt.Handle("POST /login", access.Public, h.login)
	rt.Handle("POST /logout", access.Public, h.logout)
	rt.Handle("GET /account", access.SignedIn, h.account)
	rt.Handle("GET /account/password", access.SignedIn, h.passwordForm)
	rt.Handle("POST /account/password", access.SignedIn, h.changePassword)

	admin := access.Need(access.UserAdmin)
	rt.Handle("GET /admin/users", admin, h.users)
	rt.Handle("GET /admin/users/new", admin, h.newUserForm)
	rt.Handle("POST /admin/users", admin, h.createUser)
	rt.Handle("GET /admin/users/{id}", admin, h.user)
	rt.Handle("POST /admin/users/{id}/roles", admin, h.addRole)
	rt.Handle("POST /admin/users/{id}/roles/{aid}/delete", admin, h.removeRole)
	rt.Handle("POST /admin/users/{id}/unlock", admin, h.unlock)
	rt.Handle("POST /admin/users/{id}/active", admin, h.setActive)
	rt.Handle("POST /admin/users/{id}/password", admin, h.resetPassword)

	keys := access.Need(access.APIKeyAdmin)
	rt.Handle("GET /admin/apikeys", keys, h.apiKeys)
	rt.Handle("POST /admin/apikeys", keys, h.createAPIKey)
	rt.Handle("POST /admin/apikeys/{id}/revoke", keys, h.revokeAPIKey)
	h.apiRoutes(rt)
}
