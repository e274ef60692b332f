package formschema

import (
	"maps"
	"strings"
	"testing"
)

func ptr(f float64) *float64 { return &f }

// permitSchema is a realistic stage form used across the tests.
func permitSchema() Schema {
	return Schema{Fields: []Field{
		{Name: "project_name", Label: "项目名称", Type: TypeText, Required: true, MaxLength: 10},
		{Name: "description", Label: "建设内容", Type: TypeTextarea},
		{Name: "total_investment", Label: "总投资（万元）", Type: TypeNumber, Required: true, Min: ptr(0)},
		{Name: "floors", Label: "层数", Type: TypeNumber, Min: ptr(1), Max: ptr(100)},
		{Name: "height", Label: "建筑高度（米）", Type: TypeNumber, Max: ptr(500)},
		{Name: "start_date", Label: "计划开工日期", Type: TypeDate, Required: true},
		{Name: "structure", Label: "结构类型", Type: TypeChoice, Required: true, Options: []string{"框架结构", "剪力墙结构", "钢结构"}},
		{Name: "buildings", Label: "单体建筑", Type: TypeTable, Required: true, Columns: []Column{
			{Name: "name", Label: "名称", Type: TypeText, Required: true},
			{Name: "area", Label: "建筑面积（平方米）", Type: TypeNumber, Min: ptr(0)},
			{Name: "use", Label: "用途", Type: TypeChoice, Options: []string{"住宅", "商业"}},
			{Name: "done", Label: "竣工日期", Type: TypeDate},
		}},
		{Name: "site_plan", Label: "总平面图", Type: TypeAttachment},
	}}
}

const goodHash = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"

func goodValues() Values {
	v := Values{Fields: map[string]string{
		"project_name": "达州某小区", "total_investment": "1200.5", "floors": "18", "start_date": "2026-03-09",
		"structure": "框架结构", "site_plan": goodHash,
	}}
	v.AddRow("buildings", map[string]string{"name": "1#楼", "area": "5000", "use": "住宅"})
	return v
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(v *Values)
		want   map[string]string // key → substring of the message
	}{
		{"all good", func(v *Values) {}, nil},
		{"required text", func(v *Values) { v.Set("project_name", "") }, map[string]string{"project_name": "请填写项目名称。"}},
		{"text too long", func(v *Values) { v.Set("project_name", "一二三四五六七八九十一") },
			map[string]string{"project_name": "项目名称不能超过10个字（现有11个字）"}},
		{"textarea default limit", func(v *Values) { v.Set("description", strings.Repeat("字", DefaultLongLen+1)) },
			map[string]string{"description": "不能超过2000个字"}},
		{"not a number", func(v *Values) { v.Set("total_investment", "1,200") },
			map[string]string{"total_investment": "总投资（万元）应为数字"}},
		{"number with unit", func(v *Values) { v.Set("total_investment", "1200万元") },
			map[string]string{"total_investment": "应为数字"}},
		{"exponent refused", func(v *Values) { v.Set("total_investment", "1e3") }, map[string]string{"total_investment": "应为数字"}},
		{"below min", func(v *Values) { v.Set("total_investment", "-1") }, map[string]string{"total_investment": "不能小于0。"}},
		{"outside range", func(v *Values) { v.Set("floors", "0.5") }, map[string]string{"floors": "层数应在1到100之间。"}},
		{"above max", func(v *Values) { v.Set("height", "501") }, map[string]string{"height": "建筑高度（米）不能大于500。"}},
		{"negative zero and decimals ok", func(v *Values) { v.Set("total_investment", "0.0"); v.Set("height", ".5") }, nil},
		{"bad date format", func(v *Values) { v.Set("start_date", "2026/03/09") }, map[string]string{"start_date": "格式为“年-月-日”"}},
		{"impossible date", func(v *Values) { v.Set("start_date", "2026-02-30") }, map[string]string{"start_date": "应为有效的日期"}},
		{"choice not an option", func(v *Values) { v.Set("structure", "木结构") }, map[string]string{"structure": "请从给出的选项中选择"}},
		{"choice missing", func(v *Values) { v.Set("structure", "") }, map[string]string{"structure": "请选择结构类型。"}},
		{"table required", func(v *Values) { v.Rows = nil }, map[string]string{"buildings": "请至少填写一行单体建筑。"}},
		{"table cells", func(v *Values) {
			v.AddRow("buildings", map[string]string{"area": "很大", "use": "工业", "done": "2026-13-01"})
		}, map[string]string{
			"buildings[1].name": "请填写单体建筑第2行的名称。",
			"buildings[1].area": "单体建筑第2行的建筑面积（平方米）应为数字",
			"buildings[1].use":  "请从给出的选项中选择",
			"buildings[1].done": "应为有效的日期",
		}},
		{"too many rows", func(v *Values) {
			for range MaxRows {
				v.AddRow("buildings", map[string]string{"name": "楼"})
			}
		}, map[string]string{"buildings": "最多填写100行，现有101行"}},
		{"attachment not a hash", func(v *Values) { v.Set("site_plan", "site.pdf") }, map[string]string{"site_plan": "64位十六进制"}},
		{"attachment upper-case hash", func(v *Values) { v.Set("site_plan", strings.ToUpper(goodHash)) }, map[string]string{"site_plan": "请重新上传"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			v := goodValues()
			tc.change(&v)
			assertMessages(t, permitSchema().Validate(v), tc.want)
		})
	}
}

func assertMessages(t *testing.T, got, want map[string]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %d messages %v, want %d %v", len(got), got, len(want), want)
	}
	for k, w := range want {
		if !strings.Contains(got[k], w) {
			t.Errorf("message for %s = %q, want it to contain %q", k, got[k], w)
		}
	}
}

func TestValidateWith_StoredAttachment(t *testing.T) {
	s := permitSchema()
	stored := map[string]bool{}
	msgs := s.ValidateWith(goodValues(), func(h string) bool { return stored[h] })
	assertMessages(t, msgs, map[string]string{"site_plan": "总平面图对应的文件不存在，请重新上传。"})
	stored[goodHash] = true
	if msgs := s.ValidateWith(goodValues(), func(h string) bool { return stored[h] }); msgs != nil {
		t.Fatalf("stored file rejected: %v", msgs)
	}
}

func TestValidate_OptionalEmptyAnswersPass(t *testing.T) {
	s := Schema{Fields: []Field{
		{Name: "a", Label: "甲", Type: TypeNumber, Min: ptr(1)},
		{Name: "b", Label: "乙", Type: TypeDate},
		{Name: "c", Label: "丙", Type: TypeChoice, Options: []string{"一", "二"}},
		{Name: "d", Label: "丁", Type: TypeAttachment},
		{Name: "e", Label: "戊", Type: TypeTable, Columns: []Column{{Name: "x", Label: "X", Type: TypeText}}},
	}}
	if msgs := s.Validate(Values{}); msgs != nil {
		t.Fatalf("empty optional answers: %v", msgs)
	}
	if got := maps.Collect(maps.All(s.Validate(Values{Fields: map[string]string{"a": "0"}}))); len(got) != 1 {
		t.Fatalf("a=0 below min 1: %v", got)
	}
}
