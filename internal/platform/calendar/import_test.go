package calendar

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// arrangement2028 is a made-up 2028 arrangement for the tests.
const arrangement2028 = `date,kind,festival,source
2028-01-01,holiday,元旦,
# comments and blank lines are skipped

2028-01-03,holiday,元旦,
2028-01-22,workday,春节,
2028-01-25,holiday,春节,
2028-01-26,holiday,春节,
`

func TestImportData_CSV(t *testing.T) {
	f := newFixture(t)
	info, err := f.cal.ImportData(as(admin), 2028, []byte("\uFEFF"+arrangement2028), "国办发明电〔2027〕9号")
	if err != nil {
		t.Fatal(err)
	}
	if !info.Covered || info.Holidays != 4 || info.Workdays != 1 || info.Source != "国办发明电〔2027〕9号" {
		t.Fatalf("YearInfo %+v", info)
	}
	days, _ := f.cal.Days(context.Background(), 2028)
	if len(days) != 5 || days[2].Date.String() != "2028-01-22" || days[2].Kind != Workday || days[2].Source != "国办发明电〔2027〕9号" {
		t.Fatalf("days %+v", days)
	}
	res, _ := f.cal.AddWorkdays(context.Background(), d(t, "2027-12-31"), 1)
	if res.Date.String() != "2028-01-04" || res.Provisional {
		t.Fatalf("after import: %+v", res)
	}
	evs := f.events(t, "calendar.year.import")
	if len(evs) != 1 || evs[0].ObjectID != "2028" || !strings.Contains(evs[0].Detail, `"holidays":4`) {
		t.Fatalf("audit %+v", evs)
	}
	f.assertChainOK(t)
}

func TestImportData_OfficialListRoundTrip(t *testing.T) {
	// The official CSV (2026 part) imports as is, source taken from its rows.
	f := newFixture(t)
	data, err := os.ReadFile("testdata/cn-holidays-2025-2026.csv")
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for i, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i == 0 || strings.HasPrefix(l, "2026") {
			lines = append(lines, l)
		}
	}
	info, err := f.cal.ImportData(as(admin), 2026, []byte(strings.Join(lines, "\n")), "")
	if err != nil {
		t.Fatal(err)
	}
	if info.Holidays != 33 || info.Workdays != 6 || !strings.HasPrefix(info.Source, "国务院办公厅关于2026年") {
		t.Fatalf("%+v", info)
	}
}

func TestImportData_JSON(t *testing.T) {
	f := newFixture(t)
	data := `[
  {"date": "2028-01-01", "kind": "holiday", "festival": "元旦", "source": "国办发明电〔2027〕9号"},
  {"date": "2028-01-22", "kind": "workday", "festival": "春节"}
]`
	info, err := f.cal.ImportData(as(admin), 2028, []byte(data), "")
	if err != nil {
		t.Fatal(err)
	}
	if info.Holidays != 1 || info.Workdays != 1 || info.Source != "国办发明电〔2027〕9号" {
		t.Fatalf("%+v", info)
	}
}

func TestImportData_Errors(t *testing.T) {
	tests := []struct {
		name, data string
		year       int
		source     string
		want       []string // every RowError.String(), in order
		fields     map[string]string
	}{
		{name: "every rule, numbered by line", year: 2028, source: "测试", data: `date,kind,festival,source
2028-02-30,holiday,春节,
2028-01-03,workday,元旦,
2028-01-22,workday,,
2027-12-31,holiday,元旦,
2028-01-25,休,春节,
2028-01-25,holiday,春节,
2028-01-26,off,春节,
2028-01-27,holiday
`, want: []string{
			"第2行：日期 2028-02-30 不存在。",
			"第3行：2028-01-03 是星期一，本来就是工作日，不能登记为调休上班日；调休上班日只能是星期六或星期日。",
			"第4行：请填写所属节日，例如“春节”。",
			"第5行：日期 2027-12-31 不属于 2028 年；一次只能导入一个年度。",
			"第7行：日期 2028-01-25 与第6行重复。",
			"第8行：类型“off”无效，应为 holiday（放假）或 workday（调休上班）。",
			"第9行：应有 4 列（与表头一致），实际有 2 列。",
		}},
		{name: "bad header", year: 2028, source: "测试", data: "日子,kind\n2028-01-01,holiday\n",
			want: []string{"第1行：表头中的“日子”不是可识别的列；表头应为 date,kind,festival,source。"}},
		{name: "missing kind column", year: 2028, source: "测试", data: "date,festival\n",
			want: []string{"第1行：第一行应为表头 date,kind,festival,source，缺少 kind 列。"}},
		{name: "header only", year: 2028, source: "测试", data: "date,kind,festival,source\n",
			want: []string{"导入内容中没有任何日期。"}},
		{name: "empty", year: 2028, source: "测试", data: " \n",
			want: []string{"导入内容为空，请选择文件或粘贴内容。"}},
		{name: "broken quote", year: 2028, source: "测试", data: "date,kind,festival\n2028-01-01,holiday,\"元旦\n",
			want: []string{"第2行：CSV 格式错误（引号不配对或多余的引号），之后的内容未读取。"}},
		{name: "JSON element problems", year: 2028, source: "测试", data: `[
  {"date": "2028-01-01", "kind": "holiday", "festival": "元旦"},
  {"date": 20280103, "kind": "holiday", "festival": "元旦"},
  {"day": "2028-01-04", "kind": "holiday", "festival": "元旦"},
  "2028-01-05",
  {"date": "2028-1-6", "kind": "holiday", "festival": "元旦"}
]`, want: []string{
			"第3行：字段“date”应为文字（用双引号括起）。",
			"第4行：不认识的字段“day”；每一项只能有 date、kind、festival、source 四个字段。",
			`第5行：每一项应为一个对象，例如 {"date":"2027-01-01","kind":"holiday","festival":"元旦","source":"…"}。`,
			"第6行：日期“2028-1-6”的格式不对，应为 YYYY-MM-DD，例如 2026-03-09。",
		}},
		{name: "JSON syntax", year: 2028, source: "测试", data: "[\n{\"date\": \"2028-01-01\", \"kind\": \"holiday\", \"festival\": \"元旦\"},\n{\"date\": \"2028-01-03\",,}\n]",
			want: []string{"第3行：JSON 格式错误（括号、引号或逗号不配对），之后的内容未读取。"}},
		{name: "JSON object, not array", year: 2028, source: "测试", data: `{"date": "2028-01-01"}`,
			want: []string{`第1行：JSON 内容应为数组，例如 [{"date":"2027-01-01","kind":"holiday","festival":"元旦","source":"…"}]。`}},
		{name: "year and source", year: 28, source: "", data: arrangement2028,
			fields: map[string]string{"year": "年度应为 2000 到 2199 之间的四位数字。",
				"source": "请填写来源，即国务院办公厅通知的文号或标题，例如“国办发明电〔2025〕7号”。"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			before := len(f.events(t, ""))
			_, err := f.cal.ImportData(as(admin), tc.year, []byte(tc.data), tc.source)
			if !errs.Is(err, errs.Invalid) {
				t.Fatalf("err = %v, want Invalid", err)
			}
			var rows ImportErrors
			errors.As(err, &rows)
			var got []string
			for _, r := range rows {
				got = append(got, r.String())
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("row errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if fields := errs.FieldsOf(err); len(tc.fields) > 0 && (len(fields) != len(tc.fields) ||
				fields["year"] != tc.fields["year"] || fields["source"] != tc.fields["source"]) {
				t.Errorf("fields %v, want %v", fields, tc.fields)
			}
			if y, _ := f.cal.Year(context.Background(), 2028); y.Covered || y.Holidays+y.Workdays > 0 {
				t.Errorf("a rejected import wrote 2028: %+v", y)
			}
			if after := len(f.events(t, "")); after != before {
				t.Errorf("a rejected import was audited")
			}
		})
	}
}

func TestImportYear_ReplacesAtomically(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	before, _ := f.cal.Days(ctx, 2026)
	bad := []Day{{Date: d(t, "2026-01-01"), Kind: Holiday, Festival: "元旦"}, {Date: d(t, "2026-03-09"), Kind: Workday, Festival: "x"}}
	_, err := f.cal.ImportYear(as(admin), 2026, bad, "更正通知")
	var rows ImportErrors
	if !errors.As(err, &rows) || len(rows) != 1 || rows[0].Line != 2 {
		t.Fatalf("err %v rows %+v", err, rows)
	}
	if after, _ := f.cal.Days(ctx, 2026); !slices.Equal(after, before) {
		t.Fatal("a rejected import changed 2026")
	}
	good := []Day{{Date: d(t, "2026-01-01"), Kind: Holiday, Festival: "元旦"}, {Date: d(t, "2026-10-10"), Kind: Workday, Festival: "国庆节"}}
	info, err := f.cal.ImportYear(as(admin), 2026, good, "更正通知")
	if err != nil || info.Holidays != 1 || info.Workdays != 1 || info.Source != "更正通知" {
		t.Fatalf("%+v, %v", info, err)
	}
	if ok, _ := f.cal.IsWorkday(ctx, d(t, "2026-02-16")); !ok {
		t.Fatal("the replaced 2026 still has the Spring Festival")
	}
	if days, _ := f.cal.Days(ctx, 2025); len(days) != 33 {
		t.Fatalf("importing 2026 touched 2025: %d", len(days))
	}
	f.assertChainOK(t)
}

func TestParseDays(t *testing.T) {
	days, err := ParseDays([]byte("日期,类型,节日,来源\n2028-01-01,放假,元旦,甲\n2028-01-22,上班,春节,乙\n"))
	if err != nil || len(days) != 2 || days[1].Kind != Workday || days[1].Line != 3 || days[0].Source != "甲" {
		t.Fatalf("%+v, %v", days, err)
	}
	_, err = ParseDays([]byte("date,kind\n2028-02-30,holiday\n"))
	if !errs.Is(err, errs.Invalid) || errs.Message(err) != "导入内容有错误，没有导入任何数据：第2行：日期 2028-02-30 不存在。" {
		t.Fatalf("%v", err)
	}
}
