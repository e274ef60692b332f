package supervision

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/notify"
)

// TestScan_LevelNotifications: when the case turns yellow and then red,
// the departments still working on it, its lead and the supervisors of
// 通川区 (and the city) are told once each; 渠县's staff are not.
func TestScan_LevelNotifications(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "levels")
	tcSup := e.staff(t, "tc.sup", access.Supervisor, "511702", "zwfw")
	qxSup := e.staff(t, "qx.sup", access.Supervisor, "511725", "zwfw")
	qxReviewer := e.staff(t, "qx.reviewer", access.Reviewer, "511725", "zrzy")

	e.clock.Set(at(c.Deadline)) // the last working day: used = limit, yellow
	mustScan(t, e, 1)
	mustScan(t, e, 0) // nothing new: no second notice
	warn := fmt.Sprintf("办件预警：%s（%s）已用 %d/%d 个工作日", c.ItemName, c.Number, c.LimitDays, c.LimitDays)
	for user, want := range map[string]int{"shenpi": 1, "fuzeren": 1, "shenpi.xf": 1, "kezhang.zj": 1,
		"jianguan": 1, tcSup: 1, qxSup: 0, qxReviewer: 0} {
		if got := countWith(e.inbox(t, user), warn); got != want {
			t.Errorf("%s has %d warnings, want %d (inbox %v)", user, got, want, e.inbox(t, user))
		}
	}

	// 自然资源和规划 finishes its part; the overdue notice skips it.
	if _, err := e.cases.Review(e.as(t, "shenpi"), c.ID, casework.TaskInput{Opinion: "同意", Decision: "approve"}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at(c.Deadline.AddDays(7)))
	mustScan(t, e, 1)
	for user, want := range map[string]int{"shenpi": 0, "shenpi.xf": 1, "kezhang.zj": 1, "jianguan": 1, tcSup: 1,
		qxSup: 0, qxReviewer: 0} {
		if got := countWith(e.inbox(t, user), "办件逾期："+c.ItemName); got != want {
			t.Errorf("%s has %d overdue notices, want %d", user, got, want)
		}
	}
	items, _, _ := e.notify.Inbox(e.as(t, "jianguan"), notify.Filter{Limit: 100})
	if items[0].Link != fmt.Sprintf("/cases/%d", c.ID) || items[0].CaseID != c.ID || !strings.Contains(items[0].Body, "项目：") {
		t.Errorf("notice: %+v", items[0])
	}
	e.assertChainOK(t)
}

func mustScan(t *testing.T, e *env, want int) {
	t.Helper()
	n, err := e.cases.ScanDeadlines(context.Background(), e.sup.OnLevelChange)
	if err != nil || n != want {
		t.Fatalf("ScanDeadlines = %d, %v; want %d", n, err, want)
	}
}

// TestScan_ConcurrentScansNotifyOnce: two scans at the same moment without
// a lease (as if two servers' leases overlapped) still send each level's
// notifications once, because the level is raised by a conditional update
// in the same transaction as the notifications.
func TestScan_ConcurrentScansNotifyOnce(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "concurrent")
	for _, day := range []time.Time{at(c.Deadline), at(c.Deadline.AddDays(7))} {
		e.clock.Set(day)
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				if _, err := e.cases.ScanDeadlines(context.Background(), e.sup.OnLevelChange); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
	}
	assertNoticesOnce(t, e, c.ID)
}

// TestScanJob_TwoServers runs the scan job of two servers (two Runners with
// different holders) at the same moments, with the injected clock past the
// warning day and then past the deadline, moving past the lease's lifetime
// between turns so that the lease changes hands: each raise notifies once.
func TestScanJob_TwoServers(t *testing.T) {
	e := newEnv(t)
	c := e.acceptedCase(t, "two-servers")
	servers := []interface {
		RunOnce(context.Context) (bool, error)
	}{
		NewScanJob(e.cases, e.sup, e.db, "server-a", nil, e.clock.Now),
		NewScanJob(e.cases, e.sup, e.db, "server-b", nil, e.clock.Now),
	}
	ran := 0
	var mu sync.Mutex
	for _, day := range []time.Time{at(c.Deadline), at(c.Deadline.AddDays(7))} {
		for turn := range 3 {
			e.clock.Set(day.Add(time.Duration(turn) * 2 * ScanEvery))
			var wg sync.WaitGroup
			for _, s := range servers {
				wg.Go(func() {
					ok, err := s.RunOnce(context.Background())
					if err != nil {
						t.Error(err)
					}
					if ok {
						mu.Lock()
						ran++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
		}
	}
	if ran < 6 {
		t.Errorf("the job ran %d times in 6 turns", ran)
	}
	assertNoticesOnce(t, e, c.ID)
}

// assertNoticesOnce checks that the case has exactly one warning and one
// overdue notification per addressee: the lead 住建, 自然资源和规划,
// 消防审验 and the supervisors of 通川区.
func assertNoticesOnce(t *testing.T, e *env, caseID int64) {
	t.Helper()
	for _, kind := range []string{NoticeCaseWarning, NoticeCaseOverdue} {
		var n, distinct int
		err := e.db.QueryRowContext(context.Background(), `SELECT COUNT(*), COUNT(DISTINCT
			COALESCE(to_org_id, 0) || '/' || to_role || '/' || to_region_code) FROM notifications
			WHERE case_id = $1 AND kind = $2`, caseID, kind).Scan(&n, &distinct)
		if err != nil {
			t.Fatal(err)
		}
		if n != 4 || distinct != 4 {
			t.Errorf("%s: %d notifications to %d addressees, want 4 to 4", kind, n, distinct)
		}
	}
	e.assertChainOK(t)
}
