package catalog

// stage3Items are 施工许可 items.
func stage3Items() []Item {
	return []Item{
		{Code: "drawing_review", Name: "施工图设计文件审查（含消防、人防、技防联合审查）", Kind: KindTechReview, Line: LineMain, Stage: 3,
			LeadFunction: "zj", StatutoryDays: 15, PromisedDays: 10, ResultName: "施工图设计文件审查合格书",
			Basis: "《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》（住房和城乡建设部令第13号）",
			Materials: []Material{
				req("施工图设计文件（全专业，电子签章）", "PDF 或 OFD 格式，由注册执业人员签章；DWG 文件可一并上传。"),
				req("岩土工程勘察报告", "经审查合格的勘察文件。"),
				req("建设工程规划许可证", shared),
				req("设计合同及设计单位资质证书", ""),
			},
			Form: form(basics(), fields(
				buildingArea(true), structure(),
				fText("design_unit", "设计单位名称", "", true),
				fText("survey_unit", "勘察单位名称", "", true),
				buildings(true),
			))},
		{Code: "fire_design_review", Name: "特殊建设工程消防设计审查", Kind: KindLicence, Line: LineMain, Stage: 3,
			LeadFunction: "xfsy", StatutoryDays: 15, PromisedDays: 10, ResultName: "特殊建设工程消防设计审查意见书",
			Basis: "《中华人民共和国消防法》第十一条；《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）",
			Materials: []Material{
				req("消防设计审查申请表", ""),
				req("消防设计文件", "含消防设计专篇及相应图纸。"),
				opt("特殊消防设计技术资料", "依法需要进行特殊消防设计的提交。"),
			},
			Form: form(basics(), fields(
				buildingArea(true),
				fNum("building_height", "最大建筑高度（米）", "", 1000, true),
				fChoice("special_category", "特殊建设工程类别", true,
					"人员密集场所", "高层公共建筑", "一类高层住宅建筑", "地下或半地下公共建筑", "其他特殊建设工程"),
				fChoice("fire_resistance", "耐火等级", true, "一级", "二级", "三级", "四级"),
			))},
		{Code: "fire_design_filing", Name: "其他建设工程消防设计备案", Kind: KindFiling, Line: LineMain, Stage: 3,
			LeadFunction: "xfsy", StatutoryDays: 5, PromisedDays: 1, ResultName: "消防设计备案凭证",
			Basis: "《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）", Commitment: true,
			Materials: []Material{
				req("消防设计备案表", ""),
				req("满足施工需要的消防设计图纸及技术资料", ""),
			},
			Form: form(basics(), fields(buildingArea(true), fText("main_use", "主要使用功能", "例如：住宅、办公、厂房。", true)))},
		{Code: "lightning_design_review", Name: "防雷装置设计审核", Kind: KindLicence, Line: LineMain, Stage: 3,
			LeadFunction: "qx", StatutoryDays: 20, PromisedDays: 5, ResultName: "防雷装置设计核准意见书",
			Basis: "《中华人民共和国气象法》第三十一条；《气象灾害防御条例》",
			Materials: []Material{
				req("防雷装置设计审核申请书", ""),
				req("防雷装置施工图设计说明书、施工图及计算书", ""),
				opt("雷电灾害风险评估报告", "按规定需要评估的项目提交；已有区域评估结果的可免于提交。"),
			},
			Form: form(basics(), fields(
				fNum("building_height", "最大建筑高度（米）", "", 1000, true),
				fChoice("lightning_class", "防雷类别", true, "第一类防雷建筑物", "第二类防雷建筑物", "第三类防雷建筑物"),
			))},
		{Code: "construction_permit", Name: "建筑工程施工许可证核发", Kind: KindLicence, Line: LineMain, Stage: 3,
			LeadFunction: "zj", StatutoryDays: 7, PromisedDays: 3, ResultName: "建筑工程施工许可证",
			Basis: "《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）。" +
				"工程质量安全监督手续与施工许可合并办理。", Commitment: true, Deficiency: true,
			Materials: []Material{
				req("建筑工程施工许可证申请表", "含工程质量安全监督登记信息。"),
				req("建设工程规划许可证", shared),
				req("施工图设计文件审查合格书", shared),
				req("施工合同（含中标通知书）", "依法必须招标的工程提交中标通知书。"),
				def("建设资金已经落实承诺书", "实行告知承诺，容缺受理后于5个工作日内补交。"),
				def("危险性较大的分部分项工程清单及安全措施", "可容缺受理，开工前补交。"),
			},
			Form: form(basics(), fields(
				fNum("contract_price", "合同价格（万元）", "", 0, true),
				buildingArea(true), structure(),
			), planDates(), builders(), fields(
				fText("project_manager", "项目经理", "与施工合同一致，须具备相应注册建造师资格。", true),
				buildings(true),
			))},
	}
}

// stage4Items are 竣工验收 items.
func stage4Items() []Item {
	return []Item{
		{Code: "joint_acceptance", Name: "竣工联合验收（规划、土地、消防、人防、档案）", Kind: KindTechReview, Line: LineMain, Stage: 4,
			LeadFunction: "zj", StatutoryDays: 20, PromisedDays: 10, ResultName: "建设工程竣工联合验收意见书",
			Basis:      "《建设工程质量管理条例》第十六条；《国务院办公厅关于全面开展工程建设项目审批制度改革的实施意见》（国办发〔2019〕11号）",
			Deficiency: true,
			Materials: []Material{
				req("竣工联合验收申请表", ""),
				req("工程竣工验收报告（五方责任主体验收意见）", ""),
				req("竣工验收综合测绘成果（多测合一）", "含规划核实测量、人防面积实测、房产实测。"),
				req("消防验收申请资料", "含消防设施检测报告。"),
				def("建设工程竣工档案（城建档案）", "可容缺受理，验收意见出具前补交。"),
				req("人防工程竣工验收资料", "结合修建防空地下室的项目提交。"),
			},
			Form: form(basics(), fields(
				buildingArea(true),
				fDate("completion_date", "五方竣工验收日期", "", true),
			), builders(), fields(buildings(true)))},
		{Code: "lightning_acceptance", Name: "防雷装置竣工验收", Kind: KindLicence, Line: LineMain, Stage: 4,
			LeadFunction: "qx", StatutoryDays: 10, PromisedDays: 5, ResultName: "防雷装置验收意见书",
			Basis: "《气象灾害防御条例》",
			Materials: []Material{
				req("防雷装置竣工验收申请书", ""),
				req("防雷装置检测报告", ""),
				req("防雷装置竣工图", ""),
			},
			Form: form(basics(), fields(
				fChoice("lightning_class", "防雷类别", true, "第一类防雷建筑物", "第二类防雷建筑物", "第三类防雷建筑物"),
				fDate("completion_date", "竣工日期", "", true),
			))},
		{Code: "completion_filing", Name: "房屋建筑和市政基础设施工程竣工验收备案", Kind: KindFiling, Line: LineMain, Stage: 4,
			LeadFunction: "zj", StatutoryDays: 5, PromisedDays: 1, ResultName: "竣工验收备案表",
			Basis: "《建设工程质量管理条例》第四十九条（建设单位应自竣工验收合格之日起15日内备案）",
			Materials: []Material{
				req("竣工验收备案表", ""),
				req("建设工程竣工联合验收意见书", shared),
				req("施工单位签署的工程质量保修书", ""),
				opt("住宅质量保证书和住宅使用说明书", "商品住宅工程提交。"),
			},
			Form: form(basics(), fields(
				fDate("acceptance_date", "竣工验收合格日期", "", true),
				buildingArea(true),
				fNum("contract_price", "合同价格（万元）", "", 0, true),
			))},
	}
}
