package ticket

import (
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"ticket": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.svc, rd).Routes(rt)
	})
}

func call(t *testing.T, e *env, rt http.Handler, user, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	var ctx context.Context
	if user != "" {
		ctx = access.With(context.Background(), e.principal(t, user))
	}
	return testkit.Do(t, rt, ctx, method, path, body)
}

// TestHTTP_SLADue is the calculator: case 1 and case 12 over HTTP, and
// its structured errors.
func TestHTTP_SLADue(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	rec := call(t, e, rt, "qiye", "GET", "/api/v1/ops/sla/due?severity=general&opened=2025-11-14T17:59:00%2B08:00", nil)
	testkit.Expect(t, rec, 200, `"due":"2025-11-17T13:59:00+08:00"`)
	rec = call(t, e, rt, "qiye", "GET", "/api/v1/ops/sla/due?severity=important&opened=2025-10-01T15:30:00Z", nil)
	testkit.Expect(t, rec, 200, `"due":"2025-10-02T01:30:00+08:00"`)
	rec = call(t, e, rt, "qiye", "GET", "/api/v1/ops/sla/due?severity=urgent&opened=yesterday", nil)
	testkit.Expect(t, rec, 400, "severity", "opened", "RFC 3339")
	testkit.Expect(t, call(t, e, rt, "", "GET", "/api/v1/ops/sla/due?severity=general&opened=2025-11-14T17:59:00Z", nil), 401)
}

// TestHTTP_Pages walks a complaint filed anonymously, a bad form that
// keeps the input, the ticket page and an action, the register, the report
// and its exports.
func TestHTTP_Pages(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	bad := url.Values{"title": {"办事大厅态度差"}, "content": {""}, "reporter_name": {"张先生"}, "region_code": {"511702"}}
	testkit.Check(t, "bad complaint", call(t, e, rt, "", "POST", "/ops/complaints", bad),
		testkit.Want{Status: 400, Contains: []string{"请填写内容", "办事大厅态度差", `href="#f-content"`, "请填写联系方式"}})
	bad.Set("content", "窗口人员推诿。")
	bad.Set("reporter_contact", "13800000000")
	bad.Set("function", "broadcast-nope")
	testkit.Expect(t, call(t, e, rt, "", "POST", "/ops/complaints", bad), 400, "所选区县没有这个部门", `<option value="511702" selected>`)
	bad.Set("function", "window")
	testkit.Check(t, "complaint", call(t, e, rt, "", "POST", "/ops/complaints", bad),
		testkit.Want{Status: 200, Contains: []string{"已登记投诉", "TS2025"}})
	list, _, err := e.svc.List(e.as(t, "yunwei"), Filter{Query: "推诿"})
	if err != nil || len(list) != 1 {
		t.Fatalf("two-character search: %v %v", list, err)
	}
	if unit, _ := e.orgs.UnitByFunction(t.Context(), "511702", "window"); list[0].OrgUnitID != unit.ID {
		t.Fatalf("the complaint goes to 通川区's window (unit %d), got %d", unit.ID, list[0].OrgUnitID)
	}
	path := Link(list[0].ID)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/ops/tickets", nil), 200, "处理完成率（目标 100%）",
		"本月 1 件，已处理 0 件", `<span class="status bad">0.0%</span>`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", path, nil), 200, "窗口人员推诿", "答复", "计时事件")
	testkit.Expect(t, call(t, e, rt, "jianguan", "POST", path+"/respond", url.Values{}), 403)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", path+"/pause", url.Values{"status": {"waiting_reporter"}}), 400, "请填写挂起原因")
	testkit.Check(t, "respond", call(t, e, rt, "yunwei", "POST", path+"/respond", url.Values{"note": {"已受理"}}),
		testkit.Want{Status: http.StatusSeeOther, Location: path})
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/ops/register?q=推诿", nil), 200, "窗口人员推诿", "13800000000")
	testkit.Expect(t, call(t, e, rt, "qiye", "GET", "/ops/register", nil), 403)
	// The export links carry the report's filters (html/template once escaped their "=" and "&").
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/ops/reports?by=kind&from=2025-11-01&to=2025-11-30", nil), 200, "投诉", "合计",
		`href="/ops/reports/export.xlsx?by=kind&amp;from=2025-11-01&amp;to=2025-11-30"`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "GET", "/ops/reports?from=2025-13-01", nil), 400, "不存在")
	x := call(t, e, rt, "yunwei", "GET", "/ops/reports/export.xlsx?by=kind", nil)
	if x.Code != 200 || !strings.HasPrefix(x.Body.String(), "PK") {
		t.Errorf("xlsx export: %d", x.Code)
	}
	p := call(t, e, rt, "yunwei", "GET", "/ops/reports/export.pdf?by=kind", nil)
	if err := pdfdoc.Check(p.Body.Bytes()); p.Code != 200 || err != nil {
		t.Errorf("pdf export: %d %v", p.Code, err)
	}
}

// TestHTTP_API: open a fault and act on it over JSON.
func TestHTTP_API(t *testing.T) {
	e := newEnv(t)
	rt := newRouter(t, e)
	rec := call(t, e, rt, "yunwei", "POST", "/api/v1/ops/tickets", `{"kind":"fault","severity":"emergency","title":"审批系统宕机",
		"content":"全部页面 502","channel":"phone","reporter_name":"王受理","region_code":"511700"}`)
	testkit.Expect(t, rec, 201, `"severity":"emergency"`, `"metric":"response"`)
	var tk Ticket
	if err := json.Unmarshal(rec.Body.Bytes(), &tk); err != nil {
		t.Fatal(err)
	}
	base := "/api/v1/ops/tickets/" + itoa(int(tk.ID))
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", base+"/resolve", `{"resolution":"重启"}`), 400, `"cause"`)
	testkit.Expect(t, call(t, e, rt, "yunwei", "POST", base+"/resolve", `{"cause":"内存溢出","resolution":"重启","resolved":true}`),
		200, `"status":"resolved"`, `"state":"met"`)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/ops/tickets?status=resolved", nil), 200, `"count":1`)
	testkit.Expect(t, call(t, e, rt, "qiye", "GET", "/api/v1/ops/tickets", nil), 403)
	testkit.Expect(t, call(t, e, rt, "jianguan", "GET", "/api/v1/ops/reports?by=severity", nil), 200, `"group":"紧急"`)
}
