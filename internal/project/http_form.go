package project

import (
	"maps"
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// projectForm is the registration / edit form exactly as typed, so that a
// rejected form comes back with every value the person entered. The Work*
// fields are the optional first work of a new project.
type projectForm struct {
	Code, Name, RegionCode, FlowType, OwnerName, OwnerCreditCode string
	Investment, Address, SiteGeoJSON                             string
	WorkCode, WorkName, WorkArea                                 string
}

func projectFormFrom(r *http.Request) projectForm {
	v := func(k string) string { return web.FormValue(r, k) }
	return projectForm{Code: v("code"), Name: v("name"), RegionCode: v("region_code"), FlowType: v("flow_type"),
		OwnerName: v("owner_name"), OwnerCreditCode: v("owner_credit_code"), Investment: v("investment"),
		Address: v("address"), SiteGeoJSON: v("site_geojson"),
		WorkCode: v("work_code"), WorkName: v("work_name"), WorkArea: v("work_building_area_m2")}
}

func projectFormOf(p Project) projectForm {
	f := projectForm{Code: p.Code, Name: p.Name, RegionCode: p.RegionCode, FlowType: strconv.Itoa(p.FlowType),
		OwnerName: p.OwnerName, OwnerCreditCode: p.OwnerCreditCode, Investment: p.Investment.Decimal(),
		Address: p.Address}
	if p.Site != nil {
		f.SiteGeoJSON = p.Site.GeoJSON
	}
	return f
}

// parseArea reads a building area in m²; "" is 0.
func parseArea(s string) (float64, string) {
	s = strings.ReplaceAll(s, ",", "")
	if s == "" {
		return 0, ""
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, "建筑面积应为数字（平方米），例如 8600 或 8600.5。"
	}
	return v, ""
}

// newProject converts the form. Values that do not parse come back as
// field messages (keyed by form field) beside the converted project.
func (f projectForm) newProject() (NewProject, map[string]string) {
	bad := map[string]string{}
	n := NewProject{Code: f.Code, Name: f.Name, RegionCode: f.RegionCode, OwnerName: f.OwnerName,
		OwnerCreditCode: f.OwnerCreditCode, Address: f.Address, SiteGeoJSON: f.SiteGeoJSON}
	n.FlowType, _ = strconv.Atoi(f.FlowType) // 0 is reported as "choose a flow type"
	var msg string
	if n.Investment, msg = ParseMoney(f.Investment); msg != "" {
		bad["investment"] = msg
	}
	if f.WorkCode != "" || f.WorkName != "" || f.WorkArea != "" {
		w := Work{Code: f.WorkCode, Name: f.WorkName}
		if w.BuildingArea, msg = parseArea(f.WorkArea); msg != "" {
			bad["work_building_area_m2"] = msg
		}
		n.Works = []Work{w}
	}
	return n, bad
}

// formFields renames the service's field keys to the form's: the first
// work's "works[0].x" and AddWork's bare keys become "work_x".
func formFields(fields map[string]string, workKeysBare bool) map[string]string {
	out := make(map[string]string, len(fields))
	for k, v := range fields {
		switch {
		case strings.HasPrefix(k, "works[0]."):
			k = "work_" + strings.TrimPrefix(k, "works[0].")
		case workKeysBare:
			k = "work_" + k
		}
		out[k] = v
	}
	return out
}

// formPage is the model of project/project_form, for a new project or an
// edit of an existing one.
type formPage struct {
	web.Page
	Form        projectForm
	Errors      map[string]string
	Project     Project // zero ID for a new project
	Action      string
	Regions     []org.Region
	FlowTypes   []option
	OwnerLocked bool
}

// renderForm shows the form with status; err, when not nil, must carry
// field messages (anything else goes to the responder).
func (h *HTTP) renderForm(w http.ResponseWriter, r *http.Request, pr Project, f projectForm, err error) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	m := &formPage{Form: f, Errors: formFields(fields, false), Project: pr, FlowTypes: flowTypeOptions()}
	if pr.ID == 0 {
		c, cerr := h.svc.registerChoices(r.Context())
		if cerr != nil {
			return cerr
		}
		m.Regions, m.OwnerLocked = c.Regions, c.Owner != nil
		m.Page = web.Page{Title: "登记项目", Crumbs: []web.Crumb{crumbHome, crumbList(r), {Label: "登记项目"}}}
		m.Action = "/projects"
	} else {
		m.Page = web.Page{Title: "修改项目信息", Crumbs: []web.Crumb{crumbHome, crumbList(r),
			{Label: pr.Name, URL: projectURL(pr.ID)}, {Label: "修改"}}}
		m.Action = projectURL(pr.ID)
	}
	status := http.StatusOK
	if err != nil {
		status = web.StatusOf(err)
	}
	return h.rd.HTML(w, r, status, "project/project_form", m)
}

func (h *HTTP) newForm(w http.ResponseWriter, r *http.Request) error {
	c, err := h.svc.registerChoices(r.Context())
	if err != nil {
		return err
	}
	f := projectForm{RegionCode: c.DefaultRegion}
	if c.Owner != nil {
		f.OwnerName, f.OwnerCreditCode = c.Owner.Name, c.Owner.CreditCode
	}
	return h.renderForm(w, r, Project{}, f, nil)
}

func (h *HTTP) create(w http.ResponseWriter, r *http.Request) error {
	f := projectFormFrom(r)
	n, bad := f.newProject()
	var pr Project
	var err error
	if len(bad) > 0 {
		err = h.mergedProblems(r, n, bad)
	} else {
		pr, err = h.svc.Register(r.Context(), n)
	}
	if err != nil {
		return h.renderForm(w, r, Project{}, f, err)
	}
	web.SetFlash(w, "已登记项目“"+pr.Name+"”（"+pr.Code+"）。")
	return web.Redirect(w, r, projectURL(pr.ID))
}

// mergedProblems reports the form's parse problems together with every
// other problem of n, so that the person fixes everything in one go.
func (h *HTTP) mergedProblems(r *http.Request, n NewProject, bad map[string]string) error {
	fields, err := h.svc.newProblems(r.Context(), n)
	if err != nil {
		return err
	}
	fields = formFields(fields, false)
	maps.Copy(fields, bad)
	return errs.FieldErrors(fields)
}
