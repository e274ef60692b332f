package catalog

import (
	"html/template"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// guideItemPage is the model of catalog/guide_item and
// catalog/guide_illustrated. Depts are the reviewing departments' names,
// the lead first; Steps are the flow in words, the text version of Diagram.
type guideItemPage struct {
	web.Page
	Item    Item
	Fields  []guideField
	Depts   []string
	Steps   []guideStep
	Diagram template.HTML
}

// IllustratedURL is the address of the item's illustrated guide.
func (it Item) IllustratedURL() string { return "/guide/items/" + it.Code + "/illustrated" }

// RequiredCount and OptionalCount count the item's materials by whether
// they must be supplied.
func (m *guideItemPage) RequiredCount() int {
	n := 0
	for _, mt := range m.Item.Materials {
		if mt.Required {
			n++
		}
	}
	return n
}

// OptionalCount counts the materials supplied only when they apply.
func (m *guideItemPage) OptionalCount() int { return len(m.Item.Materials) - m.RequiredCount() }

// itemPage loads the item of the path with its departments, steps and
// flow diagram.
func (h *HTTP) itemPage(r *http.Request) (*guideItemPage, error) {
	it, err := h.svc.Item(r.Context(), r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	fns, err := h.svc.ReviewDepartments(r.Context(), it)
	if err != nil {
		return nil, err
	}
	depts := make([]string, len(fns))
	for i, fn := range fns {
		depts[i] = FunctionLabel(fn)
	}
	svg, err := itemDiagram(it, depts).svg()
	if err != nil {
		return nil, err
	}
	return &guideItemPage{Item: it, Fields: guideFields(it.Form), Depts: depts, Steps: itemSteps(it, depts),
		Diagram: svg}, nil
}

// guideItem serves the 办事指南 of one item: facts, materials, form fields
// and the flow diagram.
func (h *HTTP) guideItem(w http.ResponseWriter, r *http.Request) error {
	m, err := h.itemPage(r)
	if err != nil {
		return err
	}
	m.Page = web.Page{Title: m.Item.Name, Crumbs: []web.Crumb{crumbHome, crumbGuide, {Label: m.Item.Name}}}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/guide_item", m)
}

// guideIllustrated serves the illustrated, step-by-step guide of one item
// (我要看图解版).
func (h *HTTP) guideIllustrated(w http.ResponseWriter, r *http.Request) error {
	m, err := h.itemPage(r)
	if err != nil {
		return err
	}
	title := m.Item.Name + "（图解版）"
	m.Page = web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbGuide,
		{Label: m.Item.Name, URL: "/guide/items/" + m.Item.Code}, {Label: "图解版"}}}
	return h.rd.HTML(w, r, http.StatusOK, "catalog/guide_illustrated", m)
}
