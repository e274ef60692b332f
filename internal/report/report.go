// Package report is 统计报表: the standard monthly and quarterly statistics
// report per region in the official layout, and 动态化报表, pivots that a
// user builds from whitelisted dimensions and measures, saves, shares and
// schedules. Both are computed from the case engine's tables (read only)
// and exported to Excel (with a 查询条件 sheet) and PDF.
//
// No text a user types ever reaches SQL: a Spec names dimensions, measures
// and filters by key, the keys are checked against the registry in
// semantic.go, and filter values are bound as parameters. The data scope is
// forced on the server: a county user's every report, saved, shared or
// archived, is restricted to that county.
//
// Counting rules (the same for every report):
//   - 收件数 counts cases by received_at; 受理件数 by accepted_at; 办结件数,
//     按时办结件数, 逾期件数 and durations by concluded_at, each within the
//     period. 办结 means BLZT 11, 12 or 13 with a conclusion time.
//   - 用时 is the working days from the clock's start day to the day of
//     conclusion, minus the paused working days (补正, 特别程序), as the
//     engine counts them; 按时 means 用时 ≤ the promised limit.
//   - Rates are ratios of sums (按时办结率 = Σ按时 ÷ Σ办结), so subtotals
//     and totals are recomputed, never averaged. P50/P90 use the
//     nearest-rank method over the concluded cases of the cell.
package report

import (
	"strings"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Spec is a report definition as stored (JSON) and as run. The zero value
// is not valid; Normalize checks it and fills the defaults.
type Spec struct {
	Rows      []string     `json:"rows" doc:"行维度（1–3 个）：region 区县、dept 牵头部门、item 事项、flow_type 流程类型、stage 审批阶段、period 统计周期、channel 申报渠道"`
	Column    string       `json:"column,omitempty" doc:"列维度（可空），取值同行维度，不能与行维度重复"`
	Measures  []string     `json:"measures" doc:"指标：received 收件数、accepted 受理件数、concluded 办结件数、ontime 按时办结件数、overdue 逾期件数、avg_days 平均用时、p50_days、p90_days、ontime_rate 按时办结率、overdue_rate 逾期率"`
	Period    string       `json:"period,omitempty" doc:"统计周期粒度：day、week、month、quarter、year；默认 month"`
	From      string       `json:"from" doc:"统计期间开始日期 YYYY-MM-DD（按统计周期对齐）"`
	To        string       `json:"to" doc:"统计期间结束日期 YYYY-MM-DD（含当日，按统计周期对齐）"`
	Filters   Filters      `json:"filters"`
	Sort      string       `json:"sort,omitempty" doc:"排序指标（可空：按维度顺序）"`
	Desc      bool         `json:"desc,omitempty"`
	TopN      int          `json:"top_n,omitempty" doc:"只显示第一个行维度的前 N 项（0：全部）"`
	Subtotals bool         `json:"subtotals,omitempty"`
	Derived   []DerivedCol `json:"derived,omitempty"`
}

// Filters restrict the cases a report counts. Empty lists do not filter.
// Regions are always intersected with the viewer's scope.
type Filters struct {
	Regions   []string `json:"regions,omitempty"`
	Depts     []int64  `json:"depts,omitempty"`
	Items     []string `json:"items,omitempty"`
	FlowTypes []int    `json:"flow_types,omitempty"`
	Stages    []int    `json:"stages,omitempty"`
	Channels  []string `json:"channels,omitempty"`
}

// DerivedCol is one derived column computed on a measure: yoy 同比, mom 环比,
// share 占比, rank 排名, cum 累计.
type DerivedCol struct {
	Kind    string `json:"kind"`
	Measure string `json:"measure"`
}

// Derived column kinds.
const (
	DerivedYoY   = "yoy"
	DerivedMoM   = "mom"
	DerivedShare = "share"
	DerivedRank  = "rank"
	DerivedCum   = "cum"
)

var derivedLabels = map[string]string{DerivedYoY: "同比", DerivedMoM: "环比", DerivedShare: "占比",
	DerivedRank: "排名", DerivedCum: "累计"}

// Limits that keep one report from exhausting a server.
const (
	MaxRowDims   = 3
	MaxMeasures  = 10
	MaxRows      = 5000 // detail rows of one result
	MaxSpanYears = 5    // From..To
)

// Range is the aligned statistics period of a normalised Spec: the
// inclusive dates and the half-open instants [Start, End) in Shanghai time.
type Range struct {
	From, To   calendar.Date
	Start, End time.Time
}

// Normalize checks s against the registry, fills defaults (period month),
// aligns From/To to whole periods and returns the range. Errors: Invalid
// with per-field Chinese messages.
func (s *Spec) Normalize() (Range, error) {
	bad := map[string]string{}
	s.checkDims(bad)
	s.checkMeasures(bad)
	s.checkFilters(bad)
	if s.Period == "" {
		s.Period = PeriodMonth
	}
	if !validPeriod(s.Period) {
		bad["period"] = "统计周期只能是日、周、月、季度或年。"
	}
	rg := s.checkRange(bad)
	s.checkDerived(bad)
	if s.TopN < 0 || s.TopN > MaxRows {
		bad["top_n"] = "前 N 项须为 0 至 5000 之间的整数（0 表示全部）。"
	}
	if len(bad) > 0 {
		return Range{}, errs.FieldErrors(bad)
	}
	return rg, nil
}

// checkRange parses From and To and aligns them to the period.
func (s *Spec) checkRange(bad map[string]string) Range {
	from, err1 := calendar.ParseDate(strings.TrimSpace(s.From))
	to, err2 := calendar.ParseDate(strings.TrimSpace(s.To))
	switch {
	case err1 != nil:
		bad["from"] = "请填写开始日期，格式如 2026-01-01。"
	case err2 != nil:
		bad["to"] = "请填写结束日期，格式如 2026-03-31。"
	case to.Before(from):
		bad["to"] = "结束日期不能早于开始日期。"
	case to.Sub(from) > MaxSpanYears*366:
		bad["to"] = "统计期间最长 5 年。"
	}
	if len(bad) > 0 || !validPeriod(s.Period) {
		return Range{}
	}
	from, to = periodStart(s.Period, from), periodEnd(s.Period, to)
	s.From, s.To = from.String(), to.String()
	return Range{From: from, To: to, Start: from.Time(), End: to.AddDays(1).Time()}
}

// hasDim reports whether dimension key is a row or the column dimension.
func (s *Spec) hasDim(key string) bool {
	return s.Column == key || contains(s.Rows, key)
}

func contains[T comparable](xs []T, x T) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}
