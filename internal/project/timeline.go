package project

// The life-cycle timeline of the project page: the four stages in order,
// each with its cases, and the auxiliary-line cases apart.

// Timeline statuses of a stage; the labels say them in words.
const (
	StagePending = "pending" // 未开始
	StageActive  = "active"  // 办理中
	StageDone    = "done"    // 已完成
)

// TimelineStage is one stage of the timeline. Current marks the project's
// current stage (at most one); a later stage may also be active when
// cases of it were started early, as parallel stages allow.
type TimelineStage struct {
	No      int
	Name    string
	Status  string
	Label   string
	Current bool
	Cases   []CaseSummary
}

// Timeline arranges cases (in the order given) under the four stages of p
// and returns them with the auxiliary-line cases (stage 0). A stage is 已完成
// when the project has moved past it, 办理中 when it is the project's
// current stage or has a case not yet concluded, and 未开始 otherwise: the
// project's stage, which the case engine advances, decides completion.
func Timeline(p Project, cases []CaseSummary) (stages []TimelineStage, aux []CaseSummary) {
	stages = make([]TimelineStage, 4)
	for i := range stages {
		stages[i] = TimelineStage{No: i + 1, Name: stageNames[i+1]}
	}
	for _, c := range cases {
		if c.Stage >= 1 && c.Stage <= 4 {
			stages[c.Stage-1].Cases = append(stages[c.Stage-1].Cases, c)
		} else {
			aux = append(aux, c)
		}
	}
	for i := range stages {
		st := &stages[i]
		switch {
		case p.Stage > st.No:
			st.Status, st.Label = StageDone, "已完成"
		case p.Stage == st.No:
			st.Status, st.Label, st.Current = StageActive, "办理中", true
		case anyOpen(st.Cases):
			st.Status, st.Label = StageActive, "办理中"
		default:
			st.Status, st.Label = StagePending, "未开始"
		}
	}
	return stages, aux
}

func anyOpen(cases []CaseSummary) bool {
	for _, c := range cases {
		if !c.Concluded() {
			return true
		}
	}
	return false
}
