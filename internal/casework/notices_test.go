package casework_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/notify"
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
