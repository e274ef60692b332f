package casework_test

import (
	"context"
	"sync"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/access"
	"github.com/dazhou-gongai/gongai/internal/casework"
	"github.com/dazhou-gongai/gongai/internal/identity"
	"github.com/dazhou-gongai/gongai/internal/platform/audit"
	"github.com/dazhou-gongai/gongai/internal/platform/errs"
)

// acceptanceCase submits and accepts a stage-4 joint acceptance (住建 leads,
// 自然资源和规划 and 消防审验 review in parallel, all must approve).
func (e *env) acceptanceCase(t *testing.T, key string) casework.Case {
	t.Helper()
	must := mustOf(t)
	proj := e.demoProject(t, "511702", 4)
	items := e.stageItems(t, "511702", 4, 4, "low_risk_joint_acceptance")
	app, err := e.cases.Submit(e.as(t, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 4,
		ItemCodes: []string{"low_risk_joint_acceptance"}, Form: fillForm(items...),
		Materials: e.materials(t, "", items...), IdempotencyKey: key})
	if err != nil {
		t.Fatal(err)
	}
	must(e.cases.Accept(e.as(t, "chuangkou"), app.Cases[0].ID, casework.AcceptInput{}))
	c := must(e.cases.Get(e.as(t, "chuangkou"), app.Cases[0].ID))
	if len(c.Tasks) != 3 || !c.Tasks[0].Lead {
		t.Fatalf("three parallel tasks, lead first: %+v", c.Tasks)
	}
	return c
}

// TestParallelReviewersAtOnce: three departments decide at the same moment;
// every decision lands and the join is seen complete exactly once.
func TestParallelReviewersAtOnce(t *testing.T) {
	e := newEnv(t)
	c := e.acceptanceCase(t, "par-1")
	reviewers := []context.Context{e.as(t, "shenpi.zj"), e.as(t, "shenpi"), e.as(t, "shenpi.xf")}
	var wg sync.WaitGroup
	errc := make(chan error, len(reviewers))
	for _, ctx := range reviewers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.cases.Review(ctx, c.ID, casework.TaskInput{Opinion: "现场核查合格", Decision: "approve"})
			errc <- err
		}()
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		if err != nil {
			t.Fatalf("a department's decision was lost: %v", err)
		}
	}
	c = mustOf(t)(e.cases.Get(e.as(t, "kezhang.zj"), c.ID))
	approved := 0
	for _, task := range c.Tasks {
		if task.Status == casework.TaskApproved {
			approved++
		}
	}
	if approved != 3 || !c.ReadyToConclude {
		t.Fatalf("after three parallel approvals: %d approved, ready %v", approved, c.ReadyToConclude)
	}
	if rep, err := audit.Verify(context.Background(), e.db); err != nil || !rep.OK {
		t.Fatalf("audit chain under concurrency: %+v %v", rep, err)
	}
}

// TestTwoClerksAcceptAtOnce: two window clerks press 受理 on the same case
// at the same moment; one wins, the other is told the case moved on, and
// the case is accepted and dispatched exactly once.
func TestTwoClerksAcceptAtOnce(t *testing.T) {
	e := newEnv(t)
	proj := e.demoProject(t, "511702", 4)
	items := e.stageItems(t, "511702", 4, 4, "completion_filing")
	app, err := e.cases.Submit(e.as(t, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 4,
		ItemCodes: []string{"completion_filing"}, Form: fillForm(items...), Materials: e.materials(t, "", items...),
		IdempotencyKey: "two-clerks"})
	if err != nil {
		t.Fatal(err)
	}
	clerks := []context.Context{e.as(t, "chuangkou"), e.secondClerk(t)}
	var wg sync.WaitGroup
	results := make(chan error, 2)
	for _, ctx := range clerks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := e.cases.Accept(ctx, app.Cases[0].ID, casework.AcceptInput{Version: app.Cases[0].Version})
			results <- err
		}()
	}
	wg.Wait()
	close(results)
	ok, conflict := 0, 0
	for err := range results {
		switch {
		case err == nil:
			ok++
		case errs.Is(err, errs.Conflict):
			conflict++
		default:
			t.Fatalf("unexpected: %v", err)
		}
	}
	c := mustOf(t)(e.cases.Get(clerks[0], app.Cases[0].ID))
	accepts := 0
	for _, s := range c.Steps {
		if s.Action == string(casework.ActAccept) {
			accepts++
		}
	}
	if ok != 1 || conflict != 1 || accepts != 1 || c.Status != casework.InReview {
		t.Fatalf("ok %d conflict %d accept steps %d status %d", ok, conflict, accepts, c.Status)
	}
}

// TestDoubleSubmissionAtOnce: the same form submitted five times at once
// (a double click, a retried request) creates one application.
func TestDoubleSubmissionAtOnce(t *testing.T) {
	e := newEnv(t)
	proj := e.demoProject(t, "511702", 4)
	items := e.stageItems(t, "511702", 4, 4, "completion_filing")
	in := casework.SubmitInput{ProjectID: proj.ID, StageNo: 4, ItemCodes: []string{"completion_filing"},
		Form: fillForm(items...), Materials: e.materials(t, "", items...), IdempotencyKey: "same-key"}
	ctx := e.as(t, "qiye")
	var wg sync.WaitGroup
	ids := make(chan int64, 5)
	for range 5 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			app, err := e.cases.Submit(ctx, in)
			if err != nil {
				t.Error(err)
				return
			}
			ids <- app.ID
		}()
	}
	wg.Wait()
	close(ids)
	first := int64(0)
	for id := range ids {
		if first == 0 {
			first = id
		}
		if id != first {
			t.Fatalf("two applications: %d and %d", first, id)
		}
	}
	var n int
	e.db.QueryRow(`SELECT COUNT(*) FROM applications`).Scan(&n)
	if n != 1 {
		t.Fatalf("%d applications stored", n)
	}
}

// secondClerk creates another 通川区 window clerk.
func (e *env) secondClerk(t *testing.T) context.Context {
	t.Helper()
	window, err := e.orgs.UnitByFunction(context.Background(), "511702", "window")
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.ids.CreateUser(e.as(t, "admin"), identity.NewUser{Username: "chuangkou2", DisplayName: "第二受理员",
		Password: "Window@2026", Role: access.WindowClerk, RegionCode: "511702", OrgUnitID: window.ID})
	if err != nil {
		t.Fatal(err)
	}
	_, p, err := e.ids.Login(context.Background(), "chuangkou2", "Window@2026", identity.Client{})
	if err != nil {
		t.Fatal(err)
	}
	return access.With(context.Background(), p)
}
