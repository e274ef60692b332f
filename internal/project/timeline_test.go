package project

import (
	"testing"
	"time"
)

func TestTimeline(t *testing.T) {
	at := time.Date(2026, 3, 9, 2, 0, 0, 0, time.UTC)
	cases := []CaseSummary{
		{Number: "a", Stage: 1, AcceptedAt: at, ConcludedAt: at},
		{Number: "b", Stage: 3, AcceptedAt: at}, // started early, still open
		{Number: "c", Stage: 4, AcceptedAt: at, ConcludedAt: at},
		{Number: "x", Stage: 0},
	}
	for _, tc := range []struct {
		stage   int
		want    [4]string
		current int
	}{
		{StageNotStarted, [4]string{"未开始", "未开始", "办理中", "未开始"}, 0},
		{2, [4]string{"已完成", "办理中", "办理中", "未开始"}, 2},
		{4, [4]string{"已完成", "已完成", "已完成", "办理中"}, 4},
		{StageCompleted, [4]string{"已完成", "已完成", "已完成", "已完成"}, 0},
	} {
		stages, aux := Timeline(Project{Stage: tc.stage}, cases)
		if len(aux) != 1 || aux[0].Number != "x" {
			t.Fatalf("aux = %+v", aux)
		}
		for i, st := range stages {
			if st.No != i+1 || st.Name != stageNames[i+1] || st.Label != tc.want[i] || st.Current != (tc.current == i+1) {
				t.Errorf("project stage %d: stage %d = %+v, want %s (current %v)", tc.stage, i+1, st, tc.want[i], tc.current == i+1)
			}
		}
		if len(stages[0].Cases) != 1 || len(stages[1].Cases) != 0 || stages[2].Cases[0].Number != "b" {
			t.Fatalf("cases by stage: %+v", stages)
		}
	}
}
