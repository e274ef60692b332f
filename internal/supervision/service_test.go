package supervision

import (
	"context"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// TestOrder_IssueReplyClose walks a 督办 from issue to closure: the city
// supervisor orders 通川区自然资源和规划局 to reply within 3 working days,
// the department replies, the supervisor closes it; each step notifies the
// other side and is audited.
func TestOrder_IssueReplyClose(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "happy")
	zrzy := e.unit(t, "511702", "zrzy")
	o, err := e.sup.Issue(e.as(t, "jianguan"), c.ID, IssueInput{Kind: KindOrder, ToOrgID: zrzy.ID,
		Content: "请加快现场核查，说明进度。", Days: 3})
	if err != nil {
		t.Fatal(err)
	}
	// Issued Monday 9 March 2026: three working days later is Thursday 12 March.
	if o.Deadline != calendar.NewDate(2026, 3, 12) || o.State != StateOpen || o.ToOrgName != zrzy.Name ||
		o.CaseNumber != c.Number || o.IssuerName == "" {
		t.Fatalf("issued: %+v", o)
	}
	subject := "督办：" + c.ItemName + "（" + c.Number + "）"
	for user, want := range map[string]int{"shenpi": 1, "fuzeren": 1, "shenpi.zj": 0, "shenpi.xf": 0} {
		if got := countWith(e.inbox(t, user), subject); got != want {
			t.Errorf("%s has %d notices of the order, want %d", user, got, want)
		}
	}

	o, err = e.sup.Reply(e.as(t, "shenpi"), o.ID, "已安排 3 月 11 日现场核查。")
	if err != nil || o.State != StateReplied || o.ReplierName == "" {
		t.Fatalf("reply: %+v %v", o, err)
	}
	if got := countWith(e.inbox(t, "jianguan"), "已反馈"+subject); got != 1 {
		t.Errorf("the issuer has %d reply notices, want 1", got)
	}

	o, err = e.sup.Close(e.as(t, "jianguan"), o.ID, "情况属实，予以关闭。")
	if err != nil || o.State != StateClosed || o.CloseNote != "情况属实，予以关闭。" {
		t.Fatalf("close: %+v %v", o, err)
	}
	if got := countWith(e.inbox(t, "shenpi"), subject+"已关闭"); got != 1 {
		t.Errorf("the department has %d closing notices, want 1", got)
	}
	for _, action := range []string{"supervision.issue", "supervision.reply", "supervision.close"} {
		evs, err := audit.List(context.Background(), e.db, audit.Filter{Action: action})
		if err != nil || len(evs) != 1 || evs[0].ObjectType != "supervision_order" || evs[0].RegionCode != "511702" {
			t.Errorf("audit %s: %+v %v", action, evs, err)
		}
	}
	e.assertChainOK(t)
}

// TestReminder: a 催办 has no deadline and may be closed without a reply.
func TestReminder(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "reminder")
	o, err := e.sup.Issue(e.as(t, "jianguan"), c.ID, IssueInput{Kind: KindReminder, ToOrgID: c.LeadOrgID,
		Content: "请尽快办理。", Days: 5})
	if err != nil || !o.Deadline.IsZero() || o.KindLabel != "催办" {
		t.Fatalf("issue reminder: %+v %v", o, err)
	}
	if got := countWith(e.inbox(t, "kezhang.zj"), "催办："); got != 1 {
		t.Errorf("the lead department has %d reminders, want 1", got)
	}
	if o, err = e.sup.Close(e.as(t, "jianguan"), o.ID, ""); err != nil || o.State != StateClosed {
		t.Fatalf("close reminder without reply: %+v %v", o, err)
	}
	e.assertChainOK(t)
}

// TestRefusals checks every refusal of the use cases, and that a refused
// call changes nothing.
func TestRefusals(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "refusals")
	zrzy := e.unit(t, "511702", "zrzy")
	qxSup := e.staff(t, "qx.sup", access.Supervisor, "511725", "zwfw")
	tcSup := e.staff(t, "tc.sup", access.Supervisor, "511702", "zwfw")
	order := IssueInput{Kind: KindOrder, ToOrgID: zrzy.ID, Content: "请说明进度。", Days: 2}

	wantKind(t, "a window clerk issues", errOf(e.sup.Issue(e.as(t, "chuangkou"), c.ID, order)), errs.Forbidden)
	wantKind(t, "anonymous issues", errOf(e.sup.Issue(context.Background(), c.ID, order)), errs.Unauthenticated)
	// The case engine hides other counties' cases from a county supervisor.
	wantKind(t, "渠县 supervisor on a 通川区 case", errOf(e.sup.Issue(e.as(t, qxSup), c.ID, order)), errs.NotFound)
	wantKind(t, "no such case", errOf(e.sup.Issue(e.as(t, "jianguan"), 999999, order)), errs.NotFound)
	wantField(t, errOf(e.sup.Issue(e.as(t, "jianguan"), c.ID, IssueInput{Kind: KindOrder,
		ToOrgID: e.unit(t, "511702", "sthj").ID, Content: "x", Days: 2})), "to_org_id")
	err := errOf(e.sup.Issue(e.as(t, "jianguan"), c.ID, IssueInput{Kind: "memo"}))
	for _, f := range []string{"kind", "to_org_id", "content"} {
		wantField(t, err, f)
	}
	wantField(t, errOf(e.sup.Issue(e.as(t, "jianguan"), c.ID, IssueInput{Kind: KindOrder, ToOrgID: zrzy.ID,
		Content: "x", Days: 0})), "days")

	o, err := e.sup.Issue(e.as(t, tcSup), c.ID, order) // a 通川区 supervisor may
	if err != nil {
		t.Fatal(err)
	}
	wantKind(t, "close before the reply", errOf(e.sup.Close(e.as(t, "jianguan"), o.ID, "")), errs.Conflict)
	wantKind(t, "another department replies", errOf(e.sup.Reply(e.as(t, "shenpi.xf"), o.ID, "我们来答")), errs.Forbidden)
	wantKind(t, "a supervisor replies", errOf(e.sup.Reply(e.as(t, "jianguan"), o.ID, "代答")), errs.Forbidden)
	wantField(t, errOf(e.sup.Reply(e.as(t, "shenpi"), o.ID, "  ")), "reply")
	if _, err := e.sup.Reply(e.as(t, "shenpi"), o.ID, "已办理。"); err != nil {
		t.Fatal(err)
	}
	wantKind(t, "reply twice", errOf(e.sup.Reply(e.as(t, "fuzeren"), o.ID, "再答")), errs.Conflict)
	wantKind(t, "渠县 supervisor closes a 通川区 order", errOf(e.sup.Close(e.as(t, qxSup), o.ID, "")), errs.Forbidden)
	if _, err := e.sup.Close(e.as(t, tcSup), o.ID, ""); err != nil {
		t.Fatal(err)
	}
	wantKind(t, "close twice", errOf(e.sup.Close(e.as(t, "jianguan"), o.ID, "")), errs.Conflict)
	wantKind(t, "reply after closing", errOf(e.sup.Reply(e.as(t, "shenpi"), o.ID, "迟到")), errs.Conflict)

	evs, _ := audit.List(context.Background(), e.db, audit.Filter{Action: "supervision.issue"})
	if len(evs) != 1 {
		t.Errorf("refused issues left %d audit events, want 1", len(evs)-1)
	}
	e.assertChainOK(t)
}

func errOf[T any](_ T, err error) error { return err }

func wantKind(t *testing.T, what string, err error, k errs.Kind) {
	t.Helper()
	if !errs.Is(err, k) {
		t.Errorf("%s: %v (kind %s), want %s", what, err, errs.KindOf(err).Code(), k.Code())
	}
}

func wantField(t *testing.T, err error, field string) {
	t.Helper()
	if errs.FieldsOf(err)[field] == "" {
		t.Errorf("want a message for field %s, got %v (%v)", field, errs.FieldsOf(err), err)
	}
}
