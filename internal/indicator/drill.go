package indicator

import (
	"context"
	"sort"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// Drill is the list of records behind one value: every figure of the
// indicator, region, period and dimension, recomputed from the source
// tables by the same code that computed the value, so its totals equal
// the value's numerator and denominator (unless the data changed since the
// last refresh, which Stale says).
type Drill struct {
	Definition  Definition    `json:"definition"`
	RegionCode  string        `json:"region_code"`
	Period      string        `json:"period"`
	Start       calendar.Date `json:"start"`
	Dim         string        `json:"dim"`
	Part        string        `json:"part" doc:"all（分母中的全部记录）| num（计入分子的记录）| miss（计入分母但未计入分子）"`
	Total       int           `json:"total" doc:"符合条件的记录数（不受分页影响）"`
	Numerator   float64       `json:"numerator"`
	Denominator float64       `json:"denominator"`
	Value       *float64      `json:"value"`
	Stored      Point         `json:"stored" doc:"已存储的指标值"`
	Stale       bool          `json:"stale" doc:"明细与已存储的值不一致（数据在上次计算后有变化）"`
	Note        string        `json:"note,omitempty"`
	Items       []Figure      `json:"items"`
}

// DrillQuery selects a drill-down. Part: "" or "all", "num", "miss".
type DrillQuery struct {
	Code, Region, Period, Dim, Part string
	Start                           calendar.Date
	Limit, Offset                   int
}

// Drill returns the records behind the value of q (figures in day, then
// record order), Limit per page (default 100, at most 500). Totals are over
// all of the period's records of q.Part. Snapshot indicators can only be
// drilled for a period containing today (past snapshots were not kept
// record by record). Who: IndicatorView in q.Region. Errors:
// Unauthenticated; Forbidden; NotFound (code); Invalid (period, part).
func (s *Service) Drill(ctx context.Context, q DrillQuery) (Drill, error) {
	if err := authorizeRegion(ctx, q.Region); err != nil {
		return Drill{}, err
	}
	if !ValidPeriod(q.Period) || (q.Part != "" && q.Part != "all" && q.Part != "num" && q.Part != "miss") {
		return Drill{}, errs.FieldErrors(map[string]string{"period": "周期或明细范围无效。"})
	}
	def, err := selectDefinition(ctx, s.db, q.Code)
	if err != nil {
		return Drill{}, err
	}
	start := StartOf(q.Period, q.Start)
	d := Drill{Definition: def, RegionCode: q.Region, Period: q.Period, Start: start, Dim: q.Dim, Part: q.Part}
	figs, err := s.figures(ctx, q.Code, q.Region, q.Dim, start, Next(q.Period, start))
	if err != nil {
		return Drill{}, err
	}
	if snapshots[q.Code] && (s.today().Before(start) || !s.today().Before(Next(q.Period, start))) {
		d.Note = "时点指标只能查看当前周期（含今天）的明细。"
	}
	d.Numerator, d.Denominator, d.Value = totals(def.Kind, figs)
	pts, err := s.SeriesDim(ctx, q.Code, q.Region, q.Period, q.Dim, start, start)
	if err != nil {
		return Drill{}, err
	}
	d.Stored = pts[0]
	d.Stale = d.Note == "" && (d.Stored.Numerator != d.Numerator || d.Stored.Denominator != d.Denominator)
	figs = part(figs, q.Part)
	d.Total = len(figs)
	limit := q.Limit
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 500)
	lo := min(max(q.Offset, 0), len(figs))
	d.Items = figs[lo:min(lo+limit, len(figs))]
	return d, nil
}

// figures recomputes the figures of code in region (CityWide: all) and
// dim over days [from, to), sorted by day and record.
func (s *Service) figures(ctx context.Context, code, region, dim string, from, to calendar.Date) ([]Figure, error) {
	out := listCollector(func(f *Figure) bool {
		return f.Code == code && f.Dim == dim && f.Ref.Kind != "" && (region == CityWide || f.RegionCode == region)
	})
	x, err := s.newExtract(ctx, from, to, out)
	if err != nil {
		return nil, err
	}
	if err := x.run(ctx, from, to, s.today()); err != nil {
		return nil, err
	}
	sort.SliceStable(out.list, func(i, j int) bool {
		a, b := out.list[i], out.list[j]
		if c := a.Day.Compare(b.Day); c != 0 {
			return c < 0
		}
		return a.Ref.Key < b.Ref.Key
	})
	return out.list, nil
}

// totals sums figures as the stored value would be computed.
func totals(kind string, figs []Figure) (num, den float64, v *float64) {
	var xs []float64
	for _, f := range figs {
		num += f.Numerator
		den += f.Denominator
		if f.Sample != nil {
			xs = append(xs, *f.Sample)
		}
	}
	if kind == KindMedian {
		return num, den, median(xs)
	}
	return num, den, valueOf(kind, num, den)
}

// part keeps the figures counted in the numerator ("num"), those in the
// denominator but not (fully) in the numerator ("miss"), or all.
func part(figs []Figure, p string) []Figure {
	if p == "" || p == "all" {
		return figs
	}
	var out []Figure
	for _, f := range figs {
		in := f.Numerator > 0
		if (p == "num") == in {
			out = append(out, f)
		}
	}
	return out
}
