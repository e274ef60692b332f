package catalog

// The seed flows: version 1 of flow types 1, 3, 4 and 5, the same for the
// city and every county-level region. Stage limits are defaults within the
// targets of domain.md §1.5 (type 1: 77, type 3: 57, type 4: 22, type 5:
// 37 working days in total) and are for administrators to adjust per
// region; they are not Sichuan's official figures.

// seedRegionCodes are the regions of org.Seed: 达州市本级 and its nine
// districts, counties and zones.
var seedRegionCodes = []string{"511700", "511702", "511703", "511722", "511723", "511724", "511725",
	"511781", "511771", "511772"}

// si is a stage item of the seed; the departments start with the lead.
func si(code string, departments ...string) StageItem {
	return StageItem{ItemCode: code, Departments: departments, Join: JoinAll}
}

// optional marks a stage item applied for only when the project needs it.
func optional(s StageItem) StageItem { s.Optional = true; return s }

func stage(no, limit int, items ...StageItem) Stage {
	return Stage{No: no, Name: StageName(no), LimitDays: limit, Items: items}
}

// evaluations are the optional parallel approvals of stage 1.
func evaluations() []StageItem {
	return []StageItem{
		optional(si("eia_approval", "sthj")),
		optional(si("soil_water_plan_approval", "sw")),
		optional(si("energy_review", "fgw")),
		optional(si("survey_stage1", "zrzy")),
	}
}

// connections are the optional utility connections, applied for in stage 2.
func connections(all bool) []StageItem {
	out := []StageItem{optional(si("water_connection", "water")), optional(si("power_connection", "power"))}
	if all {
		out = append(out, optional(si("gas_connection", "gas")), optional(si("telecom_connection", "telecom")),
			optional(si("broadcast_connection", "broadcast")), optional(si("road_excavation_permit", "zj")))
	}
	return out
}

func fireReview() []StageItem {
	return []StageItem{optional(si("fire_design_review", "xfsy")), optional(si("fire_design_filing", "xfsy"))}
}

func acceptance(limit int) Stage {
	return stage(4, limit,
		si("joint_acceptance", "zj", "zrzy", "xfsy", "rf", "cjda"),
		optional(si("lightning_acceptance", "qx")),
		optional(si("survey_completion", "zrzy")),
		si("completion_filing", "zj"))
}

func join(parts ...[]StageItem) []StageItem {
	var out []StageItem
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// seedFlows returns the flow definitions by type.
func seedFlows() map[int][]Stage {
	return map[int][]Stage{
		1: {
			stage(1, 20, join([]StageItem{si("gov_project_approval", "fgw"), si("land_pre_review_siting", "zrzy"),
				si("land_use_planning_permit", "zrzy")}, evaluations())...),
			stage(2, 25, join([]StageItem{si("preliminary_design_approval", "fgw", "zj"),
				si("design_scheme_review", "zrzy", "zj", "xfsy", "rf"), si("construction_planning_permit", "zrzy"),
				optional(si("civil_air_defense_approval", "rf"))}, connections(true))...),
			stage(3, 20, join([]StageItem{si("drawing_review", "zj", "xfsy", "rf")}, fireReview(),
				[]StageItem{optional(si("lightning_design_review", "qx")), si("construction_permit", "zj")})...),
			acceptance(12),
		},
		3: {
			stage(1, 15, join([]StageItem{si("enterprise_project_filing", "fgw"),
				optional(si("enterprise_project_approval", "fgw")), si("land_use_planning_permit", "zrzy")}, evaluations())...),
			stage(2, 15, join([]StageItem{si("design_scheme_review", "zrzy", "zj", "xfsy", "rf"),
				si("construction_planning_permit", "zrzy"), optional(si("civil_air_defense_approval", "rf"))},
				connections(true))...),
			stage(3, 15, join([]StageItem{si("drawing_review", "zj", "xfsy", "rf")}, fireReview(),
				[]StageItem{optional(si("lightning_design_review", "qx")), si("construction_permit", "zj")})...),
			acceptance(12),
		},
		4: {
			stage(1, 5, si("enterprise_project_filing", "fgw"), optional(si("land_use_planning_permit", "zrzy"))),
			stage(2, 5, join([]StageItem{si("low_risk_planning_permit", "zrzy")}, connections(false))...),
			stage(3, 5, si("low_risk_construction_permit", "zj"), optional(si("fire_design_filing", "xfsy"))),
			stage(4, 7, si("low_risk_joint_acceptance", "zj", "zrzy", "xfsy"), si("completion_filing", "zj")),
		},
		5: {
			stage(1, 10, join([]StageItem{si("enterprise_project_filing", "fgw"), si("land_use_planning_permit", "zrzy")},
				evaluations())...),
			// 带方案出让: the scheme was fixed with the land sale, so there is
			// no scheme review, and 工程建设许可 and 施工许可 run as one stage.
			{No: 2, Name: "工程建设许可和施工许可（合并办理）", LimitDays: 15, Items: join([]StageItem{
				si("construction_planning_permit", "zrzy"), si("drawing_review", "zj", "xfsy", "rf")}, fireReview(),
				[]StageItem{optional(si("civil_air_defense_approval", "rf")), si("construction_permit", "zj")},
				connections(false))},
			acceptance(12),
		},
	}
}
