// Package org holds Dazhou's regions (达州市本级 and its nine districts,
// counties and functional zones) and the org units that take part in
// approvals: government departments, comprehensive service windows, utility
// companies and agencies.
//
// Other capabilities use the lookups (Regions, RegionByCode, Unit,
// UnitsByIDs, UnitByFunction), which return reference data without any
// authorisation. The use cases (ListUnits, ViewUnit, CreateUnit, …) authorise
// the principal in the context against the region of the data: a county's
// staff never see or change another county's units.
package org

import "slices"

// Region kinds.
const (
	KindCity       = "city"        // 地级市（达州市本级）
	KindDistrict   = "district"    // 市辖区
	KindCounty     = "county"      // 县
	KindCountyCity = "county_city" // 县级市
	KindZone       = "zone"        // 功能区（开发区）
)

// Unit kinds.
const (
	KindDepartment = "department" // 政府部门
	KindWindow     = "window"     // 综合窗口
	KindUtility    = "utility"    // 公用事业单位（水电气信广电）
	KindAgency     = "agency"     // 中介机构
)

// Region is a city-level or county-level administrative unit, or a
// functional zone. Code is gongai's own key (the GB/T 2260 code where one
// exists); ReportingCode is the 行政区划代码 (XZQHDM) reported to the
// provincial and national systems, which differs from Code for a zone that
// has no code of its own. CodeIsInternal marks a Code invented by gongai.
type Region struct {
	ID             int64  `json:"id"`
	Code           string `json:"code"`
	ReportingCode  string `json:"reporting_code"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	CodeIsInternal bool   `json:"code_is_internal"`
	ParentID       int64  `json:"parent_id"`
	SortOrder      int    `json:"sort_order"`
	Note           string `json:"note"`
}

// Unit is an org unit of one region. ParentID is 0 for a top-level unit
// (a window's parent is its 政务服务 department). FunctionCode says what the
// unit does (see the function list) so that other capabilities can find, for
// example, the 住建 department of a county without knowing its name.
// RegionCode and RegionName are read from the region; writes use RegionCode
// (or RegionID) to name the region.
type Unit struct {
	ID           int64  `json:"id"`
	RegionID     int64  `json:"region_id"`
	RegionCode   string `json:"region_code"`
	RegionName   string `json:"region_name"`
	ParentID     int64  `json:"parent_id"`
	Kind         string `json:"kind"`
	FunctionCode string `json:"function_code"`
	Name         string `json:"name"`
	ShortName    string `json:"short_name"`
	CreditCode   string `json:"credit_code"`
	Phone        string `json:"phone"`
	Active       bool   `json:"active"`
	SortOrder    int    `json:"sort_order"`
}

// UnitFilter selects units for ListUnits. Zero fields do not filter.
// Query matches the name, short name or credit code, case-insensitively.
type UnitFilter struct {
	RegionCode      string
	Kind            string
	Query           string
	IncludeInactive bool
}

var regionKindLabels = map[string]string{
	KindCity: "地级市", KindDistrict: "市辖区", KindCounty: "县",
	KindCountyCity: "县级市", KindZone: "功能区",
}

var unitKinds = []string{KindDepartment, KindWindow, KindUtility, KindAgency}

var unitKindLabels = map[string]string{
	KindDepartment: "政府部门", KindWindow: "综合窗口", KindUtility: "公用事业单位", KindAgency: "中介机构",
}

// function is one known unit function: its code, the unit kind it belongs
// to and its Chinese label.
type function struct{ Code, Kind, Label string }

// functions lists every known function code. Seed creates one unit of each
// in every region; UnitByFunction looks them up.
var functions = []function{
	{"fgw", KindDepartment, "发展改革"},
	{"zrzy", KindDepartment, "自然资源和规划"},
	{"zj", KindDepartment, "住房和城乡建设"},
	{"xfsy", KindDepartment, "消防设计审查验收"},
	{"sthj", KindDepartment, "生态环境"},
	{"yjgl", KindDepartment, "应急管理"},
	{"rf", KindDepartment, "人民防空"},
	{"sw", KindDepartment, "水务"},
	{"qx", KindDepartment, "气象"},
	{"cjda", KindDepartment, "城建档案"},
	{"zwfw", KindDepartment, "政务服务（行政审批）"},
	{"window", KindWindow, "工程建设项目综合窗口"},
	{"water", KindUtility, "供水"},
	{"power", KindUtility, "供电"},
	{"gas", KindUtility, "燃气"},
	{"telecom", KindUtility, "通信"},
	{"broadcast", KindUtility, "广播电视网络"},
}

// FunctionOption is a unit function for a choice list: its code and label.
type FunctionOption struct{ Code, Label string }

// Functions lists the known unit functions of one kind ("" = every kind),
// for forms that pick "the 住建 of a region" without naming a unit id.
func Functions(kind string) []FunctionOption {
	var out []FunctionOption
	for _, f := range functions {
		if kind == "" || f.Kind == kind {
			out = append(out, FunctionOption{f.Code, f.Label})
		}
	}
	return out
}

func lookupFunction(code string) (function, bool) {
	i := slices.IndexFunc(functions, func(f function) bool { return f.Code == code })
	if i < 0 {
		return function{}, false
	}
	return functions[i], true
}

// KindLabel is the Chinese name of the region's kind.
func (r Region) KindLabel() string { return regionKindLabels[r.Kind] }

// KindLabel is the Chinese name of the unit's kind.
func (u Unit) KindLabel() string { return unitKindLabels[u.Kind] }

// FunctionLabel is the Chinese name of the unit's function, the code itself
// for an agency's free-form function, or "" when it has none.
func (u Unit) FunctionLabel() string {
	if f, ok := lookupFunction(u.FunctionCode); ok {
		return f.Label
	}
	return u.FunctionCode
}
