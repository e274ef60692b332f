package org

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates (templates/*.html). The app
// registers them with rd.AddPages("org", org.Templates()); handlers render
// them as "org/<file name>".
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// HTTP serves the org pages and JSON API. Handlers parse the request, call
// one use case of Service and render; all access decisions are the
// service's.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
}

// NewHTTP returns the handlers over svc rendering with rd, which must have
// the pages of Templates registered under "org".
func NewHTTP(svc *Service, rd *web.Renderer) *HTTP { return &HTTP{svc: svc, rd: rd} }

// Routes registers the org pages and API on rt:
//
//	GET  /org/units, /org/units/{id}                 directory (OrgView)
//	GET  /admin/regions, /admin/regions/{id}/edit    region admin (OrgAdmin)
//	POST /admin/regions/{id}
//	GET  /admin/units/new, /admin/units/{id}/edit    unit admin (OrgAdmin)
//	POST /admin/units, /admin/units/{id}, /admin/units/{id}/active
//	GET  /api/v1/regions, /api/v1/regions/{code}     public
//	GET  /api/v1/orgs, /api/v1/orgs/{id}             OrgView
//	POST /api/v1/orgs, PUT /api/v1/orgs/{id}         OrgAdmin
func (h *HTTP) Routes(rt *web.Router) {
	view, admin := access.Need(access.OrgView), access.Need(access.OrgAdmin)
	rt.Handle("GET /org/units", view, h.listUnits)
	rt.Handle("GET /org/units/{id}", view, h.showUnit)
	rt.Handle("GET /admin/regions", admin, h.listRegions)
	rt.Handle("GET /admin/regions/{id}/edit", admin, h.editRegion)
	rt.Handle("POST /admin/regions/{id}", admin, h.updateRegion)
	rt.Handle("GET /admin/units/new", admin, h.newUnit)
	rt.Handle("POST /admin/units", admin, h.createUnit)
	rt.Handle("GET /admin/units/{id}/edit", admin, h.editUnit)
	rt.Handle("POST /admin/units/{id}", admin, h.updateUnit)
	rt.Handle("POST /admin/units/{id}/active", admin, h.setUnitActive)
	h.apiRoutes(rt)
}

// option is one choice of a select; Group is its optgroup label.
type option struct{ Value, Label, Group string }

func kindOptions() []option {
	out := make([]option, len(unitKinds))
	for i, k := range unitKinds {
		out[i] = option{Value: k, Label: unitKindLabels[k]}
	}
	return out
}

// functionOptions lists the known functions grouped by kind, plus current
// when it is a free-form agency function, so that editing keeps it.
func functionOptions(current string) []option {
	var out []option
	for _, f := range functions {
		out = append(out, option{Value: f.Code, Label: f.Label + "（" + f.Code + "）", Group: unitKindLabels[f.Kind]})
	}
	if _, known := lookupFunction(current); current != "" && !known {
		out = append(out, option{Value: current, Label: current, Group: unitKindLabels[KindAgency]})
	}
	return out
}

// parentOptions offers units as parents, grouped by region, leaving out
// exceptID (a unit cannot be its own parent).
func parentOptions(units []Unit, exceptID int64) []option {
	var out []option
	for _, u := range units {
		if u.ID != exceptID {
			out = append(out, option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Group: u.RegionName})
		}
	}
	return out
}

// canAdminRegion tells a page whether to offer admin actions; the service
// enforces the same rule on every write.
func canAdminRegion(r *http.Request, regionCode string) bool {
	p := access.From(r.Context())
	return p != nil && p.Can(access.OrgAdmin) && p.ScopeOf(access.OrgAdmin).Contains(regionCode)
}

var (
	crumbHome  = web.Crumb{Label: "首页", URL: "/"}
	crumbUnits = web.Crumb{Label: "机构目录", URL: "/org/units"}
	crumbRegs  = web.Crumb{Label: "区县管理", URL: "/admin/regions"}
)
