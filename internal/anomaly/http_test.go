package anomaly

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"anomaly": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.svc, rd).Routes(rt)
	})
}

// call sends a request as user ("" for anonymous) with a form or JSON body.
func call(t *testing.T, e *env, rt http.Handler, user, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var ctx context.Context
	if user != "" {
		ctx = access.With(context.Background(), e.principal(t, user))
	}
	return testkit.Do(t, rt, ctx, method, path, body)
}

// firingEnv has one firing baseline alert in 渠县 and one nodata alert in
// 通川区.
func firingEnv(t *testing.T) (*env, Alert, Alert) {
	e := newEnv(t)
	e.history(t, date(2026, 1, 5), date(2026, 3, 31))
	e.rule(t, Rule{Method: MethodBaseline, Direction: Up, Threshold: 3, MinDelta: 2, ForN: 1})
	e.src.set("overdue_rate", quxian, date(2026, 3, 10), 24, 200)
	e.src.drop("overdue_rate", tongchuan, date(2026, 3, 10))
	e.evaluate(t, date(2026, 3, 11))
	var qx, tc Alert
	for _, a := range e.alerts(t, "active") {
		switch a.RegionCode {
		case quxian:
			qx = a
		case tongchuan:
			tc = a
		}
	}
	if qx.State != Firing || tc.State != NoData {
		t.Fatalf("setup: 渠县 %s, 通川区 %s", qx.State, tc.State)
	}
	return e, qx, tc
}

// TestHTTP_Pages walks the list (with the county scope), the alert page
// with its sparkline, a refused and an accepted acknowledgement and
// resolution.
func TestHTTP_Pages(t *testing.T) {
	e, qx, tc := firingEnv(t)
	rt := newRouter(t, e)
	qxPath, tcPath := Link(qx.ID), Link(tc.ID)

	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/indicator-alerts", nil), 200, "渠县", "通川区", "告警中", "未上报",
		"渠县 逾期率 12 %（24/200），基线 3 % ± ", "（近 20 个工作日中位数 ± MAD）")
	rec := call(t, e, rt, "fuzeren", "GET", "/indicator-alerts?state=all", nil)
	testkit.Expect(t, rec, 200, "通川区", "共 1 条")
	if body := rec.Body.String(); strings.Contains(body, "渠县 逾期率") {
		t.Error("通川区's head sees 渠县's alert in the list")
	}
	testkit.Expect(t, call(t, e, rt, "fuzeren", "GET", qxPath, nil), 404)
	testkit.Expect(t, call(t, e, rt, "chuangkou", "GET", "/indicator-alerts", nil), 403)
	testkit.Expect(t, call(t, e, rt, "", "GET", "/indicator-alerts", nil), http.StatusSeeOther) // to the login page

	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", qxPath, nil), 200, "<svg class=\"sparkline\"", "近 30 个工作日走势",
		"正常 → 告警中", "2026年3月10日")
	testkit.Expect(t, call(t, e, rt, "fuzeren", "GET", tcPath, nil), 200, "未上报", "×")
	testkit.Expect(t, call(t, e, rt, "jianguan", "POST", qxPath+"/ack", url.Values{"note": {"看看"}}), 403)

	long := url.Values{"note": {string(make([]rune, 501))}}
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", qxPath+"/ack", long), 400, "确认说明最多 500 字", `href="#f-note"`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", qxPath+"/ack", url.Values{"note": {"已联系渠县核实。"}}), http.StatusSeeOther)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", qxPath+"/ack", url.Values{}), 409)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", qxPath+"/resolve", url.Values{"note": {""}}), 400, "请填写解除说明")
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", qxPath+"/resolve", url.Values{"note": {"补录造成，已更正。"}}), http.StatusSeeOther)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", qxPath, nil), 200, "已结束", "人工解除", "补录造成，已更正。",
		"已联系渠县核实。", "吴运维")
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", qxPath+"/resolve", url.Values{"note": {"再解除"}}), 409)
	if n := len(testkit.AuditEvents(t, e.db, "anomaly.alert.resolve")); n != 1 {
		t.Errorf("%d resolve events", n)
	}

	// the anomaly persists: the next evaluation opens a new alert
	e.src.set("overdue_rate", quxian, date(2026, 3, 11), 24, 200)
	e.evaluate(t, date(2026, 3, 12))
	if open, _, _ := e.svc.List(e.as(t, "jianguan"), Filter{RegionCode: quxian}); len(open) != 1 || open[0].ID == qx.ID {
		t.Errorf("after resolving a persisting anomaly: %+v", open)
	}
	testkit.AuditChainOK(t, e.db)
}

// TestHTTP_Rules creates a rule through the form (a refused one keeps the
// typed values), edits it, and disables it, which resolves its alerts.
func TestHTTP_Rules(t *testing.T) {
	e, qx, _ := firingEnv(t)
	rt := newRouter(t, e)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/indicator-rules", nil), 403)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/indicator-rules", nil), 200, "逾期率", "稳健基线", "全部区县")
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/indicator-rules/new", nil), 200, "新建异常规则", "逾期率（%）")

	form := url.Values{"name": {"渠县逾期率目标"}, "indicator_code": {"overdue_rate"}, "region_code": {quxian},
		"method": {"static"}, "direction": {"up"}, "threshold": {"五"}, "window_days": {"20"}, "for_n": {"31"},
		"keep_n": {"2"}, "nodata": {"alert"}, "enabled": {"1"}}
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/indicator-rules", form), 400, "请填写数字", "五")
	form.Set("threshold", "5")
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/indicator-rules", form), 400, "转为告警所需的连续次数须为 1 到 30")
	form.Set("for_n", "2")
	form.Set("indicator_code", "nope")
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/indicator-rules", form), 400, "没有这个指标")
	form.Set("indicator_code", "overdue_rate")
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/indicator-rules", form), http.StatusSeeOther)

	rules, err := e.svc.Rules(e.as(t, "yunwei"))
	if err != nil || len(rules) != 2 {
		t.Fatalf("rules %d %v", len(rules), err)
	}
	base := rules[0]
	if base.RegionCode != "" {
		base = rules[1]
	}
	path := fmt.Sprintf("/indicator-rules/%d", base.ID)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", path, nil), 200, "修改异常规则", base.Name)
	edit := url.Values{"name": {base.Name}, "indicator_code": {"overdue_rate"}, "method": {"baseline"},
		"direction": {"up"}, "threshold": {"3"}, "min_delta": {"2"}, "window_days": {"20"}, "for_n": {"1"},
		"keep_n": {"2"}, "nodata": {"alert"}}
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", path, edit), http.StatusSeeOther)
	got, err := e.svc.Get(e.as(t, "yunwei"), qx.ID)
	if err != nil || got.EndReason != "resolved" || got.ResolveNote != "规则已停用" {
		t.Fatalf("alert of a disabled rule: %+v %v", got, err)
	}
	if n := len(testkit.AuditEvents(t, e.db, "anomaly.rule.update")); n != 1 {
		t.Errorf("%d rule update events", n)
	}
}

// TestAPI lists, reads and acknowledges alerts and creates a rule as JSON.
func TestAPI(t *testing.T) {
	e, qx, _ := firingEnv(t)
	rt := newRouter(t, e)
	rec := call(t, e, rt, "fuzeren", "GET", "/api/v1/indicator-alerts?state=all", nil)
	testkit.Expect(t, rec, 200)
	var list alertList
	if err := json.Unmarshal(rec.Body.Bytes(), &list); err != nil || list.Count != 1 || list.Items[0].RegionCode != tongchuan {
		t.Fatalf("fuzeren's list: %+v %v", list, err)
	}
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", fmt.Sprintf("/api/v1/indicator-alerts/%d", qx.ID), nil), 200,
		`"state":"firing"`, `"history":[`, `"region_name":"渠县"`)
	testkit.Expect(t, call(t, e, rt, "fuzeren", "GET", fmt.Sprintf("/api/v1/indicator-alerts/%d", qx.ID), nil), 404)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", fmt.Sprintf("/api/v1/indicator-alerts/%d/ack", qx.ID),
		`{"note":"收到"}`), 200, `"ack_note":"收到"`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/api/v1/indicator-rules",
		`{"name":"预警数","indicator_code":"warning_count","method":"peer","direction":"up","threshold":3}`), 201,
		`"indicator_name":"预警数"`, `"unit":"件"`, `"window_days":20`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", "/api/v1/indicator-rules",
		`{"name":"","indicator_code":"warning_count","method":"x","direction":"up","threshold":3}`), 400, "请填写规则名称", "请选择判断方法")
}
