package catalog

import "github.com/dazhou-gongai/gongai/internal/platform/formschema"

// lowRiskItems are the simplified items of 社会投资简易低风险项目 (flow
// type 4): no separate drawing review, permits on commitment, one short
// joint acceptance. The criteria in the hints follow common reform
// practice (e.g. Beijing: under 10,000 m², not 特殊建设工程) and must be
// replaced by Sichuan's.
func lowRiskItems() []Item {
	const scope = "适用于社会投资简易低风险工程（具体标准以四川省、达州市规定为准）。"
	return []Item{
		{Code: "low_risk_planning_permit", Name: "建设工程规划许可证核发（社会投资简易低风险项目）", Kind: KindLicence, Line: LineMain, Stage: 2,
			LeadFunction: "zrzy", StatutoryDays: 20, PromisedDays: 3, ResultName: "建设工程规划许可证",
			Basis: "《中华人民共和国城乡规划法》第四十条。" + scope, Commitment: true,
			Materials: []Material{
				req("建设工程规划许可申请表（简易低风险）", ""),
				req("建设工程设计方案（总平面图、平立剖面图）", ""),
				req("不动产权证书或土地出让合同", ""),
				req("简易低风险项目告知承诺书", "承诺项目符合简易低风险标准和规划条件。"),
			},
			Form: form(basics(), fields(
				fNum("building_area", "总建筑面积（平方米）", "简易低风险项目一般不超过10000平方米。", 10000, true),
				fNum("floors_above", "地上层数", "", 10, true),
				fText("main_use", "主要使用功能", "例如：仓库、厂房、办公。", true),
			))},
		{Code: "low_risk_construction_permit", Name: "建筑工程施工许可证核发（社会投资简易低风险项目）", Kind: KindLicence, Line: LineMain, Stage: 3,
			LeadFunction: "zj", StatutoryDays: 7, PromisedDays: 1, ResultName: "建筑工程施工许可证",
			Basis:      "《中华人民共和国建筑法》第八条。" + scope + "施工图审查改为设计单位承诺、事后抽查。",
			Commitment: true, Deficiency: true,
			Materials: []Material{
				req("建筑工程施工许可证申请表（简易低风险）", ""),
				req("施工合同", ""),
				req("设计单位对施工图质量的承诺书", "简易低风险项目不再进行施工图审查。"),
				def("建设资金已经落实承诺书", "可容缺受理，5个工作日内补交。"),
			},
			Form: form(basics(), fields(
				fNum("contract_price", "合同价格（万元）", "", 0, true),
				fNum("building_area", "总建筑面积（平方米）", "", 10000, true),
			), planDates(), builders())},
		{Code: "low_risk_joint_acceptance", Name: "竣工联合验收（社会投资简易低风险项目）", Kind: KindTechReview, Line: LineMain, Stage: 4,
			LeadFunction: "zj", StatutoryDays: 20, PromisedDays: 5, ResultName: "建设工程竣工联合验收意见书",
			Basis: "《建设工程质量管理条例》第十六条。" + scope + "验收合格后可同步申请不动产首次登记（验登合一）。",
			Materials: []Material{
				req("竣工联合验收申请表（简易低风险）", ""),
				req("工程竣工验收报告", ""),
				req("竣工验收综合测绘成果（多测合一）", ""),
			},
			Form: form(basics(), fields(
				fNum("building_area", "总建筑面积（平方米）", "", 10000, true),
				fDate("completion_date", "五方竣工验收日期", "", true),
			))},
	}
}

// auxItems run beside the stages: evaluations approved in parallel,
// intermediary services (多测合一) and utility connections, which the
// reform moves forward to the 工程建设许可 stage.
func auxItems() []Item {
	return append(evaluationItems(), append(surveyItems(), utilityItems()...)...)
}

func evaluationItems() []Item {
	return []Item{
		{Code: "eia_approval", Name: "建设项目环境影响报告书（表）审批", Kind: KindLicence, Line: LineAux,
			LeadFunction: "sthj", StatutoryDays: 30, PromisedDays: 10, ResultName: "环境影响评价文件批复",
			Basis: "《中华人民共和国环境影响评价法》第二十二条（报告书60日、报告表30日；此处按报告表设置）",
			Materials: []Material{
				req("建设项目环境影响报告书（表）", "由建设单位自行或委托技术单位编制。"),
				req("环境影响评价文件审批申请", ""),
				opt("公众参与说明", "编制报告书的项目提交。"),
			},
			Form: form(basics(), fields(
				fChoice("eia_category", "环评文件类别", true, "环境影响报告书", "环境影响报告表"),
				fText("industry_category", "所属行业类别（名录）", "按《建设项目环境影响评价分类管理名录》填写。", true),
				investment(),
				fNum("environmental_investment", "其中环保投资（万元）", "", 0, true),
			))},
		{Code: "soil_water_plan_approval", Name: "生产建设项目水土保持方案审批", Kind: KindLicence, Line: LineAux,
			LeadFunction: "sw", StatutoryDays: 20, PromisedDays: 10, ResultName: "水土保持方案批复",
			Basis: "《中华人民共和国水土保持法》第二十五条", Commitment: true,
			Materials: []Material{
				req("水土保持方案审批申请", ""),
				req("水土保持方案报告书（表）", "实行承诺制管理的项目提交报告表和承诺书。"),
			},
			Form: form(basics(), fields(
				fChoice("plan_type", "方案类别", true, "水土保持方案报告书", "水土保持方案报告表"),
				fNum("disturbed_area", "扰动地表面积（公顷）", "", 0, true),
				fNum("earthwork", "挖填土石方总量（万立方米）", "", 0, true),
			))},
		{Code: "energy_review", Name: "固定资产投资项目节能审查", Kind: KindLicence, Line: LineAux,
			LeadFunction: "fgw", StatutoryDays: 20, PromisedDays: 10, ResultName: "节能审查意见",
			Basis: "《中华人民共和国节约能源法》第十五条；《固定资产投资项目节能审查办法》",
			Materials: []Material{
				req("节能审查申请", ""),
				req("节能报告", "年综合能源消费量较小、不单独审查的项目不需办理本事项。"),
			},
			Form: form(basics(), fields(
				fNum("annual_energy", "年综合能源消费量（吨标准煤，当量值）", "", 0, true),
				fNum("annual_electricity", "年电力消费量（万千瓦时）", "", 0, true),
			))},
		{Code: "road_excavation_permit", Name: "占用、挖掘城市道路审批", Kind: KindLicence, Line: LineAux,
			LeadFunction: "zj", StatutoryDays: 20, PromisedDays: 5, ResultName: "占用、挖掘城市道路许可决定书",
			Basis: "《城市道路管理条例》第三十条、第三十三条", Commitment: true,
			Materials: []Material{
				req("占用、挖掘城市道路申请表", "水电气信接入外线工程可与报装一并申请。"),
				req("施工方案及交通组织方案", ""),
				opt("公安交通管理部门意见", "影响交通安全的提交。"),
			},
			Form: form(basics(), fields(
				fText("road_name", "道路名称及路段", "", true),
				fNum("excavation_length", "挖掘长度（米）", "", 0, true),
				fNum("excavation_area", "占用、挖掘面积（平方米）", "", 0, true),
				fDate("work_start", "施工开始日期", "", true),
				fDate("work_end", "施工结束日期", "", true),
			))},
	}
}

func surveyItems() []Item {
	return []Item{
		{Code: "survey_stage1", Name: "立项用地规划许可阶段综合测绘（多测合一）", Kind: KindIntermediary, Line: LineAux,
			LeadFunction: "zrzy", StatutoryDays: 10, PromisedDays: 7, ResultName: "立项用地规划许可综合测绘成果报告",
			Basis: "多测合一改革：选址测绘、勘测定界、宗地测量、地形测量合并为一次委托、一次测绘、成果共享。",
			Materials: []Material{
				req("测绘委托合同", "通过中介超市或测绘名录库选取测绘单位。"),
				req("拟用地范围示意图", ""),
			},
			Form: form(basics(), fields(fText("survey_unit", "测绘单位名称", "", true), landArea()))},
		{Code: "survey_completion", Name: "竣工验收阶段综合测绘（多测合一）", Kind: KindIntermediary, Line: LineAux,
			LeadFunction: "zrzy", StatutoryDays: 10, PromisedDays: 7, ResultName: "竣工验收综合测绘成果报告",
			Basis: "多测合一改革：规划核实测量、人防工程面积实测、房产实测绘合并为一次测绘，成果共享。",
			Materials: []Material{
				req("测绘委托合同", ""),
				req("建设工程规划许可证及附图", shared),
			},
			Form: form(basics(), fields(fText("survey_unit", "测绘单位名称", "", true), buildingArea(true)))},
	}
}

func utilityItems() []Item {
	type u struct{ code, name, fn, result string }
	us := []u{
		{"water_connection", "供水报装", "water", "供水接入方案答复及通水确认"},
		{"power_connection", "供电报装", "power", "供电方案答复及送电确认"},
		{"gas_connection", "燃气报装", "gas", "供气方案答复及通气确认"},
		{"telecom_connection", "通信报装", "telecom", "通信接入方案答复及开通确认"},
		{"broadcast_connection", "广播电视网络报装", "broadcast", "广电网络接入方案答复及开通确认"},
	}
	var out []Item
	for _, x := range us {
		out = append(out, Item{Code: x.code, Name: x.name, Kind: KindUtility, Line: LineAux,
			LeadFunction: x.fn, StatutoryDays: 5, PromisedDays: 3, ResultName: x.result,
			Basis: "市政公用服务：受理勘查、验收接入两个环节；无外线工程的当日受理、次日接入。",
			Materials: []Material{
				req(x.name+"申请表", "一表申请，可同时勾选供水、供电、燃气、通信、广电。"),
				req("用户主体资格证明", "营业执照或统一社会信用代码证明。"),
				opt("用电（用水、用气）设备清单及总平面图", "有内部工程的提交。"),
			},
			Form: form(basics(), utilityFields(x.code))})
	}
	return out
}

func utilityFields(code string) []formschema.Field {
	switch code {
	case "water_connection":
		return fields(fChoice("water_use", "用水性质", true, "生活用水", "生产用水", "消防用水", "施工临时用水"),
			fNum("daily_use", "预计日用水量（立方米）", "", 0, true), neededDate("期望通水日期"))
	case "power_connection":
		return fields(fNum("capacity", "申请用电容量（千伏安）", "", 0, true),
			fChoice("voltage", "供电电压", true, "220伏", "380伏", "10千伏", "35千伏及以上"),
			fChoice("power_use", "用电类别", true, "施工临时用电", "永久用电"), neededDate("期望送电日期"))
	case "gas_connection":
		return fields(fChoice("gas_use", "用气类别", true, "居民生活", "商业", "工业"),
			fNum("peak_flow", "最大小时用气量（立方米）", "", 0, true), neededDate("期望通气日期"))
	case "telecom_connection":
		return fields(fNum("access_points", "信息点或用户数", "", 0, true),
			fChoice("service", "业务类型", true, "宽带接入", "固定电话", "数据专线"), neededDate("期望开通日期"))
	}
	return fields(fNum("access_points", "用户数", "", 0, true), neededDate("期望开通日期"))
}
