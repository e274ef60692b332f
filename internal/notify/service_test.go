package notify

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

func TestNotification_Validate(t *testing.T) {
	ok := Notification{Kind: "k", Title: "标题", ToUserID: 1, Link: "/cases/1"}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid: %v", err)
	}
	for name, n := range map[string]Notification{
		"no addressee":   {Kind: "k", Title: "t"},
		"two addressees": {Kind: "k", Title: "t", ToUserID: 1, ToOrgID: 2},
		"unknown role":   {Kind: "k", Title: "t", ToRole: "boss"},
		"no title":       {Kind: "k", ToUserID: 1},
		"no kind":        {Title: "t", ToUserID: 1},
		"foreign link":   {Kind: "k", Title: "t", ToUserID: 1, Link: "https://example.com/"},
		"scheme-less":    {Kind: "k", Title: "t", ToUserID: 1, Link: "//example.com/"},
	} {
		if err := n.Validate(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// TestService_Addressing sends one notification of each addressing form and
// checks who sees which.
func TestService_Addressing(t *testing.T) {
	f := newFixture(t)
	tcZrzy, qxZrzy := f.unit(t, "511702", "zrzy"), f.unit(t, "511725", "zrzy")
	tcReviewer := f.staff(t, "tc.reviewer", access.Reviewer, "511702", tcZrzy)
	tcHead := f.staff(t, "tc.head", access.DeptHead, "511702", tcZrzy)
	qxReviewer := f.staff(t, "qx.reviewer", access.Reviewer, "511725", qxZrzy)
	citySup := f.staff(t, "city.sup", access.Supervisor, access.CityRegionCode, f.unit(t, "511700", "zj"))
	tcSup := f.staff(t, "tc.sup", access.Supervisor, "511702", f.unit(t, "511702", "zj"))

	f.send(t, Notification{Kind: "test", Title: "给个人", ToUserID: tcReviewer.UserID})
	f.send(t, Notification{Kind: "test", Title: "给通川自然资源局", ToOrgID: tcZrzy})
	f.send(t, Notification{Kind: "test", Title: "给通川监管", ToRole: access.Supervisor, ToRegionCode: "511702"})
	f.send(t, Notification{Kind: "test", Title: "给渠县监管", ToRole: access.Supervisor, ToRegionCode: "511725"})
	f.send(t, Notification{Kind: "test", Title: "给全体审批人员", ToRole: access.Reviewer})

	for _, c := range []struct {
		p    *access.Principal
		want []string
	}{
		{tcReviewer, []string{"给全体审批人员", "给通川自然资源局", "给个人"}},
		{tcHead, []string{"给通川自然资源局"}},
		{qxReviewer, []string{"给全体审批人员"}},
		{citySup, []string{"给渠县监管", "给通川监管"}},
		{tcSup, []string{"给通川监管"}},
	} {
		if got := f.titles(t, c.p, Filter{}); !slices.Equal(got, c.want) {
			t.Errorf("%s sees %v, want %v", c.p.Username, got, c.want)
		}
	}
}

func TestService_Refusals(t *testing.T) {
	f := newFixture(t)
	key := &access.Principal{APIKeyID: 3, Name: "接口", Assignments: []access.Assignment{
		{Role: access.Machine, RegionCode: "511702", OrgUnitID: f.unit(t, "511702", "zrzy")}}}
	if _, _, err := f.svc.Inbox(context.Background(), Filter{}); !errs.Is(err, errs.Unauthenticated) {
		t.Errorf("anonymous Inbox: %v, want Unauthenticated", err)
	}
	if _, _, err := f.svc.Inbox(as(key), Filter{}); !errs.Is(err, errs.Forbidden) {
		t.Errorf("API key Inbox: %v, want Forbidden", err)
	}
	if n := f.svc.UnreadCount(context.Background()); n != 0 {
		t.Errorf("anonymous UnreadCount = %d", n)
	}
	if n := f.svc.UnreadCount(as(key)); n != 0 {
		t.Errorf("API key UnreadCount = %d", n)
	}
}

func TestService_ReadMarks(t *testing.T) {
	f := newFixture(t)
	tcZrzy := f.unit(t, "511702", "zrzy")
	a := f.staff(t, "a", access.Reviewer, "511702", tcZrzy)
	b := f.staff(t, "b", access.DeptHead, "511702", tcZrzy)
	stranger := f.staff(t, "c", access.Reviewer, "511725", f.unit(t, "511725", "zrzy"))
	for i := range 3 {
		f.send(t, Notification{Kind: "test", Title: fmt.Sprint("部门通知", i), ToOrgID: tcZrzy})
	}
	items, _, _ := f.svc.Inbox(as(a), Filter{})
	first := items[2].ID

	mustUnread(t, f, a, 3)
	for range 2 { // marking twice is harmless
		if err := f.svc.MarkRead(as(a), first); err != nil {
			t.Fatalf("MarkRead: %v", err)
		}
	}
	mustUnread(t, f, a, 2)
	mustUnread(t, f, b, 3) // read marks are per person
	if err := f.svc.MarkRead(as(stranger), first); !errs.Is(err, errs.NotFound) {
		t.Errorf("stranger MarkRead: %v, want NotFound", err)
	}
	it, err := f.svc.Get(as(a), first)
	if err != nil || !it.Read || it.ReadAt.IsZero() {
		t.Errorf("Get after MarkRead = %+v, %v; want read", it, err)
	}
	if got := f.titles(t, a, Filter{UnreadOnly: true}); !slices.Equal(got, []string{"部门通知2", "部门通知1"}) {
		t.Errorf("unread only = %v", got)
	}
	n, err := f.svc.MarkAllRead(as(a))
	if err != nil || n != 2 {
		t.Fatalf("MarkAllRead = %d, %v; want 2", n, err)
	}
	mustUnread(t, f, a, 0)
	mustUnread(t, f, b, 3)
	if n, err := f.svc.MarkAllRead(as(a)); err != nil || n != 0 {
		t.Errorf("second MarkAllRead = %d, %v; want 0", n, err)
	}
}

func mustUnread(t *testing.T, f fixture, p *access.Principal, want int) {
	t.Helper()
	n, err := f.svc.Unread(as(p))
	if err != nil || n != want {
		t.Fatalf("Unread(%s) = %d, %v; want %d", p.Username, n, err, want)
	}
	if got := f.svc.UnreadCount(as(p)); got != want {
		t.Fatalf("UnreadCount(%s) = %d, want %d", p.Username, got, want)
	}
}

func TestService_Paging(t *testing.T) {
	f := newFixture(t)
	p := f.staff(t, "a", access.Reviewer, "511702", f.unit(t, "511702", "zrzy"))
	for i := range 25 {
		f.send(t, Notification{Kind: "test", Title: fmt.Sprint("通知", i), ToUserID: p.UserID})
	}
	items, total, err := f.svc.Inbox(as(p), Filter{})
	if err != nil || len(items) != DefaultPageSize || total != 25 || items[0].Title != "通知24" {
		t.Fatalf("page 1: %d items of %d, %v", len(items), total, err)
	}
	items, total, _ = f.svc.Inbox(as(p), Filter{Offset: 20})
	if len(items) != 5 || total != 25 || items[4].Title != "通知0" {
		t.Fatalf("page 2: %d items of %d", len(items), total)
	}
}

// TestService_SendInCallersTransaction: a rolled-back change delivers nothing.
func TestService_SendInCallersTransaction(t *testing.T) {
	f := newFixture(t)
	p := f.staff(t, "a", access.Reviewer, "511702", f.unit(t, "511702", "zrzy"))
	ctx := context.Background()
	abort := errors.New("abort")
	err := f.db.WithTx(ctx, func(tx *sql.Tx) error {
		if err := f.svc.Send(ctx, tx, Notification{Kind: "test", Title: "不应送达", ToUserID: p.UserID}); err != nil {
			return err
		}
		return abort
	})
	if !errors.Is(err, abort) {
		t.Fatal(err)
	}
	if got := f.titles(t, p, Filter{}); len(got) != 0 {
		t.Fatalf("rolled-back notification delivered: %v", got)
	}
}
