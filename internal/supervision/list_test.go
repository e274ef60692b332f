package supervision

import (
	"context"
	"slices"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/calendar"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// TestList_Scoping: supervisors see the orders of their regions,
// departments those addressed to them, others nothing.
func TestList_Scoping(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "list")
	qxSup := e.staff(t, "qx.sup", access.Supervisor, "511725", "zwfw")
	tcSup := e.staff(t, "tc.sup", access.Supervisor, "511702", "zwfw")
	sup := e.as(t, "jianguan")
	a := mustIssue(t, e, sup, c.ID, IssueInput{Kind: KindOrder, ToOrgID: e.unit(t, "511702", "zrzy").ID, Content: "甲", Days: 1})
	b := mustIssue(t, e, sup, c.ID, IssueInput{Kind: KindOrder, ToOrgID: e.unit(t, "511702", "xfsy").ID, Content: "乙", Days: 5})
	r := mustIssue(t, e, sup, c.ID, IssueInput{Kind: KindReminder, ToOrgID: c.LeadOrgID, Content: "丙"})

	for _, tc := range []struct {
		user string
		f    Filter
		want []int64
	}{
		{"jianguan", Filter{}, []int64{r.ID, b.ID, a.ID}},
		{tcSup, Filter{}, []int64{r.ID, b.ID, a.ID}},
		{qxSup, Filter{}, nil},
		{"shenpi", Filter{}, []int64{a.ID}},
		{"fuzeren", Filter{}, []int64{a.ID}},
		{"shenpi.xf", Filter{}, []int64{b.ID}},
		{"kezhang.zj", Filter{}, []int64{r.ID}},
		{"jianguan", Filter{Kind: KindReminder}, []int64{r.ID}},
		{"jianguan", Filter{CaseID: c.ID, Limit: 2}, []int64{r.ID, b.ID}},
		{"jianguan", Filter{RegionCode: "511725"}, nil},
	} {
		if got := ids(t, e, tc.user, tc.f); !slices.Equal(got, tc.want) {
			t.Errorf("%s %+v: %v, want %v", tc.user, tc.f, got, tc.want)
		}
	}
	// the window sees its county's orders, read only; another county's window none of them
	if got := ids(t, e, "chuangkou", Filter{}); len(got) == 0 {
		t.Error("通川区's window sees no order of 通川区")
	}
	if got := ids(t, e, "chuangkou.qx", Filter{}); len(got) != 0 {
		t.Errorf("渠县's window sees 通川区's orders %v", got)
	}
	_, _, err := e.sup.List(e.as(t, "qiye"), Filter{})
	wantKind(t, "an enterprise lists", err, errs.Forbidden)
	_, _, err = e.sup.List(sup, Filter{State: "lost"})
	wantField(t, err, "state")
	wantKind(t, "another department's order", errOf(e.sup.Get(e.as(t, "shenpi"), b.ID)), errs.NotFound)
	if o, err := e.sup.Get(e.as(t, "shenpi"), a.ID); err != nil || o.ID != a.ID {
		t.Errorf("own department's order: %+v %v", o, err)
	}
}

// TestList_Overdue: an order unreplied after its deadline is flagged, and
// the overdue scan announces it once to the department and supervisors.
func TestList_Overdue(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "overdue")
	qxSup := e.staff(t, "qx.sup", access.Supervisor, "511725", "zwfw")
	sup := e.as(t, "jianguan")
	a := mustIssue(t, e, sup, c.ID, IssueInput{Kind: KindOrder, ToOrgID: e.unit(t, "511702", "zrzy").ID, Content: "甲", Days: 1})
	b := mustIssue(t, e, sup, c.ID, IssueInput{Kind: KindOrder, ToOrgID: e.unit(t, "511702", "xfsy").ID, Content: "乙", Days: 5})
	r := mustIssue(t, e, sup, c.ID, IssueInput{Kind: KindReminder, ToOrgID: c.LeadOrgID, Content: "丙"})

	e.clock.Set(at(a.Deadline)) // the last day: not yet overdue
	if got := ids(t, e, "jianguan", Filter{State: StateOverdue}); len(got) != 0 {
		t.Fatalf("overdue on the deadline day: %v", got)
	}
	e.clock.Set(at(calendar.NewDate(2026, 3, 11)))
	if got := ids(t, e, "jianguan", Filter{State: StateOverdue}); !slices.Equal(got, []int64{a.ID}) {
		t.Fatalf("overdue: %v", got)
	}
	if got := ids(t, e, "jianguan", Filter{State: StateOpen}); !slices.Equal(got, []int64{r.ID, b.ID}) {
		t.Fatalf("open: %v", got)
	}
	o, _ := e.sup.Get(sup, a.ID)
	if !o.Overdue || o.StateLabel != "逾期未反馈" {
		t.Fatalf("overdue order: %+v", o)
	}
	for range 2 {
		n, err := e.sup.ScanOverdue(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n > 1 {
			t.Fatalf("announced %d orders", n)
		}
	}
	for user, want := range map[string]int{"shenpi": 1, "jianguan": 1, "shenpi.xf": 0, qxSup: 0} {
		if got := countWith(e.inbox(t, user), "已超过反馈期限"); got != want {
			t.Errorf("%s has %d overdue notices, want %d", user, got, want)
		}
	}
	if _, err := e.sup.Reply(e.as(t, "shenpi"), a.ID, "迟到的反馈"); err != nil {
		t.Fatal(err) // a late reply is still accepted
	}
	if got := ids(t, e, "jianguan", Filter{State: StateReplied}); !slices.Equal(got, []int64{a.ID}) {
		t.Fatalf("replied: %v", got)
	}
	e.assertChainOK(t)
}

func mustIssue(t *testing.T, e *env, ctx context.Context, caseID int64, in IssueInput) Order {
	t.Helper()
	o, err := e.sup.Issue(ctx, caseID, in)
	if err != nil {
		t.Fatalf("Issue(%+v): %v", in, err)
	}
	return o
}

func ids(t *testing.T, e *env, user string, f Filter) []int64 {
	t.Helper()
	orders, total, err := e.sup.List(e.as(t, user), f)
	if err != nil {
		t.Fatalf("List as %s: %v", user, err)
	}
	if f.Limit == 0 && total != len(orders) {
		t.Fatalf("List as %s: total %d for %d orders", user, total, len(orders))
	}
	var out []int64
	for _, o := range orders {
		out = append(out, o.ID)
	}
	return out
}
