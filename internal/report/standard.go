package report

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// StandardInput chooses a standard statistics report: a month
// ("2026-03") or a quarter ("2026-Q1"), and an optional breakdown of each
// region by flow type, stage or lead department.
type StandardInput struct {
	Period string `json:"period" doc:"统计期：月 2026-03 或季度 2026-Q1"`
	By     string `json:"by,omitempty" doc:"分组：空（按区县）、flow_type、stage、dept"`
}

// Standard is a standard report in the official layout.
type Standard struct {
	Title      string `json:"title"`
	Unit       string `json:"unit" doc:"填报单位"`
	Period     string `json:"period" doc:"统计期"`
	PreparedOn string `json:"prepared_on" doc:"制表日期"`
	Preparer   string `json:"preparer" doc:"制表人"`
	Result     Result `json:"result"`
}

// StandardBreakdowns are the allowed values of StandardInput.By.
var StandardBreakdowns = []Option{{"", "仅按区县"}, {DimFlowType, "区县 × 流程类型"}, {DimStage, "区县 × 审批阶段"},
	{DimDept, "区县 × 牵头部门"}}

var (
	monthPattern   = regexp.MustCompile(`^(\d{4})-(0[1-9]|1[0-2])$`)
	quarterPattern = regexp.MustCompile(`^(\d{4})-Q([1-4])$`)
)

// StandardSpec is the spec of the standard report: rows per region (and
// breakdown), 受理/办结/按时/逾期 counts, 按时办结率, 平均用时, 同比 and 环比
// of 受理件数 and 办结件数, the ranking by 按时办结率, with subtotals.
func StandardSpec(in StandardInput) (Spec, error) {
	s := Spec{Rows: []string{DimRegion}, Subtotals: true,
		Measures: []string{"accepted", "concluded", "ontime", "overdue", "ontime_rate", "avg_days"},
		Derived: []DerivedCol{{DerivedYoY, "accepted"}, {DerivedMoM, "accepted"}, {DerivedYoY, "concluded"},
			{DerivedMoM, "concluded"}, {DerivedRank, "ontime_rate"}}}
	if labelOf(StandardBreakdowns, in.By) == in.By && in.By != "" {
		return s, errs.FieldErrors(map[string]string{"by": "分组方式只能从列表中选择。"})
	}
	if in.By != "" {
		s.Rows = append(s.Rows, in.By)
	}
	if m := monthPattern.FindStringSubmatch(in.Period); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d := calendar.NewDate(y, time.Month(mo), 1)
		s.Period, s.From, s.To = PeriodMonth, d.String(), periodEnd(PeriodMonth, d).String()
		return s, nil
	}
	if m := quarterPattern.FindStringSubmatch(in.Period); m != nil {
		y, _ := strconv.Atoi(m[1])
		q, _ := strconv.Atoi(m[2])
		d := calendar.NewDate(y, time.Month(3*q-2), 1)
		s.Period, s.From, s.To = PeriodQuarter, d.String(), periodEnd(PeriodQuarter, d).String()
		return s, nil
	}
	return s, errs.FieldErrors(map[string]string{"period": "统计期请填写月份（如 2026-03）或季度（如 2026-Q1）。"})
}

// Standard computes the standard report for the principal in ctx: every
// region of the caller's scope is listed (with zeros when it had no
// cases), the city first.
//
// Who: ReportView; a county user sees only their county. Errors:
// Unauthenticated, Forbidden, Invalid (period or breakdown).
func (s *Service) Standard(ctx context.Context, in StandardInput) (Standard, error) {
	p, sc, err := viewer(ctx, access.ReportView)
	if err != nil {
		return Standard{}, err
	}
	spec, err := StandardSpec(in)
	if err != nil {
		return Standard{}, err
	}
	regions, err := s.orgs.Regions(ctx)
	if err != nil {
		return Standard{}, err
	}
	var pad []string
	for _, r := range regions {
		if sc.All || contains(sc.Codes, r.Code) {
			pad = append(pad, r.Code)
		}
	}
	r, err := s.compute(ctx, spec, sc, pad, nil)
	if err != nil {
		return Standard{}, err
	}
	kind := map[string]string{PeriodMonth: "月报", PeriodQuarter: "季报"}[spec.Period]
	st := Standard{Period: r.RangeLabel, PreparedOn: calendar.DateOf(s.now()).Label(), Preparer: p.Name,
		Unit: unitOf(p), Result: r}
	st.Title = fmt.Sprintf("达州市工程建设项目审批统计%s（%s）", kind, r.RangeLabel)
	st.Result.Name = st.Title
	return st, nil
}

// unitOf is the 填报单位 of p: the org unit of its first assignment with
// ReportView, or its region's name.
func unitOf(p *access.Principal) string {
	for _, a := range p.Assignments {
		if a.Role.Grants(access.ReportView) {
			if a.OrgName != "" {
				return a.OrgName
			}
			return a.RegionName
		}
	}
	return ""
}
