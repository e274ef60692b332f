package org

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// newRouter builds the real router and renderer with the org routes, as
// the app does, minus CSRF and session middleware.
func newRouter(t *testing.T, f fixture) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"org": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(f.svc, rd).Routes(rt)
	})
}

// scenario is one request and what its response must show.
type scenario struct {
	name     string
	p        *access.Principal // nil: anonymous
	method   string
	path     string
	form     url.Values // POST form body
	json     string     // JSON body
	status   int
	contains []string
	excludes []string
	location string
}

func (sc scenario) run(t *testing.T, rt http.Handler) *httptest.ResponseRecorder {
	t.Helper()
	var ctx context.Context
	if sc.p != nil {
		ctx = as(sc.p)
	}
	var body any
	if sc.form != nil {
		body = sc.form
	} else if sc.json != "" {
		body = sc.json
	}
	rec := testkit.Do(t, rt, ctx, sc.method, sc.path, body)
	testkit.Check(t, sc.method+" "+sc.path, rec, testkit.Want{Status: sc.status, Contains: sc.contains,
		Excludes: sc.excludes, Location: sc.location})
	return rec
}

func id(u Unit) string { return strconv.FormatInt(u.ID, 10) }

func TestHTTP_Pages(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	tcWindow, tcZwfw := f.mustUnit(t, "511702", "window"), f.mustUnit(t, "511702", "zwfw")
	quZj := f.mustUnit(t, "511725", "zj")
	for _, sc := range []scenario{
		{name: "list scoped to the clerk's county", p: tongchuanClerk, method: "GET", path: "/org/units", status: 200,
			contains: []string{"机构目录", "共 17 个机构", "通川区住房和城乡建设局", `aria-label="当前位置"`},
			excludes: []string{"渠县", "新增机构"}},
		{name: "list filtered by URL", p: cityAdmin, method: "GET", path: "/org/units?region=511725&kind=utility&q=%E4%BE%9B%E7%94%B5",
			status: 200, contains: []string{"共 1 个机构", "国网四川省电力公司渠县供电分公司", `value="供电"`, "新增机构"}},
		{name: "list of another county is forbidden", p: tongchuanClerk, method: "GET", path: "/org/units?region=511725", status: 403,
			contains: []string{"您无权访问其他区县的数据"}},
		{name: "anonymous is sent to login", method: "GET", path: "/org/units", status: 303, location: "/login?next=%2Forg%2Funits"},
		{name: "detail with parent", p: tongchuanClerk, method: "GET", path: "/org/units/" + id(tcWindow), status: 200,
			contains: []string{"通川区政务服务中心工程建设项目综合窗口", "/org/units/" + id(tcZwfw), "综合窗口"},
			excludes: []string{"修改机构信息"}},
		{name: "detail of another county is forbidden", p: tongchuanClerk, method: "GET", path: "/org/units/" + id(quZj), status: 403,
			contains: []string{"无权访问", "您无权访问其他区县的数据"}},
		{name: "detail offers admin actions", p: tongchuanAdmin, method: "GET", path: "/org/units/" + id(tcZwfw), status: 200,
			contains: []string{"修改机构信息", "停用本机构", "下属机构", tcWindow.Name}},
		{name: "edit form of another county is forbidden", p: tongchuanAdmin, method: "GET", path: "/admin/units/" + id(quZj) + "/edit", status: 403},
		{name: "new unit form", p: tongchuanAdmin, method: "GET", path: "/admin/units/new", status: 200,
			contains: []string{"新增机构", `name="region_code"`, `<option value="511702" selected>通川区</option>`, "住房和城乡建设（zj）"}, excludes: []string{"渠县"}},
		{name: "region list read-only for county admin", p: tongchuanAdmin, method: "GET", path: "/admin/regions", status: 200,
			contains: []string{"东部经开区", "内部编码", "只有市级系统管理员"}, excludes: []string{"/edit"}},
		{name: "region admin needs OrgAdmin", p: tongchuanClerk, method: "GET", path: "/admin/regions", status: 403},
		{name: "region edit forbidden for county admin", p: tongchuanAdmin, method: "GET", path: "/admin/regions/1/edit", status: 403},
	} {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, rt) })
	}
}

func TestHTTP_EditUnit(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	zj := f.mustUnit(t, "511702", "zj")
	form := url.Values{"name": {"通川区住房和城乡建设局"}, "short_name": {"通川住建"}, "kind": {"department"},
		"function_code": {"zj"}, "credit_code": {"11511702MB1X"}, "phone": {"0818-2 12"}, "sort_order": {"三十"}}
	scenario{name: "invalid input is kept", p: tongchuanAdmin, method: "POST", path: "/admin/units/" + id(zj), form: form,
		status: 400, contains: []string{
			"请修改以下问题后再提交", `href="#f-credit_code"`,
			"统一社会信用代码应为18位。", `value="11511702MB1X"`,
			"联系电话只能由数字和“-”组成", `value="0818-2 12"`,
			"排序号应为0到9999之间的整数。", `value="三十"`, `value="通川住建"`, `aria-invalid="true"`,
		}}.run(t, rt)
	if got, _ := f.svc.Unit(context.Background(), zj.ID); got != zj {
		t.Fatalf("invalid form changed the unit: %+v", got)
	}
	form.Set("credit_code", "")
	form.Set("phone", "0818-2123456")
	form.Set("sort_order", "30")
	scenario{name: "success", p: tongchuanAdmin, method: "POST", path: "/admin/units/" + id(zj), form: form,
		status: 303, location: "/org/units/" + id(zj)}.run(t, rt)
	if got, _ := f.svc.Unit(context.Background(), zj.ID); got.Phone != "0818-2123456" || got.ShortName != "通川住建" {
		t.Fatalf("unit after save: %+v", got)
	}
	scenario{name: "other county", p: quxianAdmin, method: "POST", path: "/admin/units/" + id(zj), form: form,
		status: 403}.run(t, rt)
	scenario{name: "active state missing", p: tongchuanAdmin, method: "POST", path: "/admin/units/" + id(zj) + "/active",
		form: url.Values{}, status: 400}.run(t, rt)
	scenario{name: "deactivate", p: tongchuanAdmin, method: "POST", path: "/admin/units/" + id(zj) + "/active",
		form: url.Values{"active": {"false"}}, status: 303, location: "/org/units/" + id(zj)}.run(t, rt)
	if got, _ := f.svc.Unit(context.Background(), zj.ID); got.Active {
		t.Fatal("unit still active")
	}
	f.assertChainOK(t)
}

func TestHTTP_CreateUnit(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	form := url.Values{"region_code": {"511702"}, "name": {"通川区水务局"}, "kind": {"agency"}, "sort_order": {"900"}}
	scenario{name: "duplicate name", p: tongchuanAdmin, method: "POST", path: "/admin/units", form: form, status: 409,
		contains: []string{"本区县已有名为“通川区水务局”的机构。", `value="通川区水务局"`}}.run(t, rt)
	form.Set("region_code", "511725")
	scenario{name: "other county", p: tongchuanAdmin, method: "POST", path: "/admin/units", form: form, status: 403}.run(t, rt)
	form.Set("region_code", "511702")
	form.Set("name", "通川区某工程咨询有限公司")
	rec := scenario{name: "success", p: tongchuanAdmin, method: "POST", path: "/admin/units", form: form, status: 303}.run(t, rt)
	if loc := rec.Header().Get("Location"); !strings.HasPrefix(loc, "/org/units/") {
		t.Fatalf("Location %q", loc)
	}
	if n := len(f.events(t, "org.unit.create")); n != 1 {
		t.Fatalf("create events = %d", n)
	}
}

func TestHTTP_EditRegion(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f)
	zone, _ := f.svc.RegionByCode(context.Background(), "511772")
	path := "/admin/regions/" + strconv.FormatInt(zone.ID, 10)
	scenario{name: "form", p: cityAdmin, method: "GET", path: path + "/edit", status: 200,
		contains: []string{"修改区县信息：东部经开区", `value="511703"`, "内部编码"}}.run(t, rt)
	form := url.Values{"name": {"东部经开区"}, "reporting_code": {"123"}, "note": {"待确认"}, "sort_order": {"9"}}
	scenario{name: "invalid", p: cityAdmin, method: "POST", path: path, form: form, status: 400,
		contains: []string{"上报区划代码应为以5117开头的6位数字", `value="123"`, ">待确认</textarea>"}}.run(t, rt)
	form.Set("reporting_code", "511722")
	scenario{name: "success", p: cityAdmin, method: "POST", path: path, form: form, status: 303,
		location: "/admin/regions"}.run(t, rt)
	scenario{name: "county admin", p: tongchuanAdmin, method: "POST", path: path, form: form, status: 403}.run(t, rt)
	if got, _ := f.svc.RegionByCode(context.Background(), "511772"); got.ReportingCode != "511722" || got.Note != "待确认" {
		t.Fatalf("region after save: %+v", got)
	}
}
