package ticket

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestOpen_Clocks: anchor case 1 through the service, with the clock-event
// log, and an emergency on 7x24 notified at once in the evening while a
// general fault's notice waits for Monday 09:00.
func TestOpen_Clocks(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at(t, "2025-11-14 17:59"))
	tk := e.fault(t, General)
	if !strings.HasPrefix(tk.Number, "GZ20251114") || tk.Status != StatusNew {
		t.Fatalf("opened %+v", tk)
	}
	sameTime(t, "response due", clockOf(t, tk, MetricResponse).DueAt, at(t, "2025-11-17 13:59"))
	if c := clockOf(t, tk, MetricResolution); !c.DueAt.IsZero() || c.Target != 0 {
		t.Errorf("resolution clock without target has a deadline: %+v", c)
	}
	if got := e.events(t, tk.ID); !slices.Equal(got, []string{"response:activate", "resolution:activate"}) {
		t.Errorf("events = %v", got)
	}

	e.clock.Set(at(t, "2025-11-14 19:00"))
	e.fault(t, General)
	e.fault(t, Emergency)
	inbox := e.inbox(t, "yunwei")
	if n := countWith(inbox, "新故障（一般）"); n != 1 {
		t.Errorf("general notices on Friday evening = %d, want 1 (the 17:59 one): %v", n, inbox)
	}
	if countWith(inbox, "新故障（紧急）") != 1 {
		t.Errorf("emergency not notified at once: %v", inbox)
	}
	e.clock.Set(at(t, "2025-11-17 08:59"))
	if n, err := e.svc.DrainNotices(context.Background()); err != nil || n != 0 {
		t.Fatalf("drain before hours = %d, %v", n, err)
	}
	e.clock.Set(at(t, "2025-11-17 09:00"))
	if n, err := e.svc.DrainNotices(context.Background()); err != nil || n != 1 {
		t.Fatalf("drain at 09:00 = %d, %v", n, err)
	}
	if n := countWith(e.inbox(t, "yunwei"), "新故障（一般）"); n != 2 {
		t.Errorf("after drain: %d general notices", n)
	}
	testkit.AuditChainOK(t, e.db)
}

func countWith(titles []string, s string) int {
	n := 0
	for _, x := range titles {
		if strings.Contains(x, s) {
			n++
		}
	}
	return n
}

// TestPause_OverWeekend is case 14 through the service: paused Friday
// 17:00, resumed Monday 10:00, 120 business minutes credited.
func TestPause_OverWeekend(t *testing.T) {
	e := newEnv(t)
	ops := e.as(t, "yunwei")
	e.clock.Set(at(t, "2025-11-14 16:00"))
	tk := e.fault(t, General)
	sameTime(t, "due before pause", clockOf(t, tk, MetricResponse).DueAt, at(t, "2025-11-17 11:00"))
	e.clock.Set(at(t, "2025-11-14 17:00"))
	if _, err := e.svc.Pause(ops, tk.ID, StatusWaitingReporter, ""); !errs.Is(err, errs.Invalid) {
		t.Fatalf("pause without reason: %v", err)
	}
	tk = must(e.svc.Pause(ops, tk.ID, StatusWaitingReporter, "等待报告人提供截图"))
	if c := clockOf(t, tk, MetricResponse); c.State != ClockPaused || !c.DueAt.IsZero() {
		t.Errorf("paused clock = %+v", c)
	}
	e.clock.Set(at(t, "2025-11-17 10:00"))
	tk = must(e.svc.Resume(ops, tk.ID, "已收到截图"))
	if tk.Status != StatusNew {
		t.Errorf("resumed without response: status %s", tk.Status)
	}
	// 11:00 plus the 120 credited minutes, across lunch.
	sameTime(t, "due after weekend pause", clockOf(t, tk, MetricResponse).DueAt, at(t, "2025-11-17 14:00"))
	want := []string{"response:activate", "resolution:activate", "response:pause", "resolution:pause",
		"response:resume", "resolution:resume"}
	if got := e.events(t, tk.ID); !slices.Equal(got, want) {
		t.Errorf("events = %v", got)
	}
}

// TestReopen is case 23: the response clock stays met, the resolution
// clock continues from its accumulated 60 minutes.
func TestReopen(t *testing.T) {
	e := newEnvWith(t, Config{Resolution: map[Severity]int{General: 480}})
	ops := e.as(t, "yunwei")
	e.clock.Set(at(t, "2025-11-17 09:00"))
	tk := e.fault(t, General)
	e.clock.Set(at(t, "2025-11-17 09:30"))
	must(e.svc.Respond(ops, tk.ID, "已电话联系"))
	e.clock.Set(at(t, "2025-11-17 10:00"))
	if _, err := e.svc.Resolve(ops, tk.ID, ResolveInput{Resolution: "重启服务"}); !errs.Is(err, errs.Invalid) {
		t.Fatalf("resolve a fault without cause: %v", err)
	}
	tk = must(e.svc.Resolve(ops, tk.ID, ResolveInput{Cause: "存储满", Resolution: "清理磁盘", Resolved: true}))
	if c := clockOf(t, tk, MetricResolution); c.State != ClockMet || c.UsedMinutes() != 60 {
		t.Fatalf("resolution clock at resolve = %+v", c)
	}
	e.clock.Set(at(t, "2025-11-19 09:00"))
	tk = must(e.svc.Reopen(ops, tk.ID, "问题复现"))
	if tk.ReopenCount != 1 || tk.Status != StatusInProgress {
		t.Errorf("reopened %+v", tk)
	}
	if c := clockOf(t, tk, MetricResponse); c.State != ClockMet || c.UsedMinutes() != 30 {
		t.Errorf("response clock after reopen = %+v", c)
	}
	c := clockOf(t, tk, MetricResolution)
	sameTime(t, "resolution due after reopen", c.DueAt, at(t, "2025-11-19 17:00"))
	if c.State != ClockRunning || c.UsedMinutes() != 60 {
		t.Errorf("resolution clock after reopen = %+v", c)
	}
}

// TestChangeSeverity is case 17: important → general at +30 min with 20
// minutes paused earlier, with its audit row.
func TestChangeSeverity(t *testing.T) {
	e := newEnv(t)
	ops := e.as(t, "yunwei")
	e.clock.Set(at(t, "2025-11-17 09:00"))
	tk := e.fault(t, Important)
	sameTime(t, "important due", clockOf(t, tk, MetricResponse).DueAt, at(t, "2025-11-17 11:00"))
	e.clock.Set(at(t, "2025-11-17 09:05"))
	must(e.svc.Pause(ops, tk.ID, StatusWaitingThirdParty, "等待电信运营商"))
	e.clock.Set(at(t, "2025-11-17 09:25"))
	must(e.svc.Resume(ops, tk.ID, ""))
	e.clock.Set(at(t, "2025-11-17 09:30"))
	tk = must(e.svc.ChangeSeverity(ops, tk.ID, General, "影响范围小"))
	c := clockOf(t, tk, MetricResponse)
	sameTime(t, "general due keeping the credit", c.DueAt, at(t, "2025-11-17 14:20"))
	if c.Schedule != "5x8" || c.Target != 240 {
		t.Errorf("clock after change = %+v", c)
	}
	if evs := testkit.AuditEvents(t, e.db, "ticket.severity"); len(evs) != 1 || !strings.Contains(evs[0].Detail, `"to":"general"`) {
		t.Errorf("audit = %+v", evs)
	}
	if got := e.events(t, tk.ID); !slices.Contains(got, "response:apply_sla") {
		t.Errorf("events = %v", got)
	}
}

// TestScan_WarnBreach: general opened Monday 09:00 warns at 12:00 (75 %),
// breaches after 14:00, and a late response is logged as breached.
func TestScan_WarnBreach(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.clock.Set(at(t, "2025-11-17 09:00"))
	tk := e.fault(t, General)
	e.clock.Set(at(t, "2025-11-17 11:59"))
	if res, _ := e.svc.ScanClocks(ctx); res.Warned != 0 {
		t.Fatalf("warned early: %+v", res)
	}
	e.clock.Set(at(t, "2025-11-17 12:00"))
	if res, err := e.svc.ScanClocks(ctx); err != nil || res.Warned != 1 {
		t.Fatalf("scan at 12:00 = %+v, %v", res, err)
	}
	e.clock.Set(at(t, "2025-11-17 14:00"))
	if res, _ := e.svc.ScanClocks(ctx); res.Breached != 0 || res.Warned != 0 {
		t.Fatalf("breached at the deadline itself or warned twice: %+v", res)
	}
	e.clock.Set(at(t, "2025-11-17 14:01"))
	if res, _ := e.svc.ScanClocks(ctx); res.Breached != 1 {
		t.Fatalf("no breach at 14:01: %+v", res)
	}
	tk = must(e.svc.Respond(e.as(t, "yunwei"), tk.ID, ""))
	if c := clockOf(t, tk, MetricResponse); c.State != ClockBreached {
		t.Errorf("late response = %+v", c)
	}
	// the default escalation level (60 business minutes before 14:00) is logged by the 14:00 scan
	want := []string{"response:activate", "resolution:activate", "response:warn", "response:escalate", "response:breach", "response:fulfil"}
	if got := e.events(t, tk.ID); !slices.Equal(got, want) {
		t.Errorf("events = %v", got)
	}
	if countWith(e.inbox(t, "yunwei"), "响应已超时") != 1 {
		t.Errorf("breach notice missing: %v", e.inbox(t, "yunwei"))
	}
}

// TestScan_CalendarCorrection is case 22: an exception added after the
// ticket was opened moves an open ticket's deadline with an audit row;
// a closed ticket is untouched.
func TestScan_CalendarCorrection(t *testing.T) {
	e := newEnv(t)
	ops := e.as(t, "yunwei")
	e.clock.Set(at(t, "2025-11-14 17:59"))
	open, done := e.fault(t, General), e.fault(t, General)
	must(e.svc.Resolve(ops, done.ID, ResolveInput{Cause: "误报", Resolution: "无需处理", Resolved: true}))
	must(e.svc.Close(ops, done.ID, 0, ""))
	if err := e.cal.SetDay(e.as(t, "admin"), calendar.Day{Date: calendar.NewDate(2025, 11, 17), Kind: calendar.Holiday,
		Festival: "测试更正", Source: "测试"}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(t, "2025-11-14 18:30"))
	res, err := e.svc.ScanClocks(context.Background())
	if err != nil || res.Recomputed != 1 {
		t.Fatalf("scan = %+v, %v", res, err)
	}
	tk := must(e.svc.Get(ops, open.ID))
	sameTime(t, "corrected due", clockOf(t, tk, MetricResponse).DueAt, at(t, "2025-11-18 13:59"))
	if evs := testkit.AuditEvents(t, e.db, "ticket.recompute"); len(evs) != 1 || evs[0].ObjectID != itoa(int(open.ID)) {
		t.Errorf("recompute audit = %+v", evs)
	}
	if got := e.events(t, done.ID); slices.Contains(got, "response:recompute") {
		t.Errorf("closed ticket recomputed: %v", got)
	}
}
