package ticket

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// TestComplaint_FridayEveningEmail: a complaint entered by e-mail on a
// Friday evening is due five working days after Monday 09:00, its notice
// to the responsible unit waits for Monday, send-back continues the clock,
// and closing needs the satisfaction.
func TestComplaint_FridayEveningEmail(t *testing.T) {
	e := newEnv(t)
	ops := e.as(t, "yunwei")
	unit, err := e.orgs.UnitByFunction(context.Background(), "511702", "zrzy")
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(t, "2025-11-14 19:30"))
	tk := must(e.svc.Open(ops, OpenInput{Kind: Complaint, Title: "窗口办理拖延", Content: "材料提交两周无人处理。",
		Channel: "email", ReporterName: "张先生", ReporterContact: "zhang@example.com", RegionCode: "511702", OrgUnitID: unit.ID}))
	c := clockOf(t, tk, MetricReply)
	sameTime(t, "reply due", c.DueAt, at(t, "2025-11-21 18:00"))
	if c.Schedule != "5x8" || c.Target != 2400 {
		t.Errorf("reply clock = %+v", c)
	}
	if n := countWith(e.inbox(t, "shenpi"), "收到投诉"); n != 0 {
		t.Errorf("complaint notice sent on Friday evening")
	}
	e.clock.Set(at(t, "2025-11-17 09:00"))
	if _, err := e.svc.DrainNotices(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n := countWith(e.inbox(t, "shenpi"), "收到投诉"); n != 1 {
		t.Errorf("responsible unit not notified on Monday: %v", e.inbox(t, "shenpi"))
	}
	e.clock.Set(at(t, "2025-11-17 11:00"))
	must(e.svc.Resolve(ops, tk.ID, ResolveInput{Resolution: "已督促窗口当日办结并致歉。", Resolved: true}))
	e.clock.Set(at(t, "2025-11-18 09:00"))
	tk = must(e.svc.SendBack(ops, tk.ID, "投诉人称仍未办结"))
	if tk.SendBackCount != 1 || clockOf(t, tk, MetricReply).UsedMinutes() != 120 {
		t.Errorf("after send-back: %+v", clockOf(t, tk, MetricReply))
	}
	e.clock.Set(at(t, "2025-11-18 10:00"))
	must(e.svc.Resolve(ops, tk.ID, ResolveInput{Resolution: "已办结。", Resolved: true}))
	if _, err := e.svc.Close(ops, tk.ID, 0, ""); !errs.Is(err, errs.Invalid) {
		t.Errorf("close without satisfaction: %v", err)
	}
	tk = must(e.svc.Close(ops, tk.ID, 4, "回访满意"))
	if tk.Status != StatusClosed || tk.Satisfaction != 4 || clockOf(t, tk, MetricReply).State != ClockMet {
		t.Errorf("closed %+v", tk)
	}
}

// TestComplaint_SevenCalendarDays is case 26 with the other policy.
func TestComplaint_SevenCalendarDays(t *testing.T) {
	e := newEnvWith(t, Config{ComplaintPolicy: ComplaintCalendar7})
	e.clock.Set(at(t, "2025-09-30 10:00"))
	tk := must(e.svc.Open(context.Background(), OpenInput{Kind: Complaint, Title: "网站打不开", Content: "国庆前无法申报。",
		Channel: "phone", ReporterName: "李女士", ReporterContact: "13800000000", RegionCode: "511725"}))
	if tk.Channel != "web" {
		t.Errorf("anonymous complaint channel = %s, want web", tk.Channel)
	}
	sameTime(t, "7 calendar days", clockOf(t, tk, MetricReply).DueAt, at(t, "2025-10-07 10:00"))
}

// TestOpen_Access: who may open and read what.
func TestOpen_Access(t *testing.T) {
	e := newEnv(t)
	in := OpenInput{Kind: Fault, Severity: Important, Title: "无法登录", Content: "登录页报错", Channel: "phone",
		RegionCode: "511702"}
	if _, err := e.svc.Open(context.Background(), in); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("anonymous fault: %v", err)
	}
	tk := must(e.svc.Open(e.as(t, "qiye"), in))
	if tk.Channel != "web" || tk.ReporterName == "" {
		t.Errorf("reporter's fault = %+v", tk)
	}
	if _, err := e.svc.Get(e.as(t, "qiye"), tk.ID); err != nil {
		t.Errorf("reporter reads own ticket: %v", err)
	}
	if _, err := e.svc.Get(e.as(t, "shenpi"), tk.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("another user reads it: %v", err)
	}
	if _, err := e.svc.Get(e.as(t, "jianguan"), tk.ID); err != nil {
		t.Errorf("supervisor reads it: %v", err)
	}
	if _, err := e.svc.Respond(e.as(t, "jianguan"), tk.ID, ""); !errs.Is(err, errs.Forbidden) {
		t.Errorf("supervisor responds: %v", err)
	}
	bad := in
	bad.Severity, bad.Title = "urgent", ""
	err := func() error { _, err := e.svc.Open(e.as(t, "yunwei"), bad); return err }()
	if f := errs.FieldsOf(err); f["severity"] == "" || f["title"] == "" {
		t.Errorf("bad input: %v %v", err, f)
	}
}

// TestOpenOrUpdate: monitoring tickets are deduplicated by key, a
// recurring alert reopens a resolved ticket, and after closing a new one
// opens.
func TestOpenOrUpdate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a := Alert{Key: "health:db", Title: "数据库健康检查失败", Detail: "连接超时", Severity: Emergency, Subsystem: "平台"}
	first, created, err := e.svc.OpenOrUpdate(ctx, a)
	if err != nil || !created || first.Channel != "monitor" {
		t.Fatalf("first alert: %+v %v %v", first, created, err)
	}
	again, created, err := e.svc.OpenOrUpdate(ctx, a)
	if err != nil || created || again.ID != first.ID || again.AlertCount != 2 {
		t.Fatalf("repeat: %+v %v %v", again, created, err)
	}
	ops := e.as(t, "yunwei")
	must(e.svc.Resolve(ops, first.ID, ResolveInput{Cause: "连接池耗尽", Resolution: "扩容", Resolved: true}))
	back, _, err := e.svc.OpenOrUpdate(ctx, a)
	if err != nil || back.Status != StatusInProgress || back.ReopenCount != 1 {
		t.Fatalf("recurring after resolve: %+v %v", back, err)
	}
	must(e.svc.Resolve(ops, first.ID, ResolveInput{Cause: "连接池耗尽", Resolution: "再扩容", Resolved: true}))
	must(e.svc.Close(ops, first.ID, 0, ""))
	fresh, created, err := e.svc.OpenOrUpdate(ctx, a)
	if err != nil || !created || fresh.ID == first.ID {
		t.Fatalf("after close: %+v %v %v", fresh, created, err)
	}
}

// TestCalendarIncomplete is case 21: a ticket in 2028 (not seeded) is
// flagged and the administrators are told.
func TestCalendarIncomplete(t *testing.T) {
	e := newEnv(t)
	e.clock.Set(at(t, "2028-03-03 10:00"))
	tk := e.fault(t, General)
	if !tk.CalendarIncomplete {
		t.Fatal("2028 ticket not flagged calendar_incomplete")
	}
	if countWith(e.inbox(t, "admin"), "工作日历缺少年度") != 1 {
		t.Errorf("no governance notice: %v", e.inbox(t, "admin"))
	}
}
