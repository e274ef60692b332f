package supervision

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

// newRouter builds the real renderer and router with this package's routes,
// as the app does, minus the session and CSRF middleware.
func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"supervision": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.sup, rd).Routes(rt)
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

// TestHTTP_Pages walks the pages: issue form (with a refused submission
// that keeps the input), the order page, reply, a refused close, close, and
// the dashboard with a red case.
func TestHTTP_Pages(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	c := e.acceptedCase(t, "pages")
	zrzy := e.unit(t, "511702", "zrzy")
	casePath := fmt.Sprintf("/cases/%d/supervision", c.ID)

	expect(t, call(t, e, rt, "jianguan", "GET", casePath+"/new", nil), 200, "督办催办", c.Number, zrzy.Name, "（牵头部门）")
	expect(t, call(t, e, rt, "chuangkou", "GET", casePath+"/new", nil), 403)
	bad := url.Values{"kind": {"order"}, "to_org_id": {fmt.Sprint(zrzy.ID)}, "content": {""}, "days": {"三天"}}
	expect(t, call(t, e, rt, "jianguan", "POST", casePath, bad), 400, "反馈期限请填写", "三天")
	bad.Set("days", "2")
	expect(t, call(t, e, rt, "jianguan", "POST", casePath, bad), 400, "请填写督办催办内容", `href="#f-content"`)

	form := url.Values{"kind": {"order"}, "to_org_id": {fmt.Sprint(zrzy.ID)}, "content": {"请说明核查进度。"}, "days": {"2"}}
	rec := call(t, e, rt, "jianguan", "POST", casePath, form)
	expect(t, rec, http.StatusSeeOther)
	orderPath := rec.Header().Get("Location")
	if !strings.HasPrefix(orderPath, "/supervision/") {
		t.Fatalf("issue redirects to %q", orderPath)
	}
	expect(t, call(t, e, rt, "jianguan", "POST", orderPath+"/close", url.Values{"note": {"先关"}}), 409,
		"督办尚未收到部门反馈", "督办须在部门反馈后才能关闭")
	expect(t, call(t, e, rt, "shenpi", "GET", orderPath, nil), 200, "请说明核查进度。", "待反馈", "提交反馈")
	expect(t, call(t, e, rt, "shenpi.xf", "GET", orderPath, nil), 404)
	expect(t, call(t, e, rt, "shenpi", "POST", orderPath+"/reply", url.Values{"reply": {""}}), 400, "请填写反馈内容")
	expect(t, call(t, e, rt, "shenpi", "POST", orderPath+"/reply", url.Values{"reply": {"已核查完毕。"}}), http.StatusSeeOther)
	expect(t, call(t, e, rt, "jianguan", "GET", orderPath, nil), 200, "已核查完毕。", "已反馈", "关闭督办")
	expect(t, call(t, e, rt, "jianguan", "POST", orderPath+"/close", url.Values{"note": {"同意关闭"}}), http.StatusSeeOther)
	expect(t, call(t, e, rt, "shenpi", "GET", orderPath, nil), 200, "已关闭", "同意关闭")

	e.clock.Set(at(c.Deadline.AddDays(7)))
	mustScan(t, e, 1)
	expect(t, call(t, e, rt, "jianguan", "GET", "/supervision?state=all", nil), 200,
		"逾期办件", c.Number, `<span class="status bad">逾期</span>`, "请说明核查进度。", casePath+"/new?kind=reminder")
	expect(t, call(t, e, rt, "shenpi.xf", "GET", "/supervision", nil), 200, c.Number, "没有符合条件的督办催办")
	expect(t, call(t, e, rt, "qiye", "GET", "/supervision", nil), 403)
}

func TestHTTP_API(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	c := e.acceptedCase(t, "api")
	zrzy := e.unit(t, "511702", "zrzy")
	path := fmt.Sprintf("/api/v1/cases/%d/supervision", c.ID)

	expect(t, call(t, e, rt, "jianguan", "POST", path, `{"kind":"order","to_org_id":0}`), 400, `"fields"`, `"to_org_id"`)
	expect(t, call(t, e, rt, "jianguan", "POST", path, `{"kind":"order","bogus":1}`), 400, `"code":"invalid"`)
	rec := call(t, e, rt, "jianguan", "POST", path,
		fmt.Sprintf(`{"kind":"order","to_org_id":%d,"content":"请反馈进度","days":3}`, zrzy.ID))
	expect(t, rec, http.StatusCreated, `"deadline":"2026-03-12"`, `"state":"open"`)
	var o Order
	if err := json.Unmarshal(rec.Body.Bytes(), &o); err != nil {
		t.Fatal(err)
	}
	id := fmt.Sprint(o.ID)
	expect(t, call(t, e, rt, "shenpi", "GET", "/api/v1/supervision?state=open", nil), 200, `"count":1`)
	expect(t, call(t, e, rt, "shenpi.xf", "GET", "/api/v1/supervision", nil), 200, `"count":0`, `"items":[]`)
	expect(t, call(t, e, rt, "qiye", "GET", "/api/v1/supervision", nil), 403)
	expect(t, call(t, e, rt, "jianguan", "POST", "/api/v1/supervision/"+id+"/close", `{}`), 409, `"code":"conflict"`)
	expect(t, call(t, e, rt, "shenpi.xf", "POST", "/api/v1/supervision/"+id+"/reply", `{"reply":"x"}`), 403)
	expect(t, call(t, e, rt, "shenpi", "POST", "/api/v1/supervision/"+id+"/reply", `{"reply":"已安排"}`), 200, `"state":"replied"`)
	expect(t, call(t, e, rt, "jianguan", "POST", "/api/v1/supervision/"+id+"/close", `{"note":"好"}`), 200, `"state":"closed"`)
	expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/supervision/"+id, nil), 200, `"close_note":"好"`)
	expect(t, call(t, e, rt, "", "GET", "/api/v1/supervision", nil), 401)
}

func TestHTTP_OpenAPI(t *testing.T) {
	e := newEnv(t)
	paths := newRouter(t, e).OpenAPI("gongai", "test")["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/supervision", "/api/v1/supervision/{id}", "/api/v1/cases/{id}/supervision",
		"/api/v1/supervision/{id}/reply", "/api/v1/supervision/{id}/close"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}
