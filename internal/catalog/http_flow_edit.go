package catalog

import (
	"net/http"
	"strconv"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// flowFormPage is the model of catalog/flow_form, the draft editor.
type flowFormPage struct {
	web.Page
	Flow         Flow
	RegionName   string
	Form         flowForm
	Errors       map[string]string
	Joins        []option
	Functions    []option
	StageChoices []option
}

func (h *HTTP) draft(r *http.Request) (Flow, []Item, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return Flow{}, nil, err
	}
	f, err := h.svc.ViewFlow(r.Context(), id)
	if err != nil {
		return Flow{}, nil, err
	}
	if f.Status != StatusDraft {
		return Flow{}, nil, errs.Ef(errs.Conflict, "第%d版已%s，不能再修改；如需调整，请新建草稿。", f.Version, f.StatusLabel())
	}
	all, err := h.svc.Items(r.Context(), ItemFilter{IncludeInactive: true})
	return f, all, err
}

func (h *HTTP) renderDraft(w http.ResponseWriter, r *http.Request, f Flow, ff flowForm, err error) error {
	fields, ok := web.FieldErrors(err)
	if err != nil && !ok {
		return err
	}
	m := &flowFormPage{Flow: f, RegionName: h.regionName(r.Context(), f.RegionCode), Form: ff, Errors: fields,
		Joins: joins, Functions: functions, StageChoices: []option{{"", "不纳入"}}}
	for no := 1; no <= 4; no++ {
		m.StageChoices = append(m.StageChoices, option{strconv.Itoa(no), "第" + strconv.Itoa(no) + "阶段"})
	}
	label := m.RegionName + " · " + f.TypeName() + " 第" + strconv.Itoa(f.Version) + "版（草稿）"
	m.Page = web.Page{Title: "编辑流程草稿：" + label, Crumbs: []web.Crumb{crumbHome,
		{Label: "审批流程", URL: "/admin/catalog/flows?region=" + f.RegionCode}, {Label: label, URL: flowURL(f)}, {Label: "编辑"}}}
	return h.rd.HTML(w, r, status(err), "catalog/flow_form", m)
}

func (h *HTTP) editDraft(w http.ResponseWriter, r *http.Request) error {
	f, all, err := h.draft(r)
	if err != nil {
		return err
	}
	return h.renderDraft(w, r, f, flowFormOf(f, all), nil)
}

func (h *HTTP) saveDraft(w http.ResponseWriter, r *http.Request) error {
	cur, all, err := h.draft(r)
	if err != nil {
		return err
	}
	ff := flowFormFrom(r, all)
	f, err := ff.flow(cur.ID)
	if err == nil {
		f, err = h.svc.SaveDraft(r.Context(), f)
	} else {
		err = withFlowChecks(err, f, all)
	}
	if err != nil {
		return h.renderDraft(w, r, cur, ff, err)
	}
	web.SetFlash(w, "已保存草稿。核对无误后请发布，发布前不影响正在使用的流程。")
	return web.Redirect(w, r, flowURL(f))
}

// withFlowChecks adds the service's checks of f to the form's own field
// errors, so that one submission shows every problem at once.
func withFlowChecks(err error, f Flow, all []Item) error {
	fields := errs.FieldsOf(err)
	items := make(map[string]Item, len(all))
	for _, it := range all {
		items[it.Code] = it
	}
	for k, v := range checkFlow(normalizeFlow(f, items), items) {
		if _, set := fields[k]; !set {
			fields[k] = v
		}
	}
	return errs.FieldErrors(fields)
}
