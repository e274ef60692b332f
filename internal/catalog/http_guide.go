package catalog

import (
	"html/template"
	"io"
	"mime"
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/formschema"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// The public 办事指南 (service guide): what anyone, signed in or not, needs
// to prepare an application.

// guideItemsPage is the model of catalog/guide_items.
type guideItemsPage struct {
	web.Page
	Groups []guideGroup
}

type guideGroup struct {
	Title string
	Items []Item
}

func (h *HTTP) guideItems(w http.ResponseWriter, r *http.Request) error {
	items, err := h.svc.Items(r.Context(), ItemFilter{})
	if err != nil {
		return err
	}
	groups := make([]guideGroup, 5)
	for no := 1; no <= 4; no++ {
		groups[no-1].Title = "第" + strconv.Itoa(no) + "阶段　" + StageName(no)
	}
	groups[4].Title = "辅线事项（中介服务、市政公用服务及并行审批）"
	for _, it := range items {
		g := it.Stage - 1
		if it.Stage == 0 {
			g = 4
		}
		groups[g].Items = append(groups[g].Items, it)
	}
	m := &guideItemsPage{Page: web.Page{Title: "办事指南", Crumbs: []web.Crumb{crumbHome, {Label: "办事指南"}}}, Groups: groups}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/guide_items", m)
}

// guideField describes one field of the application form in words.
type guideField struct {
	Label, Type, Hint string
	Required          bool
	Columns           []guideField
}

func guideFields(s formschema.Schema) []guideField {
	out := make([]guideField, len(s.Fields))
	for i, f := range s.Fields {
		out[i] = guideField{Label: f.Label, Type: formschema.TypeLabel(f.Type), Hint: fieldHint(f), Required: f.Required}
		for _, c := range f.Columns {
			out[i].Columns = append(out[i].Columns, guideField{Label: c.Label, Type: formschema.TypeLabel(c.Type),
				Hint: fieldHint(c.Field()), Required: c.Required})
		}
	}
	return out
}

// fieldHint is the field's hint, or its options for a choice without one.
func fieldHint(f formschema.Field) string {
	if f.Hint == "" && len(f.Options) > 0 {
		s := "可选："
		for i, o := range f.Options {
			if i > 0 {
				s += "、"
			}
			s += o
		}
		return s
	}
	return f.Hint
}

// guideFlowPage is the model of catalog/guide_flow; it also renders the
// "stages" partial, which asks it for department names.
type guideFlowPage struct {
	web.Page
	Flow       Flow
	RegionName string
	Diagram    template.HTML // the stages as swim lanes; the tables are its text version
	units      map[string]string
}

// DeptNames names the departments of a stage item: the region's own unit
// when there is one, else the function's label.
func (m *guideFlowPage) DeptNames(si StageItem) []string {
	out := si.DepartmentLabels()
	for i, fn := range si.Departments {
		if name := m.units[fn]; name != "" {
			out[i] = name
		}
	}
	return out
}

// DeptNames names the departments of a stage item by function.
func (m *flowPage) DeptNames(si StageItem) []string { return si.DepartmentLabels() }

func (h *HTTP) guideFlow(w http.ResponseWriter, r *http.Request) error {
	typ, err := strconv.Atoi(r.PathValue("type"))
	if err != nil {
		return errs.E(errs.NotFound, "审批流程类型应为1到10。")
	}
	f, err := h.svc.PublishedFlow(r.Context(), r.PathValue("region"), typ)
	if err != nil {
		return err
	}
	svg, err := flowDiagram(f).svg()
	if err != nil {
		return err
	}
	m := &guideFlowPage{Flow: f, RegionName: h.regionName(r.Context(), f.RegionCode), Diagram: svg,
		units: map[string]string{}}
	for _, s := range f.Stages {
		for _, si := range s.Items {
			for _, fn := range si.Departments {
				if u, err := h.dir.UnitByFunction(r.Context(), f.RegionCode, fn); err == nil {
					m.units[fn] = u.Name
				}
			}
		}
	}
	title := m.RegionName + " · " + f.TypeName() + "审批流程"
	m.Page = web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbGuide, {Label: title}}}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/guide_flow", m)
}

// guideBlob serves a material's template or sample for download. The
// content never changes under its hash, so it may be cached for a year.
func (h *HTTP) guideBlob(w http.ResponseWriter, r *http.Request) error {
	rc, ref, err := h.svc.GuideFile(r.Context(), r.PathValue("hash"))
	if err != nil {
		return err
	}
	defer rc.Close()
	hd := w.Header()
	hd.Set("Content-Type", ref.ContentType)
	hd.Set("Content-Length", strconv.FormatInt(ref.Size, 10))
	hd.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": ref.Name}))
	hd.Set("Cache-Control", "public, max-age=31536000, immutable")
	hd.Set("X-Content-Type-Options", "nosniff")
	// Once the body has started, an error (a client that went away) can no
	// longer be reported as a page.
	_, _ = io.Copy(w, rc)
	return nil
}
