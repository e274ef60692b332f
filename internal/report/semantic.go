package report

import (
	"fmt"
	"regexp"
	"strings"
)

// The semantic layer: the only dimensions and measures a report may use.
// A key not listed here is refused by Normalize before any SQL is built.

// Dimension keys.
const (
	DimRegion   = "region"
	DimDept     = "dept"
	DimItem     = "item"
	DimFlowType = "flow_type"
	DimStage    = "stage"
	DimPeriod   = "period"
	DimChannel  = "channel"
)

// Option is a key with its Chinese label, in display order.
type Option struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// Dimensions lists the whitelisted dimensions.
var Dimensions = []Option{{DimRegion, "区县"}, {DimDept, "牵头部门"}, {DimItem, "事项"},
	{DimFlowType, "流程类型"}, {DimStage, "审批阶段"}, {DimPeriod, "统计周期"}, {DimChannel, "申报渠道"}}

// event says which timestamp puts a case into a period for a measure.
type event int

const (
	evReceived event = iota
	evAccepted
	evConcluded
	nEvents
)

// Measure kinds: how a value is formatted and re-aggregated.
const (
	kindCount = "count" // additive
	kindDays  = "days"  // working days, one decimal
	kindRate  = "rate"  // ratio of sums, shown as a percentage
)

// measureDef is one whitelisted measure.
type measureDef struct {
	Key, Label, Kind string
	Event            event
}

var measures = []measureDef{
	{"received", "收件数", kindCount, evReceived},
	{"accepted", "受理件数", kindCount, evAccepted},
	{"concluded", "办结件数", kindCount, evConcluded},
	{"ontime", "按时办结件数", kindCount, evConcluded},
	{"overdue", "逾期件数", kindCount, evConcluded},
	{"avg_days", "平均用时（工作日）", kindDays, evConcluded},
	{"p50_days", "用时中位数P50（工作日）", kindDays, evConcluded},
	{"p90_days", "用时P90（工作日）", kindDays, evConcluded},
	{"ontime_rate", "按时办结率", kindRate, evConcluded},
	{"overdue_rate", "逾期率", kindRate, evConcluded},
}

// Measures lists the whitelisted measures.
func Measures() []Option {
	out := make([]Option, len(measures))
	for i, m := range measures {
		out[i] = Option{m.Key, m.Label}
	}
	return out
}

func measureOf(key string) (measureDef, bool) {
	for _, m := range measures {
		if m.Key == key {
			return m, true
		}
	}
	return measureDef{}, false
}

// DerivedKinds lists the derived column kinds.
var DerivedKinds = []Option{{DerivedYoY, "同比"}, {DerivedMoM, "环比"}, {DerivedShare, "占比"},
	{DerivedRank, "排名"}, {DerivedCum, "累计"}}

// Channels are the application channels.
var Channels = []Option{{"online", "网上申报"}, {"window", "窗口申报"}}

// dimLabel is the Chinese name of a dimension key.
func dimLabel(key string) string { return labelOf(Dimensions, key) }

func labelOf(opts []Option, key string) string {
	for _, o := range opts {
		if o.Key == key {
			return o.Label
		}
	}
	return key
}

func (s *Spec) checkDims(bad map[string]string) {
	if len(s.Rows) == 0 || len(s.Rows) > MaxRowDims {
		bad["rows"] = "请选择 1 至 3 个行维度。"
	}
	dims := append([]string{}, s.Rows...)
	if s.Column != "" {
		dims = append(dims, s.Column)
	}
	seen := map[string]bool{}
	for _, d := range dims {
		if labelOf(Dimensions, d) == d {
			bad["rows"] = "维度只能从列表中选择。"
			return
		}
		if seen[d] {
			bad["column"] = fmt.Sprintf("维度“%s”不能重复选择。", dimLabel(d))
		}
		seen[d] = true
	}
}

func (s *Spec) checkMeasures(bad map[string]string) {
	if len(s.Measures) == 0 || len(s.Measures) > MaxMeasures {
		bad["measures"] = "请至少选择一个指标。"
	}
	seen := map[string]bool{}
	for _, m := range s.Measures {
		if _, ok := measureOf(m); !ok || seen[m] {
			bad["measures"] = "指标只能从列表中选择，且不能重复。"
		}
		seen[m] = true
	}
	if s.Sort != "" && !contains(s.Measures, s.Sort) {
		bad["sort"] = "排序指标须是已选择的指标之一。"
	}
}

var (
	regionCode = regexp.MustCompile(`^5117\d\d$`)
	itemCode   = regexp.MustCompile(`^[0-9A-Za-z_.\-]{1,64}$`)
)

func (s *Spec) checkFilters(bad map[string]string) {
	f := &s.Filters
	for _, r := range f.Regions {
		if !regionCode.MatchString(r) {
			bad["regions"] = "区县只能从列表中选择。"
		}
	}
	for i, it := range f.Items {
		f.Items[i] = strings.TrimSpace(it)
		if !itemCode.MatchString(f.Items[i]) {
			bad["items"] = "事项编码只能含字母、数字、点、横线和下划线。"
		}
	}
	for _, t := range f.FlowTypes {
		if t < 1 || t > 10 {
			bad["flow_types"] = "流程类型只能是 1 至 10。"
		}
	}
	for _, st := range f.Stages {
		if st < 0 || st > 4 {
			bad["stages"] = "审批阶段只能是 1 至 4（0 为辅线）。"
		}
	}
	for _, c := range f.Channels {
		if labelOf(Channels, c) == c {
			bad["channels"] = "申报渠道只能是网上申报或窗口申报。"
		}
	}
	if len(f.Regions)+len(f.Depts)+len(f.Items)+len(f.FlowTypes)+len(f.Stages)+len(f.Channels) > 200 {
		bad["filters"] = "筛选条件过多（最多 200 个取值）。"
	}
}

func (s *Spec) checkDerived(bad map[string]string) {
	if len(s.Derived) > 10 {
		bad["derived"] = "派生列最多 10 个。"
		return
	}
	for _, d := range s.Derived {
		m, ok := measureOf(d.Measure)
		switch {
		case labelOf(DerivedKinds, d.Kind) == d.Kind:
			bad["derived"] = "派生列只能是同比、环比、占比、排名或累计。"
		case !ok || !contains(s.Measures, d.Measure):
			bad["derived"] = "派生列所依据的指标须是已选择的指标之一。"
		case d.Kind == DerivedShare && m.Kind != kindCount:
			bad["derived"] = "占比只能对件数类指标计算。"
		case d.Kind == DerivedCum && !s.hasDim(DimPeriod):
			bad["derived"] = "累计须按统计周期分组（把“统计周期”选为行维度或列维度）。"
		}
	}
}
