package indicator

import (
	"fmt"
	"slices"
	"testing"
)

// TestByProject: both the bucketing (dense ids) and the sorting (sparse
// ids) path give each project's cases once, together, ordered by stage.
func TestByProject(t *testing.T) {
	for _, tc := range []struct {
		name     string
		projects []int64
	}{
		{"dense", []int64{7, 3, 7, 5, 3, 7, 4}},
		{"sparse", []int64{1, 9_000_000, 1, 50_000, 9_000_000}},
		{"one", []int64{42}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cases []stageCase
			want := map[int64][]int{}
			for i, p := range tc.projects {
				stage := 4 - i%4
				cases = append(cases, stageCase{project: p, stage: stage})
				want[p] = append(want[p], stage)
			}
			got := map[int64][]int{}
			var order []int64
			byProject(cases, func(project []stageCase) {
				p := project[0].project
				if _, seen := got[p]; seen {
					t.Errorf("project %d given twice", p)
				}
				order = append(order, p)
				for _, c := range project {
					if c.project != p {
						t.Errorf("project %d's run holds a case of %d", p, c.project)
					}
					got[p] = append(got[p], c.stage)
				}
			})
			for p, stages := range want {
				slices.Sort(stages)
				if fmt.Sprint(got[p]) != fmt.Sprint(stages) {
					t.Errorf("project %d: stages %v, want %v", p, got[p], stages)
				}
			}
			if len(got) != len(want) || !slices.IsSorted(order) {
				t.Errorf("projects %v, want each of %v once in id order", order, want)
			}
		})
	}
}
