package catalog

// The seed catalog: the main items of the four stages and the auxiliary
// items that run beside them, as typical for a Sichuan city after the
// 工程建设项目审批制度改革. Names, lead departments, materials and bases
// follow national rules and common reform practice; the limits are the
// usual statutory limits and reformed promises (see domain.md §1.3–1.5, §5)
// and are defaults for administrators to adjust, NOT values verified
// against Sichuan's or Dazhou's own lists.
//
// StandardCode (the national standard item code, DYBZSPSXBM) is left empty
// on purpose: the real codes were not available and must be confirmed with
// the provincial 工改 platform before anything is reported upward.

func req(name, desc string) Material { return Material{Name: name, Description: desc, Required: true} }

// def is a required material that may be supplied after acceptance (容缺).
func def(name, desc string) Material {
	return Material{Name: name, Description: desc, Required: true, DeficiencyAllowed: true}
}

func opt(name, desc string) Material { return Material{Name: name, Description: desc} }

// shared is the note on a material the system fetches itself.
const shared = "已在本系统办理的，由系统共享获取，无需重复提交。"

// stage1Items are 立项用地规划许可 items.
func stage1Items() []Item {
	return []Item{
		{Code: "gov_project_approval", Name: "政府投资项目可行性研究报告审批", Kind: KindLicence, Line: LineMain, Stage: 1,
			LeadFunction: "fgw", StatutoryDays: 20, PromisedDays: 10, ResultName: "可行性研究报告批复",
			Basis: "《政府投资条例》（国务院令第712号）第九条、第十一条",
			Materials: []Material{
				req("政府投资项目可行性研究报告审批申请文件", "项目单位或主管部门的请示文件。"),
				req("可行性研究报告", "由具备相应能力的工程咨询单位编制。"),
				req("项目建议书批复文件", "项目建议书与可研合并审批的，不需提交。"),
				req("建设项目用地预审与选址意见书", shared),
				opt("社会稳定风险评估报告及审查意见", "按规定需要开展社会稳定风险评估的项目提交。"),
			},
			Form: form(basics(), fields(
				fLong("construction_content", "建设规模及主要建设内容", "", true),
				investment(),
				fChoice("funding_source", "资金来源", true, "财政预算资金", "政府专项债券", "上级补助资金", "自筹资金", "其他"),
				landArea(), buildingArea(true),
				fNum("construction_months", "建设工期（月）", "", 240, true),
			))},
		{Code: "enterprise_project_filing", Name: "企业投资项目备案", Kind: KindFiling, Line: LineMain, Stage: 1,
			LeadFunction: "fgw", StatutoryDays: 3, PromisedDays: 1, ResultName: "企业投资项目备案证明",
			Basis: "《企业投资项目核准和备案管理条例》（国务院令第673号）第十三条", Commitment: true,
			Materials: []Material{
				req("企业投资项目备案信息表", "在投资项目在线审批监管平台填报，含项目单位、建设地点、规模、内容、总投资。"),
				req("项目单位声明", "对备案信息真实性、合法性和完整性负责的承诺。"),
			},
			Form: form(basics(), fields(
				fLong("construction_content", "建设规模及主要建设内容", "", true),
				investment(), buildingArea(false),
				fDate("planned_start", "拟开工时间", "", true),
			))},
		{Code: "enterprise_project_approval", Name: "企业投资项目核准", Kind: KindLicence, Line: LineMain, Stage: 1,
			LeadFunction: "fgw", StatutoryDays: 20, PromisedDays: 10, ResultName: "项目核准文件",
			Basis: "《企业投资项目核准和备案管理条例》（国务院令第673号）；《政府核准的投资项目目录》",
			Materials: []Material{
				req("项目申请报告", "含项目单位情况、拟建项目情况、资源利用和生态环境影响分析、经济和社会影响分析。"),
				req("建设项目用地预审与选址意见书", "按规定需要办理的提交；"+shared),
				opt("社会稳定风险评估报告", "按规定需要开展的项目提交。"),
			},
			Form: form(basics(), fields(
				fLong("construction_content", "建设规模及主要建设内容", "", true),
				investment(), landArea(),
			))},
		{Code: "land_pre_review_siting", Name: "建设项目用地预审与选址意见书核发", Kind: KindLicence, Line: LineMain, Stage: 1,
			LeadFunction: "zrzy", StatutoryDays: 20, PromisedDays: 7, ResultName: "建设项目用地预审与选址意见书",
			Basis: "《中华人民共和国土地管理法》第五十二条；《中华人民共和国城乡规划法》第三十六条", Deficiency: true,
			Materials: []Material{
				req("建设项目用地预审与选址申请表", ""),
				req("建设项目用地预审与选址申请报告", "含拟建设地点、用地规模、土地利用现状和规划符合性分析。"),
				req("项目建议书批复或项目代码证明", "政府投资项目提交项目建议书批复；其他项目提交投资项目代码。"),
				def("勘测定界图（用地红线图）", "可先以拟选址范围示意图受理，10个工作日内补交。"),
				opt("节地评价报告", "涉及占用永久基本农田或超标准用地的项目提交。"),
			},
			Form: form(basics(), fields(
				landArea(),
				fNum("farmland_area", "其中占用耕地面积（平方米）", "不占用的填 0。", 0, true),
				fChoice("land_use", "拟用地性质", true, landUses...),
				fAttach("red_line_map", "用地红线图（电子文件）", "CGCS2000 坐标系的 PDF 或 DWG 文件。", false),
			))},
		{Code: "land_use_planning_permit", Name: "建设用地规划许可证核发", Kind: KindLicence, Line: LineMain, Stage: 1,
			LeadFunction: "zrzy", StatutoryDays: 20, PromisedDays: 5, ResultName: "建设用地规划许可证",
			Basis: "《中华人民共和国城乡规划法》第三十七条、第三十八条",
			Materials: []Material{
				req("建设用地规划许可申请表", ""),
				req("国有建设用地使用权出让合同或划拨决定书", "以出让方式取得的提交出让合同及附图；划拨的提交划拨决定书。"),
				req("建设项目批准、核准或备案文件", shared),
				req("规划条件", "出让用地的规划条件为出让合同的组成部分。"),
				req("宗地图（用地红线图）", ""),
			},
			Form: form(basics(), fields(
				landArea(),
				fChoice("land_source", "土地取得方式", true, "出让", "划拨"),
				fChoice("land_use", "用地性质", true, landUses...),
				fNum("floor_area_ratio", "规划条件中的容积率上限", "", 20, true),
				fText("land_contract_no", "出让合同或划拨决定书编号", "", true),
			))},
	}
}

// stage2Items are 工程建设许可 items.
func stage2Items() []Item {
	return []Item{
		{Code: "preliminary_design_approval", Name: "政府投资项目初步设计及概算审批", Kind: KindLicence, Line: LineMain, Stage: 2,
			LeadFunction: "fgw", StatutoryDays: 20, PromisedDays: 10, ResultName: "初步设计及概算批复",
			Basis: "《政府投资条例》（国务院令第712号）第十一条、第十二条",
			Materials: []Material{
				req("初步设计及概算审批申请文件", ""),
				req("初步设计文件及概算书", "由具有相应资质的设计单位编制。"),
				req("可行性研究报告批复", shared),
			},
			Form: form(basics(), fields(
				fNum("estimated_investment", "概算总投资（万元）", "概算超过可研批复投资10%的，应报原审批部门重新审批可研。", 0, true),
				buildingArea(true), structure(),
			))},
		{Code: "design_scheme_review", Name: "建设工程设计方案审查", Kind: KindTechReview, Line: LineMain, Stage: 2,
			LeadFunction: "zrzy", StatutoryDays: 20, PromisedDays: 10, ResultName: "建设工程设计方案审查意见",
			Basis: "《中华人民共和国城乡规划法》第四十条", Deficiency: true,
			Materials: []Material{
				req("建设工程设计方案审查申请表", ""),
				req("建设工程设计方案（总平面图、各层平面图、立面图、剖面图）", "含技术经济指标表，电子文件为 PDF 或 DWG。"),
				req("建设用地规划许可证", shared),
				def("消防、人防设计专篇", "方案联审时由住建（消防）、人防部门同步审查；可容缺受理，5个工作日内补交。"),
				opt("日照分析报告", "居住建筑及对周边有日照影响的项目提交。"),
			},
			Form: form(basics(), fields(landArea(), buildingArea(true)), planningIndicators(), fields(buildings(true)))},
		{Code: "construction_planning_permit", Name: "建设工程规划许可证核发", Kind: KindLicence, Line: LineMain, Stage: 2,
			LeadFunction: "zrzy", StatutoryDays: 20, PromisedDays: 5, ResultName: "建设工程规划许可证",
			Basis: "《中华人民共和国城乡规划法》第四十条", Commitment: true,
			Materials: []Material{
				req("建设工程规划许可申请表", ""),
				req("经审查的建设工程设计方案", "带方案出让的项目，提交出让时确定的设计方案。"),
				req("建设用地规划许可证或不动产权证书", shared),
				req("工程规划许可综合测绘成果（拨地测量）", "由多测合一测绘单位出具。"),
			},
			Form: form(basics(), fields(buildingArea(true)), planningIndicators()[:3], fields(
				buildings(true),
				fText("design_unit", "设计单位名称", "", true),
			))},
		{Code: "civil_air_defense_approval", Name: "结合民用建筑修建防空地下室审批", Kind: KindLicence, Line: LineMain, Stage: 2,
			LeadFunction: "rf", StatutoryDays: 20, PromisedDays: 5, ResultName: "防空地下室建设意见书（或易地建设审批意见）",
			Basis: "《中华人民共和国人民防空法》第二十二条",
			Materials: []Material{
				req("民用建筑修建防空地下室审批申请表", ""),
				req("建设工程设计方案或总平面图", ""),
				opt("易地建设申请及理由说明", "因地质、地形等原因不宜修建防空地下室、申请易地建设的提交。"),
			},
			Form: form(basics(), fields(
				buildingArea(true),
				fNum("air_defense_area", "应建防空地下室面积（平方米）", "", 0, true),
				fChoice("construction_mode", "建设方式", true, "结合建设", "易地建设"),
			))},
	}
}
