package anomaly

import (
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/testkit"
)

const quxian, tongchuan = "511725", "511702"

// TestEvaluate_PlantedAnomaly plants 12 % overdue in 渠县 on three working
// days among ten regions at about 3 %: the baseline and the peer rule each
// fire one alert naming 渠县 after three evaluations, every other region
// stays normal, and two clean days bring 渠县 back to normal.
func TestEvaluate_PlantedAnomaly(t *testing.T) {
	e := newEnv(t)
	e.history(t, date(2026, 1, 5), date(2026, 3, 31))
	base := e.rule(t, Rule{Method: MethodBaseline, Direction: Up, Threshold: 3, MinDelta: 2, MinSample: 20})
	e.rule(t, Rule{Method: MethodPeer, Direction: Up, Threshold: 3, MinDelta: 2, MinSample: 20})
	for _, day := range []int{10, 11, 12} {
		e.src.set("overdue_rate", quxian, date(2026, 3, day), 24, 200)
	}

	if n := e.evaluate(t, date(2026, 3, 10)); n != 0 { // judges 3月9日
		t.Fatalf("clean history made %d transitions", n)
	}
	e.evaluate(t, date(2026, 3, 11))
	pending := e.alerts(t, "pending")
	if len(pending) != 2 || pending[0].RegionCode != quxian || len(e.fired) != 0 {
		t.Fatalf("after one planted day: pending %+v, fired %d", pending, len(e.fired))
	}
	e.evaluate(t, date(2026, 3, 12))
	e.evaluate(t, date(2026, 3, 13))

	firing := e.alerts(t, "firing")
	if len(firing) != 2 || len(e.alerts(t, "all")) != 2 {
		t.Fatalf("firing %d, all %d; want 2 and 2 (no other region)", len(firing), len(e.alerts(t, "all")))
	}
	for _, a := range firing {
		if a.RegionCode != quxian || !strings.HasPrefix(a.Explanation, "渠县 逾期率 12 %（24/200），") {
			t.Errorf("alert %s: %s", a.RegionName, a.Explanation)
		}
	}
	got, err := e.svc.Get(e.as(t, "jianguan"), firing[len(firing)-1].ID)
	if err != nil || got.RuleID != base.ID {
		t.Fatalf("get baseline alert: %+v %v", got, err)
	}
	if !strings.Contains(got.Explanation, "基线 3 % ± 0.5（近 20 个工作日中位数 ± MAD）") {
		t.Errorf("baseline explanation: %s", got.Explanation)
	}
	if states := historyStates(got); states != "normal→pending pending→firing" {
		t.Errorf("history %q", states)
	}
	if len(e.fired) != 2 || e.fired[0].RegionCode != quxian || e.fired[0].Key() == "" {
		t.Errorf("OnFiring got %+v", e.fired)
	}
	if n := countWith(e.inbox(t, "jianguan"), "指标告警：渠县 逾期率"); n != 2 {
		t.Errorf("jianguan has %d firing notices", n)
	}
	if titles := e.inbox(t, "fuzeren"); len(titles) != 0 {
		t.Errorf("通川区's head was told about 渠县: %v", titles)
	}

	// the next days are clean: recovering, then normal
	e.evaluate(t, date(2026, 3, 14)) // judges 3月13日
	if rec := e.alerts(t, "recovering"); len(rec) != 2 {
		t.Fatalf("recovering %d", len(rec))
	}
	e.evaluate(t, date(2026, 3, 16)) // Sunday 15th and Saturday 14th are not judged
	if len(e.alerts(t, "recovering")) != 2 {
		t.Fatal("a weekend counted as a clean evaluation")
	}
	e.evaluate(t, date(2026, 3, 17))
	if open := e.alerts(t, "active"); len(open) != 0 {
		t.Fatalf("still open: %+v", open)
	}
	ended := e.alerts(t, "ended")
	if len(ended) != 2 || ended[0].EndReason != "recovered" {
		t.Fatalf("ended %+v", ended)
	}
	if n := countWith(e.inbox(t, "jianguan"), "指标恢复正常：渠县"); n != 2 {
		t.Errorf("jianguan has %d recovery notices", n)
	}
	if events := testkit.AuditEvents(t, e.db, "anomaly.alert.transition"); len(events) != 8 {
		t.Errorf("%d transition events, want 8 (4 per alert)", len(events))
	}
	testkit.AuditChainOK(t, e.db)

	// a repeated run judges nothing twice
	if n := e.evaluate(t, date(2026, 3, 17)); n != 0 {
		t.Errorf("repeated evaluation made %d transitions", n)
	}
}

func historyStates(a Alert) string {
	var parts []string
	for _, h := range a.History {
		parts = append(parts, string(h.From)+"→"+string(h.To))
	}
	return strings.Join(parts, " ")
}

// TestEvaluate_NoDataWorkdayVsHoliday: nobody reports on the 清明 holiday
// (4–6 April 2026) and nothing is raised; 通川区 reporting nothing on
// Tuesday 7 April is the nodata state at once, with its own notice, and
// ends when it reports again; the 调休 Saturday 9 May is a working day, so
// nothing reported then is nodata too.
func TestEvaluate_NoDataWorkdayVsHoliday(t *testing.T) {
	e := newEnv(t)
	e.history(t, date(2026, 2, 2), date(2026, 5, 12))
	e.rule(t, Rule{Method: MethodStatic, Direction: Up, Threshold: 10})
	e.src.drop("overdue_rate", tongchuan, date(2026, 4, 7))
	e.src.drop("overdue_rate", tongchuan, date(2026, 5, 9))

	e.evaluate(t, date(2026, 4, 3))
	if n := e.evaluate(t, date(2026, 4, 7)); n != 0 || len(e.alerts(t, "all")) != 0 { // judges 3 April only
		t.Fatalf("holiday: %d transitions, alerts %+v", n, e.alerts(t, "all"))
	}
	e.evaluate(t, date(2026, 4, 8))
	nodata := e.alerts(t, "nodata")
	if len(nodata) != 1 || nodata[0].RegionCode != tongchuan || nodata[0].Value != nil {
		t.Fatalf("nodata alerts %+v", nodata)
	}
	if want := "通川区 逾期率 2026年4月7日（星期二，工作日）没有数据，视为未上报"; nodata[0].Explanation != want {
		t.Errorf("explanation %q", nodata[0].Explanation)
	}
	if n := countWith(e.inbox(t, "fuzeren"), "指标未上报：通川区 逾期率（2026年4月7日）"); n != 1 {
		t.Errorf("通川区's head has %d nodata notices", n)
	}
	e.evaluate(t, date(2026, 4, 9))
	if open := e.alerts(t, "active"); len(open) != 0 {
		t.Fatalf("nodata did not end when 通川区 reported: %+v", open)
	}

	e.evaluate(t, date(2026, 5, 9)) // catches up to 8 May
	e.evaluate(t, date(2026, 5, 11))
	nodata = e.alerts(t, "nodata")
	if len(nodata) != 1 || nodata[0].Day != date(2026, 5, 9) {
		t.Fatalf("调休 Saturday: %+v", nodata)
	}
}

// TestEvaluate_MinimumSample: a 50 % overdue rate out of 4 concluded cases
// is below the rule's minimum sample of 20 and raises nothing, while the
// same rule fires on 50 % of 200.
func TestEvaluate_MinimumSample(t *testing.T) {
	e := newEnv(t)
	e.history(t, date(2026, 1, 5), date(2026, 3, 31))
	e.rule(t, Rule{Method: MethodStatic, Direction: Up, Threshold: 10, MinSample: 20, ForN: 1})
	e.src.set("overdue_rate", quxian, date(2026, 3, 10), 2, 4)
	e.src.set("overdue_rate", tongchuan, date(2026, 3, 10), 100, 200)
	e.evaluate(t, date(2026, 3, 11))
	all := e.alerts(t, "all")
	if len(all) != 1 || all[0].RegionCode != tongchuan || all[0].State != Firing {
		t.Fatalf("alerts %+v", all)
	}
}

// TestEvaluate_RegionRuleOverrides: 渠县's own static rule replaces the
// all-region one there, and the first evaluation catches up at most the
// latest day.
func TestEvaluate_RegionRuleOverrides(t *testing.T) {
	e := newEnv(t)
	e.history(t, date(2026, 1, 5), date(2026, 3, 31))
	e.rule(t, Rule{Method: MethodStatic, Direction: Up, Threshold: 2, ForN: 1})
	e.rule(t, Rule{Method: MethodStatic, Direction: Up, Threshold: 50, ForN: 1, RegionCode: quxian})
	e.evaluate(t, date(2026, 3, 11))
	all := e.alerts(t, "all")
	if len(all) != 9 {
		t.Fatalf("%d alerts, want 9 (every region but 渠县)", len(all))
	}
	for _, a := range all {
		if a.RegionCode == quxian {
			t.Fatalf("渠县 judged by the all-region rule: %s", a.Explanation)
		}
	}
	if e.src.calls != 20 {
		t.Errorf("%d series reads, want 20 (two rules × ten regions)", e.src.calls)
	}
}
