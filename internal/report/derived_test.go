package report

import (
	"strings"
	"testing"
	"time"
)

// knownData: accepted cases of 通川区 (511702) and 渠县 (511725):
//
//	          2025-03  2026-01  2026-02  2026-03
//	通川区        5        1        2        4
//	渠县          0        0        1        1
func knownData(t *testing.T, e *env) {
	t.Helper()
	for region, months := range map[string]map[time.Time]int{
		"511702": {at(2025, 3, 10): 5, at(2026, 1, 12): 1, at(2026, 2, 10): 2, at(2026, 3, 10): 4},
		"511725": {at(2026, 2, 10): 1, at(2026, 3, 11): 1},
	} {
		for d, n := range months {
			for range n {
				e.accepted(t, region, d)
			}
		}
	}
}

// texts returns the labels and cell texts of every row, joined by "|".
func texts(r Result) []string {
	var out []string
	for _, row := range r.Rows {
		parts := append([]string{}, row.Labels...)
		for _, c := range row.Cells {
			parts = append(parts, c.Text)
		}
		out = append(out, strings.Join(parts, "|"))
	}
	return out
}

func wantRows(t *testing.T, r Result, want []string) {
	t.Helper()
	got := texts(r)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestDerived_KnownNumbers(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	ctx := e.as(t, "jianguan")
	spec := Spec{Rows: []string{DimRegion}, Measures: []string{"accepted"}, Period: PeriodMonth,
		From: "2026-03-01", To: "2026-03-31", Derived: []DerivedCol{{DerivedYoY, "accepted"},
			{DerivedMoM, "accepted"}, {DerivedShare, "accepted"}, {DerivedRank, "accepted"}}}
	r, err := e.svc.Pivot(ctx, spec)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, r, []string{
		"合计|5|+0.0%|+66.7%|100.0%|—",
		"通川区|4|-20.0%|+100.0%|80.0%|1",
		"渠县|1|—|+0.0%|20.0%|2",
	})
	if r.RangeLabel != "2026年3月" {
		t.Errorf("range label %q", r.RangeLabel)
	}

	// 累计 along the months, with 环比 by period and the share of each month
	spec = Spec{Rows: []string{DimPeriod}, Measures: []string{"accepted"}, Period: PeriodMonth,
		From: "2026-01-15", To: "2026-03-02", Derived: []DerivedCol{{DerivedCum, "accepted"}, {DerivedMoM, "accepted"},
			{DerivedYoY, "accepted"}}}
	if r, err = e.svc.Pivot(ctx, spec); err != nil {
		t.Fatal(err)
	}
	wantRows(t, r, []string{
		"合计|9|—|—|—",
		"2026年1月|1|1|—|—",
		"2026年2月|3|4|+200.0%|—",
		"2026年3月|5|9|+66.7%|+0.0%",
	})
	if r.Spec.From != "2026-01-01" || r.Spec.To != "2026-03-31" {
		t.Errorf("range not aligned: %s..%s", r.Spec.From, r.Spec.To)
	}
}

// TestDerived_PivotColumns puts the months in columns, regions in rows,
// with subtotals by region and channel.
func TestDerived_PivotColumns(t *testing.T) {
	e := newEnv(t)
	knownData(t, e)
	spec := Spec{Rows: []string{DimRegion, DimChannel}, Column: DimPeriod, Measures: []string{"accepted"},
		Period: PeriodMonth, From: "2026-02-01", To: "2026-03-31", Subtotals: true, Sort: "accepted", Desc: true}
	r, err := e.svc.Pivot(e.as(t, "jianguan"), spec)
	if err != nil {
		t.Fatal(err)
	}
	wantRows(t, r, []string{
		"合计||3|5|8",
		"通川区|小计|2|4|6",
		"通川区|网上申报|2|4|6",
		"渠县|小计|1|1|2",
		"渠县|网上申报|1|1|2",
	})
	if len(r.ColGroups) != 3 || r.ColGroups[0].Label != "2026年2月" || r.ColGroups[2].Label != "合计" {
		t.Errorf("column groups %+v", r.ColGroups)
	}
}
