package anomaly

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/org"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
)

// rulesPage is the model of anomaly/rules.
type rulesPage struct {
	web.Page
	Rules   []Rule
	Regions map[string]string
}

func (h *HTTP) rules(w http.ResponseWriter, r *http.Request) error {
	rules, err := h.svc.Rules(r.Context())
	if err != nil {
		return err
	}
	regions, err := h.svc.RegionsInScope(r.Context())
	if err != nil {
		return err
	}
	names := map[string]string{"": "全部区县"}
	for _, reg := range regions {
		names[reg.Code] = reg.Name
	}
	m := &rulesPage{Page: web.Page{Title: "异常规则", Crumbs: []web.Crumb{crumbHome, crumbAlerts, {Label: "异常规则"}}},
		Rules: rules, Regions: names}
	return h.rd.HTML(w, r, http.StatusOK, "anomaly/rules", m)
}

// ruleForm is the rule form as typed, kept on an error.
type ruleForm struct {
	Name, IndicatorCode, RegionCode, Method, Direction, Threshold, MinDelta, CUSUMK string
	WindowDays, ForN, KeepN, MinSample, SpanDays, NoData, Note                      string
	Enabled                                                                         bool
}

func ruleFormOf(r Rule) ruleForm {
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	return ruleForm{Name: r.Name, IndicatorCode: r.IndicatorCode, RegionCode: r.RegionCode, Method: string(r.Method),
		Direction: string(r.Direction), Threshold: f(r.Threshold), MinDelta: f(r.MinDelta), CUSUMK: f(r.CUSUMK),
		WindowDays: strconv.Itoa(r.WindowDays), ForN: strconv.Itoa(r.ForN), KeepN: strconv.Itoa(r.KeepN),
		MinSample: strconv.Itoa(r.MinSample), SpanDays: strconv.Itoa(r.span()), NoData: r.NoData, Note: r.Note,
		Enabled: r.Enabled}
}

func ruleFormFrom(r *http.Request) ruleForm {
	v := func(name string) string { return strings.TrimSpace(web.FormValue(r, name)) }
	return ruleForm{Name: v("name"), IndicatorCode: v("indicator_code"), RegionCode: v("region_code"),
		Method: v("method"), Direction: v("direction"), Threshold: v("threshold"), MinDelta: v("min_delta"),
		CUSUMK: v("cusum_k"), WindowDays: v("window_days"), ForN: v("for_n"), KeepN: v("keep_n"),
		MinSample: v("min_sample"), SpanDays: v("span_days"), NoData: v("nodata"), Note: v("note"),
		Enabled: v("enabled") == "1"}
}

// rule converts the form, reporting every field that is not a number.
func (f ruleForm) rule() (Rule, map[string]string) {
	bad := map[string]string{}
	float := func(name, s string, dflt float64) float64 {
		if s == "" {
			return dflt
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			bad[name] = "请填写数字。"
		}
		return x
	}
	integer := func(name, s string) int {
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil {
			bad[name] = "请填写整数。"
		}
		return n
	}
	if f.Threshold == "" {
		bad["threshold"] = "请填写阈值。"
	}
	r := Rule{Name: f.Name, IndicatorCode: f.IndicatorCode, RegionCode: f.RegionCode, Method: Method(f.Method),
		Direction: Direction(f.Direction), Threshold: float("threshold", f.Threshold, 0),
		MinDelta: float("min_delta", f.MinDelta, 0), CUSUMK: float("cusum_k", f.CUSUMK, 0),
		WindowDays: integer("window_days", f.WindowDays), ForN: integer("for_n", f.ForN),
		KeepN: integer("keep_n", f.KeepN), MinSample: integer("min_sample", f.MinSample),
		SpanDays: integer("span_days", f.SpanDays), NoData: f.NoData, Note: f.Note, Enabled: f.Enabled}
	if len(bad) == 0 {
		return r, nil
	}
	return r, bad
}

// rulePage is the model of anomaly/rule: the create or edit form.
type rulePage struct {
	web.Page
	ID          int64
	Form        ruleForm
	Errors      map[string]string
	Indicators  []Indicator
	Regions     []org.Region
	Methods     []Method
	Directions  []Direction
	NoDataModes []option
}

func (h *HTTP) renderRule(w http.ResponseWriter, r *http.Request, status int, id int64, f ruleForm, fields map[string]string) error {
	inds, err := h.svc.Indicators(r.Context())
	if err != nil {
		return err
	}
	regions, err := h.svc.RegionsInScope(r.Context())
	if err != nil {
		return err
	}
	title := "新建异常规则"
	if id != 0 {
		title = "修改异常规则"
	}
	m := &rulePage{Page: web.Page{Title: title, Crumbs: []web.Crumb{crumbHome, crumbAlerts, crumbRules, {Label: title}}},
		ID: id, Form: f, Errors: fields, Indicators: inds, Regions: regions, Methods: Methods,
		Directions:  []Direction{Up, Down, Both},
		NoDataModes: []option{{NoDataAlert, "记为未上报（nodata）并通知"}, {NoDataIgnore, "不作判断"}}}
	return h.rd.HTML(w, r, status, "anomaly/rule", m)
}

func (h *HTTP) newRule(w http.ResponseWriter, r *http.Request) error {
	if _, err := h.svc.Rules(r.Context()); err != nil {
		return err
	}
	blank := Rule{Method: MethodBaseline, Direction: Up, Threshold: 3, Enabled: true}
	blank.Defaults()
	return h.renderRule(w, r, http.StatusOK, 0, ruleFormOf(blank), nil)
}

func (h *HTTP) editRule(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	rule, err := h.svc.Rule(r.Context(), id)
	if err != nil {
		return err
	}
	return h.renderRule(w, r, http.StatusOK, id, ruleFormOf(rule), nil)
}

func (h *HTTP) createRule(w http.ResponseWriter, r *http.Request) error {
	return h.saveRule(w, r, 0)
}

func (h *HTTP) updateRule(w http.ResponseWriter, r *http.Request) error {
	id, err := web.PathID(r, "id")
	if err != nil {
		return err
	}
	return h.saveRule(w, r, id)
}

// saveRule creates (id 0) or updates rule id from the form.
func (h *HTTP) saveRule(w http.ResponseWriter, r *http.Request, id int64) error {
	f := ruleFormFrom(r)
	in, bad := f.rule()
	if bad != nil {
		return h.renderRule(w, r, http.StatusBadRequest, id, f, bad)
	}
	in.ID = id
	var saved Rule
	var err error
	if id == 0 {
		saved, err = h.svc.CreateRule(r.Context(), in)
	} else {
		saved, err = h.svc.UpdateRule(r.Context(), in)
	}
	if fields, ok := web.FieldErrors(err); ok {
		return h.renderRule(w, r, web.StatusOf(err), id, f, fields)
	} else if err != nil {
		return err
	}
	web.SetFlash(w, fmt.Sprintf("已保存规则“%s”，自下次评估起生效。", saved.Name))
	return web.Redirect(w, r, "/indicator-rules")
}
