package casework_test

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
)

// work counts a demo account's work by label.
func (e *env) work(t *testing.T, user string) map[string]int {
	t.Helper()
	ts, err := e.cases.Workload(e.as(t, user))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, x := range ts {
		out[x.Label] = x.N
	}
	return out
}

// TestWorkload counts each person's work as the case moves.
func TestWorkload(t *testing.T) {
	e := newEnv(t)
	c := e.acceptanceCase(t, "work") // accepted: in review by 住建, 自然资源和规划, 消防审验
	if got := e.work(t, "shenpi.zj"); got["本部门待办"] != 1 || got["逾期办件"] != 0 {
		t.Fatalf("住建 reviewer: %v", got)
	}
	if got := e.work(t, "chuangkou"); got["待受理"] != 0 {
		t.Fatalf("the window has nothing waiting: %v", got)
	}
	if got := e.work(t, "qiye"); got["办理中的办件"] != 1 || got["待补正"] != 0 {
		t.Fatalf("applicant: %v", got)
	}
	if _, err := e.cases.RequestFix(e.as(t, "shenpi.zj"), c.ID, casework.FixInput{Items: []casework.FixItem{
		{Material: "工程竣工验收报告", Problem: "缺少监理单位签章"}}}); err != nil {
		t.Fatal(err)
	}
	if got := e.work(t, "qiye"); got["待补正"] != 1 {
		t.Fatalf("applicant after a correction request: %v", got)
	}
	if got := e.work(t, "chuangkou.qx"); got["待受理"] != 0 || got["预警办件"] != 0 {
		t.Fatalf("another county sees none of it: %v", got)
	}
	// a department's queue holds the cases under review with its own task
	// pending (the first case now waits for its correction)
	d := e.acceptanceCase(t, "work-dept")
	if _, err := e.cases.Review(e.as(t, "shenpi.xf"), d.ID, casework.TaskInput{Decision: "approve", Opinion: "消防合格"}); err != nil {
		t.Fatal(err)
	}
	for user, want := range map[string]int{"shenpi.xf": 0, "shenpi.zj": 1} {
		if got := e.work(t, user)["本部门待办"]; got != want {
			t.Fatalf("%s after 消防 approved the second case: 本部门待办 %d, want %d", user, got, want)
		}
		list, _, err := e.cases.List(e.as(t, user), casework.Filter{Queue: "department"})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range list {
			if user == "shenpi.xf" && x.ID == d.ID {
				t.Fatalf("消防's queue still lists the case it approved")
			}
		}
	}
}

// TestWorkloadMatchesList: each tally, counted in one query with the
// others, is the total the case list gives for its filter, for an
// applicant, a county clerk, a reviewer and the city-wide supervisor, with
// cases in several states (so that wrongly numbered arguments would count
// the wrong cases).
func TestWorkloadMatchesList(t *testing.T) {
	e := newEnv(t)
	c := e.acceptanceCase(t, "work-list-1")
	warned := e.acceptanceCase(t, "work-list-2")
	// a yellow case but no red one, so that the two level tallies differ
	if _, err := e.db.ExecContext(context.Background(), `UPDATE cases SET warn_level = 'yellow' WHERE id = $1`,
		warned.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := e.cases.RequestFix(e.as(t, "shenpi.zj"), c.ID, casework.FixInput{Items: []casework.FixItem{
		{Material: "工程竣工验收报告", Problem: "缺少监理单位签章"}}}); err != nil {
		t.Fatal(err)
	}
	filters := map[string]casework.Filter{
		"待受理": {Queue: "window"}, "本部门待办": {Queue: "department"}, "办理中的办件": {Open: true},
		"待补正": {Status: casework.CorrectionStarted}, "预警办件": {Level: casework.LevelYellow},
		"逾期办件": {Level: casework.LevelRed},
	}
	nonZero := 0
	for _, user := range []string{"qiye", "chuangkou", "shenpi.zj", "shenpi.xf", "jianguan"} {
		for label, n := range e.work(t, user) {
			f, ok := filters[label]
			if !ok {
				t.Fatalf("%s: unknown tally %q", user, label)
			}
			_, total, err := e.cases.List(e.as(t, user), f)
			if err != nil {
				t.Fatal(err)
			}
			if n != total {
				t.Errorf("%s %s: tally %d, list %d", user, label, n, total)
			}
			if n > 0 {
				nonZero++
			}
		}
	}
	if nonZero < 4 {
		t.Fatalf("only %d non-zero tallies: the comparison proves little", nonZero)
	}
}

// TestListCountUpTo: a capped count is exact up to the cap and says "more"
// (cap+1) above it; the page of cases is the same either way.
func TestListCountUpTo(t *testing.T) {
	e := newEnv(t)
	for _, key := range []string{"cap-1", "cap-2", "cap-3"} {
		e.acceptanceCase(t, key)
	}
	ctx := e.as(t, "jianguan")
	all, exact, err := e.cases.List(ctx, casework.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if exact < 3 {
		t.Fatalf("the supervisor sees %d cases, want at least 3", exact)
	}
	for _, tc := range []struct{ upTo, want int }{{exact, exact}, {exact + 5, exact}, {exact - 1, exact}, {1, 2}} {
		got, total, err := e.cases.List(ctx, casework.Filter{CountUpTo: tc.upTo})
		if err != nil {
			t.Fatal(err)
		}
		if total != tc.want || len(got) != len(all) {
			t.Errorf("CountUpTo %d: total %d and %d cases, want %d and %d", tc.upTo, total, len(got), tc.want, len(all))
		}
	}
}

// TestListNarrowMatchesWide: the narrow form of a department's visibility
// (a probe per case, for filters that find few cases by their own index)
// lists exactly what the wide form (the department's whole set) lists under
// the same filter, for the departments with a task and for one that was
// only consulted.
func TestListNarrowMatchesWide(t *testing.T) {
	e := newEnv(t)
	must := mustOf(t)
	proj := e.demoProject(t, "511702", 4)
	items := e.stageItems(t, "511702", 4, 3, "low_risk_construction_permit")
	app, err := e.cases.Submit(e.as(t, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 3,
		ItemCodes: []string{"low_risk_construction_permit"}, Form: fillForm(items...),
		Materials: e.materials(t, "", items...), IdempotencyKey: "narrow"})
	if err != nil {
		t.Fatal(err)
	}
	consulted := app.Cases[0]
	must(e.cases.Accept(e.as(t, "chuangkou"), consulted.ID, casework.AcceptInput{}))
	zrzy, err := e.orgs.UnitByFunction(context.Background(), "511702", "zrzy")
	if err != nil {
		t.Fatal(err)
	}
	must(e.cases.Consult(e.as(t, "shenpi.zj"), consulted.ID, casework.ConsultInput{ToOrgID: zrzy.ID, Question: "是否符合规划条件？"}))
	other := e.acceptanceCase(t, "narrow-2") // tasks for 住建, 自然资源和规划, 消防
	for id, level := range map[int64]string{consulted.ID: "yellow", other.ID: "red"} {
		if _, err := e.db.ExecContext(context.Background(), `UPDATE cases SET warn_level = $1 WHERE id = $2`, level, id); err != nil {
			t.Fatal(err)
		}
	}
	filters := map[string]struct {
		f    casework.Filter
		keep func(c casework.Case) bool
	}{
		"yellow":   {casework.Filter{Level: casework.LevelYellow}, func(c casework.Case) bool { return c.WarnLevel == "yellow" }},
		"red":      {casework.Filter{Level: casework.LevelRed}, func(c casework.Case) bool { return c.WarnLevel == "red" }},
		"progress": {casework.Filter{Queue: "progress"}, func(c casework.Case) bool { return c.Accepted() && !c.Status.Terminal() }},
		"project":  {casework.Filter{ProjectID: proj.ID}, func(c casework.Case) bool { return c.ProjectID == proj.ID }},
		"status":   {casework.Filter{Status: casework.InReview}, func(c casework.Case) bool { return c.Status == casework.InReview }},
	}
	seen := map[string]bool{}
	for _, user := range []string{"shenpi", "shenpi.zj", "shenpi.xf"} {
		all, _, err := e.cases.List(e.as(t, user), casework.Filter{Limit: 200})
		if err != nil {
			t.Fatal(err)
		}
		for name, x := range filters {
			got, total, err := e.cases.List(e.as(t, user), x.f)
			if err != nil {
				t.Fatal(err)
			}
			var want []int64
			for _, c := range all {
				if x.keep(c) {
					want = append(want, c.ID)
				}
			}
			if ids := caseIDs(got); !slices.Equal(ids, want) || total != len(want) {
				t.Errorf("%s %s: narrow lists %v (total %d), wide %v", user, name, ids, total, want)
			}
			if user == "shenpi" && name == "yellow" && slices.Contains(want, consulted.ID) {
				seen["consulted"] = true
			}
		}
	}
	if !seen["consulted"] {
		t.Fatal("自然资源和规划 does not see the case it was consulted on: the comparison proves little")
	}
}

func caseIDs(cs []casework.Case) []int64 {
	var out []int64
	for _, c := range cs {
		out = append(out, c.ID)
	}
	return out
}

// TestSortedListsNewestFirst: the lists that sort their few cases (ORDER BY
// +c.id, no index order) still list the newest first, as every list does.
func TestSortedListsNewestFirst(t *testing.T) {
	e := newEnv(t)
	proj := e.demoProject(t, "511702", 4)
	items := e.stageItems(t, "511702", 4, 3, "low_risk_construction_permit")
	var want []int64
	for i := range 3 {
		app, err := e.cases.Submit(e.as(t, "qiye"), casework.SubmitInput{ProjectID: proj.ID, StageNo: 3,
			ItemCodes: []string{"low_risk_construction_permit"}, Form: fillForm(items...),
			Materials: e.materials(t, "", items...), IdempotencyKey: fmt.Sprintf("sorted-%d", i)})
		if err != nil {
			t.Fatal(err)
		}
		want = append([]int64{app.Cases[0].ID}, want...)
	}
	for user, f := range map[string]casework.Filter{"chuangkou": {Queue: "window"}, "qiye": {ProjectID: proj.ID}} {
		got, _, err := e.cases.List(e.as(t, user), f)
		if err != nil {
			t.Fatal(err)
		}
		if ids := caseIDs(got); !slices.Equal(ids, want) {
			t.Errorf("%s %+v: listed %v, want newest first %v", user, f, ids, want)
		}
	}
}
