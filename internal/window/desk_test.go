package window

import (
	"context"
	"strings"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/testkit"
)

// TestService_RemindDue reminds a booking once, on the working day before:
// not two days ahead, once on Friday for Monday's slot, never again.
func TestService_RemindDue(t *testing.T) {
	e := newEnv(t)
	w := e.windowOf(t, "511702", 1)
	next := calendar.NewDate(2026, 3, 16) // the Monday after
	if _, err := e.book(e.as(t, "qiye"), t, w, next, 9, 0); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(calendar.NewDate(2026, 3, 12), 9, 0)) // Thursday
	mustRemind(t, e, 0)
	e.clock.Set(at(calendar.NewDate(2026, 3, 13), 9, 0)) // Friday: the working day before
	mustRemind(t, e, 1)
	mustRemind(t, e, 0)
	e.clock.Set(at(next, 8, 0))
	mustRemind(t, e, 0)
	if n := count(e.inbox(t, "qiye"), "预约提醒"); n != 1 {
		t.Errorf("reminders in the inbox = %d, want 1", n)
	}
	if n := len(testkit.AuditEvents(t, e.db, "window.appointment.remind")); n != 1 {
		t.Errorf("remind events = %d, want 1", n)
	}
}

func mustRemind(t *testing.T, e *env, want int) {
	t.Helper()
	n, err := e.svc.RemindDue(context.Background())
	if err != nil || n != want {
		t.Fatalf("RemindDue = %d, %v; want %d", n, err, want)
	}
}

func count(titles []string, s string) int {
	n := 0
	for _, title := range titles {
		if strings.Contains(title, s) {
			n++
		}
	}
	return n
}

// TestService_DayAndMark: the clerk sees the day's bookings and marks
// arrival and no-show; a clerk of another county may not.
func TestService_DayAndMark(t *testing.T) {
	e := newEnv(t)
	w := e.windowOf(t, "511702", 1)
	a, err := e.book(e.as(t, "qiye"), t, w, monday, 11, 0)
	if err != nil {
		t.Fatal(err)
	}
	b, err := e.book(e.as(t, "daiban"), t, w, monday, 11, 0)
	if err != nil {
		t.Fatal(err)
	}
	ck := e.as(t, "chuangkou")
	mine, err := e.svc.MyWindows(ck)
	if err != nil || len(mine) != 2 {
		t.Fatalf("MyWindows = %d, %v; want the two seeded", len(mine), err)
	}
	_, day, err := e.svc.DayBookings(ck, w.ID, monday)
	if err != nil || len(day) != 2 {
		t.Fatalf("DayBookings = %d, %v", len(day), err)
	}
	if _, _, err := e.svc.DayBookings(e.as(t, "chuangkou.qx"), w.ID, monday); !errs.Is(err, errs.Forbidden) {
		t.Errorf("another county's desk: %v", err)
	}
	if _, err := e.svc.Mark(ck, a.ID, StatusNoShow); !errs.Is(err, errs.Conflict) {
		t.Errorf("no-show before the slot: %v", err)
	}
	if _, err := e.svc.Mark(ck, a.ID, StatusArrived); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(monday, 11, 40))
	if _, err := e.svc.Mark(ck, b.ID, StatusNoShow); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Mark(e.as(t, "chuangkou.qx"), b.ID, StatusArrived); !errs.Is(err, errs.Forbidden) {
		t.Errorf("another county's clerk marking: %v", err)
	}
	if _, err := e.svc.Mark(e.as(t, "jianguan"), b.ID, StatusArrived); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a supervisor marking: %v", err)
	}
}

// TestService_TransferAndStats: a walk-in is taken at window 1, handed to
// window 2 and then to 渠县; history, current window, scope and the stats
// per window and clerk follow.
func TestService_TransferAndStats(t *testing.T) {
	e := newEnv(t)
	c := e.receivedCase(t, "transfer")
	w1, w2, qx := e.windowOf(t, "511702", 1), e.windowOf(t, "511702", 2), e.windowOf(t, "511725", 1)
	ck := e.as(t, "chuangkou")
	if _, err := e.svc.Transfer(e.as(t, "chuangkou.qx"), c.ID, TransferInput{ToWindowID: qx.ID}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("another county's clerk taking the case: %v", err)
	}
	a, err := e.svc.Transfer(ck, c.ID, TransferInput{ToWindowID: w1.ID})
	if err != nil || a.Current.ID != w1.ID {
		t.Fatalf("assign: %+v %v", a.Current, err)
	}
	if _, err := e.svc.Transfer(ck, c.ID, TransferInput{ToWindowID: w2.ID}); fieldOf(err) != "reason" {
		t.Errorf("transfer without a reason: %v", err)
	}
	if _, err := e.svc.Transfer(ck, c.ID, TransferInput{ToWindowID: w1.ID, Reason: "x"}); fieldOf(err) != "to_window_id" {
		t.Errorf("transfer to the same window: %v", err)
	}
	e.clock.Set(at(monday, 10, 5))
	if _, err := e.svc.Transfer(ck, c.ID, TransferInput{ToWindowID: w2.ID, Reason: "2号窗口负责验收类事项"}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(monday, 10, 45))
	if _, err := e.cases.Accept(ck, c.ID, casework.AcceptInput{}); err != nil {
		t.Fatal(err)
	}
	a, err = e.svc.Transfer(ck, c.ID, TransferInput{ToWindowID: qx.ID, Reason: "企业要求到渠县窗口领取"})
	if err != nil || a.Current.ID != qx.ID || len(a.Moves) != 3 || a.Moves[2].FromWindowID != w2.ID {
		t.Fatalf("transfer to 渠县: %+v %v", a, err)
	}
	if _, err := e.svc.CaseWindow(e.as(t, "chuangkou.qx"), c.ID); err != nil {
		t.Errorf("the 渠县 clerk sees the case now at a 渠县 window: %v", err)
	}
	if _, err := e.svc.Transfer(ck, c.ID, TransferInput{ToWindowID: w1.ID, Reason: "收回"}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("通川 clerk moving a case now at 渠县: %v", err)
	}
	st, err := e.svc.Stats(e.as(t, "jianguan"), monday, monday, "511702")
	if err != nil {
		t.Fatal(err)
	}
	r1, r2, clerk := rowOf(st.Windows, w1.ID, 0), rowOf(st.Windows, w2.ID, 0), rowOf(st.Clerks, 0, e.principal(t, "chuangkou").UserID)
	if r1.Received != 1 || r1.Accepted != 0 || r2.Received != 1 || r2.Accepted != 1 || r2.AvgAcceptMinutes != 45 {
		t.Errorf("window rows: %+v / %+v", r1, r2)
	}
	if clerk.Received != 1 || clerk.Accepted != 1 || clerk.AvgAcceptMinutes != 45 {
		t.Errorf("clerk row: %+v", clerk)
	}
	if _, err := e.svc.Stats(e.as(t, "chuangkou"), monday, monday, "511725"); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a clerk's stats of another county: %v", err)
	}
	if _, err := e.svc.Stats(e.as(t, "chuangkou"), monday, monday.AddDays(-1), ""); fieldOf(err) != "to" {
		t.Errorf("reversed period: %v", err)
	}
	testkit.AuditChainOK(t, e.db)
}

func rowOf(rows []Row, windowID, clerkID int64) Row {
	for _, r := range rows {
		if (windowID != 0 && r.WindowID == windowID) || (clerkID != 0 && r.ClerkID == clerkID) {
			return r
		}
	}
	return Row{Label: "missing"}
}

// TestService_Admin: create, a duplicate number, hours, staff (only clerks
// of the region), deactivate; only the administrator.
func TestService_Admin(t *testing.T) {
	e := newEnv(t)
	admin := e.as(t, "admin")
	in := Input{RegionCode: "511702", Number: 9, Name: "综合受理", Active: true}
	w, err := e.svc.Create(admin, in)
	if err != nil || len(w.Hours) != 10 || w.OrgName == "" {
		t.Fatalf("Create = %+v, %v", w, err)
	}
	if _, err := e.svc.Create(admin, in); fieldOf(err) != "number" {
		t.Errorf("duplicate number: %v", err)
	}
	if _, err := e.svc.Create(e.as(t, "chuangkou"), in); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a clerk creating: %v", err)
	}
	bad := []Session{{Weekday: 1, Session: Morning, Opens: 9 * 60, Closes: 13 * 60},
		{Weekday: 1, Session: Afternoon, Opens: 12 * 60, Closes: 17 * 60}}
	if _, err := e.svc.SetHours(admin, w.ID, bad); fieldOf(err) != "h-1-pm" {
		t.Errorf("overlapping sessions: %v", err)
	}
	if w, err = e.svc.SetHours(admin, w.ID, bad[:1]); err != nil || len(w.Hours) != 1 {
		t.Fatalf("SetHours = %+v, %v", w.Hours, err)
	}
	cands, err := e.svc.Candidates(admin, w.ID)
	if err != nil || len(cands) != 1 || cands[0].Username != "chuangkou" {
		t.Fatalf("Candidates = %+v, %v", cands, err)
	}
	qx := e.principal(t, "chuangkou.qx").UserID
	if _, err := e.svc.AddStaff(admin, w.ID, qx); fieldOf(err) != "user_id" {
		t.Errorf("a 渠县 clerk on a 通川 window: %v", err)
	}
	if w, err = e.svc.AddStaff(admin, w.ID, cands[0].ID); err != nil || len(w.Staff) != 1 {
		t.Fatalf("AddStaff = %+v, %v", w.Staff, err)
	}
	if _, err := e.svc.AddStaff(admin, w.ID, cands[0].ID); !errs.Is(err, errs.Conflict) {
		t.Errorf("adding twice: %v", err)
	}
	in.Active = false
	if _, err := e.svc.Update(admin, w.ID, in); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Window(e.as(t, "qiye"), w.ID); !errs.Is(err, errs.NotFound) {
		t.Errorf("an inactive window for an enterprise: %v", err)
	}
	if _, err := e.svc.Windows(e.as(t, "shenpi"), "", false); !errs.Is(err, errs.Forbidden) {
		t.Errorf("a reviewer listing windows: %v", err)
	}
	testkit.AuditChainOK(t, e.db)
}
