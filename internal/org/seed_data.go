package org

// The seed data set: Dazhou's regions and, for each, one department per
// known department function, the comprehensive window and the five utility
// companies. Names follow the real naming habits: county-level ecology
// bureaus are branches of the city bureau (达州市宣汉生态环境局), the zones
// run 管委会 bureaus (达州高新区经济发展局), and the city's bureaus are
// branched into the zones where a zone has no bureau of its own. Credit
// codes and phone numbers are left empty: we do not invent them for real
// organisations.

// seedRegion is one region of the seed and the words its unit names use.
type seedRegion struct {
	Region
	prefix string // department name prefix: 达州市, 通川区, 达州高新区 …
	stem   string // short place name: 通川, 渠县, 高新区 …
}

var seedRegions = []seedRegion{
	{Region{Code: "511700", ReportingCode: "511700", Name: "达州市本级", Kind: KindCity, SortOrder: 0,
		Note: "地级市本级，GB/T 2260 代码 511700。"}, "达州市", "达州"},
	{Region{Code: "511702", ReportingCode: "511702", Name: "通川区", Kind: KindDistrict, SortOrder: 1}, "通川区", "通川"},
	{Region{Code: "511703", ReportingCode: "511703", Name: "达川区", Kind: KindDistrict, SortOrder: 2,
		Note: "原达县（511721），2013年撤县设区。"}, "达川区", "达川"},
	{Region{Code: "511722", ReportingCode: "511722", Name: "宣汉县", Kind: KindCounty, SortOrder: 3}, "宣汉县", "宣汉"},
	{Region{Code: "511723", ReportingCode: "511723", Name: "开江县", Kind: KindCounty, SortOrder: 4}, "开江县", "开江"},
	{Region{Code: "511724", ReportingCode: "511724", Name: "大竹县", Kind: KindCounty, SortOrder: 5}, "大竹县", "大竹"},
	{Region{Code: "511725", ReportingCode: "511725", Name: "渠县", Kind: KindCounty, SortOrder: 6}, "渠县", "渠县"},
	{Region{Code: "511781", ReportingCode: "511781", Name: "万源市", Kind: KindCountyCity, SortOrder: 7,
		Note: "县级市，由达州市代管。"}, "万源市", "万源"},
	{Region{Code: "511771", ReportingCode: "511771", Name: "达州高新区", Kind: KindZone, SortOrder: 8,
		Note: "达州高新技术产业开发区（原达州经济开发区，2019年10月认定为省级高新区）。" +
			"511771 是统计用区划代码（统计名录中称“达州经济开发区”），本区没有 GB/T 2260 行政区划代码；上报时使用 511771。"},
		"达州高新区", "高新区"},
	{Region{Code: "511772", ReportingCode: "511703", Name: "东部经开区", Kind: KindZone, SortOrder: 9, CodeIsInternal: true,
		Note: "达州东部经济开发区。511772 是本系统的内部编码，未经核实，不是国家或统计用区划代码，不得上报；" +
			"上报时使用“上报区划代码”，暂按所在区域填 511703（达川区），待与达州市工改办确认后由管理员修改。"},
		"达州东部经开区", "东部经开区"},
}

// seedUnit is one unit of the seed; parentFn names the parent by function.
type seedUnit struct {
	fn, kind, name, short, parentFn string
}

// seedUnitsFor returns the units of r, parents before children.
func seedUnitsFor(r seedRegion) []seedUnit {
	var units []seedUnit
	switch r.Kind {
	case KindCity:
		units = cityDepartments()
	case KindZone:
		units = zoneDepartments(r)
	default:
		units = countyDepartments(r)
	}
	return append(units, utilities(r)...)
}

func cityDepartments() []seedUnit {
	return []seedUnit{
		{"fgw", KindDepartment, "达州市发展和改革委员会", "市发展改革委", ""},
		{"zrzy", KindDepartment, "达州市自然资源和规划局", "市自然资源规划局", ""},
		{"zj", KindDepartment, "达州市住房和城乡建设局", "市住房城乡建设局", ""},
		{"xfsy", KindDepartment, "达州市住房和城乡建设局建设工程消防设计审查验收科", "市消防审验科", "zj"},
		{"sthj", KindDepartment, "达州市生态环境局", "市生态环境局", ""},
		{"yjgl", KindDepartment, "达州市应急管理局", "市应急管理局", ""},
		{"rf", KindDepartment, "达州市人民防空办公室", "市人防办", ""},
		{"sw", KindDepartment, "达州市水务局", "市水务局", ""},
		{"qx", KindDepartment, "达州市气象局", "市气象局", ""},
		{"cjda", KindDepartment, "达州市城建档案馆", "市城建档案馆", ""},
		{"zwfw", KindDepartment, "达州市政务服务和大数据管理局", "市政务服务局", ""},
		{"window", KindWindow, "达州市政务服务中心工程建设项目综合窗口", "市工改综合窗口", "zwfw"},
	}
}

func countyDepartments(r seedRegion) []seedUnit {
	p, s := r.prefix, r.stem
	return []seedUnit{
		{"fgw", KindDepartment, p + "发展和改革局", s + "发展改革局", ""},
		{"zrzy", KindDepartment, p + "自然资源和规划局", s + "自然资源规划局", ""},
		{"zj", KindDepartment, p + "住房和城乡建设局", s + "住房城乡建设局", ""},
		{"xfsy", KindDepartment, p + "住房和城乡建设局建设工程消防设计审查验收股", s + "消防审验股", "zj"},
		{"sthj", KindDepartment, "达州市" + s + "生态环境局", s + "生态环境局", ""},
		{"yjgl", KindDepartment, p + "应急管理局", s + "应急管理局", ""},
		{"rf", KindDepartment, p + "人民防空办公室", s + "人防办", ""},
		{"sw", KindDepartment, p + "水务局", s + "水务局", ""},
		{"qx", KindDepartment, p + "气象局", s + "气象局", ""},
		{"cjda", KindDepartment, p + "城建档案馆", s + "城建档案馆", ""},
		{"zwfw", KindDepartment, p + "政务服务和大数据管理局", s + "政务服务局", ""},
		{"window", KindWindow, p + "政务服务中心工程建设项目综合窗口", s + "工改综合窗口", "zwfw"},
	}
}

func zoneDepartments(r seedRegion) []seedUnit {
	p, s := r.prefix, r.stem
	return []seedUnit{
		{"fgw", KindDepartment, p + "经济发展局", s + "经发局", ""},
		{"zrzy", KindDepartment, "达州市自然资源和规划局" + s + "分局", s + "自然资源规划分局", ""},
		{"zj", KindDepartment, p + "建设局", s + "建设局", ""},
		{"xfsy", KindDepartment, p + "建设局建设工程消防设计审查验收股", s + "消防审验股", "zj"},
		{"sthj", KindDepartment, "达州市生态环境局" + s + "分局", s + "生态环境分局", ""},
		{"yjgl", KindDepartment, p + "应急管理局", s + "应急管理局", ""},
		{"rf", KindDepartment, p + "人民防空办公室", s + "人防办", ""},
		{"sw", KindDepartment, p + "水务局", s + "水务局", ""},
		{"qx", KindDepartment, "达州市气象局" + s + "气象工作站", s + "气象站", ""},
		{"cjda", KindDepartment, p + "城建档案室", s + "城建档案室", ""},
		{"zwfw", KindDepartment, p + "行政审批局", s + "行政审批局", ""},
		{"window", KindWindow, p + "政务服务中心工程建设项目综合窗口", s + "工改综合窗口", "zwfw"},
	}
}

func utilities(r seedRegion) []seedUnit {
	p, s := r.prefix, r.stem
	power := "国网四川省电力公司" + r.Name + "供电分公司"
	telecom := "中国电信股份有限公司" + s + "分公司"
	broadcast := "四川省有线广播电视网络股份有限公司" + s + "分公司"
	switch r.Kind {
	case KindCity:
		power = "国网四川省电力公司达州供电公司"
	case KindDistrict:
		telecom = "中国电信股份有限公司达州" + s + "分公司"
		broadcast = "四川省有线广播电视网络股份有限公司达州" + s + "分公司"
	case KindZone:
		power = "国网四川省电力公司达州供电公司" + s + "供电服务中心"
		telecom = "中国电信股份有限公司达州分公司" + s + "营业部"
		broadcast = "四川省有线广播电视网络股份有限公司达州分公司" + s + "营业部"
	}
	return []seedUnit{
		{"water", KindUtility, p + "供水有限责任公司", s + "供水", ""},
		{"power", KindUtility, power, s + "供电", ""},
		{"gas", KindUtility, p + "燃气有限公司", s + "燃气", ""},
		{"telecom", KindUtility, telecom, s + "电信", ""},
		{"broadcast", KindUtility, broadcast, s + "广电网络", ""},
	}
}
