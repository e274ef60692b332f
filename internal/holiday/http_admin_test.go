package holiday

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/audit"
)

func TestAdminPages_Access(t *testing.T) {
	f := newFixture(t)
	for _, sc := range []scenario{
		{name: "clerk may not see the index", p: clerk, method: "GET", path: "/admin/calendar", status: 403},
		{name: "clerk may not see a year", p: clerk, method: "GET", path: "/admin/calendar/2026", status: 403},
		{name: "clerk may not set a day", p: clerk, method: "POST", path: "/admin/calendar/2026/days",
			form: url.Values{"date": {"2026-03-10"}, "kind": {"holiday"}, "festival": {"测试"}}, status: 403},
		{name: "clerk may not delete", p: clerk, method: "POST", path: "/admin/calendar/2026/days/2026-02-14/delete", status: 403},
		{name: "clerk may not import", p: clerk, method: "POST", path: "/admin/calendar/import",
			form: url.Values{"year": {"2028"}, "content": {"date,kind,festival\n2028-01-03,holiday,元旦\n"}}, status: 403},
		{name: "anonymous goes to login", method: "GET", path: "/admin/calendar", status: 303,
			location: "/login?next=%2Fadmin%2Fcalendar"},
	} {
		sc.run(t, f.rt)
	}
	if days, _ := f.cal.Days(context.Background(), 2026); len(days) != 39 {
		t.Fatalf("refused requests changed 2026: %d", len(days))
	}
}

func TestAdminPages_View(t *testing.T) {
	f := newFixture(t)
	for _, sc := range []scenario{
		{name: "index", p: admin, method: "GET", path: "/admin/calendar", status: 200,
			contains: []string{"节假日与调休", `href="/admin/calendar/2026"`, "国办发明电〔2024〕12号", "33 天",
				`enctype="multipart/form-data"`, `name="csrf_token"`, `<option value="2027" selected>2027年</option>`},
			excludes: []string{"尚未导入"}},
		{name: "year selector", p: admin, method: "GET", path: "/admin/calendar?year=2025", status: 303, location: "/admin/calendar/2025"},
		{name: "year selector, bad year", p: admin, method: "GET", path: "/admin/calendar?year=abc", status: 400,
			contains: []string{"请选择要查看的年度。"}},
		{name: "year page", p: admin, method: "GET", path: "/admin/calendar/2026", status: 200,
			contains: []string{"2026年节假日与调休", "2026年2月14日", "星期六", "班 · 调休上班", "休 · 放假",
				"国务院办公厅关于2026年部分节假日安排的通知", "248 个工作日", "/admin/calendar/2026/days/2026-02-14/delete",
				`<strong title="调休上班（春节）">14班</strong>`, "共 39 天"}},
		{name: "change link prefills", p: admin, method: "GET", path: "/admin/calendar/2026?date=2026-02-14", status: 200,
			contains: []string{`value="2026-02-14"`, `<option value="workday" selected>调休上班</option>`, `value="春节"`}},
		{name: "uncovered year", p: admin, method: "GET", path: "/admin/calendar/2028", status: 200,
			contains: []string{"尚未导入2028年的节假日安排", "全年 260 个工作日"}, excludes: []string{"保存这一天"}},
		{name: "year out of range", p: admin, method: "GET", path: "/admin/calendar/1999", status: 404},
	} {
		sc.run(t, f.rt)
	}
}

func TestAdminPages_MissingNextYearBanner(t *testing.T) {
	f := newFixture(t)
	f.clock = time.Date(2027, 11, 2, 2, 0, 0, 0, time.UTC)
	scenario{name: "banner", p: admin, method: "GET", path: "/admin/calendar", status: 200,
		contains: []string{"尚未导入2028年的节假日安排", `href="#import"`, `name="year" value="2028"`}}.run(t, f.rt)
	f.clock = time.Date(2027, 10, 20, 2, 0, 0, 0, time.UTC)
	scenario{name: "no banner in October", p: admin, method: "GET", path: "/admin/calendar", status: 200,
		excludes: []string{"尚未导入2028年"}}.run(t, f.rt)
}

func TestAdminPages_SetAndDeleteDay(t *testing.T) {
	f := newFixture(t)
	bad := url.Values{"date": {"2026-02-30"}, "kind": {"workday"}, "festival": {""}, "source": {"我的来源"}}
	scenario{name: "errors keep the typed values", p: admin, method: "POST", path: "/admin/calendar/2026/days", form: bad,
		status: 400, contains: []string{"请修改以下问题后再提交", `href="#f-date"`, "日期 2026-02-30 不存在。",
			"请填写所属节日", `value="2026-02-30"`, `value="我的来源"`, `<option value="workday" selected>`, `aria-invalid="true"`}}.run(t, f.rt)
	monday := url.Values{"date": {"2026-03-09"}, "kind": {"workday"}, "festival": {"春节"}}
	scenario{name: "make-up day on a Monday", p: admin, method: "POST", path: "/admin/calendar/2026/days", form: monday,
		status: 400, contains: []string{"2026-03-09 是星期一，本来就是工作日"}}.run(t, f.rt)
	good := url.Values{"date": {"2026-03-10"}, "kind": {"holiday"}, "festival": {"测试假日"}}
	rec := scenario{name: "saved", p: admin, method: "POST", path: "/admin/calendar/2026/days", form: good,
		status: 303, location: "/admin/calendar/2026"}.run(t, f.rt)
	if c := rec.Result().Cookies(); len(c) == 0 {
		t.Fatal("no flash")
	}
	if ok, _ := f.cal.IsWorkday(context.Background(), mustDate(t, "2026-03-10")); ok {
		t.Fatal("2026-03-10 still a workday")
	}
	scenario{name: "deleted", p: admin, method: "POST", path: "/admin/calendar/2026/days/2026-03-10/delete",
		status: 303, location: "/admin/calendar/2026"}.run(t, f.rt)
	scenario{name: "delete again", p: admin, method: "POST", path: "/admin/calendar/2026/days/2026-03-10/delete",
		status: 404, contains: []string{"2026-03-10 没有登记节假日或调休"}}.run(t, f.rt)
	scenario{name: "delete a bad date", p: admin, method: "POST", path: "/admin/calendar/2026/days/2026-02-30/delete",
		status: 404}.run(t, f.rt)
	assertChainOK(t, f)
}

func TestAdminPages_Import(t *testing.T) {
	f := newFixture(t)
	csv := "date,kind,festival,source\n2028-01-01,holiday,元旦,\n2028-01-03,holiday,元旦,\n2028-01-22,workday,春节,\n"
	rec := scenario{name: "file upload", p: admin, method: "POST", path: "/admin/calendar/import",
		form: url.Values{"year": {"2028"}, "source": {"国办发明电〔2027〕9号"}}, files: map[string]string{"2028.csv": csv},
		status: 303, location: "/admin/calendar/2028"}.run(t, f.rt)
	if len(rec.Result().Cookies()) == 0 {
		t.Fatal("no flash after import")
	}
	info, _ := f.cal.Year(context.Background(), 2028)
	if !info.Covered || info.Holidays != 2 || info.Workdays != 1 || info.Source != "国办发明电〔2027〕9号" {
		t.Fatalf("2028 after import: %+v", info)
	}
	scenario{name: "JSON pasted", p: admin, method: "POST", path: "/admin/calendar/import",
		form:   url.Values{"year": {"2029"}, "content": {`[{"date":"2029-01-01","kind":"holiday","festival":"元旦","source":"测试通知"}]`}},
		status: 303, location: "/admin/calendar/2029"}.run(t, f.rt)
}

func TestAdminPages_ImportBadFile(t *testing.T) {
	f := newFixture(t)
	bad := "date,kind,festival,source\n2028-01-01,holiday,元旦,\n2028-01-03,workday,元旦,\n2027-12-31,holiday,元旦,\n"
	scenario{name: "bad file", p: admin, method: "POST", path: "/admin/calendar/import",
		form: url.Values{"year": {"2028"}, "source": {"我的来源"}}, files: map[string]string{"2028.csv": bad}, status: 400,
		contains: []string{"没有导入任何数据，请改正以下问题后重新导入", "第3行：2028-01-03 是星期一",
			"第4行：日期 2027-12-31 不属于 2028 年", `value="我的来源"`, "上次选择的文件“2028.csv”没有导入"}}.run(t, f.rt)
	for _, sc := range []scenario{
		{name: "nothing to import", form: url.Values{"year": {"2028"}, "source": {"x"}},
			contains: []string{`href="#f-file"`, "请选择要导入的 CSV 或 JSON 文件"}},
		{name: "file and text", form: url.Values{"year": {"2028"}, "source": {"x"}, "content": {"date,kind\n"}},
			files: map[string]string{"a.csv": "date,kind\n"}, contains: []string{"请只用其中一种方式"}},
		{name: "bad year and source, text kept", form: url.Values{"year": {"二〇二八"}, "content": {"date,kind,festival\n2028-01-03,holiday,元旦\n"}},
			contains: []string{"年度应为 2000 到 2199 之间的四位数字。", `value="二〇二八"`, "请填写来源", "2028-01-03,holiday,元旦"}},
	} {
		sc.name, sc.p, sc.method, sc.path, sc.status = "import: "+sc.name, admin, "POST", "/admin/calendar/import", 400
		sc.run(t, f.rt)
	}
	if info, _ := f.cal.Year(context.Background(), 2028); info.Covered || info.Holidays > 0 {
		t.Fatalf("a rejected import wrote 2028: %+v", info)
	}
}

func assertChainOK(t *testing.T, f *fixture) {
	t.Helper()
	rep, err := audit.Verify(context.Background(), f.db)
	if err != nil || !rep.OK {
		t.Fatalf("audit.Verify = %+v, %v", rep, err)
	}
}
