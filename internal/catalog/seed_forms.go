package catalog

import "github.com/dazhou-gongai/gongai/internal/platform/formschema"

// Building blocks of the seed's application forms. Each stage item gets a
// realistic form assembled from these; administrators edit them as JSON.

func fp(v float64) *float64 { return &v }

func fText(name, label, hint string, required bool) formschema.Field {
	return formschema.Field{Name: name, Label: label, Hint: hint, Type: formschema.TypeText, Required: required}
}

func fLong(name, label, hint string, required bool) formschema.Field {
	return formschema.Field{Name: name, Label: label, Hint: hint, Type: formschema.TypeTextarea, Required: required}
}

// fNum is a non-negative number, at most max when max > 0.
func fNum(name, label, hint string, max float64, required bool) formschema.Field {
	f := formschema.Field{Name: name, Label: label, Hint: hint, Type: formschema.TypeNumber, Required: required, Min: fp(0)}
	if max > 0 {
		f.Max = fp(max)
	}
	return f
}

func fDate(name, label, hint string, required bool) formschema.Field {
	return formschema.Field{Name: name, Label: label, Hint: hint, Type: formschema.TypeDate, Required: required}
}

func fChoice(name, label string, required bool, options ...string) formschema.Field {
	return formschema.Field{Name: name, Label: label, Type: formschema.TypeChoice, Required: required, Options: options}
}

func fAttach(name, label, hint string, required bool) formschema.Field {
	return formschema.Field{Name: name, Label: label, Hint: hint, Type: formschema.TypeAttachment, Required: required}
}

// form joins groups of fields into one schema.
func form(groups ...[]formschema.Field) formschema.Schema {
	var s formschema.Schema
	for _, g := range groups {
		s.Fields = append(s.Fields, g...)
	}
	return s
}

func fields(f ...formschema.Field) []formschema.Field { return f }

// basics are the fields every application starts with (一张表单: the same
// keys in every stage form, so that data entered once is reused).
func basics() []formschema.Field {
	return fields(
		fText("project_name", "项目名称", "与立项（审批、核准、备案）文件一致。", true),
		fText("project_code", "项目代码", "投资项目在线审批监管平台赋予的代码，如 2026-511702-47-01-000123。", true),
		fText("construction_address", "建设地点", "写明区县、乡镇（街道）和四至或门牌号。", true),
		fText("contact_name", "项目联系人", "", true),
		fText("contact_phone", "联系人手机号码", "用于接收办理进度短信。", true),
	)
}

var structureTypes = []string{"砖混结构", "框架结构", "框架-剪力墙结构", "剪力墙结构", "框架-核心筒结构", "钢结构", "其他"}

var landUses = []string{"居住用地", "商业服务业用地", "工业用地", "仓储用地", "公共管理与公共服务用地",
	"交通运输用地", "公用设施用地", "其他"}

func investment() formschema.Field {
	return fNum("total_investment", "总投资（万元）", "填写数字，单位为万元，例如 12000。", 0, true)
}

func landArea() formschema.Field {
	return fNum("land_area", "用地面积（平方米）", "以用地红线图为准。", 0, true)
}

func buildingArea(required bool) formschema.Field {
	return fNum("building_area", "总建筑面积（平方米）", "", 0, required)
}

func structure() formschema.Field {
	return fChoice("structure_type", "主要结构类型", true, structureTypes...)
}

// buildings is the 单体建筑 table used from the scheme review to the joint
// acceptance (建筑单体赋码: one row per building).
func buildings(required bool) formschema.Field {
	return formschema.Field{Name: "buildings", Label: "单体建筑", Type: formschema.TypeTable, Required: required,
		Hint: "每栋建筑（含地下室）填写一行；空行不会提交。",
		Columns: []formschema.Column{
			{Name: "name", Label: "单体名称", Type: formschema.TypeText, Required: true, MaxLength: 40},
			{Name: "floors_above", Label: "地上层数", Type: formschema.TypeNumber, Min: fp(0), Max: fp(200)},
			{Name: "floors_below", Label: "地下层数", Type: formschema.TypeNumber, Min: fp(0), Max: fp(20)},
			{Name: "height", Label: "建筑高度（米）", Type: formschema.TypeNumber, Min: fp(0), Max: fp(1000)},
			{Name: "area", Label: "建筑面积（平方米）", Type: formschema.TypeNumber, Required: true, Min: fp(0)},
			{Name: "structure", Label: "结构类型", Type: formschema.TypeChoice, Options: structureTypes},
		}}
}

func planDates() []formschema.Field {
	return fields(
		fDate("planned_start", "计划开工日期", "", true),
		fDate("planned_completion", "计划竣工日期", "", true),
	)
}

func neededDate(label string) formschema.Field {
	return fDate("needed_date", label, "供水、供电等单位按此日期安排接入。", true)
}

func planningIndicators() []formschema.Field {
	return fields(
		fNum("above_ground_area", "地上建筑面积（平方米）", "", 0, true),
		fNum("underground_area", "地下建筑面积（平方米）", "", 0, false),
		fNum("floor_area_ratio", "容积率", "计容建筑面积除以用地面积，例如 2.5。", 20, true),
		fNum("building_density", "建筑密度（%）", "", 100, true),
		fNum("green_ratio", "绿地率（%）", "", 100, true),
		fNum("parking_spaces", "机动车停车位（个）", "", 0, false),
	)
}

func builders() []formschema.Field {
	return fields(
		fText("construction_unit", "施工单位名称", "与施工合同一致。", true),
		fText("supervision_unit", "监理单位名称", "依法不需委托监理的可不填。", false),
	)
}
