package report

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func newRouter(t *testing.T, e *env) *web.Router {
	t.Helper()
	return testkit.NewRouter(t, map[string]fs.FS{"report": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.svc, rd).Routes(rt)
	})
}

// do sends a request in ctx (nil: anonymous).
func do(t *testing.T, rt http.Handler, ctx context.Context, method, path string, body any) *httptest.ResponseRecorder {
	t.Helper()
	return testkit.Do(t, rt, ctx, method, path, body)
}

// runID extracts the run id from a redirect to /reports/runs/{id}.
func runID(t *testing.T, rec *httptest.ResponseRecorder) string {
	t.Helper()
	loc := rec.Header().Get("Location")
	if !strings.HasPrefix(loc, "/reports/runs/") {
		t.Fatalf("redirect %d %q\n%s", rec.Code, loc, rec.Body.String())
	}
	return strings.TrimPrefix(loc, "/reports/runs/")
}

// TestHTTP_Pages walks the city supervisor through the standard report,
// the builder, saving (with a refused form first) and an export with its
// progress page and download.
func TestHTTP_Pages(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	rt := newRouter(t, e)
	city := e.as(t, "jianguan")

	testkit.Expect(t, do(t, rt, city, "GET", "/reports", nil), 200, "标准统计报表", "新建并保存动态报表")
	testkit.Expect(t, do(t, rt, city, "GET", "/reports/standard?period=2026-03", nil), 200,
		"达州市工程建设项目审批统计月报（2026年3月）", "填报单位", "制表人", "渠县", "按时办结率排名")
	testkit.Expect(t, do(t, rt, city, "GET", "/reports/standard?period=2026-3月", nil), 400, "统计期请填写月份", "2026-3月")
	x := do(t, rt, city, "GET", "/reports/standard.xlsx?period=2026-03", nil)
	testkit.Expect(t, x, 200)
	if !strings.Contains(x.Header().Get("Content-Disposition"), "filename*=UTF-8''") {
		t.Errorf("disposition %q", x.Header().Get("Content-Disposition"))
	}
	testkit.Expect(t, do(t, rt, city, "GET", "/reports/standard.pdf?period=2026-Q1", nil), 200, "%PDF")
	testkit.Expect(t, do(t, rt, city, "GET", "/reports/standard.xlsx?period=2026-03&by=region", nil), 400, "error-summary")
	testkit.Check(t, "file without a period", do(t, rt, city, "GET", "/reports/standard.xlsx", nil),
		testkit.Want{Status: 303, Location: "/reports/standard"})

	q := "run=1&row1=region&measures=accepted&period=month&from=2026-03-01&to=2026-03-31&derived=yoy&derived_on=accepted"
	testkit.Expect(t, do(t, rt, city, "GET", "/reports/dynamic?"+q, nil), 200, "受理件数同比", "-20.0%", "导出 Excel")
	testkit.Expect(t, do(t, rt, city, "GET", "/reports/dynamic?run=1&row1=bogus&measures=accepted", nil), 400,
		"维度只能从列表中选择", "请填写开始日期")

	form := url.Values{"name": {""}, "row1": {"region"}, "measures": {"accepted"}, "period": {"month"},
		"from": {"2026-03-01"}, "to": {"2026-03-31"}, "share": {"city"}, "schedule": {"monthly"}}
	testkit.Expect(t, do(t, rt, city, "POST", "/reports", form), 400, "请填写报表名称", `href="#f-name"`)
	form.Set("name", "全市月度受理")
	rec := do(t, rt, city, "POST", "/reports", form)
	testkit.Check(t, "save", rec, testkit.Want{Status: http.StatusSeeOther, Location: "/reports/saved/"})
	saved := rec.Header().Get("Location")
	testkit.Expect(t, do(t, rt, city, "GET", saved, nil), 200, "全市月度受理", "每月第一个工作日", "尚未生成过文件")
	testkit.Expect(t, do(t, rt, city, "GET", saved+"/edit", nil), 200, "修改动态报表", "全市月度受理")

	id := runID(t, do(t, rt, city, "POST", saved+"/export", url.Values{}))
	testkit.Expect(t, do(t, rt, city, "GET", "/reports/runs/"+id, nil), 200, `http-equiv="refresh"`, "排队中")
	if n, err := e.svc.ProcessQueued(context.Background()); n != 1 || err != nil {
		t.Fatalf("process: %d %v", n, err)
	}
	page := do(t, rt, city, "GET", "/reports/runs/"+id, nil)
	testkit.Check(t, "done", page, testkit.Want{Status: 200, Contains: []string{"已完成", "下载"},
		Excludes: []string{`http-equiv="refresh"`}})
	f := do(t, rt, city, "GET", "/reports/runs/"+id+"/file", nil)
	testkit.Expect(t, f, 200)
	if f.Header().Get("Content-Type") != contentTypes["xlsx"] {
		t.Errorf("file type %q", f.Header().Get("Content-Type"))
	}
	testkit.AuditChainOK(t, e.db)
}

// TestHTTP_CountyScope: 通川区's head cannot read a report of 渠县 by
// page, API or archived file, sees only 通川区 in a city-wide shared
// report, and cannot filter another county.
func TestHTTP_CountyScope(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	rt := newRouter(t, e)
	qx, tc, city := e.countySupervisor(t, "chuangkou.qx", "511725"), e.as(t, "fuzeren"), e.as(t, "jianguan")
	spec := `{"rows":["region"],"measures":["accepted"],"period":"month","from":"2026-03-01","to":"2026-03-31"}`

	rec := do(t, rt, qx, "POST", "/api/v1/reports/saved", `{"name":"渠县报表","share":"region","share_region":"511725",
		"schedule":"none","spec":`+spec+`}`)
	testkit.Expect(t, rec, 201)
	var def Definition
	json.Unmarshal(rec.Body.Bytes(), &def)
	rec = do(t, rt, qx, "POST", fmt.Sprintf("/api/v1/reports/saved/%d/runs", def.ID), nil)
	testkit.Expect(t, rec, 202)
	var run Run
	json.Unmarshal(rec.Body.Bytes(), &run)
	e.svc.ProcessQueued(context.Background())

	for _, path := range []string{fmt.Sprintf("/reports/saved/%d", def.ID), fmt.Sprintf("/api/v1/reports/saved/%d", def.ID),
		fmt.Sprintf("/reports/runs/%d", run.ID), fmt.Sprintf("/reports/runs/%d/file", run.ID),
		fmt.Sprintf("/api/v1/reports/runs/%d", run.ID), fmt.Sprintf("/api/v1/reports/runs/%d/file", run.ID)} {
		testkit.Check(t, "通川区 "+path, do(t, rt, tc, "GET", path, nil), testkit.Want{Status: 404, Excludes: []string{"渠县报表"}})
		testkit.Expect(t, do(t, rt, city, "GET", path, nil), 200)
	}
	testkit.Expect(t, do(t, rt, qx, "GET", fmt.Sprintf("/reports/runs/%d/file", run.ID), nil), 200)
	testkit.Expect(t, do(t, rt, tc, "POST", "/api/v1/reports/pivot",
		`{"rows":["region"],"measures":["accepted"],"from":"2026-03-01","to":"2026-03-31","filters":{"regions":["511725"]}}`), 403)
	testkit.Expect(t, do(t, rt, tc, "GET", "/reports/dynamic?run=1&row1=region&measures=accepted&from=2026-03-01&to=2026-03-31&regions=511725", nil), 403)

	// a city-wide shared report: 通川区 sees it, restricted to 通川区
	rec = do(t, rt, city, "POST", "/api/v1/reports/saved", `{"name":"全市报表","share":"city","schedule":"none","spec":`+spec+`}`)
	testkit.Expect(t, rec, 201)
	json.Unmarshal(rec.Body.Bytes(), &def)
	testkit.Check(t, "shared", do(t, rt, tc, "GET", fmt.Sprintf("/reports/saved/%d", def.ID), nil),
		testkit.Want{Status: 200, Contains: []string{"全市报表", "通川区"}, Excludes: []string{"渠县"}})
	testkit.Expect(t, do(t, rt, tc, "POST", fmt.Sprintf("/reports/saved/%d", def.ID), url.Values{"name": {"x"}}), 403)
	rec = do(t, rt, city, "POST", fmt.Sprintf("/api/v1/reports/saved/%d/runs", def.ID), nil)
	json.Unmarshal(rec.Body.Bytes(), &run)
	e.svc.ProcessQueued(context.Background())
	testkit.Expect(t, do(t, rt, tc, "GET", fmt.Sprintf("/reports/runs/%d/file", run.ID), nil), 404)
	testkit.Check(t, "anonymous", do(t, rt, nil, "GET", "/reports", nil), testkit.Want{Status: 303, Location: "/login"})
	testkit.Expect(t, do(t, rt, e.as(t, "shenpi"), "GET", "/reports", nil), 403)
}

func TestHTTP_OpenAPI(t *testing.T) {
	e := newEnv(t)
	paths := newRouter(t, e).OpenAPI("gongai", "test")["paths"].(map[string]any)
	for _, p := range []string{"/api/v1/reports/standard", "/api/v1/reports/pivot", "/api/v1/reports/saved",
		"/api/v1/reports/saved/{id}", "/api/v1/reports/saved/{id}/runs", "/api/v1/reports/runs/{id}",
		"/api/v1/reports/runs/{id}/file"} {
		if paths[p] == nil {
			t.Errorf("OpenAPI lacks %s", p)
		}
	}
}

// TestHTTP_ExportLinks follows the export links the standard report page
// renders: they must carry its period (html/template once escaped the
// query's "=", so both links fell back to the empty form).
func TestHTTP_ExportLinks(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	rt := newRouter(t, e)
	city := e.as(t, "jianguan")
	page := do(t, rt, city, "GET", "/reports/standard?period=2026-03", nil)
	links := regexp.MustCompile(`href="(/reports/standard\.(?:xlsx|pdf)\?[^"]*)"`).FindAllStringSubmatch(page.Body.String(), -1)
	if len(links) != 2 {
		t.Fatalf("export links %v, want the Excel and the PDF one", links)
	}
	for _, l := range links {
		u := html.UnescapeString(l[1])
		x := do(t, rt, city, "GET", u, nil)
		testkit.Expect(t, x, 200)
		if !strings.Contains(x.Header().Get("Content-Disposition"), "2026") {
			t.Errorf("%s: disposition %q does not name the period", u, x.Header().Get("Content-Disposition"))
		}
	}
}
