package quality

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// rulesPageModel is the model of quality/rules.
type rulesPageModel struct {
	web.Page
	Rules   []Rule
	CanEdit bool
}

func (h *HTTP) rulesPage(w http.ResponseWriter, r *http.Request) error {
	rules, err := h.svc.Rules(r.Context())
	if err != nil {
		return err
	}
	return h.rd.HTML(w, r, http.StatusOK, "quality/rules", &rulesPageModel{Page: web.Page{Title: "质量规则",
		Crumbs: []web.Crumb{crumbHome, crumbQuality, {Label: "质量规则"}}}, Rules: rules,
		CanEdit: access.From(r.Context()).Can(access.QualityAdmin)})
}

// option is one choice of a select.
type option struct{ Value, Label string }

// ruleFormModel is the model of quality/rule_edit.
type ruleFormModel struct {
	web.Page
	Rule         Rule
	Form         ruleForm
	Errors       map[string]string
	Severities   []option
	Kinds        []option
	Responsibles []option
}

// ruleForm is the form as typed; rate thresholds are typed in percent.
type ruleForm struct {
	Name, Severity, ThresholdKind, WarnAbove, FailAbove, Responsible, Params, Description string
	Active                                                                                bool
}

func ruleFormOf(r Rule) ruleForm {
	raw, _ := json.Marshal(r.Params)
	f := ruleForm{Name: r.Name, Severity: r.Severity, ThresholdKind: r.ThresholdKind, Responsible: r.Responsible,
		Params: string(raw), Description: r.Description, Active: r.Active,
		WarnAbove: itoa(r.WarnAbove), FailAbove: itoa(r.FailAbove)}
	if r.ThresholdKind == ThresholdRate {
		f.WarnAbove, f.FailAbove = strings.TrimSuffix(bpLabel(r.WarnAbove), "%"), strings.TrimSuffix(bpLabel(r.FailAbove), "%")
	}
	return f
}

// input converts the typed form; a threshold that is not a number is
// reported with the other problems by Validate (as -1).
func (f ruleForm) input() RuleInput {
	parse := func(s string) int64 {
		v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		if err != nil {
			return -1
		}
		if f.ThresholdKind == ThresholdRate {
			v *= 100
		}
		return int64(v + 0.5)
	}
	return RuleInput{Name: f.Name, Severity: f.Severity, ThresholdKind: f.ThresholdKind, WarnAbove: parse(f.WarnAbove),
		FailAbove: parse(f.FailAbove), Responsible: f.Responsible, Params: f.Params, Description: f.Description, Active: f.Active}
}

func responsibleOptions() []option {
	out := []option{{RespCaseLead, responsibleLabel(RespCaseLead)}, {RespRegionWindow, responsibleLabel(RespRegionWindow)}}
	for _, fn := range []string{"zrzy", "zj", "fgw", "zwfw"} {
		out = append(out, option{"function:" + fn, responsibleLabel("function:" + fn)})
	}
	return out
}

func (h *HTTP) renderRuleForm(w http.ResponseWriter, r *http.Request, status int, rule Rule, f ruleForm, fields map[string]string) error {
	title := "修改规则：" + rule.Name
	return h.rd.HTML(w, r, status, "quality/rule_edit", &ruleFormModel{Page: web.Page{Title: title,
		Crumbs: []web.Crumb{crumbHome, crumbQuality, {Label: "质量规则", URL: "/quality/rules"}, {Label: rule.Name}}},
		Rule: rule, Form: f, Errors: fields,
		Severities:   []option{{"high", "高"}, {"medium", "中"}, {"low", "低"}},
		Kinds:        []option{{ThresholdCount, "不合格条数"}, {ThresholdRate, "不合格率（%）"}},
		Responsibles: responsibleOptions()})
}

func (h *HTTP) ruleForm(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := h.svc.Rule(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderRuleForm(w, r, http.StatusOK, rule, ruleFormOf(rule), nil)
}

func (h *HTTP) ruleSave(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	f := ruleForm{Name: web.FormValue(r, "name"), Severity: web.FormValue(r, "severity"),
		ThresholdKind: web.FormValue(r, "threshold_kind"), WarnAbove: web.FormValue(r, "warn_above"),
		FailAbove: web.FormValue(r, "fail_above"), Responsible: web.FormValue(r, "responsible"),
		Params: web.FormValue(r, "params"), Description: web.FormValue(r, "description"),
		Active: web.FormValue(r, "active") == "1"}
	rule, err := h.svc.UpdateRule(r.Context(), id, f.input())
	if fields, ok := web.FieldErrors(err); ok {
		old, gerr := h.svc.Rule(r.Context(), id)
		if gerr != nil {
			return gerr
		}
		return h.renderRuleForm(w, r, web.StatusOf(err), old, f, fields)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已保存规则“"+rule.Name+"”，下次检查起生效。")
	return web.Redirect(w, r, "/quality/rules#rule-"+strconv.FormatInt(rule.ID, 10))
}

// tasksPageModel is the model of quality/tasks.
type tasksPageModel struct {
	web.Page
	Mine                     bool
	State, Region, Rule, Dim string
	Tasks                    []Task
	Total                    int
	States                   []option
	Rules                    []Rule
	NextURL, PrevURL         string
}

const tasksPerPage = 50

func (h *HTTP) tasksPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderTasks(w, r, false)
}

func (h *HTTP) myTasksPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderTasks(w, r, true)
}

func (h *HTTP) renderTasks(w http.ResponseWriter, r *http.Request, mine bool) error {
	q := r.URL.Query()
	title, path := "治理任务", "/quality/tasks"
	if mine {
		title, path = "本单位的治理任务", "/quality/my-tasks"
	}
	m := &tasksPageModel{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, {Label: title}}}, Mine: mine,
		State: q.Get("state"), Region: q.Get("region"), Rule: q.Get("rule"), Dim: q.Get("dimension"),
		States: []option{{"open", "待处理"}, {"closed", "已关闭"}, {"all", "全部"}}}
	if m.State == "" {
		m.State = "open"
	}
	page := max(atoi(q.Get("page")), 1)
	var err error
	m.Tasks, m.Total, err = h.svc.Tasks(r.Context(), TaskFilter{State: m.State, RegionCode: m.Region, RuleCode: m.Rule,
		Dimension: m.Dim, Mine: mine, Limit: tasksPerPage, Offset: (page - 1) * tasksPerPage})
	if err != nil {
		return err
	}
	if !mine {
		if m.Rules, err = h.svc.Rules(r.Context()); err != nil {
			return err
		}
	}
	pageURL := func(n int) string {
		v := url.Values{"state": {m.State}, "region": {m.Region}, "rule": {m.Rule}, "dimension": {m.Dim},
			"page": {strconv.Itoa(n)}}
		return path + "?" + v.Encode()
	}
	if page > 1 {
		m.PrevURL = pageURL(page - 1)
	}
	if page*tasksPerPage < m.Total {
		m.NextURL = pageURL(page + 1)
	}
	return h.rd.HTML(w, r, http.StatusOK, "quality/tasks", m)
}

// taskPageModel is the model of quality/task.
type taskPageModel struct {
	web.Page
	Task     Task
	CanClose bool
	Errors   map[string]string
	Reason   string
}

func (h *HTTP) taskPage(w http.ResponseWriter, r *http.Request) error {
	return h.renderTask(w, r, http.StatusOK, nil, "")
}

func (h *HTTP) renderTask(w http.ResponseWriter, r *http.Request, status int, fields map[string]string, reason string) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	t, err := h.svc.Task(r.Context(), id)
	if err != nil {
		return err
	}
	title := "治理任务 #" + strconv.FormatInt(id, 10)
	return h.rd.HTML(w, r, status, "quality/task", &taskPageModel{Page: web.Page{Title: title,
		Crumbs: []web.Crumb{crumbHome, {Label: "治理任务", URL: "/quality/my-tasks"}, {Label: title}}},
		Task: t, CanClose: CanClose(r.Context(), t), Errors: fields, Reason: reason})
}

func (h *HTTP) closeTask(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	reason := web.FormValue(r, "reason")
	_, err = h.svc.CloseTask(r.Context(), id, CloseInput{Reason: reason, Exempt: web.FormValue(r, "exempt") == "1"})
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderTask(w, r, web.StatusOf(err), fields, reason)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, "已关闭该治理任务。")
	return web.Redirect(w, r, "/quality/tasks/"+strconv.FormatInt(id, 10))
}

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0
	}
	return n
}
