package casework_test

import (
	"reflect"
	"testing"

	"github.com/dazhou-gongai/gongai/internal/casework"
)

// TestProgressMatchesGet: the batched 部门协同 list gives every case the
// same tasks (department names included), pauses and clock as reading the
// case alone does — for a case under review, one with a decision and one
// paused for correction, with the clock moved on so that the clocks differ.
func TestProgressMatchesGet(t *testing.T) {
	e := newEnv(t)
	must := mustOf(t)
	plain := e.acceptanceCase(t, "progress-plain")
	decided := e.acceptanceCase(t, "progress-decided")
	must(e.cases.Review(e.as(t, "shenpi.xf"), decided.ID, casework.TaskInput{Decision: "approve", Opinion: "消防合格"}))
	paused := e.acceptanceCase(t, "progress-paused")
	must(e.cases.RequestFix(e.as(t, "shenpi.zj"), paused.ID, casework.FixInput{Version: paused.Version,
		Items: []casework.FixItem{{Material: "竣工图", Problem: "缺少消防专篇图纸"}}}))
	e.clock.Set(e.clock.Now().AddDate(0, 0, 9))
	clerk := e.as(t, "chuangkou")
	list, total, err := e.cases.Progress(clerk, 100, 0)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[int64]casework.Case{}
	for _, c := range list {
		byID[c.ID] = c
	}
	if total < 3 || len(byID) != len(list) {
		t.Fatalf("progress: total %d, %d cases", total, len(list))
	}
	for _, want := range []casework.Case{plain, decided, paused} {
		got, ok := byID[want.ID]
		if !ok {
			t.Fatalf("case %s missing from the progress list", want.Number)
		}
		one := must(e.cases.Get(clerk, want.ID))
		if len(got.Tasks) == 0 || got.Tasks[0].OrgName == "" {
			t.Errorf("%s: tasks without names: %+v", want.Number, got.Tasks)
		}
		if !reflect.DeepEqual(got.Tasks, one.Tasks) {
			t.Errorf("%s tasks:\n list %+v\n  get %+v", want.Number, got.Tasks, one.Tasks)
		}
		if !reflect.DeepEqual(got.Pauses, one.Pauses) {
			t.Errorf("%s pauses:\n list %+v\n  get %+v", want.Number, got.Pauses, one.Pauses)
		}
		if got.Clock == nil || one.Clock == nil || *got.Clock != *one.Clock {
			t.Errorf("%s clock:\n list %+v\n  get %+v", want.Number, got.Clock, one.Clock)
		}
	}
	if len(byID[paused.ID].Pauses) != 1 || byID[paused.ID].Clock.Level != casework.LevelPaused {
		t.Errorf("paused case: %+v clock %+v", byID[paused.ID].Pauses, byID[paused.ID].Clock)
	}
}

// TestProjectCasesUsedDays: the project page's used days, computed for
// all its cases at once, equal each case's own clock (paused cases too).
func TestProjectCasesUsedDays(t *testing.T) {
	e := newEnv(t)
	must := mustOf(t)
	plain := e.acceptanceCase(t, "project-used-plain")
	paused := e.acceptanceCase(t, "project-used-paused")
	must(e.cases.RequestFix(e.as(t, "shenpi.zj"), paused.ID, casework.FixInput{Version: paused.Version,
		Items: []casework.FixItem{{Material: "竣工图", Problem: "缺少消防专篇图纸"}}}))
	e.clock.Set(e.clock.Now().AddDate(0, 0, 9))
	clerk := e.as(t, "chuangkou")
	seen := 0
	for _, want := range []casework.Case{plain, paused} {
		summaries, err := e.cases.ProjectCases(clerk, want.ProjectID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range summaries {
			c := must(e.cases.Get(clerk, s.ID))
			if c.Clock == nil || s.UsedDays != c.Clock.UsedDays {
				t.Errorf("case %s: project page %d used days, clock %+v", c.Number, s.UsedDays, c.Clock)
			}
			seen++
		}
	}
	if seen < 2 {
		t.Fatalf("only %d cases on the project pages", seen)
	}
}
