package indicator

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

func TestJudge(t *testing.T) {
	up := Definition{Target: ptr(90), Tolerance: 5, Direction: Up}
	down := Definition{Target: ptr(5), Tolerance: 3, Direction: Down}
	for _, tc := range []struct {
		d    Definition
		v    *float64
		want string
	}{
		{up, ptr(90), StatusOK}, {up, ptr(95), StatusOK}, {up, ptr(85), StatusWarn}, {up, ptr(84.9), StatusBad},
		{down, ptr(5), StatusOK}, {down, ptr(0), StatusOK}, {down, ptr(8), StatusWarn}, {down, ptr(8.1), StatusBad},
		{up, nil, StatusNone}, {Definition{Direction: Up}, ptr(1), StatusNone},
	} {
		if got := tc.d.Judge(tc.v); got != tc.want {
			t.Errorf("Judge(%v, target %v %s) = %s, want %s", show(tc.v), *orZero(tc.d.Target), tc.d.Direction, got, tc.want)
		}
	}
}

func orZero(p *float64) *float64 {
	if p == nil {
		return ptr(0)
	}
	return p
}

func TestPeriods(t *testing.T) {
	d := calendar.NewDate(2026, 3, 11) // Wednesday
	for _, tc := range []struct {
		p           string
		start, next string
		label       string
	}{
		{Day, "2026-03-11", "2026-03-12", "2026年3月11日"},
		{Week, "2026-03-09", "2026-03-16", "2026年3月9日起一周"},
		{Month, "2026-03-01", "2026-04-01", "2026年3月"},
		{Quarter, "2026-01-01", "2026-04-01", "2026年第1季度"},
		{Year, "2026-01-01", "2027-01-01", "2026年"},
	} {
		s := StartOf(tc.p, d)
		if s.String() != tc.start || Next(tc.p, s).String() != tc.next || Prev(tc.p, Next(tc.p, s)) != s {
			t.Errorf("%s: start %s next %s", tc.p, s, Next(tc.p, s))
		}
		if got := Label(tc.p, s); got != tc.label {
			t.Errorf("Label(%s) = %q, want %q", tc.p, got, tc.label)
		}
	}
	if StartOf(Week, calendar.NewDate(2026, 3, 15)).String() != "2026-03-09" { // Sunday
		t.Error("a Sunday belongs to the week starting the Monday before")
	}
	if _, _, err := ParsePeriod("fortnight", "2026-13-01", d); err == nil {
		t.Error("ParsePeriod accepted a bad period and date")
	}
}

func TestMedianAndValue(t *testing.T) {
	if m := median([]float64{5, 1, 3}); *m != 3 {
		t.Errorf("median odd = %v", *m)
	}
	if m := median([]float64{4, 1, 3, 2}); *m != 2.5 {
		t.Errorf("median even = %v", *m)
	}
	if median(nil) != nil || valueOf(KindRate, 1, 0) != nil {
		t.Error("no data must be nil")
	}
	if v := valueOf(KindRate, 1, 3); *v != 33.3333 {
		t.Errorf("rate = %v", *v)
	}
	if v := valueOf(KindCount, 0, 0); v == nil || *v != 0 {
		t.Error("a count of nothing is 0")
	}
}

func TestScoreAndRank(t *testing.T) {
	defs := []Definition{
		{Code: "a", Target: ptr(90), Direction: Up, Weight: 1},
		{Code: "b", Target: ptr(5), Direction: Down, Weight: 3},
		{Code: "c", Direction: Up, Weight: 5}, // no target: not scored
	}
	cell := func(v *float64) RegionValue { return RegionValue{Value: v} }
	rows := []MatrixRow{
		{RegionCode: CityWide, Score: Score(defs, []RegionValue{cell(ptr(90)), cell(ptr(5)), cell(ptr(1))})},
		{RegionCode: "x", Score: Score(defs, []RegionValue{cell(ptr(45)), cell(ptr(10)), cell(nil)})},
		{RegionCode: "y", Score: Score(defs, []RegionValue{cell(ptr(90)), cell(ptr(4)), cell(nil)})},
		{RegionCode: "z", Score: Score(defs, []RegionValue{cell(nil), cell(nil), cell(ptr(1))})},
	}
	// x: (1×50 + 3×50) / 4 = 50; y: 100.
	if *rows[1].Score != 50 || *rows[2].Score != 100 || rows[3].Score != nil {
		t.Fatalf("scores %v %v %v", show(rows[1].Score), show(rows[2].Score), show(rows[3].Score))
	}
	rank(rows)
	if rows[0].Rank != 0 || rows[2].Rank != 1 || rows[1].Rank != 2 || rows[3].Rank != 0 {
		t.Errorf("ranks %d %d %d %d", rows[0].Rank, rows[1].Rank, rows[2].Rank, rows[3].Rank)
	}
}

func TestTrendSVG_Accessible(t *testing.T) {
	svg := string(TrendSVG("t1", "逾期率<趋势>", "%", []TrendPoint{{"1月", ptr(3)}, {"2月", nil}, {"3月", ptr(7.5)}}, ptr(5)))
	for _, s := range []string{`role="img"`, `<title id="t1-t">逾期率&lt;趋势&gt;</title>`, `aria-labelledby="t1-t t1-d"`,
		"2月 暂无数据", "3月 7.5%", "stroke-dasharray"} {
		if !strings.Contains(svg, s) {
			t.Errorf("svg lacks %q:\n%s", s, svg)
		}
	}
	if strings.Contains(svg, "<polyline") {
		t.Error("a gap must not be bridged by a line")
	}
	if empty := string(TrendSVG("t2", "x", "%", []TrendPoint{{"1月", nil}}, nil)); !strings.Contains(empty, "暂无数据") {
		t.Error("an empty chart must say 暂无数据")
	}
}
