package window

import (
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// newRouter builds the real renderer and router with this package's
// routes, as the app does, minus the session and CSRF middleware.
func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"window": Templates()}, func(rt *web.Router, rd *web.Renderer) {
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

func expect(t *testing.T, rec *httptest.ResponseRecorder, status int, contains ...string) {
	t.Helper()
	testkit.Expect(t, rec, status, contains...)
}

// TestHTTP_AdminPages: list, a refused create that keeps the input, create,
// bad hours, staff; other roles are refused.
func TestHTTP_AdminPages(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	expect(t, call(t, e, rt, "admin", "GET", "/windows?region=511702", nil), 200, "1号窗口 综合受理", "通川区")
	expect(t, call(t, e, rt, "chuangkou", "GET", "/windows", nil), 403)
	bad := url.Values{"region_code": {"511702"}, "number": {"一"}, "name": {"预约专窗"}, "slot_capacity": {"2"}}
	expect(t, call(t, e, rt, "admin", "POST", "/windows", bad), 400, "窗口编号应为", "预约专窗", `href="#f-number"`)
	bad.Set("number", "8")
	rec := call(t, e, rt, "admin", "POST", "/windows", bad)
	testkit.Check(t, "create", rec, testkit.Want{Status: http.StatusSeeOther, Location: "/windows/"})
	page := rec.Header().Get("Location")
	expect(t, call(t, e, rt, "admin", "GET", page, nil), 200, "8号窗口 预约专窗", "王受理", "保存开放时间", `value="09:00"`)
	hours := url.Values{"h-1-am-opens": {"9:00"}, "h-1-am-closes": {"10:00"}, "h-2-am-opens": {"九点"}}
	expect(t, call(t, e, rt, "admin", "POST", page+"/hours", hours), 400, "星期二上午请填写开始和结束时间",
		`value="九点"`, `value="9:00"`)
	hours = url.Values{"h-1-am-opens": {"09:00"}, "h-1-am-closes": {"08:00"}}
	expect(t, call(t, e, rt, "admin", "POST", page+"/hours", hours), 400, "星期一上午的开始时间应早于结束时间", `href="#f-h-1-am"`)
	expect(t, call(t, e, rt, "admin", "POST", page+"/hours", url.Values{"h-1-am-opens": {"08:30"}, "h-1-am-closes": {"11:30"}}),
		http.StatusSeeOther)
	uid := fmt.Sprint(e.principal(t, "chuangkou").UserID)
	expect(t, call(t, e, rt, "admin", "POST", page+"/staff", url.Values{"user_id": {uid}}), http.StatusSeeOther)
	expect(t, call(t, e, rt, "admin", "POST", page+"/staff", url.Values{"user_id": {uid}}), 409, "已在该窗口")
	expect(t, call(t, e, rt, "admin", "POST", page+"/staff/"+uid+"/remove", nil), http.StatusSeeOther)
}

// TestHTTP_BookingPages: an enterprise books through the pages, sees it in
// 我的预约, the clerk sees it on the desk and marks it; a refused booking
// keeps the input.
func TestHTTP_BookingPages(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	w := e.windowOf(t, "511702", 1)
	expect(t, call(t, e, rt, "qiye", "GET", fmt.Sprintf("/appointments/new?window=%d", w.ID), nil), 200,
		"预约时段", "2026年3月10日（星期二）", "10:30–11:00", "确认预约")
	form := url.Values{"window_id": {fmt.Sprint(w.ID)}, "slot": {"2026-03-09 11:00"}, "matter": {""}, "phone": {"abc"}}
	expect(t, call(t, e, rt, "qiye", "POST", "/appointments", form), 400, "请选择办理的事项或项目", "请填写联系电话", `value="abc"`)
	form.Set("matter", "item:"+e.itemCode(t))
	form.Set("phone", "13800000000")
	expect(t, call(t, e, rt, "qiye", "POST", "/appointments", form), http.StatusSeeOther)
	expect(t, call(t, e, rt, "qiye", "POST", "/appointments", form), 409, "不能重复预约")
	expect(t, call(t, e, rt, "qiye", "GET", "/appointments", nil), 200, "11:00–11:30", "取消预约", "已预约")
	expect(t, call(t, e, rt, "chuangkou", "GET", "/appointments", nil), 403)
	expect(t, call(t, e, rt, "chuangkou", "GET", "/windows/desk", nil), 200, "11:00–11:30", "已到场")
	expect(t, call(t, e, rt, "chuangkou", "GET", "/windows/stats", nil), 200, "按窗口统计", "通川区 1号窗口 综合受理")
	expect(t, call(t, e, rt, "chuangkou", "GET", "/windows/stats?from=2026-03-09&to=2026-01-01", nil), 400,
		"结束日期不能早于开始日期")
	expect(t, call(t, e, rt, "qiye", "GET", "/windows/desk", nil), 403)
}

// TestHTTP_CaseAndAPI: assign and transfer through the page and the API;
// the API's errors are structured.
func TestHTTP_CaseAndAPI(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	c := e.receivedCase(t, "http")
	w1, w2 := e.windowOf(t, "511702", 1), e.windowOf(t, "511702", 2)
	path := fmt.Sprintf("/cases/%d/window", c.ID)
	expect(t, call(t, e, rt, "chuangkou", "GET", path, nil), 200, "尚未分配窗口", "分配到窗口")
	expect(t, call(t, e, rt, "chuangkou", "POST", path+"/transfer", url.Values{"to_window_id": {""}}), 400, "请选择一个在用的窗口")
	expect(t, call(t, e, rt, "chuangkou", "POST", path+"/transfer", url.Values{"to_window_id": {fmt.Sprint(w1.ID)}}), http.StatusSeeOther)
	api := fmt.Sprintf("/api/v1/cases/%d/window", c.ID)
	expect(t, call(t, e, rt, "chuangkou", "POST", api, fmt.Sprintf(`{"to_window_id":%d}`, w2.ID)), 400, `"reason"`)
	expect(t, call(t, e, rt, "chuangkou", "POST", api, fmt.Sprintf(`{"to_window_id":%d,"reason":"验收类"}`, w2.ID)), 200,
		`"to_title":"2号窗口 综合受理"`)
	expect(t, call(t, e, rt, "chuangkou", "GET", path, nil), 200, "验收类", "（首次分配）")
	expect(t, call(t, e, rt, "jianguan", "POST", api, `{"to_window_id":1,"reason":"x"}`), 403)
	expect(t, call(t, e, rt, "qiye", "GET", "/api/v1/windows?region=511725", nil), 200, `"number":1`)
	expect(t, call(t, e, rt, "shenpi", "GET", "/api/v1/windows", nil), 403)
	expect(t, call(t, e, rt, "qiye", "GET", fmt.Sprintf("/api/v1/windows/%d/slots?days=2", w1.ID), nil), 200, `"free":2`)
	expect(t, call(t, e, rt, "qiye", "POST", "/api/v1/appointments", `{"window_id":0}`), 400, `"code":"invalid"`, `"phone"`)
	expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/window-stats?from=2026-03-01&to=2026-03-09", nil), 200, `"windows"`)
	expect(t, call(t, e, rt, "", "GET", "/api/v1/windows", nil), 401)
}

func TestHTTP_OpenAPI(t *testing.T) {
	e := newEnv(t)
	paths := newRouter(t, e).OpenAPI("gongai", "test")["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/windows", "/api/v1/windows/{id}/slots", "/api/v1/appointments",
		"/api/v1/cases/{id}/window", "/api/v1/window-stats", "/api/v1/windows/{id}/bookings"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}
