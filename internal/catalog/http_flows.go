package catalog

import (
	"net/http"
	"slices"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// flowsPage is the model of catalog/flows: the flow types of one region
// with their versions.
type flowsPage struct {
	web.Page
	Regions []org.Region
	Region  org.Region
	Rows    []flowRow
}

// flowRow is one flow type of the region.
type flowRow struct {
	Type      int
	TypeName  string
	Published Flow // zero ID when none
	Draft     Flow
	Retired   []Flow
}

func (h *HTTP) listFlows(w http.ResponseWriter, r *http.Request) error {
	regions, err := h.adminRegions(r)
	if err != nil {
		return err
	}
	if len(regions) == 0 {
		return errs.E(errs.Forbidden, "")
	}
	region := regions[0]
	if code := r.URL.Query().Get("region"); code != "" {
		i := slices.IndexFunc(regions, func(g org.Region) bool { return g.Code == code })
		if i < 0 {
			return errs.E(errs.Forbidden, "您无权管理该区县的审批流程。")
		}
		region = regions[i]
	}
	flows, err := h.svc.Flows(r.Context(), FlowFilter{RegionCode: region.Code, IncludeDrafts: true})
	if err != nil {
		return err
	}
	m := &flowsPage{Page: web.Page{Title: "审批流程", Crumbs: []web.Crumb{crumbHome, {Label: "审批流程"}}},
		Regions: regions, Region: region, Rows: flowRows(flows)}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/flows", m)
}

// adminRegions are the regions whose flows the principal may edit.
func (h *HTTP) adminRegions(r *http.Request) ([]org.Region, error) {
	p, err := access.Authorize(r.Context(), access.CatalogAdmin, "")
	if err != nil {
		return nil, err
	}
	all, err := h.dir.Regions(r.Context())
	if err != nil {
		return nil, err
	}
	scope := p.ScopeOf(access.CatalogAdmin)
	return slices.DeleteFunc(all, func(g org.Region) bool { return !scope.Contains(g.Code) }), nil
}

func flowRows(flows []Flow) []flowRow {
	var rows []flowRow
	for _, t := range FlowTypes() {
		row := flowRow{Type: t, TypeName: FlowTypeName(t)}
		for _, f := range flows {
			switch {
			case f.Type != t:
			case f.Status == StatusPublished:
				row.Published = f
			case f.Status == StatusDraft:
				row.Draft = f
			default:
				row.Retired = append(row.Retired, f)
			}
		}
		rows = append(rows, row)
	}
	return rows
}

func (h *HTTP) startDraft(w http.ResponseWriter, r *http.Request) error {
	typ, err := strconv.Atoi(r.PostFormValue("type"))
	if err != nil {
		return errs.E(errs.Invalid, "请选择审批流程类型。")
	}
	f, err := h.svc.StartDraft(r.Context(), r.PostFormValue("region"), typ)
	if err != nil {
		return err
	}
	return web.Redirect(w, r, flowURL(f)+"/edit")
}

func flowURL(f Flow) string { return "/admin/catalog/flows/" + strconv.FormatInt(f.ID, 10) }

// flowPage is the model of catalog/flow (one version) and
// catalog/flow_publish (its confirmation before publishing).
type flowPage struct {
	web.Page
	Flow       Flow
	RegionName string
	Current    Flow // the published version a draft would replace
	CanEdit    bool
	Errors     map[string]string
}

func (h *HTTP) flowPage(r *http.Request, title string) (*flowPage, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return nil, err
	}
	f, err := h.svc.ViewFlow(r.Context(), id)
	if err != nil {
		return nil, err
	}
	m := &flowPage{Flow: f, RegionName: h.regionName(r.Context(), f.RegionCode),
		CanEdit: canAdminFlows(r.Context(), f.RegionCode)}
	label := m.RegionName + " · " + f.TypeName() + " 第" + strconv.Itoa(f.Version) + "版"
	m.Page = web.Page{Title: title + label, Crumbs: []web.Crumb{crumbHome,
		{Label: "审批流程", URL: "/admin/catalog/flows?region=" + f.RegionCode}, {Label: label}}}
	if f.Status == StatusDraft {
		m.Current, _ = h.svc.PublishedFlow(r.Context(), f.RegionCode, f.Type)
	}
	return m, nil
}

func (h *HTTP) showFlow(w http.ResponseWriter, r *http.Request) error {
	m, err := h.flowPage(r, "")
	if err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/flow", m)
}

func (h *HTTP) confirmPublish(w http.ResponseWriter, r *http.Request) error {
	m, err := h.flowPage(r, "发布 ")
	if err != nil {
		return err
	}
	if m.Flow.Status != StatusDraft {
		return errs.E(errs.Conflict, "只有草稿可以发布。")
	}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/flow_publish", m)
}

func (h *HTTP) publish(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f, err := h.svc.PublishFlow(r.Context(), id)
	if fields, ok := web.FieldErrors(err); ok {
		m, perr := h.flowPage(r, "发布 ")
		if perr != nil {
			return perr
		}
		m.Errors = fields
		return h.rd.HTML(w, r, web.StatusOf(err), "catalog/flow_publish", m)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "已发布第"+strconv.Itoa(f.Version)+"版。新受理的办件使用此版本；正在办理的办件继续使用原版本。")
	return web.Redirect(w, r, flowURL(f))
}

func (h *HTTP) discard(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f, err := h.svc.ViewFlow(r.Context(), id)
	if err != nil {
		return err
	}
	if err := h.svc.DiscardDraft(r.Context(), id); err != nil {
		return err
	}
	web.SetFlash(w, "已删除草稿。")
	return web.Redirect(w, r, "/admin/catalog/flows?region="+f.RegionCode)
}
