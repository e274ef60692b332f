package report

import (
	"fmt"
	"html/template"
	"net/http"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// builderOptions are the choices of the builder form.
type builderOptions struct {
	Dimensions, Measures, Periods, Derived, Channels, Regions, Flows, Stages, Shares, Schedules, Weekdays []Option
}

// builderPage is the model of report/builder (ad-hoc and save forms) and
// report/saved (a saved report).
type builderPage struct {
	web.Page
	Form     builderForm
	Errors   map[string]string
	Result   *Result
	Opts     builderOptions
	Action   string // POST target of the save form; "" on the ad-hoc builder
	Def      *Definition
	Runs     []Run
	CanBuild bool
	IsOwner  bool
	Query    template.URL // encoded here (see standardPage.Query)
	Hidden   []KeyText
}

func (h *HTTP) page(r *http.Request, title string, f builderForm) (*builderPage, error) {
	regions, err := h.svc.Regions(r.Context())
	if err != nil {
		return nil, err
	}
	return &builderPage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbReports, {Label: title}}},
		Form: f, CanBuild: access.From(r.Context()).Can(access.ReportBuild),
		Opts: builderOptions{Dimensions: Dimensions, Measures: Measures(), Periods: Periods, Derived: DerivedKinds,
			Channels: Channels, Regions: regions, Flows: flowOptions(), Stages: stageOptions(), Shares: Shares,
			Schedules: Schedules, Weekdays: Weekdays}}, nil
}

// defaultSpec is the builder's starting point: last month by region.
func (h *HTTP) defaultSpec() Spec {
	m := previousMonth(h.svc)
	return Spec{Rows: []string{DimRegion}, Measures: []string{"accepted", "concluded", "ontime_rate"},
		Period: PeriodMonth, From: m + "-01", To: m + "-01", Subtotals: true}
}

// builder shows the form; with a query (run=1) it also shows the result.
func (h *HTTP) builder(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	spec := h.defaultSpec()
	if q.Get("run") == "1" {
		spec = specFromForm(q)
	}
	m, err := h.page(r, "动态报表", newBuilderForm(spec, DefinitionInput{}))
	if err != nil || q.Get("run") != "1" {
		if err == nil {
			err = h.rd.HTML(w, r, http.StatusOK, "report/builder", m)
		}
		return err
	}
	res, err := h.svc.Pivot(r.Context(), spec)
	if fields, ok := web.FieldErrors(err); ok {
		m.Errors = fields
		return h.rd.HTML(w, r, http.StatusBadRequest, "report/builder", m)
	}
	if err != nil {
		return err
	}
	m.Result, m.Form = &res, newBuilderForm(res.Spec, DefinitionInput{})
	m.Query = template.URL(specValues(res.Spec).Encode())
	m.Hidden = hiddenFields(specValues(res.Spec))
	return h.rd.HTML(w, r, http.StatusOK, "report/builder", m)
}

func (h *HTTP) exportSpec(w http.ResponseWriter, r *http.Request) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	run, err := h.svc.ExportSpec(r.Context(), r.PostForm.Get("name"), specFromForm(r.PostForm))
	if err != nil {
		return err
	}
	return web.Redirect(w, r, fmt.Sprintf("/reports/runs/%d", run.ID))
}

func (h *HTTP) newDefinition(w http.ResponseWriter, r *http.Request) error {
	spec := h.defaultSpec()
	if r.URL.Query().Get("run") == "1" {
		spec = specFromForm(r.URL.Query())
	}
	m, err := h.page(r, "保存动态报表", newBuilderForm(spec, DefinitionInput{Share: SharePrivate, Schedule: ScheduleNone}))
	if err != nil {
		return err
	}
	m.Action = "/reports"
	return h.rd.HTML(w, r, http.StatusOK, "report/builder", m)
}

func (h *HTTP) create(w http.ResponseWriter, r *http.Request) error { return h.save(w, r, 0) }

func (h *HTTP) update(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.save(w, r, id)
}

// save handles the save form of a new (id 0) or existing report; errors
// show the form again with every value kept.
func (h *HTTP) save(w http.ResponseWriter, r *http.Request, id int64) error {
	if err := r.ParseForm(); err != nil {
		return err
	}
	in := definitionFromForm(r.PostForm)
	d, err := h.svc.Save(r.Context(), id, in)
	if fields, ok := web.FieldErrors(err); ok {
		m, perr := h.page(r, "保存动态报表", newBuilderForm(in.Spec, in))
		if perr != nil {
			return perr
		}
		m.Errors, m.Action = fields, r.URL.Path
		return h.rd.HTML(w, r, http.StatusBadRequest, "report/builder", m)
	}
	if err != nil {
		return err
	}
	web.SetFlash(w, "报表已保存。")
	return web.Redirect(w, r, fmt.Sprintf("/reports/saved/%d", d.ID))
}

func (h *HTTP) showDefinition(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, res, err := h.svc.View(r.Context(), id)
	if err != nil {
		return err
	}
	m, err := h.page(r, d.Name, newBuilderForm(d.Spec, DefinitionInput{}))
	if err != nil {
		return err
	}
	m.Def, m.Result, m.IsOwner = &d, &res, d.OwnerID == access.From(r.Context()).UserID
	if m.Runs, err = h.svc.Runs(r.Context(), id); err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "report/saved", m)
}

func (h *HTTP) editDefinition(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	d, err := h.svc.Editable(r.Context(), id)
	if err != nil {
		return err
	}
	in := DefinitionInput{Name: d.Name, Spec: d.Spec, Share: d.Share, ShareRegion: d.ShareRegion,
		Schedule: d.Schedule, Weekday: d.Weekday}
	m, err := h.page(r, "修改动态报表", newBuilderForm(d.Spec, in))
	if err != nil {
		return err
	}
	m.Action, m.Def = fmt.Sprintf("/reports/saved/%d", id), &d
	return h.rd.HTML(w, r, http.StatusOK, "report/builder", m)
}

func (h *HTTP) delete(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	if err := h.svc.Delete(r.Context(), id); err != nil {
		return err
	}
	web.SetFlash(w, "报表已删除，已生成的文件仍保留在归档中。")
	return web.Redirect(w, r, "/reports")
}

func (h *HTTP) exportDefinition(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	run, err := h.svc.Export(r.Context(), id)
	if err != nil {
		return err
	}
	return web.Redirect(w, r, fmt.Sprintf("/reports/runs/%d", run.ID))
}
