package org

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/idcode"
)

func TestCheckCreditCode(t *testing.T) {
	tests := []struct {
		name, code string
		wantErr    string // substring of the message; "" for valid
	}{
		{"real: Chengdu enterprise", "91510100MA6CGUGA1W", ""},
		{"real: GB 32100 example", "91350100M000100Y43", ""},
		{"real: Beijing enterprise", "91110000600037341L", ""},
		{"real: Shenzhen enterprise", "91440300708461136T", ""},
		{"real: Beijing Haidian enterprise", "91110108551385082Q", ""},
		{"synthetic: check value 31 written as 0", "91510100MA6CGUGA20", ""},
		{"mutated check character", "91510100MA6CGUGA1X", "校验位"},
		{"mutated body digit", "91510100MA6CGUGA2W", "校验位"},
		{"swapped characters", "91510100MA6CGUAG1W", "校验位"},
		{"mutated region code", "91510101MA6CGUGA1W", "校验位"},
		{"too short", "91510100MA6CGUGA1", "18位"},
		{"too long", "91510100MA6CGUGA1WW", "18位"},
		{"empty", "", "18位"},
		{"letter I is not allowed", "91510100MA6CGUIA1W", "大写字母"},
		{"letter O is not allowed", "91510100MA6CGUGO1W", "大写字母"},
		{"lower case", "91510100ma6cguga1w", "大写字母"},
		{"Chinese character", "九1510100MA6CGUGA1W", "大写字母"},
		{"Chinese character, 17 characters", "九1510100MA6CGUGA1", "18位"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := idcode.CreditCodeProblem(tt.code)
			if tt.wantErr == "" && got != "" {
				t.Fatalf("idcode.CreditCodeProblem(%q) = %q, want valid", tt.code, got)
			}
			if tt.wantErr != "" && !strings.Contains(got, tt.wantErr) {
				t.Fatalf("idcode.CreditCodeProblem(%q) = %q, want message containing %q", tt.code, got, tt.wantErr)
			}
		})
	}
}

func validUnit() Unit {
	return Unit{RegionCode: "511702", Kind: KindDepartment, FunctionCode: "zj", Name: "通川区住房和城乡建设局"}
}

func TestUnit_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Unit)
		field  string // "" when valid
		msg    string
	}{
		{"OK", func(*Unit) {}, "", ""},
		{"OK with every field", func(u *Unit) {
			u.ShortName, u.CreditCode, u.Phone, u.SortOrder = "通川住建", "91510100MA6CGUGA1W", "0818-2123456", 30
		}, "", ""},
		{"OK agency without function", func(u *Unit) { u.Kind, u.FunctionCode = KindAgency, "" }, "", ""},
		{"OK agency with own function", func(u *Unit) { u.Kind, u.FunctionCode = KindAgency, "survey" }, "", ""},
		{"OK window", func(u *Unit) { u.Kind, u.FunctionCode = KindWindow, "window" }, "", ""},
		{"OK utility", func(u *Unit) { u.Kind, u.FunctionCode = KindUtility, "power" }, "", ""},
		{"no region", func(u *Unit) { u.RegionCode = "" }, "region_code", "请选择所属区县"},
		{"no name", func(u *Unit) { u.Name = "" }, "name", "请填写机构名称"},
		{"name 61 chars", func(u *Unit) { u.Name = strings.Repeat("局", 61) }, "name", "不能超过60个字"},
		{"name 60 chars", func(u *Unit) { u.Name = strings.Repeat("局", 60) }, "", ""},
		{"short name too long", func(u *Unit) { u.ShortName = strings.Repeat("简", 21) }, "short_name", "20个字"},
		{"bad kind", func(u *Unit) { u.Kind = "bureau" }, "kind", "请选择机构类别"},
		{"department without function", func(u *Unit) { u.FunctionCode = "" }, "function_code", "请选择机构职能"},
		{"unknown function", func(u *Unit) { u.FunctionCode = "xyz" }, "function_code", "不在已知列表"},
		{"utility function on department", func(u *Unit) { u.FunctionCode = "gas" }, "function_code", "不属于政府部门"},
		{"department function on utility", func(u *Unit) { u.Kind = KindUtility }, "function_code", "不属于公用事业单位"},
		{"agency function with spaces", func(u *Unit) { u.Kind, u.FunctionCode = KindAgency, "a b" }, "function_code", "小写字母"},
		{"bad credit code", func(u *Unit) { u.CreditCode = "91510100MA6CGUGA1X" }, "credit_code", "校验位"},
		{"phone with letters", func(u *Unit) { u.Phone = "0818-ABC" }, "phone", "数字和“-”"},
		{"phone with spaces", func(u *Unit) { u.Phone = "0818 2123456" }, "phone", "数字和“-”"},
		{"phone trailing dash", func(u *Unit) { u.Phone = "0818-" }, "phone", "数字和“-”"},
		{"phone too long", func(u *Unit) { u.Phone = strings.Repeat("1", 21) }, "phone", "不超过20位"},
		{"own parent", func(u *Unit) { u.ID, u.ParentID = 7, 7 }, "parent_id", "不能是本机构"},
		{"negative sort order", func(u *Unit) { u.SortOrder = -1 }, "sort_order", "0到9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := validUnit()
			tt.change(&u)
			assertField(t, u.Validate(), tt.field, tt.msg)
		})
	}
}

func TestRegion_Validate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Region)
		field  string
		msg    string
	}{
		{"OK", func(*Region) {}, "", ""},
		{"OK zone reported under a county", func(r *Region) { r.ReportingCode = "511703" }, "", ""},
		{"no name", func(r *Region) { r.Name = "" }, "name", "请填写区县名称"},
		{"long name", func(r *Region) { r.Name = strings.Repeat("区", 61) }, "name", "60个字"},
		{"reporting code of another city", func(r *Region) { r.ReportingCode = "510104" }, "reporting_code", "5117"},
		{"reporting code 5 digits", func(r *Region) { r.ReportingCode = "51170" }, "reporting_code", "6位数字"},
		{"reporting code with letter", func(r *Region) { r.ReportingCode = "51170A" }, "reporting_code", "6位数字"},
		{"long note", func(r *Region) { r.Note = strings.Repeat("注", 501) }, "note", "500个字"},
		{"sort order too large", func(r *Region) { r.SortOrder = 10000 }, "sort_order", "0到9999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := Region{Code: "511772", ReportingCode: "511703", Name: "东部经开区", Kind: KindZone}
			tt.change(&r)
			assertField(t, r.Validate(), tt.field, tt.msg)
		})
	}
}

// assertField checks that err is nil when field is "", else an Invalid
// error whose message for field contains msg.
func assertField(t *testing.T, err error, field, msg string) {
	t.Helper()
	if field == "" {
		if err != nil {
			t.Fatalf("want valid, got %v (fields %v)", err, errs.FieldsOf(err))
		}
		return
	}
	if !errs.Is(err, errs.Invalid) && !errs.Is(err, errs.Conflict) {
		t.Fatalf("want Invalid error on %s, got %v", field, err)
	}
	got := errs.FieldsOf(err)[field]
	if !strings.Contains(got, msg) {
		t.Fatalf("field %s: got %q (all %v), want it to contain %q", field, got, errs.FieldsOf(err), msg)
	}
}
