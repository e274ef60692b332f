package sitestats

import (
	"bytes"
	"context"
	"encoding/json"
	"io/fs"
	"net/http"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/dazhou-gongai/gongai/internal/platform/web"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

func (e *env) router(t testing.TB) *web.Router {
	return testkit.NewRouter(t, map[string]fs.FS{"sitestats": Templates()}, func(rt *web.Router, rd *web.Renderer) {
		NewHTTP(e.svc, rd).Routes(rt)
	})
}

// traffic records a small day: searches with and without results, guide
// views and a conversion.
func (e *env) traffic(t testing.TB) {
	e.do(t, anon, "GET", "/guide/items?q=排污许可&n=0")
	e.do(t, anon, "GET", "/guide/items?q=施工许可&n=3")
	e.do(t, qiye, "GET", "/guide/items/A-1")
	e.do(t, qiye, "POST", "/projects/1/apply?report=1&items=A-1")
	e.do(t, qiye, "GET", "/cases")
	e.flush(t)
}

func TestHTTP_Page(t *testing.T) {
	e := newEnv(t, Deps{})
	e.traffic(t)
	rt := e.router(t)
	testkit.Check(t, "city", testkit.Do(t, rt, as(jianguan), "GET", "/sitestats?from=2026-03-01&to=2026-03-09", nil),
		testkit.Want{Status: http.StatusOK, Contains: []string{"政府网站服务统计", "<svg", "2026-03-09 浏览 4 次，访客 2 人",
			"无结果的搜索", "排污许可", "建设工程规划许可证核发", "100.0%", "通川区", "未识别区县",
			"/sitestats/export.xlsx?from=2026-03-01&amp;to=2026-03-09"}})
	testkit.Check(t, "county", testkit.Do(t, rt, as(countySV), "GET", "/sitestats", nil),
		testkit.Want{Status: http.StatusOK, Contains: []string{"仅在市级用户查看全部区县时显示"},
			Excludes: []string{"排污许可", "全部区县</option>", "通川区"}})
	testkit.Check(t, "bad dates", testkit.Do(t, rt, as(jianguan), "GET", "/sitestats?from=2026-13-01&to=2026-03-09", nil),
		testkit.Want{Status: http.StatusBadRequest, Contains: []string{"请修改以下问题", "开始日期应为", `value="2026-13-01"`}})
	testkit.Check(t, "other county", testkit.Do(t, rt, as(countySV), "GET", "/sitestats?region=511702", nil),
		testkit.Want{Status: http.StatusForbidden})
	testkit.Check(t, "enterprise", testkit.Do(t, rt, as(qiye), "GET", "/sitestats", nil),
		testkit.Want{Status: http.StatusForbidden})
	testkit.Check(t, "anonymous", testkit.Do(t, rt, nil, "GET", "/sitestats", nil),
		testkit.Want{Status: http.StatusSeeOther, Location: "/login"})
}

func TestHTTP_Export(t *testing.T) {
	e := newEnv(t, Deps{})
	e.traffic(t)
	rec := testkit.Do(t, e.router(t), as(jianguan), "GET", "/sitestats/export.xlsx?from=2026-03-08&to=2026-03-09", nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"每日访问", "按模块", "按区县", "热门搜索", "无结果搜索", "办事指南转化", "查询条件"}
	if got := f.GetSheetList(); len(got) != len(want) {
		t.Fatalf("sheets = %v, want %v", got, want)
	}
	rows, err := f.GetRows("每日访问")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[2][0] != "2026-03-09" || rows[2][1] != "4" || rows[3][0] != "合计" || rows[3][1] != "4" {
		t.Errorf("每日访问 = %v", rows)
	}
	if rows, _ := f.GetRows("无结果搜索"); len(rows) != 2 || rows[1][1] != "排污许可" {
		t.Errorf("无结果搜索 = %v", rows)
	}
	conds, _ := f.GetRows("查询条件")
	found := false
	for _, r := range conds {
		if len(r) == 2 && r[0] == "统计期间" && r[1] == "2026-03-08 至 2026-03-09（北京时间，按日）" {
			found = true
		}
	}
	if !found {
		t.Errorf("查询条件 = %v, want the period", conds)
	}
	testkit.Check(t, "bad export", testkit.Do(t, e.router(t), as(jianguan), "GET", "/sitestats/export.xlsx?to=x", nil),
		testkit.Want{Status: http.StatusBadRequest})
}

func TestHTTP_API(t *testing.T) {
	e := newEnv(t, Deps{})
	e.traffic(t)
	rt := e.router(t)
	rec := testkit.Do(t, rt, as(jianguan), "GET", "/api/v1/sitestats?from=2026-03-09&to=2026-03-09", nil)
	var rep Report
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &rep) != nil {
		t.Fatalf("status %d: %s", rec.Code, rec.Body.String())
	}
	if rep.Views != 4 || rep.Visitors != 2 || !rep.SiteWide || len(rep.Items) != 1 || rep.Items[0].Conversions != 1 {
		t.Errorf("report = %+v", rep)
	}
	testkit.Check(t, "bad region", testkit.Do(t, rt, as(jianguan), "GET", "/api/v1/sitestats?region=abc", nil),
		testkit.Want{Status: http.StatusBadRequest, Contains: []string{`"region"`, "区县编码无效"}})
	testkit.Check(t, "county", testkit.Do(t, rt, as(countySV), "GET", "/api/v1/sitestats?region=511702", nil),
		testkit.Want{Status: http.StatusForbidden})
	testkit.Check(t, "anonymous", testkit.Do(t, rt, context.Background(), "GET", "/api/v1/sitestats", nil),
		testkit.Want{Status: http.StatusUnauthorized})
}
