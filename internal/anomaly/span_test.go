package anomaly

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// smallCounties gives every region two concluded cases a working day (below
// any single day's minimum sample of 5), one overdue on every tenth working
// day (a different one in each region), and 渠县 one overdue of its two on
// each working day from spike on.
func smallCounties(t *testing.T, e *env, from, to, spike calendar.Date) {
	t.Helper()
	n := 0
	for d := from; !d.After(to); d = d.AddDays(1) {
		work, err := e.cal.IsWorkday(context.Background(), d)
		if err != nil {
			t.Fatal(err)
		}
		if !work {
			continue
		}
		n++
		for _, r := range e.regions(t) {
			late := 0.0
			if (n+int(r.Code[5]))%10 == 0 || (r.Code == quxian && !d.Before(spike)) {
				late = 1
			}
			e.src.set("overdue_rate", r.Code, d, late, 2)
		}
	}
}

// TestEvaluate_SpanJudgesSmallCounties: with two cases a day, a daily rule
// with a minimum sample of 5 never judges; the same rules summing five
// working days see 渠县's 50 % against about 5 % and, as new rules, fire on
// their first evaluation (the breach has held for ForN days already). The
// alert says what was summed. No other region fires.
func TestEvaluate_SpanJudgesSmallCounties(t *testing.T) {
	e := newEnv(t)
	smallCounties(t, e, date(2026, 1, 5), date(2026, 3, 20), date(2026, 3, 9))
	daily := e.rule(t, Rule{Name: "按日", Method: MethodPeer, Direction: Up, Threshold: 3, MinDelta: 3, MinSample: 5, ForN: 2})
	e.rule(t, Rule{Name: "合计基线", Method: MethodBaseline, Direction: Up, Threshold: 3, MinDelta: 2, MinSample: 5,
		SpanDays: 5})
	e.rule(t, Rule{Name: "合计横比", Method: MethodPeer, Direction: Up, Threshold: 3, MinDelta: 3, MinSample: 5,
		ForN: 2, SpanDays: 5, RegionCode: quxian})
	e.evaluate(t, date(2026, 3, 17)) // judges up to 3月16日
	firing := e.alerts(t, "firing")
	if len(firing) != 2 || len(e.alerts(t, "all")) != 2 {
		t.Fatalf("firing %d of %d alerts; want the two summing rules in 渠县 only", len(firing), len(e.alerts(t, "all")))
	}
	for _, a := range firing {
		if a.RegionCode != quxian || a.RuleID == daily.ID ||
			!strings.HasPrefix(a.Explanation, "渠县 逾期率（截至 2026年3月16日 的近 5 个工作日合计） 50 %（5/10），") {
			t.Errorf("alert %s %s: %s", a.RegionName, a.RuleName, a.Explanation)
		}
	}
}

// TestEvaluate_SpanBaselineExcludesJudgedDays: a baseline of spans never
// contains the days being judged: judging the five working days 3月10日–16日,
// every span of the history ends before 3月10日.
func TestEvaluate_SpanBaselineExcludesJudgedDays(t *testing.T) {
	e := newEnv(t)
	smallCounties(t, e, date(2026, 1, 5), date(2026, 3, 20), date(2026, 3, 9))
	r := Rule{Method: MethodBaseline, Direction: Up, Threshold: 3, MinDelta: 2, MinSample: 5, SpanDays: 5, WindowDays: 5}
	r.Defaults()
	var regions []string
	for _, reg := range e.regions(t) {
		regions = append(regions, reg.Code)
	}
	days, err := newWorkdays(e.cal).between(context.Background(), date(2026, 1, 5), date(2026, 3, 16), 60)
	if err != nil {
		t.Fatal(err)
	}
	s := series{}
	for _, code := range regions {
		pts, _ := e.src.Series(context.Background(), "overdue_rate", code, Period, days[0].Time(), date(2026, 3, 17).Time())
		s[code] = map[calendar.Date]Point{}
		for _, p := range pts {
			s[code][p.Day()] = p
		}
	}
	ev := evidenceOf(&r, e.regions(t)[6], e.regions(t), s, days, date(2026, 3, 16))
	if ev.Today == nil || ev.Today.Value != 50 || len(ev.History) != r.WindowDays+CUSUMRecent {
		t.Fatalf("today %+v, %d history points", ev.Today, len(ev.History))
	}
	for _, p := range ev.History {
		if !p.Day().Before(date(2026, 3, 10)) {
			t.Errorf("history holds the span ending %s, which overlaps the judged span", p.Day())
		}
	}
}

// TestRule_SpanOnlyForRates: summing days is refused for a count and for
// CUSUM.
func TestRule_SpanOnlyForRates(t *testing.T) {
	e := newEnv(t)
	for _, r := range []Rule{
		{Name: "预警", IndicatorCode: "warning_count", Method: MethodPeer, Direction: Up, Threshold: 3, SpanDays: 5},
		{Name: "CUSUM", IndicatorCode: "overdue_rate", Method: MethodCUSUM, Direction: Up, Threshold: 4, SpanDays: 5},
		{Name: "太长", IndicatorCode: "overdue_rate", Method: MethodPeer, Direction: Up, Threshold: 3, SpanDays: 21},
	} {
		r.Enabled = true
		_, err := e.svc.CreateRule(e.as(t, "yunwei"), r)
		if !errs.Is(err, errs.Invalid) || errs.FieldsOf(err)["span_days"] == "" {
			t.Errorf("%s: %v; want a span_days field error", r.Name, err)
		}
	}
}

// TestEvaluate_NoValuesYetClaimsNothing: before the indicators are
// computed (no value anywhere) nothing is judged or claimed, so the first
// evaluation after they appear still sees the established breach.
func TestEvaluate_NoValuesYetClaimsNothing(t *testing.T) {
	e := newEnv(t)
	e.rule(t, Rule{Method: MethodPeer, Direction: Up, Threshold: 3, MinDelta: 3, MinSample: 5, SpanDays: 5, ForN: 2})
	e.clock.Set(at(date(2026, 3, 17)))
	n, none, err := e.svc.evaluate(context.Background(), e.clock.Now())
	if err != nil || n != 0 || !none {
		t.Fatalf("evaluate over no values = %d, %v, %v; want 0, true, nil", n, none, err)
	}
	smallCounties(t, e, date(2026, 1, 5), date(2026, 3, 20), date(2026, 3, 9))
	e.evaluate(t, date(2026, 3, 17))
	if firing := e.alerts(t, "firing"); len(firing) != 1 || firing[0].RegionCode != quxian {
		t.Fatalf("firing %+v; want 渠县", firing)
	}
}

// TestJob_FirstRunWaitsForValues: the job's first run, finding no value at
// all, tries again until the values appear (here after its first try) and
// then fires; a later run does not wait.
func TestJob_FirstRunWaitsForValues(t *testing.T) {
	e := newEnv(t)
	e.svc.retry = 10 * time.Millisecond
	e.rule(t, Rule{Method: MethodPeer, Direction: Up, Threshold: 3, MinDelta: 3, MinSample: 5, SpanDays: 5, ForN: 2})
	e.clock.Set(at(date(2026, 3, 17)))
	tries := 0
	now := func() time.Time {
		if tries++; tries == 2 {
			smallCounties(t, e, date(2026, 1, 5), date(2026, 3, 20), date(2026, 3, 9))
		}
		return e.clock.Now()
	}
	if _, err := e.svc.evaluateFirst(context.Background(), now, true); err != nil {
		t.Fatal(err)
	}
	if firing := e.alerts(t, "firing"); tries != 2 || len(firing) != 1 || firing[0].RegionCode != quxian {
		t.Fatalf("after %d tries firing %+v; want 渠县 at the second", tries, firing)
	}
	e2 := newEnv(t)
	e2.svc.retry = time.Hour
	e2.rule(t, Rule{Method: MethodPeer, Direction: Up, Threshold: 3, MinSample: 5})
	if _, err := e2.svc.evaluateFirst(context.Background(), e2.clock.Now, false); err != nil {
		t.Fatal(err) // would block for an hour if a later run waited
	}
}
