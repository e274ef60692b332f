package indicator

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// adminPage is the model of indicator/admin.
type adminPage struct {
	web.Page
	Definitions []Definition
}

func (h *HTTP) adminList(w http.ResponseWriter, r *http.Request) error {
	defs, err := h.svc.Definitions(r.Context())
	if err != nil {
		return err
	}
	m := &adminPage{Page: web.Page{Title: "指标定义", Crumbs: []web.Crumb{crumbHome, crumbConsole, {Label: "指标定义"}}},
		Definitions: defs}
	return h.rd.HTML(w, r, http.StatusOK, "indicator/admin", m)
}

// editPage is the model of indicator/edit.
type editPage struct {
	web.Page
	Def    Definition
	Form   DefinitionInput
	Errors map[string]string
}

func (h *HTTP) editForm(w http.ResponseWriter, r *http.Request) error {
	d, err := h.svc.Definition(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	return h.renderEdit(w, r, d, InputOf(d), nil)
}

func (h *HTTP) renderEdit(w http.ResponseWriter, r *http.Request, d Definition, in DefinitionInput, fields map[string]string) error {
	m := &editPage{Page: web.Page{Title: "修改指标：" + d.Name, Crumbs: []web.Crumb{crumbHome, crumbConsole,
		{Label: "指标定义", URL: "/indicators/admin"}, {Label: d.Name}}}, Def: d, Form: in, Errors: fields}
	status := http.StatusOK
	if fields != nil {
		status = http.StatusBadRequest
	}
	return h.rd.HTML(w, r, status, "indicator/edit", m)
}

func (h *HTTP) edit(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	d, err := h.svc.Definition(r.Context(), code)
	if err != nil {
		return err
	}
	in := DefinitionInput{Name: web.FormValue(r, "name"), Formula: web.FormValue(r, "formula"),
		Target: web.FormValue(r, "target"), Direction: web.FormValue(r, "direction"),
		Official: r.PostFormValue("official") == "1", OfficialNote: web.FormValue(r, "official_note"),
		Enabled: r.PostFormValue("enabled") == "1"}
	bad := map[string]string{}
	in.Tolerance = number(r, "tolerance", "预警带应为数字。", bad)
	in.Weight = number(r, "weight", "权重应为数字。", bad)
	if len(bad) > 0 {
		return h.renderEdit(w, r, d, in, bad)
	}
	if _, err := h.svc.UpdateDefinition(r.Context(), code, in); err != nil {
		if fields, ok := web.FieldErrors(err); ok {
			return h.renderEdit(w, r, d, in, fields)
		}
		return err
	}
	web.SetFlash(w, "指标“"+in.Name+"”已保存。")
	return web.Redirect(w, r, "/indicators/"+url.PathEscape(code))
}

// number parses a numeric form field ("" is 0), noting msg under name in bad.
func number(r *http.Request, name, msg string, bad map[string]string) float64 {
	s := web.FormValue(r, name)
	if s == "" {
		return 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		bad[name] = msg
	}
	return v
}

func (h *HTTP) recompute(w http.ResponseWriter, r *http.Request) error {
	if err := h.svc.RecomputeNow(r.Context()); err != nil {
		return err
	}
	web.SetFlash(w, "已重新计算全部指标。")
	return web.Redirect(w, r, "/indicators")
}
