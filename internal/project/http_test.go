package project

import (
	"context"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// newRouter builds the real router and renderer with the project routes,
// as the app does, minus CSRF and session middleware.
func newRouter(t *testing.T, f *fixture, cases CaseSource) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"project": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(f.svc, cases, rd).Routes(rt)
	})
}

// scenario is one request and what its response must show.
type scenario struct {
	name     string
	p        *access.Principal // nil: anonymous
	method   string
	path     string
	form     url.Values
	json     string
	status   int
	contains []string
	excludes []string
	location string // a prefix of the Location header
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

func runAll(t *testing.T, rt http.Handler, scs []scenario) {
	t.Helper()
	for _, sc := range scs {
		t.Run(sc.name, func(t *testing.T) { sc.run(t, rt) })
	}
}

func pid(p Project) string { return strconv.FormatInt(p.ID, 10) }

func TestHTTP_List(t *testing.T) {
	f := newScopeFixture(t)
	rt := newRouter(t, f.fixture, nil)
	runAll(t, rt, []scenario{
		{name: "scoped to the clerk's county", p: tcClerk, method: "GET", path: "/projects", status: 200,
			contains: []string{"<h1>项目库</h1>", "共 1 个项目", f.tcA.Name, "3,800.50", `aria-label="当前位置"`,
				`href="/projects/new"`, `aria-sort="descending"`, "4 小型社会投资项目"},
			excludes: []string{f.qxB.Name, f.cityB.Name}},
		{name: "an enterprise sees 我的项目", p: applicant(f.entB, "511725"), method: "GET", path: "/projects", status: 200,
			contains: []string{"<h1>我的项目</h1>", "共 2 个项目", f.qxB.Name, f.cityB.Name}, excludes: []string{f.tcA.Name}},
		{name: "filters in the URL", p: supervisor, method: "GET", path: "/projects?region=511725&flow_type=3&q=%E6%BB%A8%E6%B2%B3", status: 200,
			contains: []string{"共 1 个项目", f.qxB.Name, `value="滨河"`, `<option value="511725" selected>`},
			excludes: []string{f.tcA.Name}},
		{name: "sorted by a column, with a link to reverse it", p: supervisor, method: "GET", path: "/projects?sort=investment", status: 200,
			contains: []string{`aria-sort="ascending"`, `href="/projects?sort=-investment"`, "（升序）"}},
		{name: "paging links", p: supervisor, method: "GET", path: "/projects?page=2&sort=code", status: 200,
			contains: []string{"共 3 个项目", `rel="prev"`, `href="/projects?sort=code"`, "没有符合条件的项目"}, excludes: []string{"当前显示"}},
		{name: "bad sort", p: supervisor, method: "GET", path: "/projects?sort=owner", status: 400, contains: []string{"筛选条件有误"}},
		{name: "bad flow type", p: supervisor, method: "GET", path: "/projects?flow_type=x", status: 400},
		{name: "another county's filter", p: tcClerk, method: "GET", path: "/projects?region=511725", status: 403},
		{name: "anonymous is sent to login", method: "GET", path: "/projects", status: 303, location: "/login?next="},
		{name: "ops see projects read-only", p: staff(access.OpsEngineer, "511700"), method: "GET", path: "/projects", status: 200,
			excludes: []string{`href="/projects/new"`}},
		{name: "ops cannot register", p: staff(access.OpsEngineer, "511700"), method: "GET", path: "/projects/new", status: 403},
		{name: "reviewers get no register link", p: tcReviewer, method: "GET", path: "/projects", status: 200,
			excludes: []string{`href="/projects/new"`}},
	})
}

func TestHTTP_Register(t *testing.T) {
	f := newFixture(t)
	rt := newRouter(t, f, nil)
	good := func() url.Values {
		return url.Values{"code": {"2026-511702-59-03-000007"}, "name": {"川东冷链仓库"}, "region_code": {"511702"},
			"flow_type": {"4"}, "owner_name": {f.entA.Name}, "owner_credit_code": {f.entA.CreditCode},
			"investment": {"1,250.5"}, "address": {"通川区复兴镇"}, "site_geojson": {square},
			"work_code": {"2026-511702-59-03-000007"}, "work_name": {"冷库"}, "work_building_area_m2": {"3200"}}
	}
	bad := good()
	bad.Set("code", "2026-511725-59-03-000007")
	bad.Set("owner_credit_code", "91511702MA6DH20268")
	bad.Set("work_code", "x")
	badMoney := good()
	badMoney.Set("investment", "一千万")
	badMoney.Set("name", "")
	other := good()
	other.Set("owner_credit_code", f.entB.CreditCode)
	runAll(t, rt, []scenario{
		{name: "form for a clerk", p: tcClerk, method: "GET", path: "/projects/new", status: 200,
			contains: []string{"<h1>登记项目</h1>", `name="code"`, `<option value="511702" selected>通川区（511702）</option>`,
				"带方案出让用地的社会投资项目", `name="site_geojson"`, `name="work_code"`, "万元"},
			excludes: []string{"渠县", "readonly"}},
		{name: "form for an enterprise: owner locked, any region", p: applicant(f.entA, "511702"), method: "GET", path: "/projects/new", status: 200,
			contains: []string{`value="` + f.entA.CreditCode + `" readonly`, f.entA.Name, "渠县", `<option value="511702" selected>`}},
		{name: "form needs ProjectRegister", p: tcReviewer, method: "GET", path: "/projects/new", status: 403},
		{name: "bad input keeps values", p: tcClerk, method: "POST", path: "/projects", form: bad, status: 400,
			contains: []string{"请修改以下问题后再提交", `href="#f-code"`, "与所选区县“通川区”不一致", "校验位不正确",
				`href="#f-work_code"`, `value="2026-511725-59-03-000007"`, `value="川东冷链仓库"`, `value="1,250.5"`,
				`aria-invalid="true"`, "107.501"}},
		{name: "an unparsable investment with other problems", p: tcClerk, method: "POST", path: "/projects", form: badMoney, status: 400,
			contains: []string{"总投资应为数字", "请填写项目名称", `value="一千万"`}},
		{name: "an enterprise for another credit code", p: applicant(f.entA, "511702"), method: "POST", path: "/projects", form: other, status: 403},
		{name: "success", p: tcClerk, method: "POST", path: "/projects", form: good(), status: 303, location: "/projects/"},
		{name: "the code is now taken", p: tcClerk, method: "POST", path: "/projects", form: good(), status: 409,
			contains: []string{"已登记", `href="#f-code"`}},
	})
	pr, err := f.svc.ByCode(as(tcClerk), "2026-511702-59-03-000007")
	if err != nil || pr.Investment != 1_250_50 || len(pr.Works) != 1 || pr.Site == nil {
		t.Fatalf("registered %+v, %v", pr, err)
	}
}

// fakeCases is a CaseSource with a concluded stage-1 case, a running
// stage-2 case, an auxiliary-line case not yet accepted.
type fakeCases struct{}

func (fakeCases) ProjectCases(context.Context, int64) ([]CaseSummary, error) {
	day := func(d int) time.Time { return time.Date(2026, 3, d, 2, 0, 0, 0, time.UTC) }
	return []CaseSummary{
		{ID: 5, Number: "TC2026030200001", ItemName: "建设用地规划许可证核发", StatusLabel: "已办结", DeadlineLabel: "已办结",
			Stage: 1, URL: "/cases/5", AcceptedAt: day(2), ConcludedAt: day(5), UsedDays: 3, LimitDays: 5},
		{ID: 7, Number: "TC2026030900001", ItemName: "建设工程规划许可证核发", StatusLabel: "已受理",
			DeadlineLabel: "剩余5个工作日", Stage: 2, URL: "/cases/7", AcceptedAt: day(9), UsedDays: 2, LimitDays: 7},
		{ID: 8, Number: "TC2026031000002", ItemName: "供水接入", StatusLabel: "待受理", DeadlineLabel: "未受理", URL: "/cases/8"},
	}, nil
}

func TestHTTP_LifeCycle(t *testing.T) {
	f := newScopeFixture(t)
	if _, err := f.svc.Update(as(tcClerk), f.tcA.ID, Update{SiteGeoJSON: ptr(square)}); err != nil {
		t.Fatal(err)
	}
	rt := newRouter(t, f.fixture, nil)
	page := "/projects/" + pid(f.tcA)
	runAll(t, rt, []scenario{
		{name: "facts, stages, works and no cases", p: tcClerk, method: "GET", path: page, status: 200,
			contains: []string{"<h1>" + f.tcA.Name + "</h1>", "3,800.50 万元", "第1阶段 立项用地规划许可", "第4阶段 竣工验收",
				"未开始", "未进入审批", "尚无办件", "10,566.62 平方米", "尚未登记单项工程", "修改项目信息",
				`value="` + f.tcA.Code + `"`, "添加单项工程"}},
		{name: "a reviewer views without edit actions", p: tcReviewer, method: "GET", path: page, status: 200,
			excludes: []string{"修改项目信息", "添加单项工程"}},
		{name: "another enterprise's project is not found", p: applicant(f.entB, "511725"), method: "GET", path: page, status: 404},
		{name: "another county's project is forbidden", p: qxClerk, method: "GET", path: page, status: 403},
		{name: "a bad work keeps the values", p: tcClerk, method: "POST", path: page + "/works",
			form: url.Values{"work_code": {"abc"}, "work_name": {"2#仓库"}, "work_building_area_m2": {"很多"}}, status: 400,
			contains: []string{`href="#f-work_code"`, "3位序号", "建筑面积应为数字", `value="abc"`, `value="2#仓库"`, `value="很多"`}},
		{name: "a work is added", p: tcClerk, method: "POST", path: page + "/works",
			form: url.Values{"work_code": {f.tcA.Code}, "work_name": {"1#仓库"}, "work_building_area_m2": {"8,600"}}, status: 303, location: page},
		{name: "works need ProjectRegister", p: tcReviewer, method: "POST", path: page + "/works",
			form: url.Values{"work_code": {f.tcA.Code + "-001"}, "work_name": {"x"}}, status: 403},
	})
	if err := advanceTo(f.fixture, f.tcA.ID, 2); err != nil {
		t.Fatal(err)
	}
	runAll(t, newRouter(t, f.fixture, fakeCases{}), []scenario{
		{name: "the current stage and the cases", p: tcClerk, method: "GET", path: page, status: 200,
			contains: []string{`aria-current="step"`, "（当前阶段）", "已完成", "办理中", "未开始", "TC2026030900001", "剩余5个工作日",
				"工程建设许可", "8,600.00", "（项目整体）", f.tcA.Code + "-001",
				"受理：2026年3月2日；办结：2026年3月5日", "用时 3 个工作日（时限 5 个工作日）",
				"受理：2026年3月9日；办结：未办结", "已用 2 个工作日（时限 7 个工作日）",
				`<h3 id="aux">辅线办件`, "尚未受理，未开始计时", `<a href="/cases/8">供水接入</a>`},
			excludes: []string{"尚无办件", "尚未登记单项工程"}},
	})
}

func TestHTTP_Edit(t *testing.T) {
	f := newScopeFixture(t)
	rt := newRouter(t, f.fixture, nil)
	page := "/projects/" + pid(f.tcA)
	runAll(t, rt, []scenario{
		{name: "edit form", p: tcClerk, method: "GET", path: page + "/edit", status: 200,
			contains: []string{"<h1>修改项目信息</h1>", `value="3800.50"`, `value="` + f.tcA.Name + `"`, f.tcA.Code, "登记后不能修改"},
			excludes: []string{`name="code"`, `name="region_code"`}},
		{name: "edit needs ProjectRegister", p: tcReviewer, method: "GET", path: page + "/edit", status: 403},
		{name: "edit of another enterprise's project", p: applicant(f.entB, "511725"), method: "GET", path: page + "/edit", status: 404},
		{name: "bad update keeps values", p: tcClerk, method: "POST", path: page,
			form: url.Values{"name": {""}, "investment": {"12.345"}, "address": {"新地址"}, "site_geojson": {"{bad"}}, status: 400,
			contains: []string{"请填写项目名称", "最多保留两位小数", "不是有效的 GeoJSON", `value="12.345"`, `value="新地址"`, "{bad"}},
		{name: "update", p: tcClerk, method: "POST", path: page,
			form: url.Values{"name": {"新名字"}, "investment": {"4000"}, "address": {"新地址"}, "site_geojson": {""}}, status: 303, location: page},
	})
	pr, _ := f.svc.Get(as(tcClerk), f.tcA.ID)
	if pr.Name != "新名字" || pr.Investment != 4_000_00 || pr.Address != "新地址" {
		t.Fatalf("after update %+v", pr)
	}
}
