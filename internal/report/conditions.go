package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dazhou-gongai/gongai/internal/catalog"
)

// conditions describes how a result was made, for the 查询条件 sheet and
// the page: every choice of the spec, the forced data scope and the
// counting rules.
func conditions(s *Spec, rangeLabel string, sc Scope, n *Names) []KeyText {
	labels := func(keys []string, opts []Option) string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = labelOf(opts, k)
		}
		return strings.Join(out, "、")
	}
	out := []KeyText{
		{"统计期间", fmt.Sprintf("%s（%s 至 %s，按%s）", rangeLabel, s.From, s.To, labelOf(Periods, s.Period))},
		{"行维度", labels(s.Rows, Dimensions)},
		{"列维度", orNone(labelOf(Dimensions, s.Column))},
		{"指标", labels(s.Measures, Measures())},
		{"派生列", orNone(derivedText(s.Derived))},
		{"数据范围", scopeText(sc, n)},
	}
	out = append(out, filterLines(&s.Filters, n)...)
	sort := "按维度顺序"
	if s.Sort != "" {
		sort = labelOf(Measures(), s.Sort) + map[bool]string{true: "（从高到低）", false: "（从低到高）"}[s.Desc]
	}
	top := "全部"
	if s.TopN > 0 {
		top = "前 " + strconv.Itoa(s.TopN) + " 项（合计含全部数据）"
	}
	return append(out, KeyText{"排序", sort}, KeyText{"显示", top},
		KeyText{"小计", map[bool]string{true: "显示", false: "不显示"}[s.Subtotals]},
		KeyText{"口径", "受理按受理时间、办结按办结时间计入统计期；用时为工作日，扣除补正和特别程序；比率为分子合计 ÷ 分母合计。"})
}

func orNone(s string) string {
	if s == "" {
		return "无"
	}
	return s
}

func derivedText(ds []DerivedCol) string {
	var parts []string
	for _, d := range ds {
		parts = append(parts, labelOf(Measures(), d.Measure)+derivedLabels[d.Kind])
	}
	return strings.Join(parts, "、")
}

// scopeText names the regions a scope covers.
func scopeText(sc Scope, n *Names) string {
	if sc.All {
		return "全市（市本级及各区县）"
	}
	return regionNames(sc.Codes, n)
}

func regionNames(codes []string, n *Names) string {
	out := make([]string, len(codes))
	for i, c := range codes {
		out[i] = c
		if name, ok := n.Regions[c]; ok {
			out[i] = name
		}
	}
	return strings.Join(out, "、")
}

// filterLines describes the filters that are set.
func filterLines(f *Filters, n *Names) []KeyText {
	var out []KeyText
	add := func(label string, vals []string) {
		if len(vals) > 0 {
			out = append(out, KeyText{"筛选：" + label, strings.Join(vals, "、")})
		}
	}
	if len(f.Regions) > 0 {
		out = append(out, KeyText{"筛选：区县", regionNames(f.Regions, n)})
	}
	var depts, flows, stages, chans []string
	for _, d := range f.Depts {
		depts = append(depts, strconv.FormatInt(d, 10))
	}
	for _, t := range f.FlowTypes {
		flows = append(flows, catalog.FlowTypeName(t))
	}
	for _, st := range f.Stages {
		stages = append(stages, orNone(catalog.StageName(st)))
	}
	for _, c := range f.Channels {
		chans = append(chans, labelOf(Channels, c))
	}
	add("牵头部门（机构编号）", depts)
	add("事项编码", f.Items)
	add("流程类型", flows)
	add("审批阶段", stages)
	add("申报渠道", chans)
	return out
}

func atoi64(s string) int64 {
	n, _ := strconv.ParseInt(s, 10, 64)
	return n
}
