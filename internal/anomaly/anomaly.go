// Package anomaly watches the daily series of indicators in the city and
// its nine counties and raises explained alerts when one changes
// abnormally (指标异常告警).
//
// Rules are data (table anomaly_rules, edited on /indicator-rules). Each
// judges one indicator per region and working day by one method: a static
// target (MethodStatic); a robust baseline, the median and MAD of the
// region's own last N working days (MethodBaseline); the other regions on
// the same day (MethodPeer); or CUSUM for a slow sustained drift
// (MethodCUSUM). Days are indexed by the working-day calendar, so a
// holiday is neither judged nor part of a baseline. A day whose
// numerator/denominator sample is below the rule's minimum is not judged,
// and a working day with no value at all is the state nodata ("the county
// reported nothing"), not a value of 0.
//
// Alert states follow Prometheus/Grafana: a breach makes a region pending;
// ForN consecutive breaching evaluations make it firing; KeepN consecutive
// clean ones after firing (recovering) return it to normal. Each episode
// away from normal is one Alert with its transitions; entering firing or
// nodata, and recovering, notify the region's IndicatorView holders inside
// the evaluation's transaction.
package anomaly

import (
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// Method is how a rule judges a value.
type Method string

// The methods.
const (
	MethodStatic   Method = "static"   // a fixed bound from policy, e.g. 逾期率 ≤ 5 %
	MethodBaseline Method = "baseline" // median ± MAD of the region's own recent working days
	MethodPeer     Method = "peer"     // median ± MAD of the other regions on the same day
	MethodCUSUM    Method = "cusum"    // one-sided CUSUM of recent days against the baseline
)

// Methods lists the methods in display order.
var Methods = []Method{MethodStatic, MethodBaseline, MethodPeer, MethodCUSUM}

var methodLabels = map[Method]string{MethodStatic: "静态目标", MethodBaseline: "稳健基线（中位数 ± MAD）",
	MethodPeer: "区县横向比较", MethodCUSUM: "CUSUM 缓慢漂移"}

// Label is the Chinese name of the method.
func (m Method) Label() string { return methodLabels[m] }

// Valid reports whether m is one of the methods.
func (m Method) Valid() bool { _, ok := methodLabels[m]; return ok }

// Direction says which deviation is bad.
type Direction string

// The directions.
const (
	Up   Direction = "up"   // higher is worse (逾期率)
	Down Direction = "down" // lower is worse (按时办结率)
	Both Direction = "both" // any deviation
)

var directionLabels = map[Direction]string{Up: "偏高为异常", Down: "偏低为异常", Both: "偏高或偏低均为异常"}

// Label is the Chinese name of the direction.
func (d Direction) Label() string { return directionLabels[d] }

// Valid reports whether d is one of the directions.
func (d Direction) Valid() bool { _, ok := directionLabels[d]; return ok }

// State is the state of a rule in a region.
type State string

// The states.
const (
	Normal     State = "normal"
	Pending    State = "pending"    // breaching, not yet for ForN evaluations
	Firing     State = "firing"     // breached for ForN evaluations
	Recovering State = "recovering" // was firing, clean for fewer than KeepN evaluations
	NoData     State = "nodata"     // the region reported nothing on a working day
)

// States lists the states in display order.
var States = []State{Firing, NoData, Pending, Recovering, Normal}

var stateLabels = map[State]string{Normal: "正常", Pending: "待确认", Firing: "告警中", Recovering: "恢复中",
	NoData: "未上报"}

// Label is the Chinese name of the state.
func (s State) Label() string { return stateLabels[s] }

// Valid reports whether s is one of the states.
func (s State) Valid() bool { _, ok := stateLabels[s]; return ok }

// Point is one period's value of an indicator in a region, as the
// indicator registry computes it. Value is in the indicator's display unit
// (a rate in per cent: 12.4 means 12.4 %). Numerator and Denominator are
// the counts behind a rate (Denominator 0 for a count indicator).
type Point struct {
	Start       time.Time `json:"start" doc:"统计周期开始时间（日：当日零时，北京时间）"`
	Value       float64   `json:"value"`
	Numerator   float64   `json:"numerator"`
	Denominator float64   `json:"denominator"`
}

// Sample is the size a minimum sample is checked against: the denominator
// of a rate, or the count itself for a count indicator.
func (p Point) Sample() float64 {
	if p.Denominator > 0 {
		return p.Denominator
	}
	return p.Numerator
}

// Day is the civil date (Asia/Shanghai) of the point's period start.
func (p Point) Day() calendar.Date { return calendar.DateOf(p.Start) }

// Indicator is what a rule needs to know of an indicator definition.
type Indicator struct {
	Code string `json:"code"`
	Name string `json:"name"`
	Unit string `json:"unit" doc:"显示单位，如 %、件、工作日"`
}

// Period is the only period rules judge: daily values, one per working day.
const Period = "day"
