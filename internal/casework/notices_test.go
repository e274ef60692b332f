package casework_test

import (
	"bytes"
	"strings"
	"sync"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/notify"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
	"github.com/dazhou-gongai/gongai/internal/platform/pdfdoc"
)

// inboxTitles lists the titles of a demo account's notifications.
func inboxTitles(t *testing.T, e *env, svc *notify.Service, user string) string {
	t.Helper()
	items, _, err := svc.Inbox(e.as(t, user), notify.Filter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var titles []string
	for _, it := range items {
		titles = append(titles, it.Title)
	}
	return strings.Join(titles, "\n")
}

// TestRelayNotices: acceptance and 补正 reach the applicant, new tasks reach
// each department; every event is relayed once even by two relays at once.
func TestRelayNotices(t *testing.T) {
	e := newEnv(t)
	svc := notify.NewService(e.db, e.clock.Now)
	c := e.acceptanceCase(t, "notice-1")
	mustOf(t)(e.cases.RequestFix(e.as(t, "shenpi.zj"), c.ID, casework.FixInput{Version: c.Version,
		Items: []casework.FixItem{{Material: "竣工图", Problem: "缺少消防专篇"}}}))
	var wg sync.WaitGroup
	counts := make([]int, 2)
	for i := range counts {
		wg.Go(func() {
			n, err := e.cases.RelayNotices(t.Context(), svc)
			if err != nil {
				t.Error(err)
			}
			counts[i] = n
		})
	}
	wg.Wait()
	if counts[0]+counts[1] < 4 {
		t.Fatalf("receive, accept, dispatch and 补正 relayed, got %v", counts)
	}
	again, err := e.cases.RelayNotices(t.Context(), svc)
	if err != nil || again != 0 {
		t.Fatalf("nothing left to relay: %d %v", again, err)
	}
	qiye := inboxTitles(t, e, svc, "qiye")
	for _, want := range []string{"已受理", "需要补正材料"} {
		if strings.Count(qiye, want) != 1 {
			t.Errorf("applicant inbox wants %q once:\n%s", want, qiye)
		}
	}
	if got := inboxTitles(t, e, svc, "shenpi.xf"); strings.Count(got, "新的并联审批任务") != 1 {
		t.Errorf("fire review department wants its task once:\n%s", got)
	}
}

// TestNoticePDFs: the 受理通知书 and 一次性补正告知书 render in Chinese with
// the case's facts; a notice that does not exist is 404; the same state
// gives the same bytes.
func TestNoticePDFs(t *testing.T) {
	e := newEnv(t)
	c := e.acceptanceCase(t, "pdf-1")
	must := mustOf(t)
	c = must(e.cases.RequestFix(e.as(t, "shenpi.zj"), c.ID, casework.FixInput{Version: c.Version,
		Items: []casework.FixItem{{Material: "竣工图", Problem: "缺少消防专篇图纸"}}}))
	qiye := e.as(t, "qiye")
	for kind, want := range map[string][]string{
		casework.NoticeAcceptance: {"受理通知书", c.Number, "第三十二条", "承诺办结时限"},
		casework.NoticeCorrection: {"一次性补正告知书", "竣工图", "缺少消防专篇图纸"},
	} {
		pdf, name, err := e.cases.NoticePDF(qiye, c.ID, kind, 0)
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		if err := pdfdoc.Check(pdf); err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		lines, _ := pdfdoc.Text(pdf)
		text := strings.Join(lines, "")
		for _, w := range want {
			if !strings.Contains(text, w) {
				t.Errorf("%s (%s) lacks %q", kind, name, w)
			}
		}
		again, _, _ := e.cases.NoticePDF(qiye, c.ID, kind, 0)
		if !bytes.Equal(pdf, again) {
			t.Errorf("%s: same state, different bytes", kind)
		}
	}
	if _, _, err := e.cases.NoticePDF(qiye, c.ID, casework.NoticeRefusal, 0); !errs.Is(err, errs.NotFound) {
		t.Fatalf("no refusal yet: %v", err)
	}
	if _, _, err := e.cases.NoticePDF(e.as(t, "chuangkou.qx"), c.ID, casework.NoticeAcceptance, 0); !errs.Is(err, errs.NotFound) {
		t.Fatalf("another county's clerk: %v", err)
	}
}
