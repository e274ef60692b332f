package history

import "time"

// profile is how a region's generated history looks. The figures are
// invented to look plausible (the two urban districts busiest, 万源市 the
// quietest, overdue shares between 3 and 8 per cent, 补正 between 15 and
// 25 per cent); they are not Dazhou's statistics.
type profile struct {
	name   string
	weight float64 // share of the city-wide volume
	// overdue is the share of accepted cases that exceed their limit.
	overdue float64
	// fix is the share of cases with a 补正 (before or after acceptance).
	fix float64
	// online is the share of applications made online (the rest at the window).
	online float64
	// flowMix is the share of projects of flow types 1, 3, 4 and 5.
	flowMix [4]float64
}

// regionCodes are the ten regions in org's sort order.
var regionCodes = []string{"511700", "511702", "511703", "511722", "511723", "511724", "511725",
	"511781", "511771", "511772"}

var profiles = map[string]profile{
	"511700": {"达州市本级", 0.10, 0.030, 0.16, 0.80, [4]float64{0.45, 0.25, 0.15, 0.15}},
	"511702": {"通川区", 0.18, 0.040, 0.18, 0.78, [4]float64{0.12, 0.38, 0.30, 0.20}},
	"511703": {"达川区", 0.17, 0.050, 0.20, 0.72, [4]float64{0.12, 0.36, 0.32, 0.20}},
	"511722": {"宣汉县", 0.10, 0.060, 0.22, 0.62, [4]float64{0.20, 0.30, 0.32, 0.18}},
	"511723": {"开江县", 0.06, 0.045, 0.19, 0.66, [4]float64{0.18, 0.30, 0.34, 0.18}},
	"511724": {"大竹县", 0.09, 0.055, 0.21, 0.64, [4]float64{0.18, 0.32, 0.32, 0.18}},
	"511725": {"渠县", 0.10, 0.070, 0.24, 0.60, [4]float64{0.20, 0.30, 0.32, 0.18}},
	"511781": {"万源市", 0.04, 0.080, 0.25, 0.55, [4]float64{0.25, 0.25, 0.35, 0.15}},
	"511771": {"达州高新区", 0.09, 0.035, 0.15, 0.85, [4]float64{0.10, 0.40, 0.25, 0.25}},
	"511772": {"东部经开区", 0.07, 0.050, 0.18, 0.75, [4]float64{0.10, 0.40, 0.25, 0.25}},
}

// flowTypes are the seeded flow types, in the order of profile.flowMix.
var flowTypes = [4]int{1, 3, 4, 5}

// seasonal scales a month's volume: quiet around 春节 (February) and the
// National Day week, busy in spring and before the year's end.
var seasonal = map[time.Month]float64{
	time.January: 0.90, time.February: 0.60, time.March: 1.10, time.April: 1.05, time.May: 1.05,
	time.June: 1.10, time.July: 1.00, time.August: 0.95, time.September: 1.05, time.October: 0.85,
	time.November: 1.10, time.December: 1.20,
}

// Rates that do not vary by region.
const (
	pOptional       = 0.30  // an optional stage item is applied for
	pNotReceive     = 0.010 // 不受理（退件）
	pRefuse         = 0.020 // 不予受理 (with pNotReceive: about 3 % refusals)
	pWithdrawEarly  = 0.006 // 撤件 before acceptance
	pWithdraw       = 0.008 // 撤回 after acceptance
	pDeny           = 0.015 // 办结（不通过）
	pSpecial        = 0.020 // 特别程序
	pDeficiency     = 0.15  // 容缺受理 where the item allows it
	pFixBeforeShare = 0.40  // of the 补正 cases, the share corrected before acceptance
	pFixRepeat      = 0.10  // a second 补正 before acceptance
)

// industries are plausible 行业代码 parts of a 项目代码 by flow type.
var industries = map[int][]string{
	1: {"83", "84", "48", "78", "77"},
	3: {"70", "47", "36", "59", "44"},
	4: {"36", "59", "47", "29", "13"},
	5: {"70", "72", "47", "59", "36"},
}

// codeKind is the 类型代码 of a flow type's projects: government investment
// is 审批 (01), the others mostly 备案 (03), some 核准 (02).
func codeKind(flowType int, r float64) string {
	switch {
	case flowType == 1:
		return "01"
	case flowType == 3 && r < 0.15:
		return "02"
	}
	return "03"
}

// projectKinds name generated projects by flow type; the region's name and
// a number are added.
var projectKinds = map[int][]string{
	1: {"学校教学楼", "道路改造工程", "社区卫生服务中心", "污水管网工程", "公共停车场", "体育馆"},
	3: {"住宅小区", "商业综合体", "产业园标准厂房", "酒店", "物流中心"},
	4: {"仓库", "小型厂房", "农产品加工车间", "配套用房"},
	5: {"住宅小区", "商住楼", "工业厂房", "研发楼"},
}

// stageGap is the range of calendar days between a stage's completion and
// the next stage's application (stage 3 → 4 is the construction itself).
var stageGap = map[int][2]int{1: {5, 60}, 2: {10, 90}, 3: {120, 420}}
