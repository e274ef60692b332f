package anomaly

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
)

// rate is a point of numerator/denominator in per cent.
func rate(num, den float64) Point {
	return Point{Value: num / den * 100, Numerator: num, Denominator: den}
}

// vals are points of the given values on a sample so large that its
// sampling error (Rule.noise) is negligible.
func vals(xs ...float64) []Point {
	out := make([]Point, len(xs))
	for i, x := range xs {
		out[i] = Point{Value: x, Numerator: x * 1000, Denominator: 100000}
	}
	return out
}

func rule(m Method, dir Direction, threshold float64) *Rule {
	r := &Rule{Name: "t", IndicatorCode: "overdue_rate", IndicatorName: "逾期率", Unit: "%", Method: m,
		Direction: dir, Threshold: threshold, Enabled: true}
	r.Defaults()
	return r
}

func TestJudge(t *testing.T) {
	day := calendar.NewDate(2026, 3, 9)
	hist := vals(3, 3.2, 2.9, 3.1, 3.0, 2.8, 3.3, 3.1, 3.0, 2.9)
	p := func(pt Point) *Point { return &pt }
	small := rule(MethodBaseline, Up, 3)
	small.MinSample = 10
	ignore := rule(MethodBaseline, Up, 3)
	ignore.NoData = NoDataIgnore
	flat := rule(MethodBaseline, Up, 3) // an average: no sampling error, MAD alone
	flat.MinDelta, flat.IndicatorName, flat.Unit = 1, "事项平均用时", "工作日"
	tests := []struct {
		name     string
		r        *Rule
		ev       Evidence
		want     Outcome
		contains []string
	}{
		{"static breach", rule(MethodStatic, Up, 5), Evidence{Today: p(rate(7, 56))}, Breach,
			[]string{"渠县 逾期率 12.5 %（7/56）", "目标 ≤ 5 %（静态目标），未达到目标"}},
		{"static within", rule(MethodStatic, Up, 5), Evidence{Today: p(rate(1, 50))}, Clear, []string{"达到目标"}},
		{"static down", rule(MethodStatic, Down, 90), Evidence{Today: p(rate(40, 50))}, Breach, []string{"目标 ≥ 90 %"}},
		{"baseline breach", rule(MethodBaseline, Up, 3), Evidence{Today: p(rate(2500, 20000)), History: hist}, Breach,
			[]string{"基线 3 % ± 0.1（近 10 个工作日中位数 ± MAD）", "偏离 64.08 倍标准差（阈值 3）"}},
		{"baseline breach, sampling error", rule(MethodBaseline, Up, 3), Evidence{Today: p(rate(7, 56)), History: hist},
			Breach, []string{"偏离 4.17 倍标准差（阈值 3）；样本 56 件，抽样误差 ± 2.28 个百分点"}},
		{"zero baseline, one late of twenty", rule(MethodBaseline, Up, 3), Evidence{Today: p(rate(1, 20)),
			History: vals(0, 0, 0, 0, 0, 0)}, Clear, []string{"基线 0 % ± 0", "偏离 1.05 倍标准差", "抽样误差 ± 4.76 个百分点"}},
		{"zero baseline, five late of twenty", rule(MethodBaseline, Up, 3), Evidence{Today: p(rate(5, 20)),
			History: vals(0, 0, 0, 0, 0, 0)}, Breach, []string{"偏离 5.25 倍标准差"}},
		{"baseline normal", rule(MethodBaseline, Up, 3), Evidence{Today: p(Point{Value: 3.1, Denominator: 60}), History: hist},
			Clear, nil},
		{"baseline wrong direction", rule(MethodBaseline, Down, 3), Evidence{Today: p(rate(7, 56)), History: hist}, Clear, nil},
		{"baseline short history", rule(MethodBaseline, Up, 3), Evidence{Today: p(rate(7, 56)), History: hist[:4]}, NoSample,
			[]string{"只有 4 天", "不作基线判断"}},
		{"flat history, small wobble", flat, Evidence{Today: p(Point{Value: 3.5, Denominator: 50}), History: vals(3, 3, 3, 3, 3, 3)},
			Clear, []string{"偏离 无穷 倍"}},
		{"peer outlier, few cases", rule(MethodPeer, Up, 3), Evidence{Today: p(rate(2, 18)), Peers: vals(0, 0, 0, 0, 0, 3)},
			Clear, []string{"其余 6 个区县当日 0 % ± 0", "抽样误差"}},
		{"flat history, real jump", flat, Evidence{Today: p(Point{Value: 4.5, Denominator: 50}), History: vals(3, 3, 3, 3, 3, 3)},
			Breach, nil},
		{"minimum sample", small, Evidence{Today: p(rate(2, 4)), History: hist}, NoSample,
			[]string{"渠县 逾期率 50 %（2/4），样本 4，少于最小样本 10，不作判断"}},
		{"peer outlier", rule(MethodPeer, Up, 3), Evidence{Today: p(rate(7, 56)), Peers: vals(3, 2.5, 3.5, 3, 2.8, 3.2, 3.1, 2.9, 3)},
			Breach, []string{"其余 9 个区县当日 3 % ± 0.1（中位数 ± MAD）"}},
		{"peer too few", rule(MethodPeer, Up, 3), Evidence{Today: p(rate(7, 56)), Peers: vals(3, 3)}, NoSample,
			[]string{"只有 2 个其他区县"}},
		{"missing", rule(MethodBaseline, Up, 3), Evidence{History: vals(3, 3)}, Missing, []string{"渠县 逾期率 2026年3月9日（星期一，工作日）没有数据，视为未上报"}},
		{"never reported", rule(MethodBaseline, Up, 3), Evidence{}, NoSample, []string{"此前也从无数据"}},
		{"missing ignored", ignore, Evidence{}, NoSample, []string{"不作判断"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.ev.RegionName, tt.ev.Day = "渠县", day
			j := Judge(tt.r, tt.ev)
			if j.Outcome != tt.want {
				t.Fatalf("outcome %s, want %s: %s", j.Outcome.Label(), tt.want.Label(), j.Explanation)
			}
			for _, s := range tt.contains {
				if !strings.Contains(j.Explanation, s) {
					t.Errorf("explanation %q lacks %q", j.Explanation, s)
				}
			}
		})
	}
}

// TestJudge_CUSUM: a drift of +1σ a day is invisible to a 3σ baseline rule
// on any single day but accumulates past the CUSUM limit.
func TestJudge_CUSUM(t *testing.T) {
	ref := []float64{3, 2, 4, 3, 2, 4, 3, 2, 4, 3, 2, 4, 3, 2, 4, 3, 2, 4, 3, 3} // median 3, MAD 1
	drift := []float64{4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5, 4.5}              // +1.01σ each
	hist := vals(append(ref, drift...)...)
	today := Point{Value: 4.5, Denominator: 100000}
	ev := Evidence{RegionName: "渠县", Day: calendar.NewDate(2026, 3, 9), Today: &today, History: hist}

	if j := Judge(rule(MethodBaseline, Up, 3), Evidence{RegionName: "渠县", Today: &today, History: vals(ref...)}); j.Outcome != Clear {
		t.Fatalf("a single drifted day breaches the baseline rule: %s", j.Explanation)
	}
	j := Judge(rule(MethodCUSUM, Up, 4), ev)
	if j.Outcome != Breach {
		t.Fatalf("CUSUM outcome %s: %s", j.Outcome.Label(), j.Explanation)
	}
	for _, s := range []string{"近 10 个工作日累计偏离", "CUSUM，k = 0.5，阈值 4", "参考基线 3 % ± 1（之前 20 个工作日中位数 ± MAD）"} {
		if !strings.Contains(j.Explanation, s) {
			t.Errorf("explanation %q lacks %q", j.Explanation, s)
		}
	}
	if j := Judge(rule(MethodCUSUM, Down, 4), ev); j.Outcome != Clear {
		t.Fatalf("downward CUSUM breaches on an upward drift: %s", j.Explanation)
	}
	short := Evidence{RegionName: "渠县", Today: &today, History: hist[len(hist)-12:]}
	if j := Judge(rule(MethodCUSUM, Up, 4), short); j.Outcome != NoSample {
		t.Fatalf("CUSUM without a reference period: %s", j.Explanation)
	}
}

// TestJudge_CUSUMSmallSamples: six cases a day, all on time for a month,
// then one late day: the drift rule on 按时办结率 does not take one case in
// six for a slow drift (its σ is at least the sampling error of six cases,
// not the minimum deviation of 1 point).
func TestJudge_CUSUMSmallSamples(t *testing.T) {
	var hist []Point
	for i := range 29 {
		hist = append(hist, rate(6, 6))
		if i == 25 {
			hist[i] = rate(5, 6)
		}
	}
	today := rate(6, 6)
	r := rule(MethodCUSUM, Down, 4)
	r.IndicatorName, r.MinDelta, r.MinSample = "按时办结率", 1, 5
	j := Judge(r, Evidence{RegionName: "达川区", Day: calendar.NewDate(2026, 3, 9), Today: &today, History: hist})
	if j.Outcome != Clear || !strings.Contains(j.Explanation, "抽样误差 ± 14.29 个百分点") {
		t.Fatalf("outcome %s: %s", j.Outcome.Label(), j.Explanation)
	}
}
