package catalog

import (
	"slices"
	"strconv"
)

// option is a code with its Chinese label, in display order.
type option struct{ Value, Label string }

var kinds = []option{
	{KindLicence, "行政许可"}, {KindTechReview, "技术审查"}, {KindIntermediary, "中介服务"},
	{KindUtility, "市政公用服务"}, {KindFiling, "备案"},
}

var lines = []option{{LineMain, "主线"}, {LineAux, "辅线"}}

// stageNames are the national names of the four stages.
var stageNames = map[int]string{1: "立项用地规划许可", 2: "工程建设许可", 3: "施工许可", 4: "竣工验收"}

// flowTypes are the national flow types (审批流程类型 SPLCLX).
var flowTypes = map[int]string{
	1: "政府投资工程建设项目（房屋建筑类）", 2: "政府投资工程建设项目（线性工程类）",
	3: "一般社会投资项目", 4: "小型社会投资项目（简易低风险）", 5: "带方案出让用地的社会投资项目",
	6: "工业类投资项目", 7: "交通工程类项目", 8: "水利工程类项目", 9: "能源工程类项目", 10: "其他类项目",
}

var statuses = map[string]string{StatusDraft: "草稿", StatusPublished: "已发布", StatusRetired: "已停用"}

var joins = []option{{JoinAll, "会签（全部部门同意）"}, {JoinAny, "或签（任一部门同意）"}, {JoinQuorum, "多数签（达到规定数量）"}}

// functions are the org function codes an item or a review may name, with
// the department they stand for. They repeat org's list (which org does not
// export) because the catalog must check codes without reading org's
// tables; a test checks every seeded code against org.UnitByFunction.
var functions = []option{
	{"fgw", "发展改革部门"}, {"zrzy", "自然资源和规划部门"}, {"zj", "住房和城乡建设部门"},
	{"xfsy", "消防设计审查验收部门"}, {"sthj", "生态环境部门"}, {"yjgl", "应急管理部门"},
	{"rf", "人民防空部门"}, {"sw", "水务部门"}, {"qx", "气象部门"}, {"cjda", "城建档案管理机构"},
	{"zwfw", "政务服务管理部门"},
	{"water", "供水企业"}, {"power", "供电企业"}, {"gas", "燃气企业"},
	{"telecom", "通信运营企业"}, {"broadcast", "广播电视网络企业"},
}

func labelOf(opts []option, v string) string {
	i := slices.IndexFunc(opts, func(o option) bool { return o.Value == v })
	if i < 0 {
		return v
	}
	return opts[i].Label
}

func known(opts []option, v string) bool {
	return slices.ContainsFunc(opts, func(o option) bool { return o.Value == v })
}

// FunctionLabel is the Chinese name of the department an org function code
// stands for, or the code itself when unknown.
func FunctionLabel(code string) string { return labelOf(functions, code) }

// StageName is the national name of stage no (1–4), "" otherwise.
func StageName(no int) string { return stageNames[no] }

// FlowTypeName is the national name of flow type t (SPLCLX 1–10), "" otherwise.
func FlowTypeName(t int) string { return flowTypes[t] }

// FlowTypes returns the flow type numbers 1–10.
func FlowTypes() []int { return []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10} }

// KindLabel is the Chinese name of the item's kind.
func (it Item) KindLabel() string { return labelOf(kinds, it.Kind) }

// LineLabel is the Chinese name of the item's line.
func (it Item) LineLabel() string { return labelOf(lines, it.Line) }

// StageLabel names the item's stage, or 辅线 for an auxiliary item.
func (it Item) StageLabel() string {
	if it.Stage == 0 {
		return "辅线（并行推进）"
	}
	return "第" + strconv.Itoa(it.Stage) + "阶段 " + stageNames[it.Stage]
}

// LeadLabel is the Chinese name of the item's lead department.
func (it Item) LeadLabel() string { return FunctionLabel(it.LeadFunction) }

// LimitText says the promised limit for people: "3个工作日" or "即办".
func (it Item) LimitText() string { return daysText(it.PromisedDays) }

// StatutoryText says the statutory limit for people.
func (it Item) StatutoryText() string { return daysText(it.StatutoryDays) }

func daysText(n int) string {
	if n == 0 {
		return "即办"
	}
	return strconv.Itoa(n) + "个工作日"
}

// TypeName is the national name of the flow's type.
func (f Flow) TypeName() string { return flowTypes[f.Type] }

// StatusLabel is the Chinese name of the flow's status.
func (f Flow) StatusLabel() string { return statuses[f.Status] }

// TotalDays is the sum of the stage limits: the whole-process limit.
func (f Flow) TotalDays() int {
	n := 0
	for _, s := range f.Stages {
		n += s.LimitDays
	}
	return n
}

// DepartmentLabels names the departments of a stage item.
func (si StageItem) DepartmentLabels() []string {
	out := make([]string, len(si.Departments))
	for i, d := range si.Departments {
		out[i] = FunctionLabel(d)
	}
	return out
}

// JoinLabel is the Chinese name of the stage item's join policy.
func (si StageItem) JoinLabel() string {
	if len(si.Departments) <= 1 {
		return "单一部门办理"
	}
	if si.Join == JoinQuorum {
		return "多数签（" + strconv.Itoa(si.Quorum) + "个部门同意）"
	}
	return labelOf(joins, si.Join)
}

// feeDefaults are what the guide says about fees when an item revision
// states none. 行政许可法第五十八条: 行政机关实施行政许可不得收取任何费用，
// 法律、行政法规另有规定的除外.
var feeDefaults = map[string]string{
	KindLicence:      "不收费（行政许可法第五十八条）",
	KindTechReview:   "不收费",
	KindFiling:       "不收费",
	KindIntermediary: "按中介服务机构公示的收费标准",
	KindUtility:      "按市政公用服务单位公示的收费标准",
}

// FeesText says what the applicant pays: the revision's own Fees when
// stated, else the default of its kind ("" for an unknown kind).
func (it Item) FeesText() string {
	if it.Fees != "" {
		return it.Fees
	}
	return feeDefaults[it.Kind]
}
