package anomaly

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Rule is one anomaly rule. RegionCode "" applies it to every region; a
// region's own enabled rule of the same indicator and method replaces it
// there.
//
// Threshold means, by method: the bound (static: value above it is a
// breach for Up, below for Down); the robust score |x − median| /
// (1.4826·MAD) that breaches (baseline, peer; 3 is usual); or the CUSUM
// limit h in standard deviations (cusum; 4 is usual), with CUSUMK the
// allowance k in standard deviations. MinDelta is the smallest absolute
// deviation from the baseline that may breach, so that a flat history
// (MAD 0) does not turn every wobble into an alert. WindowDays is the
// number of working days of history for baselines and CUSUM. MinSample is
// the smallest Point.Sample that is judged (0: any).
//
// SpanDays (1 unless set) is how many working days one judgement sums: a
// rule with SpanDays 5 judges, on each working day, the rate of the five
// working days ending with it (Σ numerators / Σ denominators), so that a
// county with a case or two a day reaches a sample worth judging. Only
// rates (unit %) are summed this way, and not by CUSUM, which accumulates
// days itself. A baseline then compares with the sums of the WindowDays
// spans that end before the judged span begins, so that the days judged
// are not part of their own baseline.
type Rule struct {
	ID            int64     `json:"id"`
	Name          string    `json:"name"`
	IndicatorCode string    `json:"indicator_code"`
	IndicatorName string    `json:"indicator_name"`
	Unit          string    `json:"unit"`
	RegionCode    string    `json:"region_code" doc:"区县编码；空表示全部十个区县（市本级和九个县区）"`
	Method        Method    `json:"method" doc:"static | baseline | peer | cusum"`
	Direction     Direction `json:"direction" doc:"up（偏高为异常）| down（偏低为异常）| both"`
	Threshold     float64   `json:"threshold"`
	MinDelta      float64   `json:"min_delta"`
	CUSUMK        float64   `json:"cusum_k"`
	WindowDays    int       `json:"window_days"`
	ForN          int       `json:"for_n" doc:"连续几次评估超限后转为告警中"`
	KeepN         int       `json:"keep_n" doc:"告警后连续几次评估正常后恢复正常"`
	MinSample     int       `json:"min_sample" doc:"分母（或计数）少于该值时不作判断"`
	SpanDays      int       `json:"span_days" doc:"每次判断合计的工作日数（1 = 按日；大于 1 时合计最近这么多个工作日的分子和分母，只用于比率类指标）"`
	NoData        string    `json:"nodata" doc:"alert：工作日无数据记为未上报；ignore：不作判断"`
	Enabled       bool      `json:"enabled"`
	Note          string    `json:"note"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

// The NoData policies.
const (
	NoDataAlert  = "alert"
	NoDataIgnore = "ignore"
)

// Bounds of a rule's settings.
const (
	MinWindow = 5
	MaxWindow = 120
	MaxStreak = 30
	MaxSpan   = 20
)

// Defaults fills the settings a form may leave empty.
func (r *Rule) Defaults() {
	if r.WindowDays == 0 {
		r.WindowDays = 20
	}
	if r.ForN == 0 {
		r.ForN = 3
	}
	if r.KeepN == 0 {
		r.KeepN = 2
	}
	if r.CUSUMK == 0 {
		r.CUSUMK = 0.5
	}
	if r.NoData == "" {
		r.NoData = NoDataAlert
	}
	if r.SpanDays == 0 {
		r.SpanDays = 1
	}
}

// span is the working days one judgement sums (at least 1).
func (r *Rule) span() int { return max(r.SpanDays, 1) }

// Validate reports the problems of r as field errors (errs.Invalid).
func (r *Rule) Validate() error {
	r.Name, r.Note = strings.TrimSpace(r.Name), strings.TrimSpace(r.Note)
	f := map[string]string{}
	switch n := utf8.RuneCountInString(r.Name); {
	case n == 0:
		f["name"] = "请填写规则名称。"
	case n > 100:
		f["name"] = "规则名称最多 100 字。"
	}
	if r.IndicatorCode == "" {
		f["indicator_code"] = "请选择指标。"
	}
	if !r.Method.Valid() {
		f["method"] = "请选择判断方法。"
	}
	if !r.Direction.Valid() {
		f["direction"] = "请选择异常方向。"
	}
	r.checkNumbers(f)
	if r.NoData != NoDataAlert && r.NoData != NoDataIgnore {
		f["nodata"] = "请选择工作日无数据时的处理方式。"
	}
	if utf8.RuneCountInString(r.Note) > 1000 {
		f["note"] = "说明最多 1000 字。"
	}
	if len(f) > 0 {
		return errs.FieldErrors(f)
	}
	return nil
}

// checkNumbers adds the problems of the numeric settings to f.
func (r *Rule) checkNumbers(f map[string]string) {
	finite := func(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
	if !finite(r.Threshold) || (r.Method != MethodStatic && r.Threshold <= 0) {
		f["threshold"] = "阈值须为数字；稳健基线、横向比较和 CUSUM 的阈值须大于 0（通常为 3 或 4）。"
	}
	if !finite(r.MinDelta) || r.MinDelta < 0 {
		f["min_delta"] = "最小偏离须为不小于 0 的数字。"
	}
	if !finite(r.CUSUMK) || r.CUSUMK < 0 || r.CUSUMK > 5 {
		f["cusum_k"] = "CUSUM 容许偏差 k 须在 0 到 5 之间（通常为 0.5）。"
	}
	if r.WindowDays < MinWindow || r.WindowDays > MaxWindow {
		f["window_days"] = "基线窗口须为 5 到 120 个工作日。"
	}
	if r.ForN < 1 || r.ForN > MaxStreak {
		f["for_n"] = "转为告警所需的连续次数须为 1 到 30。"
	}
	if r.KeepN < 1 || r.KeepN > MaxStreak {
		f["keep_n"] = "恢复所需的连续次数须为 1 到 30。"
	}
	if r.MinSample < 0 || r.MinSample > 100000 {
		f["min_sample"] = "最小样本须为 0 到 100000 的整数。"
	}
	switch {
	case r.SpanDays < 1 || r.SpanDays > MaxSpan:
		f["span_days"] = "合计窗口须为 1 到 20 个工作日（1 表示按日判断）。"
	case r.SpanDays > 1 && r.Unit != "%":
		f["span_days"] = "只有比率类指标（单位为 %）可以合计多个工作日判断。"
	case r.SpanDays > 1 && r.Method == MethodCUSUM:
		f["span_days"] = "CUSUM 本身按日累计，合计窗口须为 1。"
	}
}

// appliesTo reports whether r judges regionCode given every enabled rule:
// an all-region rule yields to a region's own rule of the same indicator
// and method.
func (r *Rule) appliesTo(regionCode string, all []Rule) bool {
	if !r.Enabled {
		return false
	}
	if r.RegionCode != "" {
		return r.RegionCode == regionCode
	}
	for _, o := range all {
		if o.Enabled && o.RegionCode == regionCode && o.IndicatorCode == r.IndicatorCode && o.Method == r.Method {
			return false
		}
	}
	return true
}
