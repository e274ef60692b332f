package catalog

import (
	"context"
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

//go:embed templates/*.html
var templateFS embed.FS

// Templates returns the embedded page templates. The app registers them
// with rd.AddPages("catalog", catalog.Templates()); handlers render them as
// "catalog/<file name>".
func Templates() fs.FS {
	sub, err := fs.Sub(templateFS, "templates")
	if err != nil {
		panic(err) // the directory is embedded at build time
	}
	return sub
}

// Directory is what the pages need from the org capability: region names
// and the unit that holds a function in a region. *org.Service satisfies it.
type Directory interface {
	Regions(ctx context.Context) ([]org.Region, error)
	UnitByFunction(ctx context.Context, regionCode, functionCode string) (org.Unit, error)
}

// HTTP serves the catalog's admin pages, public guide pages and JSON API.
// Handlers parse, call one use case of Service and render; all access
// decisions are the service's.
type HTTP struct {
	svc *Service
	rd  *web.Renderer
	dir Directory
}

// NewHTTP returns the handlers over svc, rendering with rd (which must have
// Templates registered under "catalog") and naming regions and departments
// with dir.
func NewHTTP(svc *Service, rd *web.Renderer, dir Directory) *HTTP {
	return &HTTP{svc: svc, rd: rd, dir: dir}
}

// Routes registers the catalog's pages and API on rt:
//
//	GET  /admin/catalog/items, /admin/catalog/items/new,
//	     /admin/catalog/items/{code}/edit                   item admin (CatalogAdmin)
//	POST /admin/catalog/items, /admin/catalog/items/{code},
//	     /admin/catalog/items/{code}/active,
//	     /admin/catalog/items/{code}/materials/{id}/files
//	GET  /admin/catalog/flows, /admin/catalog/flows/{id},
//	     /admin/catalog/flows/{id}/edit, /admin/catalog/flows/{id}/publish   flow admin (CatalogAdmin)
//	POST /admin/catalog/flows/drafts, /admin/catalog/flows/{id},
//	     /admin/catalog/flows/{id}/publish, /admin/catalog/flows/{id}/discard
//	GET  /guide/items, /guide/items/{code}, /guide/items/{code}/illustrated,
//	     /guide/flows/{region}/{type}, /guide/blobs/{hash}   public 办事指南
//	GET  /api/v1/catalog/items, /api/v1/catalog/items/{code},
//	     /api/v1/catalog/flows, /api/v1/catalog/flows/{id}   public
//	POST /api/v1/catalog/items, PUT /api/v1/catalog/items/{code}   CatalogAdmin
func (h *HTTP) Routes(rt *web.Router) {
	admin := access.Need(access.CatalogAdmin)
	rt.Handle("GET /admin/catalog/items", admin, h.listItems)
	rt.Handle("GET /admin/catalog/items/new", admin, h.newItem)
	rt.Handle("POST /admin/catalog/items", admin, h.createItem)
	rt.Handle("GET /admin/catalog/items/{code}/edit", admin, h.editItem)
	rt.Handle("POST /admin/catalog/items/{code}", admin, h.updateItem)
	rt.Handle("POST /admin/catalog/items/{code}/active", admin, h.setItemActive)
	rt.Handle("POST /admin/catalog/items/{code}/materials/{id}/files", admin, h.materialFile)
	rt.Handle("GET /admin/catalog/flows", admin, h.listFlows)
	rt.Handle("POST /admin/catalog/flows/drafts", admin, h.startDraft)
	rt.Handle("GET /admin/catalog/flows/{id}", admin, h.showFlow)
	rt.Handle("GET /admin/catalog/flows/{id}/edit", admin, h.editDraft)
	rt.Handle("POST /admin/catalog/flows/{id}", admin, h.saveDraft)
	rt.Handle("GET /admin/catalog/flows/{id}/publish", admin, h.confirmPublish)
	rt.Handle("POST /admin/catalog/flows/{id}/publish", admin, h.publish)
	rt.Handle("POST /admin/catalog/flows/{id}/discard", admin, h.discard)
	rt.Handle("GET /guide/items", access.Public, h.guideItems)
	rt.Handle("GET /guide/items/{code}", access.Public, h.guideItem)
	rt.Handle("GET /guide/items/{code}/illustrated", access.Public, h.guideIllustrated)
	rt.Handle("GET /guide/flows/{region}/{type}", access.Public, h.guideFlow)
	rt.Handle("GET /guide/blobs/{hash}", access.Public, h.guideBlob)
	h.apiRoutes(rt)
}

var (
	crumbHome  = web.Crumb{Label: "首页", URL: "/"}
	crumbItems = web.Crumb{Label: "事项目录", URL: "/admin/catalog/items"}
	crumbGuide = web.Crumb{Label: "办事指南", URL: "/guide/items"}
)

// regionName returns the name of the region with the code, or the code.
func (h *HTTP) regionName(ctx context.Context, code string) string {
	regions, err := h.dir.Regions(ctx)
	if err != nil {
		return code
	}
	for _, r := range regions {
		if r.Code == code {
			return r.Name
		}
	}
	return code
}

// stageOptions are the choices of an item's stage.
func stageOptions() []option {
	out := []option{{"0", "辅线（不属于某个阶段）"}}
	for no := 1; no <= 4; no++ {
		out = append(out, option{strconv.Itoa(no), "第" + strconv.Itoa(no) + "阶段 " + StageName(no)})
	}
	return out
}

// status is the HTTP status of a re-rendered form: 200, or the error's.
func status(err error) int {
	if err == nil {
		return http.StatusOK
	}
	return web.StatusOf(err)
}
