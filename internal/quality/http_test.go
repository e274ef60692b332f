package quality

import (
	"fmt"
	"io/fs"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"quality": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.q, rd).Routes(rt)
	})
}

func (e *env) call(t *testing.T, rt *web.Router, user, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	if user == "" {
		return testkit.Do(t, rt, nil, method, path, body)
	}
	return testkit.Do(t, rt, e.as(t, user), method, path, body)
}

// TestHTTP_Governance walks the pages: a bad credit code is found by a run
// started from the overview, listed on the window's own task list, refused
// to another county's window and to an empty reason, closed by hand with a
// reason; an exempt closure is not reopened by the next run; the rule form
// refuses bad input with Chinese messages and saves good input.
func TestHTTP_Governance(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	id := e.newProject(t, "2026-511702-59-03-900401", "页面测试项目", "")
	e.exec(t, `UPDATE projects SET owner_credit_code = '91511702MA6200000X' WHERE id = $1`, id)

	testkit.Expect(t, e.call(t, rt, "jianguan", "POST", "/quality/runs", url.Values{}), 403)
	rec := e.call(t, rt, "yunwei", "POST", "/quality/runs", url.Values{})
	testkit.Expect(t, rec, 303)
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", rec.Header().Get("Location"), nil), 200, "项目单位统一社会信用代码校验", "不通过")
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", "/quality", nil), 200, "最近一次检查", "各区县合格率", "近 14 天趋势", "511702")
	testkit.Expect(t, e.call(t, rt, "fuzeren", "GET", "/quality/tasks?region=511702", nil), 200, "页面测试项目")
	testkit.Expect(t, e.call(t, rt, "qiye", "GET", "/quality", nil), 403)
	testkit.Expect(t, e.call(t, rt, "", "GET", "/quality", nil), 303, "/login")

	task, _ := e.task(t, "project_credit_code", "project", strconv.FormatInt(id, 10))
	path := fmt.Sprintf("/quality/tasks/%d", task.ID)
	testkit.Expect(t, e.call(t, rt, "chuangkou", "GET", "/quality/my-tasks", nil), 200, "页面测试项目", fmt.Sprintf("/projects/%d/edit", id))
	testkit.Expect(t, e.call(t, rt, "chuangkou", "GET", path, nil), 200, "关闭原因")
	testkit.Expect(t, e.call(t, rt, "chuangkou.qx", "GET", path, nil), 404)
	testkit.Expect(t, e.call(t, rt, "chuangkou.qx", "POST", path+"/close", url.Values{"reason": {"不是我的"}}), 404)
	testkit.Expect(t, e.call(t, rt, "chuangkou", "POST", path+"/close", url.Values{"reason": {" "}}), 400, "请填写关闭原因")
	testkit.Expect(t, e.call(t, rt, "chuangkou", "POST", path+"/close",
		url.Values{"reason": {"历史数据，信用代码以营业执照为准"}, "exempt": {"1"}}), 303)
	testkit.Expect(t, e.call(t, rt, "chuangkou", "GET", path, nil), 200, "已确认为例外", "历史数据")
	testkit.Expect(t, e.call(t, rt, "chuangkou", "POST", path+"/close", url.Values{"reason": {"再关一次"}}), 409)
	if len(testkit.AuditEvents(t, e.db, "quality.task_close")) != 1 {
		t.Error("want one quality.task_close event")
	}
	e.run(t)
	if again, _ := e.task(t, "project_credit_code", "project", strconv.FormatInt(id, 10)); again.ID != task.ID {
		t.Errorf("an exempt record got a new task %d", again.ID)
	}

	rule := e.ruleByCode(t, "project_code")
	rulePath := fmt.Sprintf("/quality/rules/%d", rule.ID)
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", "/quality/rules", nil), 200, "SELECT p.id", "项目代码格式与行政区划")
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", rulePath+"/edit", nil), 403)
	testkit.Expect(t, e.call(t, rt, "yunwei", "GET", rulePath+"/edit", nil), 200, "阈值类型")
	bad := url.Values{"name": {"项目代码"}, "severity": {"high"}, "threshold_kind": {"rate"}, "warn_above": {"5"},
		"fail_above": {"1"}, "responsible": {"region_window"}, "params": {"{"}, "active": {"1"}}
	testkit.Expect(t, e.call(t, rt, "yunwei", "POST", rulePath, bad), 400, "不通过阈值不能小于警告阈值", "规则参数须为 JSON 对象")
	bad.Set("fail_above", "10")
	bad.Set("params", "{}")
	testkit.Expect(t, e.call(t, rt, "yunwei", "POST", rulePath, bad), 303)
	if r := e.ruleByCode(t, "project_code"); r.WarnAbove != 500 || r.FailAbove != 1000 {
		t.Errorf("saved thresholds %d/%d, want 500/1000 basis points", r.WarnAbove, r.FailAbove)
	}
}

// TestHTTP_API: the API answers the run, the rates (scoped to the county
// for a county head), the tasks and a manual closure.
func TestHTTP_API(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	e.acceptedCase(t, "api")
	testkit.Expect(t, e.call(t, rt, "yunwei", "POST", "/api/v1/quality/runs", nil), 201, `"results"`)
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", "/api/v1/quality/rates?from=2026-03-01&to=2026-03-09", nil), 200,
		`"region_code":"511725"`, `"dimension":"timeliness"`)
	rec := e.call(t, rt, "fuzeren", "GET", "/api/v1/quality/rates?from=2026-03-01&to=2026-03-09", nil)
	testkit.Expect(t, rec, 200, `"region_code":"511702"`)
	if body := rec.Body.String(); strings.Contains(body, `"511725"`) {
		t.Errorf("a county head sees another county's rates: %s", body)
	}
	testkit.Expect(t, e.call(t, rt, "fuzeren", "GET", "/api/v1/quality/rates?region=511725", nil), 403)
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", "/api/v1/quality/rates?from=March", nil), 400, "日期格式")
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", "/api/v1/quality/tasks?rule=region_silent_workday", nil), 200, `"count":`)
	testkit.Expect(t, e.call(t, rt, "chuangkou.qx", "GET", "/api/v1/quality/my-tasks", nil), 200, `511725/2026-03-06`)
	testkit.Expect(t, e.call(t, rt, "jianguan", "GET", "/api/v1/quality/rules", nil), 200, `"sql":`)
	task, _ := e.task(t, "region_silent_workday", "region_day", "511725/2026-03-06")
	testkit.Expect(t, e.call(t, rt, "chuangkou.qx", "POST", fmt.Sprintf("/api/v1/quality/tasks/%d/close", task.ID),
		`{"reason":"3月6日渠县大厅停电，未办件"}`), 200, `"close_kind":"manual"`)
	rates, err := DailyRates(t.Context(), e.db, calendar.NewDate(2026, 3, 9), calendar.NewDate(2026, 3, 9))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range rates {
		if r.RegionCode == "511725" && r.Dimension == Timeliness {
			found = true
			if r.Day != "2026-03-09" || r.Evaluated == 0 || r.Failed == 0 || r.Rate >= 1 {
				t.Errorf("渠县 timeliness %+v, want failures on 2026-03-09", r)
			}
		}
	}
	if !found {
		t.Errorf("DailyRates has no 渠县 timeliness rate: %+v", rates)
	}
}
